import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/shared/errors.js';
import { defaultRouteInterface, myIpFrom } from '../../src/config/my-ip.js';
import { describeInterval, novaCleanerRuns, novaConfFrom, readNovaConf, type NovaHost } from '../../src/config/nova-conf.js';
import { confDirFiles } from '../../src/config/oslo-files.js';
import { parseOsloIni } from '../../src/config/oslo-ini.js';
import { pythonInt } from '../../src/config/oslo-types.js';
import { thrownBy } from '../helpers/errors.js';
import { cleanup, tempDir } from '../helpers/in-use.js';

afterAll(cleanup);

const HOST: NovaHost = { myIp: () => ({ value: '192.0.2.7', detail: 'test' }), hostname: () => ({ value: 'compute-1', detail: 'test' }) };
const STATE = '[DEFAULT]\nstate_path = /var/lib/nova\n';
/** nova.conf files given as texts, read in order (later wins). */
const conf = (...texts: string[]) => novaConfFrom(texts.map((t, i) => parseOsloIni(t, `f${i + 1}.conf`, '--nova-conf')), HOST);
const err = (...texts: string[]): string => thrownBy(UsageError, () => conf(...texts)).message;
const v = (...texts: string[]) => {
  const c = conf(...texts);
  return {
    cacheDir: c.cacheDir,
    interval: c.managerInterval.value,
    remove: c.removeUnusedBaseImages.value,
    original: c.originalMinAge.value,
    resized: c.resizedMinAge.value,
  };
};

describe('parseOsloIni: oslo.config iniparser, line for line', () => {
  it('sections, = and :, comments, continuation lines, quotes; keys kept as written, groups normalized', () => {
    const f = parseOsloIni('# c\n[DEFAULT]\na = 1\nb: two\n; c\n[Image_Cache]\nmulti = x\n  y\nq = "quoted"\nsome-key = v\nlone = "\n', 'f', '--nova-conf');
    const get = (s: string, k: string) => f.sections.get(s)?.get(k)?.at(-1);
    expect(get('DEFAULT', 'a')).toMatchObject({ value: '1', line: 3 });
    expect(get('image_cache', 'multi')).toMatchObject({ value: 'x\ny', section: 'Image_Cache' });
    expect(get('image_cache', 'q')!.value).toBe('quoted');
    expect(get('image_cache', 'some-key')!.value).toBe('v');
    expect(get('image_cache', 'some_key')).toBeUndefined();
    expect(get('image_cache', 'lone')!.value).toBe(''); // one quote is a quoted empty value to oslo
  });
  it('an indented # continues a value; [ x ] and [default] are groups of their own; \\r ends a line', () => {
    const f = parseOsloIni('[DEFAULT]\na = 1\n  # more\r[ image_cache ]\nb = 2\r\n[default]\nc = 3\n', 'f', '--nova-conf');
    expect(f.sections.get('DEFAULT')!.get('a')![0]!.value).toBe('1\n# more');
    expect(f.sections.get(' image_cache ')!.get('b')![0]!.line).toBe(5);
    expect(f.sections.get('default')!.get('c')![0]!.value).toBe('3');
  });
  it('errors name the file and the line', () => {
    const p = (t: string) => () => parseOsloIni(t, '/etc/nova/nova.conf', '--nova-conf');
    expect(p('[DEFAULT]\nnonsense\n')).toThrow("--nova-conf: /etc/nova/nova.conf line 2: 'nonsense' is neither a [section] nor a key = value line");
    expect(p('a = 1\n')).toThrow("line 1: 'a' comes before any [section]");
    expect(p('[DEFAULT\n')).toThrow('line 1: section header');
    expect(p('[]\n')).toThrow('line 1: empty section name');
    expect(p('[DEFAULT]\n= 3\n')).toThrow('line 2:');
    expect(p('[DEFAULT]\n  x\n')).toThrow('line 2: a continuation line');
    expect(p('\ufeff[DEFAULT]\n')).toThrow('line 1:'); // Python keeps the byte-order mark, and oslo refuses the line
  });
});

