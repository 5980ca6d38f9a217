// Run by __tests__/usage/merge-heap.test.ts in a process of its own (node --expose-gc FILE DIST N): merges the usages
// of N entries that each have a row of the usage store's block (as a plan of a cache the store knows), one of them
// pinned, through the built library, drops everything but the merged usages and what they hold, and counts that heap
// by V8's node type and, for objects, constructor name. Prints one JSON line.
import path from 'node:path';
import { heapCounts } from './heap-count.mjs';

const [dist, count] = process.argv.slice(2);
const n = Number(count);
const { mergeUsage } = await import(path.join(dist, 'usage', 'merge.js'));

/** An entry of its own class, so that an object per entry the merge makes is told apart from the entries. */
class FakeEntry {
  constructor(i) {
    this.name = `e${String(i).padStart(6, '0')}.img`;
    this.mtimeMs = 1.7e12 + i * 1000.5;
    this.atimeMs = this.mtimeMs + 0.25;
  }
}

function merged() {
  const entries = Array.from({ length: n }, (_, i) => new FakeEntry(i));
  const rows = {
    kind: 'rows',
    entries,
    rowOf: Int32Array.from(entries, (_, i) => i),
    firstSeenMs: entries.map((_, i) => 1.69e12 + i * 0.5),
    uses: Float64Array.from(entries, (_, i) => i % 3),
    lastUseMs: Float64Array.from(entries, (_, i) => 1.7e12 + i * 1001.5),
    weight: Float64Array.from(entries, (_, i) => (i % 3) * 0.75),
    halfLifeMs: 7 * 86_400_000,
    firstRunMs: 1.69e12 + n / 4,
  };
  return mergeUsage(entries, [rows, { name: entries[0].name, pinned: true }]);
}

const usage = merged();
const counts = await heapCounts();
// (the usages read after the snapshot: alive while it is taken)
console.log(JSON.stringify({ entries: usage.size, pinned: usage.get('e000000.img').pinned, counts }));
