import type { Slots } from './slots.js';
import type { CachedObject } from './types.js';

/**
 * The cached objects of a mirror policy as the planner would see them: `t` is the last request's index,
 * `cnt` the requests since admission, `q` the GDSF base.
 */
export function snapshotOf(s: Slots, slots: Iterable<number>): CachedObject[] {
  const out: CachedObject[] = [];
  for (const x of slots) {
    out.push({ key: s.keys[x]!, size: s.size[x]!, lastAccess: s.t[x]!, hits: s.cnt[x]!, gdsfBase: s.q[x]! });
  }
  return out;
}
