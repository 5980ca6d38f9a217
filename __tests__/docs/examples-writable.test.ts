/**
 * The shipped examples leave the lock's place writable. The systemd unit is run as systemd would confine it:
 * ProtectSystem=strict and ReadWritePaths= are read-only bind mounts, played here in a private mount namespace
 * (`unshare -m`) with a tmpfs for /var/lib, /var/lib read-only and only the unit's ReadWritePaths= and
 * StateDirectory= writable. Its ExecStart= (the built binary for /usr/bin/cachesweep) must clean a Nova cache on
 * shared storage (compute_nodes naming two hosts), whose lock lives in instances/locks/, and take Nova's lock per
 * image there. The same run with locks/ left out of ReadWritePaths= fails: the check can fail. The CronJob mounts
 * the whole instances directory writable, and the Ansible play runs as root (become).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { cleanup, tempDir } from '../helpers/in-use.js';
import { BIN, REPO, assertBuilt } from '../helpers/run.js';
import { requireRoot } from '../helpers/tmpfs.js';

afterAll(cleanup);

const EXAMPLES = path.join(REPO, 'docs', 'examples');
const SHA = (c: string): string => c.repeat(40);

/** `Key=value` lines of the unit's [Service] section (the last one of a key wins, as for these keys in systemd). */
function serviceKeys(unit: string): Map<string, string> {
  const out = new Map<string, string>();
  let section = '';
  for (const line of unit.split('\n')) {
    const s = /^\[(.+)\]$/.exec(line.trim());
    if (s) section = s[1]!;
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (kv && section === 'Service') out.set(kv[1]!, kv[2]!);
  }
  return out;
}

/** Run the unit's ExecStart= confined as the unit says; `rw` are the writable paths. What is left, and the exit. */
function runConfined(execStart: string, rw: string[]): { code: number; base: string[]; locks: string[]; stderr: string } {
  const out = tempDir('cachesweep-unit-');
  const binds = rw.map((p) => `[ -e ${p} ] && mount --bind ${p} ${p}`).join('\n');
  const cmd = execStart.replace(/%%/g, '%').replace(/^\/usr\/bin\/cachesweep /, 'node "$BIN" ');
  const script = `
set -u
mount -t tmpfs tmpfs /var/lib
mkdir -p /var/lib/nova/instances/_base /var/lib/nova/instances/locks /var/lib/cachesweep
for c in a b; do head -c 65536 /dev/urandom > /var/lib/nova/instances/_base/$(printf "$c%.0s" $(seq 40)); done
touch -d '40 days ago' /var/lib/nova/instances/_base/*
now=$(date +%s)
printf '{"cn-1": %s, "cn-2": %s}' $now $((now - 600)) > /var/lib/nova/instances/compute_nodes
${binds}
mount -o remount,bind,ro /var/lib
${cmd} 2>"$OUT/stderr"; echo $? > "$OUT/rc"
ls -a /var/lib/nova/instances/_base > "$OUT/base"
ls -a /var/lib/nova/instances/locks > "$OUT/locks"
`;
  const env: NodeJS.ProcessEnv = { ...process.env, BIN, OUT: out };
  for (const k of Object.keys(env)) if (k.startsWith('CACHESWEEP_')) delete env[k];
  execFileSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], { env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 60_000 });
  const names = (f: string): string[] => fs.readFileSync(path.join(out, f), 'utf8').split('\n').filter((n) => n && n !== '.' && n !== '..');
  return { code: Number(fs.readFileSync(path.join(out, 'rc'), 'utf8')), base: names('base'), locks: names('locks'), stderr: fs.readFileSync(path.join(out, 'stderr'), 'utf8') };
}

describe('docs/examples/cachesweep.service, confined as systemd confines it', () => {
  const keys = serviceKeys(fs.readFileSync(path.join(EXAMPLES, 'cachesweep.service'), 'utf8'));
  const execStart = keys.get('ExecStart')!;
  const rw = [...(keys.get('ReadWritePaths') ?? '').split(/\s+/).filter(Boolean).map((p) => p.replace(/^-/, '')), `/var/lib/${keys.get('StateDirectory')}`];

  beforeAll(() => {
    requireRoot('the confined unit test');
    assertBuilt();
  });

  it('is confined: ProtectSystem=strict, the cache and Nova\'s locks/ writable, a Nova cache cleaned', () => {
    expect(keys.get('ProtectSystem')).toBe('strict');
    expect(rw).toEqual(expect.arrayContaining(['/var/lib/nova/instances/_base', '/var/lib/nova/instances/locks']));
    expect(execStart).toMatch(/^\/usr\/bin\/cachesweep clean \/var\/lib\/nova\/instances\/_base /);
  });

  it('on shared storage: cleans, with its lock and Nova\'s per-image locks in instances/locks/', () => {
    const r = runConfined(execStart, rw);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: r.stderr });
    expect(r.base).toEqual([]);
    // cachesweep's own lock stays (an fcntl lock on a file that is never removed); Nova's per-image ones went with their images
    expect(r.locks).toEqual(['cachesweep-_base']);
  });

  it('the same unit without locks/ in ReadWritePaths= does not clean (so the check above can fail)', () => {
    const r = runConfined(execStart, rw.filter((p) => !p.endsWith('/locks')));
    expect(r.code).not.toBe(0);
    expect(r.base.sort()).toEqual([SHA('a'), SHA('b')]);
    expect(r.stderr).toMatch(/locks/);
  });
});

describe('docs/examples/cronjob.yaml and ansible-playbook.yaml', () => {
  it('the CronJob mounts the whole instances directory (locks/ included) writable, at the host\'s path', () => {
    const docs = fs
      .readFileSync(path.join(EXAMPLES, 'cronjob.yaml'), 'utf8')
      .split(/^---$/m)
      .map((d) => parse(d) as Record<string, any> | null)
      .filter((d): d is Record<string, any> => d?.kind === 'CronJob');
    expect(docs).toHaveLength(1);
    const pod = docs[0]!.spec.jobTemplate.spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find((m: { name: string }) => m.name === 'instances');
    expect(mount).toEqual({ name: 'instances', mountPath: '/var/lib/nova/instances' });
    expect(pod.volumes.find((v: { name: string }) => v.name === 'instances').hostPath.path).toBe('/var/lib/nova/instances');
  });

  it('the Ansible play that cleans runs as root, which can write instances/locks/', () => {
    const plays = parse(fs.readFileSync(path.join(EXAMPLES, 'ansible-playbook.yaml'), 'utf8')) as { hosts: string; become?: boolean }[];
    expect(plays.find((p) => p.hosts === 'compute')?.become).toBe(true);
  });
});
