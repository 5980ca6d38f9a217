import { identityKey } from './read.js';

/**
 * Raw hits per identity (name, device, inode) as a plan saw them, for the re-check before each deletion. A slot per
 * name (the entry's own string, already live) and numbers in typed arrays, not a `name\0dev\0ino` string per entry:
 * at 150,000 entries with hits those strings and their map were 29 MiB kept for the whole run.
 */
export class SeenHits {
  private readonly slot = new Map<string, number>();
  private readonly identity: Float64Array;
  private readonly hits: Float64Array;
  /** A second live identity under a name already seen (a file replaced, not yet found gone by a run). */
  private readonly more = new Map<string, number>();

  /** `rows` identities (at most) with their names and hits, in the order given. */
  constructor(rows: number, name: (k: number) => string, dev: (k: number) => number, ino: (k: number) => number, hits: (k: number) => number) {
    this.identity = new Float64Array(2 * rows);
    this.hits = new Float64Array(rows);
    for (let k = 0; k < rows; k++) this.set(name(k), dev(k), ino(k), hits(k));
  }

  private set(name: string, dev: number, ino: number, hits: number): void {
    const k = this.slot.get(name);
    if (k === undefined) {
      const at = this.slot.size;
      this.slot.set(name, at);
      this.identity[2 * at] = dev;
      this.identity[2 * at + 1] = ino;
      this.hits[at] = hits;
    } else if (this.identity[2 * k] === dev && this.identity[2 * k + 1] === ino) this.hits[k] = hits;
    else this.more.set(identityKey(name, dev, ino), hits);
  }

  /** The hits seen for this identity, 0 when none. */
  get(name: string, dev: number, ino: number): number {
    const k = this.slot.get(name);
    if (k !== undefined && this.identity[2 * k] === dev && this.identity[2 * k + 1] === ino) return this.hits[k]!;
    return this.more.get(identityKey(name, dev, ino)) ?? 0;
  }
}
