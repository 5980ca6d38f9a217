import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './cache.js';

/** A real tmpfs mounted for a test. */
export interface Tmpfs {
  /** Mount point (a real path). */
  dir: string;
  /** st_dev of the mounted filesystem. */
  dev: number;
  /** Unmount it (and anything mounted below it); removes the mount point when this helper created it. */
  unmount(): void;
}

export interface TmpfsOptions {
  /** Size in MiB (default 64). */
  sizeMb?: number;
  /** Mount with `strictatime`: every read updates the atime, so an accidental read cannot hide. */
  strictatime?: boolean;
  /** Mount on this existing directory instead of a new temporary one. */
  at?: string;
}

/** Tests that mount need root (as CI is). Never skip: fail with a message that says what is missing. */
export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(`${what} mounts a tmpfs and must run as root (as CI does); run the tests as root`);
  }
}

/** Mount a fresh tmpfs (`mount -t tmpfs -o size=NNm[,strictatime] tmpfs DIR`). Call unmount() in afterAll. */
export function mountTmpfs(opts: TmpfsOptions = {}): Tmpfs {
  requireRoot('this test');
  const created = opts.at === undefined;
  const dir = opts.at ?? tempDir('cachesweep-tmpfs-');
  const options = [`size=${opts.sizeMb ?? 64}m`, ...(opts.strictatime ? ['strictatime'] : [])].join(',');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    if (created) fs.rmdirSync(dir);
    throw new Error(`mount -t tmpfs -o ${options} tmpfs ${dir} failed: ${(err as { stderr?: Buffer }).stderr?.toString().trim() ?? err}`);
  }
  const real = fs.realpathSync(dir);
  const parentDev = fs.statSync(path.dirname(real)).dev;
  const dev = fs.statSync(real).dev;
  if (dev === parentDev) throw new Error(`mounting a tmpfs on ${real} did not give it its own device`);
  let mounted = true;
  return {
    dir: real,
    dev,
    unmount() {
      if (!mounted) return;
      try {
        execFileSync('umount', ['-R', real], { stdio: 'ignore' });
      } catch {
        execFileSync('umount', ['-R', '-l', real], { stdio: 'ignore' });
      }
      mounted = false;
      if (created) fs.rmdirSync(real);
    },
  };
}

/**
 * For a whole test file: a tmpfs mounted before its tests and unmounted after them (beforeAll/afterAll), and fresh
 * numbered directories on it. `fsys` is there inside the tests.
 */
export function tmpfsForFile(opts: TmpfsOptions): { readonly fsys: Tmpfs; freshDir(name: string): string } {
  let mounted: Tmpfs | undefined;
  let n = 0;
  beforeAll(() => {
    mounted = mountTmpfs(opts);
  });
  afterAll(() => mounted?.unmount());
  const fsys = (): Tmpfs => {
    if (!mounted) throw new Error('tmpfsForFile: the tmpfs is mounted in beforeAll; use it inside the tests');
    return mounted;
  };
  return {
    get fsys() {
      return fsys();
    },
    freshDir(name: string): string {
      const d = path.join(fsys().dir, `${++n}-${name}`);
      fs.mkdirSync(d);
      return d;
    },
  };
}

/** df's Use% of the filesystem holding `dir`, as df prints it (rounded up to a whole percent). */
export function dfPercent(dir: string): number {
  const out = execFileSync('df', ['--output=pcent', dir], { encoding: 'utf8' });
  const line = out.trim().split('\n').pop()!.trim();
  const n = Number.parseInt(line.replace('%', ''), 10);
  if (!Number.isFinite(n)) throw new Error(`cannot read df's Use% from ${JSON.stringify(out)}`);
  return n;
}

/** df's used and available bytes of the filesystem holding `dir`, and the exact Use% df rounds. */
export function dfBytes(dir: string): { used: number; avail: number; percent: number } {
  const out = execFileSync('df', ['-B1', '--output=used,avail', dir], { encoding: 'utf8' });
  const [used, avail] = out.trim().split('\n').pop()!.trim().split(/\s+/).map(Number) as [number, number];
  return { used, avail, percent: (used / (used + avail)) * 100 };
}
