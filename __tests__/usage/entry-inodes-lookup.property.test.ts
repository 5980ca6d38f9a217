import fc from 'fast-check';
import type { Entry } from '../../src/shared/types.js';
import { fileInodes } from '../../src/usage/entry-index.js';

/**
 * The detectors' inode index (entry-index.ts fileInodes: sorted keys of inode and position per device) answers as the
 * Map it replaced, set in the entries' order: the file entry of an inode, the later of two with one inode, never a
 * directory entry; nothing for an inode or device no file entry has. On random entries over a few devices, inodes
 * shared, directories among them, and inodes too large for the keys (then the Map itself). FC_SEED=<n> replays a seed.
 */
const SEED = Number(process.env.FC_SEED ?? 2026);

const entryOf = (dev: number, ino: number, kind: 'file' | 'dir', i: number): Entry => ({ name: `e${i}`, kind, fingerprint: { dev, ino } }) as unknown as Entry;

function oracle(entries: readonly Entry[]) {
  const t = new Map<number, Map<number, Entry>>();
  for (const e of entries) {
    if (e.kind === 'dir') continue;
    let m = t.get(e.fingerprint.dev);
    if (!m) t.set(e.fingerprint.dev, (m = new Map()));
    m.set(e.fingerprint.ino, e);
  }
  return (dev: number, ino: number) => t.get(dev)?.get(ino);
}

const ino = fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 40 }) }, fc.constantFrom(2 ** 32 - 1, 2 ** 40, 2 ** 52, Number.MAX_SAFE_INTEGER, 7.5));
const spec = fc.record({ dev: fc.integer({ min: 1, max: 3 }), ino, dir: fc.boolean() });

it('answers every inode as a Map of the file entries set in order would', () => {
  fc.assert(
    fc.property(fc.array(spec, { maxLength: 60 }), fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), ino), { maxLength: 20 }), (specs, asked) => {
      const entries = specs.map((s, i) => entryOf(s.dev, s.ino, s.dir ? 'dir' : 'file', i));
      const want = oracle(entries);
      const got = fileInodes(entries);
      for (const e of entries) expect(got.get(e.fingerprint.dev, e.fingerprint.ino)).toBe(want(e.fingerprint.dev, e.fingerprint.ino));
      for (const [dev, i] of asked) expect(got.get(dev, i)).toBe(want(dev, i));
    }),
    { seed: SEED, numRuns: 400 },
  );
});

it('a million entries over two devices: each found, an inode beyond them not', () => {
  const n = 1_000_000;
  const entries = Array.from({ length: n }, (_, i) => entryOf(1 + (i % 2), (i * 7919) % 3_000_017, 'file', i));
  const got = fileInodes(entries);
  for (let i = 0; i < n; i += 997) expect(got.get(entries[i]!.fingerprint.dev, entries[i]!.fingerprint.ino)).toBe(entries[i]);
  expect(got.get(1, 3_000_018)).toBeUndefined();
});
