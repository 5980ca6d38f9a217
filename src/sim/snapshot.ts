import type { StateValues } from '../policy/strategy.js';
import type { Slots } from './slots.js';
import type { CachedObject } from './types.js';

/**
 * The cached objects of a mirror policy as the planner would see them: `t` is the last request's index,
 * `cnt` the requests since admission; `stateAt`, for a strategy with state, its state at the slot's last request.
 */
export function snapshotOf(s: Slots, slots: Iterable<number>, stateAt?: (x: number) => StateValues): CachedObject[] {
  const out: CachedObject[] = [];
  for (const x of slots) {
    const o: CachedObject = { key: s.keys[x]!, size: s.size[x]!, lastAccess: s.t[x]!, hits: s.cnt[x]! };
    if (stateAt) o.stateAtUse = stateAt(x);
    out.push(o);
  }
  return out;
}