describe("nova.conf: the values Nova uses, and where they came from", () => {
  it("Nova's defaults; without state_path or instances_path Nova's default is inside its Python installation: refused", () => {
    expect(v(STATE)).toEqual({ cacheDir: '/var/lib/nova/instances/_base', interval: 2400, remove: true, original: 86400, resized: 3600 });
    expect(conf(STATE).instancesPath).toEqual({ value: '/var/lib/nova/instances', source: { kind: 'default' } });
    expect(err('[DEFAULT]\n')).toMatch(/instances_path is not set, nor state_path: Nova's default is \$pybasedir\/instances/);
    expect(v('[DEFAULT]\ninstances_path = /srv/i\n').cacheDir).toBe('/srv/i/_base');
  });
  it('[libvirt] remove_unused_resized_minimum_age_seconds is read (its deprecated group); [DEFAULT] is not, with a warning', () => {
    const c = conf(`${STATE}remove_unused_resized_minimum_age_seconds = 5\n[libvirt]\nremove_unused_resized_minimum_age_seconds = 7200\n`);
    expect(c.resizedMinAge).toEqual({ value: 7200, source: { kind: 'file', file: 'f1.conf', line: 5, section: 'libvirt', key: 'remove_unused_resized_minimum_age_seconds', deprecated: true } });
    expect(c.warnings).toEqual([
      'f1.conf line 3: [DEFAULT] remove_unused_resized_minimum_age_seconds is not read by Nova (it reads [image_cache] remove_unused_resized_minimum_age_seconds or [libvirt] remove_unused_resized_minimum_age_seconds); cachesweep does not use it either',
    ]);
    expect(v(`${STATE}remove_unused_resized_minimum_age_seconds = 5\n`).resized).toBe(3600);
  });
  it('every deprecated name and group Nova declares; in one file the current place wins whatever the order', () => {
    const old = `${STATE}image_cache_subdirectory_name = _b\nimage_cache_manager_interval = 60\nremove_unused_base_images = no\nremove_unused_original_minimum_age_seconds = 10\n`;
    expect(v(old)).toEqual({ cacheDir: '/var/lib/nova/instances/_b', interval: 60, remove: false, original: 10, resized: 3600 });
    expect(v(`[image_cache]\nmanager_interval = 5\n${old}`).interval).toBe(5);
    // Names Nova does not read: the new name in the old group, the old name in the new group, dashes, another case.
    const wrong = conf(`${STATE}manager_interval = 1\n[image_cache]\nimage_cache_manager_interval = 2\nremove-unused-base-images = False\nRemove_Unused_Base_Images = False\n`);
    expect([wrong.managerInterval.value, wrong.removeUnusedBaseImages.value]).toEqual([2400, true]);
    expect(wrong.warnings.map((w) => w.slice(0, w.indexOf(' is not read')))).toEqual([
      'f1.conf line 3: [DEFAULT] manager_interval',
      'f1.conf line 5: [image_cache] image_cache_manager_interval',
      'f1.conf line 6: [image_cache] remove-unused-base-images',
      'f1.conf line 7: [image_cache] Remove_Unused_Base_Images',
    ]);
  });
  it('several files: the later file wins, even through a deprecated name; the current name wins inside a file', () => {
    expect(v(STATE, '[image_cache]\nmanager_interval = 10\n', '[DEFAULT]\nimage_cache_manager_interval = 20\n').interval).toBe(20);
    expect(v(STATE, '[DEFAULT]\nimage_cache_manager_interval = 20\n', '[Image_Cache]\nmanager_interval = 10\n').interval).toBe(10);
    expect(v(`${STATE}[image_cache]\nmanager_interval = 1\nmanager_interval = 3\n`).interval).toBe(3);
  });
  it('$my_ip, ${state_path}, ${group.option}, $$ and \\$; my_ip from the host when unset', () => {
    const c = conf(`${STATE}instances_path = \${state_path}/i\n[image_cache]\nsubdirectory_name = _base_$my_ip\n`);
    expect(c.cacheDir).toBe('/var/lib/nova/i/_base_192.0.2.7');
    expect(c.also).toEqual([
      { name: 'state_path', value: '/var/lib/nova', source: expect.objectContaining({ line: 2 }) },
      { name: 'my_ip', value: '192.0.2.7', source: { kind: 'host', detail: 'test' } },
    ]);
    expect(v(`${STATE}my_ip = 10.0.0.1\n[image_cache]\nsubdirectory_name = _base_$my_ip\n`).cacheDir).toBe('/var/lib/nova/instances/_base_10.0.0.1');
    expect(v(`${STATE}[image_cache]\nsubdirectory_name = a$$b\\$c_\${host}_\${image_cache.manager_interval}\n`).cacheDir).toBe('/var/lib/nova/instances/a$b$c_compute-1_2400');
    expect(err(`${STATE}[image_cache]\nsubdirectory_name = _base_$nowhere\n`)).toMatch(/line 4: '_base_\$nowhere' refers to \$nowhere, which is not a \[DEFAULT\] option that is set/);
    expect(err(`${STATE}[image_cache]\nsubdirectory_name = _base_$my_ip.\n`)).toMatch(/refers to \$my_ip\./); // oslo reads the dot as part of the name
    expect(err(`[DEFAULT]\nstate_path = $instances_path\ninstances_path = $state_path/i\n`)).toMatch(/refer back to themselves/);
    // Found by the differential fuzz test: a deprecated name finds its option, looked up in the group asked for
    // ([DEFAULT] here, so the [image_cache] line does not count); a deprecated place without a name of its own does not.
    expect(v(`[DEFAULT]\ninstances_path = /i/$image_cache_manager_interval\n[image_cache]\nmanager_interval = 5\n`).cacheDir).toBe('/i/2400/_base');
    expect(v(`[DEFAULT]\nimage_cache_manager_interval = 7\ninstances_path = /i/$image_cache_manager_interval\n`).cacheDir).toBe('/i/7/_base');
    expect(err(`[DEFAULT]\ninstances_path = /i/$remove_unused_base_images\n`)).toMatch(/refers to \$remove_unused_base_images/);
    // A name Nova declares in another group is no [DEFAULT] option, even where a misplaced line sets it.
    expect(err(`[DEFAULT]\nmanager_interval = 5\ninstances_path = /x/$manager_interval\n`)).toMatch(/line 3: '\/x\/\$manager_interval' refers to \$manager_interval/);
  });
  it('manager_interval: -1 is off, 0 is every 60 s, below -1 Nova refuses; remove_unused_base_images = False', () => {
    expect(novaCleanerRuns(conf(STATE))).toBe(true);
    expect(novaCleanerRuns(conf(`${STATE}[image_cache]\nmanager_interval = -1\n`))).toBe(false);
    expect(novaCleanerRuns(conf(`${STATE}[image_cache]\nremove_unused_base_images = False\n`))).toBe(false);
    expect(describeInterval(0)).toBe("every 60 s (0 means oslo.service's default spacing)");
    expect(err(`${STATE}[image_cache]\nmanager_interval = -2\n`)).toMatch(/line 4: manager_interval = '-2' is less than -1, which Nova refuses/);
    expect(err(`${STATE}[image_cache]\nmanager_interval =\n`)).toMatch(/manager_interval is empty/);
  });
  it("values converted as oslo converts them: Python's int(), booleans not stripped", () => {
    expect(pythonInt(' 1_000 ')).toBe(1000n);
    expect(pythonInt('+5')).toBe(5n);
    expect(pythonInt('\u0663\u0660')).toBe(30n); // Arabic-Indic digits, as int() reads them
    for (const bad of ['1__0', '_1', '1_', '1e3', '0x10', '', '1.0']) expect(pythonInt(bad)).toBeNull();
    expect(v(`${STATE}[image_cache]\nremove_unused_original_minimum_age_seconds = 1_0\n`).original).toBe(10);
    expect(err(`${STATE}[image_cache]\nremove_unused_base_images = "yes "\n`)).toMatch(/is not true or false/);
    expect(err(`${STATE}[image_cache]\nremove_unused_resized_minimum_age_seconds = 1h\n`)).toBe(
      "--nova-conf: f1.conf line 4: remove_unused_resized_minimum_age_seconds = '1h' is not a whole number",
    );
  });
});

describe('my_ip as Nova computes it, from /proc/net/route', () => {
  const ROUTE = 'Iface\tDestination\tGateway\tFlags\nbr0\t0000A8C0\t00000000\t0001\neth1\t00000000\t0100A8C0\t0003\neth0\t00000000\t0101A8C0\t0003\n';
  const ifaces = {
    eth1: [
      { family: 'IPv6', address: 'fe80::1' },
      { family: 'IPv4', address: '10.1.2.3' },
      { family: 'IPv4', address: '10.1.2.4' },
    ],
  } as never;
  it('the first default route, the first IPv4 address of its interface', () => {
    expect(defaultRouteInterface(ROUTE)).toBe('eth1');
    expect(myIpFrom(ROUTE, ifaces)).toMatchObject({ value: '10.1.2.3' });
  });
  it('no default route (PrivateNetwork=): 127.0.0.1, with a warning to set my_ip', () => {
    const r = myIpFrom('Iface\tDestination\tGateway\n', ifaces);
    expect(r.value).toBe('127.0.0.1');
    expect(r.warning).toMatch(/PrivateNetwork=.*set my_ip in \[DEFAULT\]/);
    expect(myIpFrom(null, ifaces).value).toBe('127.0.0.1');
    expect(myIpFrom(ROUTE.replace(/eth1/g, 'wg0'), ifaces).value).toBe('127.0.0.1');
  });
});

describe('reading files and nova.conf.d', () => {
  it("--nova-conf-dir: *.conf files only, sorted, no hidden ones; later files win; a missing file or dir is refused", () => {
    const dir = tempDir();
    const d = path.join(dir, 'nova.conf.d');
    fs.mkdirSync(d);
    fs.writeFileSync(path.join(dir, 'nova.conf'), `${STATE}[image_cache]\nmanager_interval = 1\n`);
    fs.writeFileSync(path.join(d, '20-b.conf'), '[image_cache]\nmanager_interval = 20\n');
    fs.writeFileSync(path.join(d, '10-a.conf'), '[image_cache]\nmanager_interval = 10\n');
    fs.writeFileSync(path.join(d, '90-z.conf.bak'), '[image_cache]\nmanager_interval = 90\n');
    fs.writeFileSync(path.join(d, '.99.conf'), '[image_cache]\nmanager_interval = 99\n');
    fs.writeFileSync(path.join(d, '30-C.CONF'), '[image_cache]\nmanager_interval = 30\n');
    expect(confDirFiles(d, '--nova-conf-dir').map((f) => path.basename(f))).toEqual(['10-a.conf', '20-b.conf']);
    const c = readNovaConf([path.join(dir, 'nova.conf')], [d], HOST);
    expect(c.managerInterval).toMatchObject({ value: 20, source: { file: path.join(d, '20-b.conf') } });
    expect(c.files).toEqual([path.join(dir, 'nova.conf'), path.join(d, '10-a.conf'), path.join(d, '20-b.conf')]);
    expect(() => readNovaConf([path.join(dir, 'none.conf')], [], HOST)).toThrow(`--nova-conf: ${path.join(dir, 'none.conf')} does not exist`);
    expect(() => readNovaConf([], [path.join(dir, 'none.d')], HOST)).toThrow(`--nova-conf-dir: ${path.join(dir, 'none.d')} does not exist`);
    fs.mkdirSync(path.join(d, '40-dir.conf'));
    expect(() => readNovaConf([], [d], HOST)).toThrow('40-dir.conf is a directory, not a regular file');
    fs.writeFileSync(path.join(dir, 'latin1.conf'), Buffer.from('[DEFAULT]\nstate_path = /caf\xe9\n', 'latin1'));
    expect(() => readNovaConf([path.join(dir, 'latin1.conf')], [], HOST)).toThrow('is not valid UTF-8');
  });
});
