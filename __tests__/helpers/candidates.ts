import type { Candidate } from '../../src/policy/strategy.js';
import type { Entry, Usage } from '../../src/shared/types.js';

export const MiB = 1024 * 1024;

/** What a test may set of an entry beyond its name, size and time: any field, and the device and inode of its identity. */
export type EntryExtra = Partial<Entry> & { dev?: number; ino?: number };

/** An entry as the scanner would give it (pure data, no disk): a file under /srv/cache, on device 1, inode the name's length. */
export function fakeEntry(name: string, bytes: number, timeMs = 0, extra: EntryExtra = {}): Entry {
  const { dev = 1, ino = name.length, ...fields } = extra;
  return {
    name,
    path: `/srv/cache/${name}`,
    kind: 'file',
    class: 'file',
    partial: false,
    unknown: false,
    bytes,
    allocatedBytes: bytes,
    apparentBytes: bytes,
    mtimeMs: timeMs,
    atimeMs: timeMs,
    fingerprint: { dev, ino, kind: 'file', apparentBytes: bytes, mtimeMs: timeMs, nodes: 1 },
    warnings: [],
    ...fields,
  };
}

/** A ranking candidate: name, size, and usage (last used, hits, hit times, GDSF base). */
export function cand(name: string, bytes: number, u: Partial<Usage> & { lastUsedMs: number }, now = 0): Candidate {
  const usage: Usage = { hits: 0, inUse: [], pinned: false, ...u };
  if (u.hitTimesMs && u.hits === undefined) usage.hits = u.hitTimesMs.length;
  return { entry: fakeEntry(name, bytes, u.lastUsedMs), usage, idleMs: now - u.lastUsedMs };
}

export const names = (cs: readonly Candidate[]): string[] => cs.map((c) => c.entry.name);
