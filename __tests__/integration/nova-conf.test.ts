/**
 * nova.conf read as nova-compute reads it, through the BUILT cachesweep: the deprecated [libvirt] group honoured and
 * a key Nova does not read ignored with a warning, `$my_ip` substituted (set, or computed from the host, as in a
 * network namespace with no default route), several files and a nova.conf.d, Nova's own cleaner on or off, and
 * `config --print` naming where each value came from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimes } from '../helpers/cache.js';
import { cleanup, rawImage, tempDir } from '../helpers/in-use.js';
import { parseJson, runCli, type RunResult } from '../helpers/run.js';
import { HOUR } from '../helpers/units.js';

afterAll(cleanup);

const SHA = 'c'.repeat(40);

interface Doc {
  root: string;
  entries: { name: string; decision: string; reason: string }[];
  warnings: string[];
}
const decisions = (d: Doc): Record<string, string> => Object.fromEntries(d.entries.map((e) => [e.name, `${e.decision} ${e.reason}`]));

/**
 * state_path/instances/<subdir> holding an original and a resized image, both written 5h ago and last read 2h ago
 * (idle 2h, and used: an image never read since its write would be kept as warm); nova.conf beside them.
 */
function novaTree(subdir: string, text: (state: string) => string): { state: string; base: string; conf: string } {
  const state = tempDir('cachesweep-novaconf-');
  const base = path.join(state, 'instances', subdir);
  for (const n of [SHA, `${SHA}_20`]) {
    rawImage(path.join(base, n));
    setTimes(path.join(base, n), { mtimeMs: Date.now() - 5 * HOUR, atimeMs: Date.now() - 2 * HOUR });
  }
  const conf = path.join(state, 'nova.conf');
  fs.writeFileSync(conf, text(state));
  return { state, base, conf };
}

/** The built CLI in a new network namespace: only a loopback, no default route (as under systemd's PrivateNetwork=). */
const runIsolated = (args: string[]): Promise<RunResult> => runCli(args, { under: ['unshare', '-n'] });

describe('nova.conf through the built cachesweep', () => {
  it('[libvirt] remove_unused_resized_minimum_age_seconds is honoured; the [DEFAULT] one is not read, and the warning says where Nova reads it', async () => {
    const { conf } = novaTree('_base', (s) => `[DEFAULT]\nstate_path = ${s}\nremove_unused_resized_minimum_age_seconds = 60\n[libvirt]\nremove_unused_resized_minimum_age_seconds = 10800\n`);
    const d = parseJson<Doc>(await runCli(['plan', '--nova-conf', conf, '--json']));
    expect(decisions(d)).toEqual({ [SHA]: 'keep not-expired', [`${SHA}_20`]: 'keep not-expired' });
    expect(d.warnings).toContain(
      `${conf} line 3: [DEFAULT] remove_unused_resized_minimum_age_seconds is not read by Nova (it reads [image_cache] remove_unused_resized_minimum_age_seconds or [libvirt] remove_unused_resized_minimum_age_seconds); cachesweep does not use it either`,
    );
    // Without the [libvirt] line, Nova's default (1h) expires the resized image.
    fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace(/\[libvirt\][^]*/, ''));
    expect(decisions(parseJson<Doc>(await runCli(['plan', '--nova-conf', conf, '--json'])))[`${SHA}_20`]).toBe('evict expired');
  });

  it('subdirectory_name = _base_$my_ip: my_ip as set, or as Nova computes it where there is no default route (127.0.0.1, and a warning)', async () => {
    const set = novaTree('_base_10.20.30.40', (s) => `[DEFAULT]\nstate_path = ${s}\nmy_ip = 10.20.30.40\n[image_cache]\nsubdirectory_name = _base_$my_ip\n`);
    const d = parseJson<Doc>(await runCli(['plan', '--nova-conf', set.conf, '--json']));
    expect(d.root).toBe(set.base);
    const unset = novaTree('_base_127.0.0.1', (s) => `[DEFAULT]\nstate_path = ${s}\n[image_cache]\nsubdirectory_name = _base_\${my_ip}\n`);
    const r = await runIsolated(['plan', '--nova-conf', unset.conf, '--json']);
    const iso = parseJson<Doc>(r);
    expect(iso.root).toBe(unset.base);
    expect(iso.warnings).toContain(
      "my_ip is not set in nova.conf and this host has no default route (under systemd's PrivateNetwork=, for example): $my_ip is 127.0.0.1, as Nova would compute it here; set my_ip in [DEFAULT] of nova.conf",
    );
  });

  it("several --nova-conf files and a nova.conf.d, later winning; manager_interval -1 turns Nova's cleaner off, 0 runs it every 60 s", async () => {
    const { state, conf } = novaTree('_base', (s) => `[DEFAULT]\nstate_path = ${s}\n`);
    const confD = path.join(state, 'nova.conf.d');
    fs.mkdirSync(confD);
    const cleaner = (d: Doc) => d.warnings.filter((w) => w.startsWith("Nova's own cleaner"));
    expect(cleaner(parseJson<Doc>(await runCli(['plan', '--nova-conf', conf, '--json'])))).toEqual([
      expect.stringContaining('remove_unused_base_images is on (default) and its image cache manager runs every 2400 s (manager_interval, default)'),
    ]);
    const second = path.join(state, 'nova-compute.conf');
    fs.writeFileSync(second, '[image_cache]\nmanager_interval = 0\n');
    expect(cleaner(parseJson<Doc>(await runCli(['plan', '--nova-conf', conf, '--nova-conf', second, '--json'])))).toEqual([
      expect.stringContaining(`runs every 60 s (0 means oslo.service's default spacing) (manager_interval, ${second} line 2 ([image_cache] manager_interval))`),
    ]);
    fs.writeFileSync(path.join(confD, '50-off.conf'), '[DEFAULT]\nimage_cache_manager_interval = -1\n');
    const off = parseJson<Doc>(await runCli(['plan', '--nova-conf', conf, '--nova-conf', second, '--nova-conf-dir', confD, '--json']));
    expect(cleaner(off)).toEqual([]);
    const text = await runCli(['config', '--nova-conf', conf, '--nova-conf', second, '--nova-conf-dir', confD]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`nova.conf (later files win): ${conf}, ${second}, ${path.join(confD, '50-off.conf')}`);
    expect(text.stdout).toMatch(
      new RegExp(`image_cache\\.manager_interval +-1 +${path.join(confD, '50-off.conf').replace(/[.]/g, '\\.')} line 2 \\(\\[DEFAULT\\] image_cache_manager_interval, a deprecated place\\) +Nova's image cache manager is off`),
    );
    expect(text.stdout).toMatch(/state_path +\S+ +\S+nova\.conf line 2 \(\[DEFAULT\] state_path\)/);
    const json = parseJson<{ novaConf: { options: { option: string; value: string; from: string }[] } }>(await runCli(['config', '--nova-conf', conf, '--json']));
    expect(json.novaConf.options.find((o) => o.option === 'image_cache.remove_unused_resized_minimum_age_seconds')).toEqual(
      expect.objectContaining({ value: '3600', from: 'default' }),
    );
  });

  it('a nova.conf without state_path or instances_path: exit 2, saying what to set', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'nova.conf'), '[image_cache]\nmanager_interval = -1\n');
    const r = await runCli(['plan', '--nova-conf', path.join(dir, 'nova.conf')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cachesweep: --nova-conf: \S+: instances_path is not set, nor state_path: Nova's default is \$pybasedir\/instances.*set instances_path \(or state_path.*\) in \[DEFAULT\]\n$/);
  });
});
