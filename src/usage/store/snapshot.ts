import fs from 'node:fs';

/** At most this many tries to read the file while no writer changes it. */
const TRIES = 5;

function statOrNull(p: string): fs.BigIntStats | null {
  try {
    return fs.statSync(p, { bigint: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function same(a: fs.BigIntStats, b: fs.BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/**
 * The database file's bytes as one consistent snapshot, read without opening it through SQLite
 * (so nothing is created or locked): null when there is no file; 'live' when a writer's WAL holds
 * frames not yet in the file, or the file kept changing, and it must be opened read-only instead.
 * Consistent means: no WAL frames, and the file's identity, size and times are the same before and after the read.
 */
export function readSnapshot(file: string): Buffer | 'live' | null {
  for (let i = 0; i < TRIES; i++) {
    const before = statOrNull(file);
    if (before === null) return null;
    const wal = statOrNull(`${file}-wal`);
    if (wal !== null && wal.size > 0n) return 'live';
    const bytes = fs.readFileSync(file);
    const after = statOrNull(file);
    const walAfter = statOrNull(`${file}-wal`);
    if (after !== null && same(before, after) && BigInt(bytes.length) === after.size && (walAfter === null || walAfter.size === 0n)) {
      // A WAL-mode header (format bytes 2, 2) cannot be opened in memory; the copy is read as a rollback-journal database.
      if (bytes.length >= 100 && bytes[18] === 2 && bytes[19] === 2) {
        bytes[18] = 1;
        bytes[19] = 1;
      }
      return bytes;
    }
  }
  return 'live';
}
