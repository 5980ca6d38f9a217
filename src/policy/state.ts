import type { Candidate, StateValues, StateView } from './strategy.js';

/**
 * A strategy's state as the usage store holds it for one cache root (src/usage/store/state.ts reads it). A key
 * the store has no row for has the strategy's initial value: a root no clean run has left state for, or an entry
 * last used before the state had that key.
 */
export interface StoredState {
  /** The root's values, as the last clean run left them. */
  readonly root: StateValues;
  /** The root's values at each entry's last recorded use, by entry name, for every entry the store knows. */
  readonly atUse: ReadonlyMap<string, StateValues>;
}

/**
 * The view a strategy ranks with: the stored values over the strategy's initial ones. An entry the store does not
 * know arrived since the last run, so its last use is now: it gets the current state. Without a store every
 * entry has the initial state.
 */
export function stateView<S extends StateValues>(initial: S, stored?: StoredState): StateView<S> {
  const keys = Object.keys(initial);
  // `values` with the initial value for every key it lacks; `values` itself when it lacks none (no copy per entry).
  const complete = (values: StateValues): S => {
    for (const k of keys) if (!(k in values)) return { ...initial, ...values };
    return values as S;
  };
  const current = stored ? complete(stored.root) : initial;
  const atUse = stored?.atUse;
  return {
    current,
    atUse: (c: Candidate): S => {
      const at = atUse?.get(c.entry.name);
      return at === undefined ? current : complete(at);
    },
  };
}
