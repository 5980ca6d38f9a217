// What a heap holds, by V8's node type and, for objects, constructor name: for the scripts that count what a plan or
// a merge keeps per entry (heap-per-entry.mjs, merge-heap.mjs), after a full collection (run with --expose-gc).
import v8 from 'node:v8';

export async function heapCounts() {
  globalThis.gc();
  const text = await new Promise((resolve, reject) => {
    const parts = [];
    v8.getHeapSnapshot().on('data', (c) => parts.push(c)).on('end', () => resolve(parts.join(''))).on('error', reject);
  });
  const snap = JSON.parse(text);
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [type, name, width] = [fields.indexOf('type'), fields.indexOf('name'), fields.length];
  const counts = {};
  for (let i = 0; i < snap.nodes.length; i += width) {
    const t = types[snap.nodes[i + type]];
    const k = t === 'object' ? `object:${snap.strings[snap.nodes[i + name]]}` : t;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
