import { identityKey } from './read.js';

/**
 * Raw hits per identity (name, device, inode) as a plan saw them, for the re-check before each deletion. Kept as
 * numbers in a slot per name (the name is the entry's own string, already live), not as a `name\0dev\0ino` string per
 * entry: at 150,000 entries with hits those strings and their map were 11 MiB for the whole run.
 */
export class SeenHits {
  private readonly slot = new Map<string, number>();
  private readonly dev: number[] = [];
  private readonly ino: number[] = [];
  private readonly hits: number[] = [];
  /** A second live identity under a name the store already had (a file replaced, not yet seen gone by a run). */
  private readonly more = new Map<string, number>();

  set(name: string, dev: number, ino: number, hits: number): void {
    const k = this.slot.get(name);
    if (k === undefined) {
      this.slot.set(name, this.hits.length);
      this.dev.push(dev);
      this.ino.push(ino);
      this.hits.push(hits);
    } else if (this.dev[k] === dev && this.ino[k] === ino) this.hits[k] = hits;
    else this.more.set(identityKey(name, dev, ino), hits);
  }

  /** The hits seen for this identity, 0 when none. */
  get(name: string, dev: number, ino: number): number {
    const k = this.slot.get(name);
    if (k !== undefined && this.dev[k] === dev && this.ino[k] === ino) return this.hits[k]!;
    return this.more.get(identityKey(name, dev, ino)) ?? 0;
  }
}
