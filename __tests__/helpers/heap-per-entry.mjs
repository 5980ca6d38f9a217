// Run by __tests__/core/heap-per-entry.test.ts in a process of its own (node --expose-gc FILE DIST N): plans a cache
// of N empty files (every other one old enough to go) through the built library, then counts what its heap holds
// while the plan is alive, by V8's node type and, for objects, constructor name. Prints one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { heapCounts } from './heap-count.mjs';

const [dist, count] = process.argv.slice(2);
const n = Number(count);
const { planCache } = await import(path.join(dist, 'core', 'api.js'));
const { planOptionsFrom } = await import(path.join(dist, 'config', 'options.js'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-heap-'));
try {
  const cache = path.join(dir, 'cache');
  fs.mkdirSync(cache);
  const old = new Date(Date.now() - 40 * 86_400_000);
  for (let i = 0; i < n; i++) {
    const f = path.join(cache, `e${String(i).padStart(6, '0')}.img`);
    fs.writeFileSync(f, '');
    if (i % 2) fs.utimesSync(f, old, old);
  }
  const plan = await planCache({ root: cache, stateDir: path.join(dir, 'state'), plan: planOptionsFrom({ maxAge: '30d' }) });
  const counts = await heapCounts();
  // (the plan read after the snapshot: alive while it is taken)
  console.log(JSON.stringify({ entries: plan.count, victims: [...plan.victims()].length, counts }));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
