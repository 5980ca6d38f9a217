/**
 * Issue 12, case 4: the root guard goes deeper than a list of names. `plan /usr/bin` evicted 577 of 1537 entries and
 * `/` reached through a bind mount passed. Each case runs the built binary in its own private mount namespace
 * (`unshare -m`), with real bind mounts of the system's directories, a tmpfs over /var/lib or /var/cache for the
 * caches that must stay allowed, and a password file bind-mounted over /etc/passwd for a user's home.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tempDir } from '../helpers/cache.js';
import { assertBuilt, BIN } from '../helpers/run.js';
import { requireRoot } from '../helpers/tmpfs.js';

beforeAll(() => {
  assertBuilt();
  requireRoot('the root-guard tests');
});

interface Step {
  code: number;
  stderr: string;
}

/**
 * Run `script` (sh) in a private mount namespace; `$CS ARGS` runs the CLI there. Each `step NAME CMD...` prints its
 * exit code and stderr as one JSON line, so that one namespace serves several checks.
 */
function inNamespace(script: string): Record<string, Step> {
  const dir = tempDir('cachesweep-rootguard-');
  const prelude = `
    step() { name=$1; shift; "$@" >/dev/null 2>"$W/err"; code=$?; printf '%s\\t%s\\t' "$name" "$code"; tr '\\n' ' ' <"$W/err"; echo; }
    CS() { "${process.execPath}" "${BIN}" "$@" --state-dir "$W/state"; }
  `;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, W: dir, HOME: process.env.HOME };
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', prelude + script], { env, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`namespace script failed (${r.status}): ${r.stderr}`);
  const out: Record<string, Step> = {};
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const [name, code, stderr] = line.split('\t');
    out[name!] = { code: Number(code), stderr: stderr!.trim() };
  }
  return out;
}

const refused = (s: Step | undefined, what: RegExp): void => {
  expect(s?.code).toBe(2);
  expect(s?.stderr).toMatch(/(^| )cachesweep: cache-dir: refusing /);
  expect(s?.stderr).toMatch(what);
  expect(s?.stderr).toMatch(/--i-know-this-is-a-system-directory if it really is one\)$/);
};

describe('the root guard: system directories by identity, not by name (hostile case 4)', () => {
  it('refuses the system trees and what is below them, directly and through bind mounts', () => {
    const r = inNamespace(`
      mkdir -p "$W/root" "$W/usr" "$W/share" "$W/etc"
      step usr-bin CS plan /usr/bin
      step var-lib-dpkg CS plan /var/lib/dpkg
      mount --bind / "$W/root"; step root-alias CS plan "$W/root"
      step usr-via-root-alias CS plan "$W/root/usr/share"
      mount --bind /usr "$W/usr"; step usr-bin-alias CS plan "$W/usr/bin"
      mount --bind /usr/share "$W/share"; step share-alias CS plan "$W/share"
      mount --bind /etc "$W/etc"; step etc-alias CS plan "$W/etc"
      step override CS plan /usr/share --i-know-this-is-a-system-directory
    `);
    refused(r['usr-bin'], /: \/usr\/bin is (\/bin, )?a directory of the operating system, not a cache/);
    refused(r['var-lib-dpkg'], /: \/var\/lib\/dpkg is a directory of the operating system/);
    refused(r['root-alias'], /\/root is \/, a system directory holding other directories, reached through a bind mount, not a cache \(a directory below it can be; /);
    refused(r['usr-via-root-alias'], /\/root\/usr\/share is inside \/usr, a directory of the operating system, reached through a mount/);
    refused(r['usr-bin-alias'], /\/usr\/bin is \/(usr\/)?bin, a directory of the operating system, reached through a bind mount/);
    refused(r['share-alias'], /\/share is inside \/usr, a directory of the operating system, reached through a mount/);
    refused(r['etc-alias'], /\/etc is \/etc, a directory of the operating system, reached through a bind mount/);
    expect(r.override).toEqual({ code: 0, stderr: '' });
  });

  it('refuses /var and /var/lib themselves and a service directory in /var/lib, and allows the caches below them', () => {
    const r = inNamespace(`
      mount -t tmpfs tmpfs /var/lib
      mkdir -p /var/lib/nova/instances/_base /var/lib/glance/image-cache/incomplete /var/lib/mysql
      mount -t tmpfs tmpfs /var/cache; mkdir -p /var/cache/ci
      step var CS plan /var
      step var-lib CS plan /var/lib
      step var-cache CS plan /var/cache
      step mysql CS plan /var/lib/mysql
      step nova CS plan /var/lib/nova/instances/_base
      step glance CS plan /var/lib/glance/image-cache
      step ci CS plan /var/cache/ci
      mkdir -p "$W/m"; mount --bind /var/lib/mysql "$W/m"; step mysql-alias CS plan "$W/m"
    `);
    refused(r.var, /: \/var is a system directory holding other directories/);
    refused(r['var-lib'], /: \/var\/lib is a system directory holding other directories/);
    refused(r['var-cache'], /: \/var\/cache is a system directory holding other directories/);
    refused(r.mysql, /: \/var\/lib\/mysql is a service's own directory in \/var\/lib, not a cache/);
    refused(r['mysql-alias'], /\/m is a service's own directory in \/var\/lib, reached through a mount/);
    for (const ok of ['nova', 'glance', 'ci']) expect([ok, r[ok]!.code]).toEqual([ok, 0]);
  });

  it("refuses every home directory of the password database itself, and allows ~/.cache/NAME below it", () => {
    const r = inNamespace(`
      mkdir -p "$W/home/alice/.cache/pip" "$W/home/bob"
      printf 'root:x:0:0:root:/root:/bin/sh\\nalice:x:1000:1000::%s:/bin/sh\\nbob:x:1001:1001::%s/:/bin/sh\\n' "$W/home/alice" "$W/home/bob" > "$W/passwd"
      mount --bind "$W/passwd" /etc/passwd
      step alice CS plan "$W/home/alice"
      step bob CS plan "$W/home/bob"
      step alice-cache CS plan "$W/home/alice/.cache/pip"
      mkdir -p "$W/alias"; mount --bind "$W/home/alice" "$W/alias"; step alice-alias CS plan "$W/alias"
      step root CS plan /root
    `);
    refused(r.alice, /\/home\/alice is a user's home directory, not a cache \(a directory below it can be; /);
    refused(r.bob, /\/home\/bob is a user's home directory/);
    refused(r['alice-alias'], /\/alias is .*\/home\/alice, a user's home directory, reached through a bind mount/);
    refused(r.root, /: \/root is a system directory holding other directories/);
    expect(r['alice-cache']!.code).toBe(0);
  });

  it('the override is command line only: not from the environment, not from a config file', () => {
    const r = inNamespace(`
      printf 'i-know-this-is-a-system-directory: true\\n' > "$W/c.yaml"
      step env env CACHESWEEP_I_KNOW_THIS_IS_A_SYSTEM_DIRECTORY=1 "${process.execPath}" "${BIN}" plan /usr/share --state-dir "$W/state"
      step file CS plan /usr/share --config "$W/c.yaml"
    `);
    refused(r.env, /\/usr\/share is inside \/usr/);
    expect(r.env!.stderr).toMatch(/^cachesweep: warning: CACHESWEEP_I_KNOW_THIS_IS_A_SYSTEM_DIRECTORY is ignored: --i-know-this-is-a-system-directory is accepted on the command line only/);
    expect(r.file).toEqual({ code: 2, stderr: expect.stringMatching(/c\.yaml:1: i-know-this-is-a-system-directory: accepted on the command line only/) });
  });
});
