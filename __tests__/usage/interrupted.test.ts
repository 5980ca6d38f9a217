import { classifyIntents, type Found } from '../../src/usage/interrupted.js';
import type { OpenIntent } from '../../src/usage/store/intents.js';

/** An open intent of run `runId` for `name` (device 1, inode `ino`), planned with `nodes` nodes. */
function intent(id: number, name: string, ino: number, nodes: number, runId = 1, reason = 'expired'): OpenIntent {
  return {
    id,
    runId,
    name,
    dev: 1,
    ino,
    nodes,
    kind: nodes > 1 ? 'dir' : 'file',
    class: 'dir',
    reason,
    detail: null,
    strategy: 'age',
    how: 'planned',
    bytes: 4096,
    apparentBytes: 4096,
    hits: 0,
    lastUsedMs: null,
    atMs: 1000 * id,
  };
}

describe('classifyIntents: what an open intent means for the next run', () => {
  const open = [
    intent(1, 'half', 10, 40_001),
    intent(2, 'gone', 11, 500),
    intent(3, 'replaced', 12, 3),
    intent(4, 'untouched', 13, 7),
    intent(5, 'written-into', 14, 7),
    intent(6, 'file', 15, 1),
    intent(7, 'elsewhere', 16, 9),
  ];
  const now: Record<string, Found | null | undefined> = {
    half: { dev: 1, ino: 10, nodes: 33_000 }, // some nodes removed: the deletion began
    gone: null,
    replaced: { dev: 1, ino: 99, nodes: 3 }, // a new inode under the name: the old one went
    untouched: { dev: 1, ino: 13, nodes: 7 },
    'written-into': { dev: 1, ino: 14, nodes: 9 }, // more nodes than planned: nothing of it was deleted
    file: { dev: 1, ino: 15, nodes: 1 }, // a file is one unlink: there or gone, never half
    elsewhere: undefined, // the run cannot tell (not an entry of its scan): left open
  };
  const found = classifyIntents(open, (n) => now[n]);

  it('calls a deletion interrupted only when the same inode holds fewer nodes than planned', () => {
    expect([...found.interrupted.keys()]).toEqual(['half']);
    expect(found.interrupted.get('half')).toEqual({ runId: 1, sinceMs: 1000, reason: 'expired', strategy: 'age', plannedNodes: 40_001 });
  });

  it('finds the entries gone (or replaced) and the ones never touched, and leaves what it cannot tell', () => {
    expect(found.gone.map((i) => i.name)).toEqual(['gone', 'replaced']);
    expect(found.notStarted.map((i) => i.name)).toEqual(['untouched', 'written-into', 'file']);
  });

  it('keeps the oldest intent of an entry that two runs began, and closes the later one that did not touch it', () => {
    // Run 1 began (40,001 nodes planned); run 2 planned it again at 33,000 and died before reaching it.
    const twice = classifyIntents([intent(1, 'half', 10, 40_001, 1), intent(2, 'half', 10, 33_000, 2, 'interrupted')], () => ({ dev: 1, ino: 10, nodes: 33_000 }));
    expect(twice.interrupted.get('half')).toEqual(expect.objectContaining({ runId: 1, reason: 'expired', plannedNodes: 40_001 }));
    expect(twice.notStarted.map((i) => i.runId)).toEqual([2]);
  });
});
