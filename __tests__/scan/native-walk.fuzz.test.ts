/**
 * The scan reads each directory with one native call (readDirStats: names and every name's lstat at once) instead of
 * readdirSync + lstatSync per file. The scan feeds deletion decisions, so the requirement is equality: on random
 * trees (odd names: newlines, leading dashes, bytes that are not UTF-8, names past U+FFFF whose UTF-16 order is not
 * their byte order; symbolic links inside, outside and dangling; hard links within an entry, across entries and to
 * a file outside the cache; fifos and sockets; times before 1970; directories nobody may list or search), scan()
 * gives exactly what the scanner built on lstatSync gave (__tests__/helpers/scan-reference: the code before the
 * change), with every layout shape, as root and as nobody (seteuid, so that modes bite). Names vanishing during a
 * scan are checked by a race of their own below.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { scan, type ScanOptions } from '../../src/scan/scan.js';
import { listDir } from '../../src/scan/listing.js';
import { plainEntry } from '../../src/scan/entry.js';
import type { ScanResult } from '../../src/shared/types.js';
import { scan as referenceScan } from '../helpers/scan-reference/scan.js';
import { removeDir, tempDir } from '../helpers/cache.js';

type Spec =
  | { t: 'file'; size: number; time: number }
  | { t: 'dir'; mode: number; kids: [Buffer, Spec][] }
  | { t: 'symlink'; to: 'inside' | 'outside' | 'dangling' }
  | { t: 'hardlink'; k: number }
  | { t: 'fifo' }
  | { t: 'socket' };

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const ODD = [
  '-rf', '--help', '-', 'new\nline', 'tab\there', ' lead', 'ünï', 'ｚ', '😀x', '\uFFFD', 'disk', 'libvirt.xml',
  'console.log', 'disk.info', 'cache.db', 'incomplete', 'invalid', 'queue', 'README', 'trim.txt', 'ccache.conf',
].map(b);
const RAW = [[0xff], [0xfe, 0x61], [0xc3], [0x61, 0xed, 0xa0, 0x80], [0x80, 0x2d], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]].map((a) => Buffer.from(a));
const arbName = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,7}$/).map(b) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW) },
);
const DAY = 86_400_000;
const arbTime = fc.oneof(fc.integer({ min: -20_000, max: 30_000 }).map((d) => d * DAY), fc.constant(Date.UTC(2026, 0, 1) + 123));

const { tree } = fc.letrec<{ tree: Spec; node: Spec }>((tie) => ({
  tree: fc.record({
    t: fc.constant('dir' as const),
    mode: fc.constantFrom(0o755, 0o755, 0o755, 0o700, 0o000, 0o644, 0o644, 0o311),
    kids: fc.uniqueArray(fc.tuple(arbName, tie('node')), { maxLength: 6, selector: ([n]) => n.toString('hex') }),
  }),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: fc.record({ t: fc.constant('file' as const), size: fc.constantFrom(0, 1, 4095, 4097, 70_000), time: arbTime }) },
    { weight: 3, arbitrary: tie('tree') },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('symlink' as const), to: fc.constantFrom('inside' as const, 'outside' as const, 'dangling' as const) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('hardlink' as const), k: fc.nat(50) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('fifo' as const) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('socket' as const) }) },
  ),
}));

let base: string;
let outsideFile: string;
let run = 0;
beforeAll(() => {
  base = tempDir('cachesweep-native-walk-');
  fs.chmodSync(base, 0o755); // nobody must reach the trees
  outsideFile = path.join(base, 'outside');
  fs.writeFileSync(outsideFile, Buffer.alloc(9000, 1));
  listDir(base); // load the addon as root: the checkout may be closed to nobody
});
afterAll(() => removeDir(base));

/** fifos and sockets are made under a plain name by mkfifo/python, then renamed to theirs (which may not be UTF-8). */
function special(kind: 'fifo' | 'socket', to: Buffer): void {
  const tmp = path.join(base, `special-${run}-${kind}`);
  const r =
    kind === 'fifo'
      ? spawnSync('mkfifo', [tmp])
      : spawnSync('python3', ['-c', 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', tmp]);
  if (r.status !== 0) throw new Error(`cannot make a ${kind}: ${String(r.stderr)}`);
  fs.renameSync(tmp, to);
}

/** Make the tree; hard links and directory modes last, so that every file exists and every directory is writable. */
function build(root: Buffer, spec: Extract<Spec, { t: 'dir' }>): void {
  const files: Buffer[] = [];
  const links: [Buffer, number][] = [];
  const modes: [Buffer, number][] = [];
  const make = (p: Buffer, s: Spec): void => {
    switch (s.t) {
      case 'file':
        fs.writeFileSync(p, Buffer.alloc(s.size, 7));
        fs.utimesSync(p, s.time / 1000, s.time / 1000);
        files.push(p);
        return;
      case 'dir':
        fs.mkdirSync(p);
        for (const [n, k] of s.kids) make(Buffer.concat([p, b('/'), n]), k);
        modes.push([p, s.mode]);
        return;
      case 'symlink':
        fs.symlinkSync(s.to === 'inside' ? '.' : s.to === 'outside' ? base : 'no-such-target', p);
        return;
      case 'hardlink':
        links.push([p, s.k]);
        return;
      default:
        special(s.t, p);
    }
  };
  fs.mkdirSync(root);
  for (const [n, k] of spec.kids) make(Buffer.concat([root, b('/'), n]), k);
  for (const [p, k] of links) fs.linkSync(k % 7 === 0 || files.length === 0 ? outsideFile : files[k % files.length]!, p);
  for (const [p, mode] of modes.reverse()) fs.chmodSync(p, mode);
  fs.chmodSync(root, spec.mode);
}

/**
 * The entries with every field as an own one: scan() gives entries whose numbers, path and fingerprint are read
 * through getters (src/scan/entry.ts), which a deep equality with the oracle's plain objects does not look at.
 */
const plain = <T,>(r: T | ScanResult): T | ScanResult => (typeof r === 'object' && r !== null && 'entries' in r ? { ...r, entries: r.entries.map(plainEntry) } : r);

const SHAPES: (ScanOptions['entries'] | undefined)[] = [undefined, { kind: 'files' }, { kind: 'depth', depth: 2 }];

/** Run as nobody for the length of `f` (effective uid only: the saved uid stays root, so it comes back). */
function asUser<T>(nobody: boolean, f: () => T): T {
  if (!nobody) return f();
  process.seteuid!(65534);
  try {
    return f();
  } finally {
    process.seteuid!(0);
  }
}

describe('scan through readDirStats equals the scan through lstatSync (fuzz)', () => {
  test('same result on random trees, every shape, as root and as nobody', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom(...SHAPES), fc.boolean(), fc.constantFrom('auto', 'generic', 'ccache', 'pip'), (spec, entries, nobody, layout) => {
        const root = path.join(base, `t${run++}`);
        build(b(root), spec as Extract<Spec, { t: 'dir' }>);
        try {
          const opts: ScanOptions = { layout, ...(entries ? { entries } : {}) };
          const [got, want] = asUser(nobody, () => {
            const g = (() => {
              try {
                return scan(root, opts);
              } catch (err) {
                return `throws ${(err as NodeJS.ErrnoException).code}`;
              }
            })();
            try {
              return [g, referenceScan(root, opts)];
            } catch (err) {
              return [g, `throws ${(err as NodeJS.ErrnoException).code}`];
            }
          });
          expect(plain(got)).toStrictEqual(want);
        } finally {
          spawnSync('chmod', ['-R', 'u+rwx', root]);
          fs.rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 200 },
    );
  });

  test('a name past U+FFFF, one in U+E000..U+FFFF and raw bytes: walked in the same (UTF-16) order as before', () => {
    const root = path.join(base, 'order');
    const names = ['😀a', 'ｚ', 'a', 'Z', '\uFFFD'].map(b).concat([Buffer.from([0xff]), Buffer.from([0xc3, 0x28])]);
    build(b(root), { t: 'dir', mode: 0o755, kids: names.map((n, i) => [n, { t: 'dir', mode: 0o755, kids: [[b('f'), { t: 'file', size: i, time: 0 }]] }]) });
    const got = scan(root, { entries: { kind: 'files' } });
    expect(plain(got)).toStrictEqual(referenceScan(root, { entries: { kind: 'files' } }));
    expect(got.entries.map((e) => e.name)).toEqual(got.entries.map((e) => e.name).sort());
  });
});

describe('names vanishing while the scan runs', () => {
  test('another process deleting files and directories: never an exception, a warning or an unreadable path', async () => {
    const root = path.join(base, 'vanish');
    for (let d = 0; d < 40; d++) {
      for (let f = 0; f < 100; f++) {
        fs.mkdirSync(path.join(root, `d${d}`, `s${f % 5}`), { recursive: true });
        fs.writeFileSync(path.join(root, `d${d}`, `s${f % 5}`, `f${f}`), 'x');
      }
    }
    const deleter = spawn('rm', ['-rf', root]);
    const done = new Promise((r) => deleter.on('exit', r));
    let scans = 0;
    for (; scans < 200 && fs.existsSync(root); scans++) {
      for (const entries of SHAPES) {
        let r;
        try {
          r = scan(root, entries ? { entries } : {});
        } catch (err) {
          expect((err as NodeJS.ErrnoException).code).toBe('ENOENT'); // the root itself went
          continue;
        }
        expect({ warnings: r.warnings, unreadable: r.unreadable }).toEqual({ warnings: [], unreadable: [] });
      }
      await new Promise((r) => setImmediate(r));
    }
    await done;
    expect(scans).toBeGreaterThan(0);
  });
});
