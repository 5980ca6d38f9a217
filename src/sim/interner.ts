import type { Id, Key } from './types.js';

/**
 * Trace ids to policy ids: numeric ids stay as they are; text ids get -1, -2, ... in order of first appearance,
 * the same for every pass of one run. Only text ids cost memory here (one map entry per distinct text id).
 */
export class Interner {
  private readonly text = new Map<string, number>();

  id(k: Key): Id {
    if (typeof k === 'number') return k;
    let v = this.text.get(k);
    if (v === undefined) {
      v = -(this.text.size + 1);
      this.text.set(k, v);
    }
    return v;
  }
}
