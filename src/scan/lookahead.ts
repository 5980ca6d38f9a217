import type { Listing } from './listing.js';
import { childPath, isDirMode, listDir, listDirs, STAT } from './listing.js';

/** A directory's listing, or the error listing it gave. */
export type Got = Listing | NodeJS.ErrnoException;

/**
 * Directories the walk will enter, listed a batch at a time before their turn (listDirs: several threads, one
 * directory each). A sharded cache (256 x 256 shards of ~15 files) is 65,536 small directories: too small to split
 * one by one, and their open, getdents and fstatat calls were the scan's largest cost, one after the other.
 *
 * Nothing but the time of reading changes: the walk still takes each listing (or its error: warned about then, in
 * the walk's order, as before) when it comes to that directory, and only directories it will enter are read, by the
 * walk's own test (`enters`). A directory read ahead may change before its turn: so may one read in its turn,
 * before its names are visited; a scan is a snapshot of a tree in motion either way.
 */
export class Lookahead {
  private readonly ready = new Map<string, Got>();

  /** `enters(rel, depth, l, i)`: does the walk enter name `i` of `l`, a directory whose lstat succeeded? */
  constructor(
    private readonly base: string,
    private readonly enters: (rel: string, depth: number, l: Listing, i: number) => boolean,
  ) {}

  /**
   * Read the next batch among names order[from..] of `l` (at `depth`, their paths `prefix` + name); returns where
   * the batch's names end, the position at which to read the next one. A directory large enough to be split over
   * threads by itself is left to be read in its turn (then listDir splits it), and so is a lone one.
   */
  read(prefix: string, depth: number, l: Listing, order: readonly number[], from: number): number {
    const rels: string[] = [];
    let bytes = 0;
    let k = from;
    for (; k < order.length && rels.length < BATCH && bytes < BATCH_DIR_BYTES; k++) {
      const i = order[k]!;
      const o = i * STAT.fields;
      if (l.errs[i] !== 0 || !isDirMode(l.stats[o + STAT.mode]!) || l.stats[o + STAT.size]! > LARGE_DIR_BYTES) continue;
      const rel = `${prefix}${l.names[i]}`;
      if (!this.enters(rel, depth, l, i)) continue;
      rels.push(rel);
      bytes += l.stats[o + STAT.size]!;
    }
    if (rels.length > 1) {
      const got = listDirs(rels.map((rel) => childPath(this.base, rel)));
      rels.forEach((rel, n) => this.ready.set(rel, got[n]!));
    }
    return k;
  }

  /** The listing read ahead for this path, once; undefined when it was not. */
  take(rel: string): Got | undefined {
    const got = this.ready.get(rel);
    if (got !== undefined) this.ready.delete(rel);
    return got;
  }
}

/**
 * The same for measure.ts' walk inside a directory entry, depth first from a stack of paths: every path on the
 * stack is listed exactly once, when popped, so the top ones not yet read are read together; the walk takes each
 * listing or error when it pops its path, in the order it always did.
 */
export class StackAhead {
  private readonly ready = new Map<string, Got>();

  /** The listing (or error) of the stack's top path, which the caller then pops; `sizes` are their st_size. */
  take(stack: readonly string[], sizes: readonly number[]): Got {
    const top = stack[stack.length - 1]!;
    const got = this.ready.get(top);
    if (got !== undefined) {
      this.ready.delete(top);
      return got;
    }
    let bytes = sizes[sizes.length - 1]!;
    if (bytes > LARGE_DIR_BYTES) return listOne(top);
    const batch: string[] = [top];
    for (let k = stack.length - 2; k >= 0 && batch.length < BATCH && bytes < BATCH_DIR_BYTES; k--) {
      if (this.ready.has(stack[k]!) || sizes[k]! > LARGE_DIR_BYTES) continue;
      batch.push(stack[k]!);
      bytes += sizes[k]!;
    }
    if (batch.length === 1) return listOne(top);
    const all = listDirs(batch);
    for (let n = 1; n < batch.length; n++) this.ready.set(batch[n]!, all[n]!);
    return all[0]!;
  }
}

/** listDir, its error returned. */
export function listOne(dir: string): Got {
  try {
    return listDir(dir);
  } catch (err) {
    return err as NodeJS.ErrnoException;
  }
}

/**
 * Directories per batch: enough that a batch (about 40 us a directory of 15 files) dwarfs starting its threads and
 * that the walk seldom waits at the end of one (on a loaded machine a thread that lost its CPU holds the batch up:
 * fewer batches, fewer waits), few enough that the listings waiting their turn stay small.
 */
const BATCH = 128;
/**
 * A directory's st_size grows with its names (ext4: 4 KiB blocks of ~100 to 200 names; tmpfs: 20 bytes a name):
 * a batch stops at this many bytes of directories, so that listings waiting their turn stay a few MB...
 */
const BATCH_DIR_BYTES = 4 * 1024 * 1024;
/** ...and a directory of some 10,000 names or more is read alone, split over threads (readDirStats). */
const LARGE_DIR_BYTES = 256 * 1024;
