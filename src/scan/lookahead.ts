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
  private readonly parked: Parked;

  /** `enters(rel, depth, l, i)`: does the walk enter name `i` of `l`, a directory whose lstat succeeded? */
  constructor(
    base: string,
    private readonly enters: (rel: string, depth: number, l: Listing, i: number) => boolean,
  ) {
    this.parked = new Parked((rel) => childPath(base, rel));
  }

  /**
   * Read the next batch among names order[from..] of `l` (at `depth`, their paths `prefix` + name); returns where
   * the batch's names end, the position at which to read the next one. A directory large enough to be split over
   * threads by itself is left to be read in its turn (then listDir splits it), and so is a lone one.
   */
  read(prefix: string, depth: number, l: Listing, order: readonly number[], from: number): number {
    const batch = new Batch();
    let k = from;
    for (; k < order.length && batch.open(); k++) {
      const i = order[k]!;
      const o = i * STAT.fields;
      if (l.errs[i] !== 0 || !isDirMode(l.stats[o + STAT.mode]!) || !Batch.fits(l.stats[o + STAT.size]!)) continue;
      const rel = `${prefix}${l.names[i]}`;
      if (!this.enters(rel, depth, l, i)) continue;
      batch.add(rel, l.stats[o + STAT.size]!);
    }
    this.parked.readTogether(batch);
    return k;
  }

  /** The listing read ahead for this path, once; undefined when it was not. */
  take(rel: string): Got | undefined {
    return this.parked.take(rel);
  }
}

/**
 * The same for measure.ts' walk inside a directory entry, depth first from a stack of paths: every path on the
 * stack is listed exactly once, when popped, so the top ones not yet read are read together; the walk takes each
 * listing or error when it pops its path, in the order it always did.
 */
export class StackAhead {
  private readonly parked = new Parked((dir) => dir);

  /** The listing (or error) of the stack's top path, which the caller then pops; `sizes` are their st_size. */
  take(stack: readonly string[], sizes: readonly number[]): Got {
    const top = stack[stack.length - 1]!;
    const got = this.parked.take(top);
    if (got !== undefined) return got;
    const batch = new Batch();
    if (Batch.fits(sizes[sizes.length - 1]!)) {
      batch.add(top, sizes[sizes.length - 1]!);
      for (let k = stack.length - 2; k >= 0 && batch.open(); k--) {
        if (!this.parked.has(stack[k]!) && Batch.fits(sizes[k]!)) batch.add(stack[k]!, sizes[k]!);
      }
    }
    // Stack paths are distinct (a tree's directories), so the top's listing is the one parked under its path.
    this.parked.readTogether(batch);
    return this.parked.take(top) ?? listOne(top);
  }
}

/** Directories to list together, gathered under the three limits below (BATCH, BATCH_DIR_BYTES, LARGE_DIR_BYTES). */
class Batch {
  /** Lookahead's paths from its base, StackAhead's absolute ones: what the listings are parked under. */
  readonly keys: string[] = [];
  private bytes = 0;

  /** May a directory of this st_size share a batch? A larger one is read alone, split over threads (readDirStats). */
  static fits(size: number): boolean {
    return size <= LARGE_DIR_BYTES;
  }

  /** Room for one more directory? */
  open(): boolean {
    return this.keys.length < BATCH && this.bytes < BATCH_DIR_BYTES;
  }

  add(key: string, size: number): void {
    this.keys.push(key);
    this.bytes += size;
  }
}

/** Listings read ahead, each waiting for its turn under its key. */
class Parked {
  private readonly ready = new Map<string, Got>();

  /** `pathOf(key)`: the directory to list for a key. */
  constructor(private readonly pathOf: (key: string) => string) {}

  /**
   * List a batch's directories together (listDirs: several threads, one directory each) and park the listings. A
   * lone directory is not: read in its turn, listDir splits it over threads when it is large enough.
   */
  readTogether(batch: Batch): void {
    if (batch.keys.length < 2) return;
    const got = listDirs(batch.keys.map(this.pathOf));
    batch.keys.forEach((key, n) => this.ready.set(key, got[n]!));
  }

  has(key: string): boolean {
    return this.ready.has(key);
  }

  /** The listing parked under this key, once; undefined when there is none. */
  take(key: string): Got | undefined {
    const got = this.ready.get(key);
    if (got !== undefined) this.ready.delete(key);
    return got;
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
