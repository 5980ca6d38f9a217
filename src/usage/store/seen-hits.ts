import { identityKey } from './read.js';

/**
 * Raw hits per identity (name, device, inode) as a plan saw them, for the re-check before each deletion. Names (the
 * entries' own strings, already live) and numbers in typed arrays, not a `name\0dev\0ino` string per entry: at
 * 150,000 entries with hits those strings and their map were 29 MiB kept for the whole run. The map from name to slot
 * is made at the first re-check: a plan that deletes nothing (`plan`, a dry run) never asks.
 */
export class SeenHits {
  private readonly names: string[] = [];
  private readonly identity: Float64Array;
  private readonly hits: Float64Array;
  private index: { slot: Map<string, number>; more: Map<string, number> } | undefined;

  /** `rows` identities with their names and hits, in the order given. */
  constructor(rows: number, name: (k: number) => string, dev: (k: number) => number, ino: (k: number) => number, hits: (k: number) => number) {
    this.identity = new Float64Array(2 * rows);
    this.hits = new Float64Array(rows);
    for (let k = 0; k < rows; k++) {
      this.names.push(name(k));
      this.identity[2 * k] = dev(k);
      this.identity[2 * k + 1] = ino(k);
      this.hits[k] = hits(k);
    }
  }

  private same(k: number, dev: number, ino: number): boolean {
    return this.identity[2 * k] === dev && this.identity[2 * k + 1] === ino;
  }

  /** A slot per name (its first identity); a second live identity under one name (a file replaced, not yet found gone by a run) by key. */
  private made(): { slot: Map<string, number>; more: Map<string, number> } {
    const slot = new Map<string, number>();
    const more = new Map<string, number>();
    this.names.forEach((name, k) => {
      const first = slot.get(name);
      if (first === undefined) slot.set(name, k);
      else if (this.same(first, this.identity[2 * k]!, this.identity[2 * k + 1]!)) this.hits[first] = this.hits[k]!;
      else more.set(identityKey(name, this.identity[2 * k]!, this.identity[2 * k + 1]!), this.hits[k]!);
    });
    return { slot, more };
  }

  /** The hits seen for this identity, 0 when none. */
  get(name: string, dev: number, ino: number): number {
    const { slot, more } = (this.index ??= this.made());
    const k = slot.get(name);
    if (k !== undefined && this.same(k, dev, ino)) return this.hits[k]!;
    return more.get(identityKey(name, dev, ino)) ?? 0;
  }
}
