import { replay, type ReplayResult } from '../../src/sim/engine.js';
import { getPolicy } from '../../src/sim/policies/registry.js';
import { csvTrace } from '../../src/sim/trace/csv.js';
import { tracePath } from '../helpers/traces.js';
import { MiB } from '../helpers/units.js';

/**
 * Issue 16's targets for `ghost` on the trace the repository has (AdaptSize; the CloudPhysics half is measured in
 * docs/simulate.md, its sample is not shipped): its byte miss ratio never above lru's on the grid, and at 2, 8 and
 * 32 MiB at or below the lower of ARC and S3-FIFO. Those two are the simulator's own, which libcachesim.test.ts holds
 * to libCacheSim's figures, so no figure is written here: a change to ghost that loses to them fails.
 */
const GRID = [1, 2, 4, 8, 16, 32, 64].map((m) => m * MiB);
const TARGET_POINTS = [2 * MiB, 8 * MiB, 32 * MiB];

let r: ReplayResult;
beforeAll(async () => {
  const spec = { capacities: GRID, policies: ['lru', 'ghost', 'arc', 's3fifo'].map(getPolicy), policyOptions: { maxAgeSeconds: Infinity }, warmup: 0, limits: false, strict: false };
  r = await replay(csvTrace(tracePath('adaptsize_request.csv'), { timeScale: 1 }), spec);
});

const byteMiss = (strategy: string, capacity: number): number => {
  const t = r.runs.find((x) => x.strategy === strategy && x.capacity === capacity)!.tally;
  return (t.bytes - t.hitBytes) / t.bytes;
};

test('ghost fetches no more bytes than lru at any capacity of the grid', () => {
  const above = GRID.filter((c) => byteMiss('ghost', c) > byteMiss('lru', c));
  expect(above).toEqual([]);
});

test('ghost is at or below the lower of ARC and S3-FIFO at 2, 8 and 32 MiB', () => {
  const missed = TARGET_POINTS.filter((c) => byteMiss('ghost', c) > Math.min(byteMiss('arc', c), byteMiss('s3fifo', c)));
  expect(missed).toEqual([]);
});
