// What a V8 heap snapshot holds, grouped, and who holds it. Reusable on any .heapsnapshot (node's
// v8.writeHeapSnapshot(), --heapsnapshot-signal, or `plan-stages.mjs ... --snapshot DIR`):
//   node --max-old-space-size=6000 scripts/bench/heap-groups.mjs FILE.heapsnapshot [--per N] [--top K] [--retainers K]
// Groups the nodes by type and constructor (`object:Map`, `array:(object elements)`, `string`, `number` for a heap
// number: a boxed double, ...) and prints each group's count and self size, biggest first, and with --per N (the
// entry count) the bytes per entry. Then, for the --retainers K biggest groups, what holds their nodes: the retaining
// node's group and the edge's name (`Map / table`, `Entry / name`), by bytes of the held nodes. Weak edges are left
// out (they hold nothing); a node held from k places counts 1/k of its bytes at each. One level only: for a chain, group by the retainer and read its own retainers in the
// same table. Self size only, no retained size: a dominator tree of millions of nodes costs more than the question.
import fs from 'node:fs';

const args = process.argv.slice(2);
const file = args[0];
if (!file) throw new Error('usage: node scripts/bench/heap-groups.mjs FILE.heapsnapshot [--per N] [--top K] [--retainers K]');
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const per = opt('--per', 0);
const top = opt('--top', 30);
const retainerGroups = opt('--retainers', 8);
const biggest = opt('--biggest', 0);

const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
const meta = snap.snapshot.meta;
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const nType = meta.node_fields.indexOf('type');
const nName = meta.node_fields.indexOf('name');
const nSize = meta.node_fields.indexOf('self_size');
const nEdges = meta.node_fields.indexOf('edge_count');
const eType = meta.edge_fields.indexOf('type');
const eName = meta.edge_fields.indexOf('name_or_index');
const eTo = meta.edge_fields.indexOf('to_node');
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const { nodes, edges, strings } = snap;
const count = nodes.length / NF;

const firstEdge = new Uint32Array(count + 1);
for (let i = 0, e = 0; i < count; i++) {
  firstEdge[i] = e;
  e += nodes[i * NF + nEdges] * EF;
  firstEdge[i + 1] = e;
}
// A plain object's group names its first property keys: `object:Object{entry,usage,idleMs}`, so that a usage and
// a planned entry are told apart (both are `Object` to V8).
function keysOf(i) {
  const keys = [];
  for (let e = firstEdge[i]; e < firstEdge[i + 1] && keys.length < 4; e += EF) {
    if (edgeTypes[edges[e + eType]] === 'property') {
      const k = strings[edges[e + eName]];
      if (k !== '__proto__' && k !== 'map') keys.push(k);
    }
  }
  return `{${keys.join(',')}}`;
}
// A string's group is its kind, not its text: a million names are one group.
function groupOf(i) {
  const type = nodeTypes[nodes[i * NF + nType]];
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return type;
  if (type === 'number') return 'number (heap number)';
  const name = strings[nodes[i * NF + nName]];
  const short = name.length > 40 ? `${name.slice(0, 37)}...` : name;
  return type === 'object' && name === 'Object' ? `object:Object${keysOf(i)}` : `${type}:${short}`;
}
const groupIds = new Map();
const groupNames = [];
const nodeGroup = new Int32Array(count);
for (let i = 0; i < count; i++) {
  const g = groupOf(i);
  let id = groupIds.get(g);
  if (id === undefined) {
    id = groupNames.length;
    groupIds.set(g, id);
    groupNames.push(g);
  }
  nodeGroup[i] = id;
}
const gCount = new Float64Array(groupNames.length);
const gSize = new Float64Array(groupNames.length);
let total = 0;
for (let i = 0; i < count; i++) {
  const s = nodes[i * NF + nSize];
  gCount[nodeGroup[i]]++;
  gSize[nodeGroup[i]] += s;
  total += s;
}
const order = [...groupNames.keys()].sort((a, b) => gSize[b] - gSize[a]);
const MiB = 2 ** 20;
const perCol = (bytes) => (per ? (bytes / per).toFixed(1).padStart(9) : '');
console.log(`${file}: ${count} nodes, ${(total / MiB).toFixed(1)} MiB self size${per ? `, ${(total / per).toFixed(0)} B per entry (${per})` : ''}`);
console.log(`${'group'.padEnd(62)} ${'count'.padStart(9)} ${'MiB'.padStart(7)}${per ? '  B/entry' : ''}`);
for (const g of order.slice(0, top)) {
  console.log(`${groupNames[g].padEnd(62)} ${String(gCount[g]).padStart(9)} ${(gSize[g] / MiB).toFixed(1).padStart(7)}${perCol(gSize[g])}`);
}

