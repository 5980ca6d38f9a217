import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/shared/errors.js';
import { novaConfFromIni, parseIni, readNovaConf } from '../../src/config/nova-conf.js';
import { cleanup, tempDir } from '../helpers/in-use.js';
import { thrownBy } from '../helpers/errors.js';

afterAll(cleanup);

const conf = (text: string) => novaConfFromIni(parseIni(text, 'nova.conf'), 'nova.conf');
const err = (text: string): string => thrownBy(UsageError, () => conf(text)).message;

describe('parseIni (oslo.config syntax)', () => {
  it('sections, = and :, comments, continuation lines, quotes, dashes in keys', () => {
    const ini = parseIni('# c\n[DEFAULT]\na = 1\nb: two\n; c\n[Image_Cache]\nmulti = x\n  y\nq = "quoted"\nsome-key = v\n', 'f');
    expect(ini.get('DEFAULT')!.get('a')).toEqual({ value: '1', line: 3 });
    expect(ini.get('DEFAULT')!.get('b')!.value).toBe('two');
    expect(ini.get('image_cache')!.get('multi')!.value).toBe('x\ny');
    expect(ini.get('image_cache')!.get('q')!.value).toBe('quoted');
    expect(ini.get('image_cache')!.get('some_key')!.value).toBe('v');
  });
  it('errors name the file and the line', () => {
    expect(() => parseIni('[DEFAULT]\nnonsense\n', '/etc/nova/nova.conf')).toThrow(
      "--nova-conf: /etc/nova/nova.conf line 2: 'nonsense' is neither a [section] nor a key = value line",
    );
    expect(() => parseIni('a = 1\n', 'f')).toThrow("--nova-conf: f line 1: 'a' comes before any [section]");
    expect(() => parseIni('[DEFAULT\n', 'f')).toThrow('f line 1: section header');
    expect(() => parseIni('[DEFAULT]\n= 3\n', 'f')).toThrow('f line 2:');
  });
});

describe("nova.conf: what cachesweep takes from it", () => {
  it("Nova's defaults when the file says nothing", () => {
    expect(conf('[DEFAULT]\n')).toEqual({
      file: 'nova.conf',
      instancesPath: '/var/lib/nova/instances',
      cacheDir: '/var/lib/nova/instances/_base',
      removeUnusedBaseImages: true,
    });
  });
  it('instances_path with $state_path, [image_cache] names', () => {
    const c = conf(
      '[DEFAULT]\nstate_path = /srv/nova\ninstances_path = $state_path/inst\n[image_cache]\nsubdirectory_name = _cache\n' +
        'remove_unused_original_minimum_age_seconds = 3600\nremove_unused_resized_minimum_age_seconds = 600\nremove_unused_base_images = False\n',
    );
    expect(c).toEqual({
      file: 'nova.conf',
      instancesPath: '/srv/nova/inst',
      cacheDir: '/srv/nova/inst/_cache',
      originalMaxAgeMs: 3_600_000,
      resizedMaxAgeMs: 600_000,
      removeUnusedBaseImages: false,
    });
  });
  it('the older [DEFAULT] names, and [image_cache] winning over them', () => {
    const old = conf('[DEFAULT]\ninstances_path=/i\nimage_cache_subdirectory_name=_b\nremove_unused_original_minimum_age_seconds=10\nremove_unused_resized_minimum_age_seconds=5\n');
    expect(old).toMatchObject({ cacheDir: '/i/_b', originalMaxAgeMs: 10_000, resizedMaxAgeMs: 5_000 });
    const both = conf('[DEFAULT]\nremove_unused_original_minimum_age_seconds=10\n[image_cache]\nremove_unused_original_minimum_age_seconds=20\n');
    expect(both.originalMaxAgeMs).toBe(20_000);
  });
  it('bad values name the line', () => {
    expect(err('[DEFAULT]\n\n[image_cache]\nremove_unused_resized_minimum_age_seconds = 1h\n')).toBe(
      "--nova-conf: nova.conf line 4: remove_unused_resized_minimum_age_seconds = '1h' is not a whole number of seconds",
    );
    expect(err('[DEFAULT]\ninstances_path = relative/path\n')).toMatch(/line 2: instances_path 'relative\/path' is not an absolute path/);
    expect(err('[DEFAULT]\ninstances_path = $nowhere/x\n')).toMatch(/line 2: .*\$nowhere, which is not set/);
    expect(err('[image_cache]\nremove_unused_base_images = maybe\n')).toMatch(/line 2: remove_unused_base_images = 'maybe' is not true or false/);
  });
  it('readNovaConf: a missing file is a usage error', () => {
    const dir = tempDir();
    expect(() => readNovaConf(path.join(dir, 'nova.conf'))).toThrow(`--nova-conf: ${path.join(dir, 'nova.conf')} cannot be read (no such file)`);
    fs.writeFileSync(path.join(dir, 'nova.conf'), '[DEFAULT]\ninstances_path = /x\n');
    expect(readNovaConf(path.join(dir, 'nova.conf')).cacheDir).toBe('/x/_base');
  });
});
