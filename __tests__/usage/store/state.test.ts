import { gdsf } from '../../../src/policy/gdsf.js';
import { stateView } from '../../../src/policy/state.js';
import type { Entry } from '../../../src/shared/types.js';
import { readState } from '../../../src/usage/store/state.js';
import type { UsageStore } from '../../../src/usage/store/store.js';
import { finishRun, recordHit, recordRun } from '../../../src/usage/store/write.js';
import { cand } from '../../helpers/candidates.js';
import { fakeEntry, identityOf as id, seenOf as seen } from '../../helpers/fixtures.js';
import { storePerTest } from '../../helpers/store.js';

const ROOT = '/srv/cache';
const OTHER = '/srv/other';
const outcome = { finishedMs: 2, deleted: 0, freedBytes: 0, interrupted: false };

let store: UsageStore;
storePerTest((s) => (store = s), 'cachesweep-state-');

/** A clean run of `strategy` that leaves `values` (and sees `entries`). */
function cleanLeaving(values: Record<string, number>, entries: { e: Entry; inUse?: string[] }[] = [], root = ROOT, strategy = 'gdsf'): void {
  const { runId } = recordRun(store, root, { startedMs: 1, strategy, layout: 'generic', plannedEvict: 0 }, entries.map((x) => seen(x.e, x.inUse)));
  finishRun(store, root, runId, outcome, { strategy, values });
}

/** gdsf's L for each entry, as a plan would rank with it. */
function lOf(entries: Entry[]): Record<string, number> {
  const view = stateView(gdsf.state!.initial, readState(store, ROOT, 'gdsf', entries));
  return Object.fromEntries(entries.map((e) => [e.name, view.atUse(cand(e.name, e.bytes, { lastUsedMs: 0 })).L]));
}

describe('strategy state in the usage store', () => {
  it('is kept per root and strategy, as the last clean left it', () => {
    expect(readState(store, ROOT, 'gdsf', [])).toEqual({ root: {}, atUse: new Map() });
    cleanLeaving({ L: 3 });
    cleanLeaving({ L: 1.5, other: 2 });
    cleanLeaving({ p: 9 }, [], ROOT, 'another');
    cleanLeaving({ L: 7 }, [], OTHER);
    expect(readState(store, ROOT, 'gdsf', []).root).toEqual({ L: 1.5, other: 2 });
    expect(readState(store, ROOT, 'another', []).root).toEqual({ p: 9 });
    expect(readState(store, OTHER, 'gdsf', []).root).toEqual({ L: 7 });
  });

  it('stores only finite numbers', () => {
    cleanLeaving({ L: 2 });
    cleanLeaving({ L: Number.NaN, M: Infinity });
    expect(readState(store, ROOT, 'gdsf', []).root).toEqual({ L: 2 });
  });

  it('is copied to an entry at each use of it: first seen, touch, seen in use; an entry new to the store has the current state', () => {
    const old = fakeEntry('old', 1);
    const fresh = fakeEntry('fresh', 2);
    const busy = fakeEntry('busy', 3);
    recordHit(store, ROOT, id(old), 10); // recorded while L is still 0 (no row at all)
    cleanLeaving({ L: 3 }, [{ e: old }]); // seen again, not used: keeps its L
    expect(lOf([old, fresh])).toEqual({ old: 0, fresh: 3 });
    expect(readState(store, ROOT, 'gdsf', [old, fresh]).atUse).toEqual(new Map([['old', {}]]));
    recordHit(store, ROOT, id(old), 20); // a use: its L moves to the current one
    cleanLeaving({ L: 5 }, [{ e: old }, { e: busy, inUse: ['open by pid 1'] }, { e: fresh }]);
    expect(lOf([old, fresh, busy])).toEqual({ old: 3, fresh: 3, busy: 3 });
    cleanLeaving({ L: 6 }, [{ e: old }, { e: busy, inUse: ['open by pid 1'] }, { e: fresh }]);
    expect(lOf([old, fresh, busy])).toEqual({ old: 3, fresh: 3, busy: 5 });
  });

  it('belongs to the same name on the same device and inode: a replaced file is new to the store', () => {
    const a = fakeEntry('a', 1);
    cleanLeaving({ L: 2 });
    cleanLeaving({ L: 4 }, [{ e: a }]); // first seen while L was 2
    const replaced: Entry = { ...a, fingerprint: { ...a.fingerprint, ino: 99 } };
    expect(lOf([a])).toEqual({ a: 2 });
    expect(lOf([replaced])).toEqual({ a: 4 });
  });
});