// The biggest single nodes (a Map's table, an ArrayBuffer's store) and a path that holds them, up to a few steps.
const firstHolder = new Int32Array(count).fill(-1);
const firstHolderEdge = new Int32Array(count).fill(-1);
for (let from = 0; from < count; from++) {
  for (let e = firstEdge[from]; e < firstEdge[from + 1]; e += EF) {
    const type = edgeTypes[edges[e + eType]];
    if (type === 'weak' || type === 'shortcut') continue;
    const to = edges[e + eTo] / NF;
    const fromType = nodeTypes[nodes[from * NF + nType]];
    // Prefer a holder from the program's own objects to one of V8's internal lists.
    if (firstHolder[to] < 0 || (fromType !== 'synthetic' && fromType !== 'hidden' && fromType !== 'code')) {
      if (firstHolder[to] < 0 || nodeTypes[nodes[firstHolder[to] * NF + nType]] !== 'object') {
        firstHolder[to] = from;
        firstHolderEdge[to] = e;
      }
    }
  }
}
function edgeLabel(e) {
  const type = edgeTypes[edges[e + eType]];
  return type === 'element' || type === 'hidden' ? `[${edges[e + eName]}]` : String(strings[edges[e + eName]]);
}
if (biggest) {
  const bySize = [...Array(count).keys()].sort((a, b) => nodes[b * NF + nSize] - nodes[a * NF + nSize]).slice(0, biggest);
  console.log(`
biggest nodes, with a path that holds them:`);
  for (const i of bySize) {
    const path = [];
    for (let n = i, step = 0; step < 6 && firstHolder[n] >= 0; step++, n = firstHolder[n]) {
      path.push(`${groupNames[nodeGroup[firstHolder[n]]]}.${edgeLabel(firstHolderEdge[n])}`);
    }
    console.log(`  ${(nodes[i * NF + nSize] / MiB).toFixed(2).padStart(6)} MiB ${groupNames[nodeGroup[i]]} <- ${path.join(' <- ')}`);
  }
}

// Retainers of the biggest groups: for each edge into a node of a watched group, the source's group and edge name.
// A node held from k places counts 1/k of its bytes at each, so a group's rows add up to its self size.
const watched = new Map(order.slice(0, retainerGroups).map((g, k) => [g, k]));
const held = watched.size ? [...watched.keys()].map(() => new Map()) : [];
const holders = new Uint32Array(count);
for (let e = 0; e < edges.length; e += EF) {
  if (edgeTypes[edges[e + eType]] !== 'weak') holders[edges[e + eTo] / NF]++;
}
let edgeIndex = 0;
for (let from = 0; from < count; from++) {
  const n = nodes[from * NF + nEdges];
  for (let k = 0; k < n; k++, edgeIndex += EF) {
    const type = edgeTypes[edges[edgeIndex + eType]];
    if (type === 'weak') continue;
    const to = edges[edgeIndex + eTo] / NF;
    const w = watched.get(nodeGroup[to]);
    if (w === undefined) continue;
    const raw = edges[edgeIndex + eName];
    const label = type === 'element' || type === 'hidden' ? `[${type}]` : strings[raw];
    const key = `${groupNames[nodeGroup[from]]} / ${label}`;
    const row = held[w].get(key) ?? { count: 0, bytes: 0 };
    row.count++;
    row.bytes += nodes[to * NF + nSize] / holders[to];
    held[w].set(key, row);
  }
}
for (const [g, w] of watched) {
  console.log(`\nheld ${groupNames[g]} (${gCount[g]} nodes, ${(gSize[g] / MiB).toFixed(1)} MiB) by:`);
  const rows = [...held[w]].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 8);
  for (const [key, row] of rows) {
    console.log(`  ${key.slice(0, 80).padEnd(80)} ${String(row.count).padStart(9)} ${(row.bytes / MiB).toFixed(1).padStart(7)}${perCol(row.bytes)}`);
  }
}
