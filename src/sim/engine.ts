import { UsageError } from '../shared/errors.js';
import { BeladyPolicy } from './belady.js';
import { Interner } from './interner.js';
import { KeyTable } from './key-table.js';
import { LookaheadBuilder, type Lookahead } from './next-use.js';
import { pfooBounds, type PfooBound } from './pfoo.js';
import type { PolicyInfo, PolicyOptions } from './policies/registry.js';
import { ProblemLog } from './problems.js';
import { CHUNK, type TraceChunk, type TraceFormat, type TraceProblem, type TraceSource } from './trace/types.js';
import type { Policy } from './types.js';

/** What to replay. */
export interface ReplaySpec {
  /** Bytes, ascending. */
  capacities: readonly number[];
  policies: readonly PolicyInfo[];
  policyOptions: PolicyOptions;
  /** Requests at the start that warm the caches up but are not counted. */
  warmup: number;
  /** Also compute Belady's optimum and the PFOO-L bound (needs a first pass over the trace). */
  limits: boolean;
  /** A malformed record is fatal. */
  strict: boolean;
}

/** Counts of one replay, over the counted requests (after the warm-up). */
export interface Tally {
  requests: number;
  bytes: number;
  hits: number;
  hitBytes: number;
  /** Misses of objects requested before: fetched again. */
  refetches: number;
  refetchBytes: number;
}

export interface RunResult {
  strategy: string;
  capacity: number;
  tally: Tally;
  /** The age strategy: objects evicted because they expired. */
  expired?: number;
}

export interface ReplayResult {
  label: string;
  format: TraceFormat;
  hasTime: boolean;
  /** Requests read, the warm-up included. */
  requests: number;
  warmup: number;
  /** Distinct objects in the whole trace. */
  objects: number;
  /** Counted requests and bytes, and those of them that are first requests of their object (no cache avoids them). */
  counted: { requests: number; bytes: number; firstRequests: number; firstBytes: number };
  /** Per strategy, per capacity, in the spec's order. */
  runs: RunResult[];
  /** Belady per capacity (spec.limits). */
  belady: RunResult[] | null;
  /** PFOO-L per capacity (spec.limits). */
  pfoo: PfooBound[] | null;
  problems: { count: number; first: TraceProblem[] };
}

/** A policy being replayed and its counts. */
export interface Sim {
  policy: Policy;
  /** requests, bytes, hits, hitBytes, refetches, refetchBytes */
  tally: Float64Array;
  /** Reads next-request indexes. */
  offline: boolean;
}

/** A chunk of requests as policies see them: numeric ids (interner.ts). */
export interface Requests {
  n: number;
  ids: Float64Array;
  sizes: Float64Array;
  times: Float64Array;
}

/** The chunk's ids as policy ids, into `out` (reused). */
export function idsOf(c: TraceChunk, interner: Interner, out: Requests): Requests {
  for (let i = 0; i < c.n; i++) out.ids[i] = interner.id(c.keys[i]!);
  out.n = c.n;
  out.sizes = c.sizes;
  out.times = c.times;
  return out;
}

export function newRequests(size = CHUNK): Requests {
  return { n: 0, ids: new Float64Array(size), sizes: new Float64Array(0), times: new Float64Array(0) };
}

/**
 * Serve one chunk of requests to one policy and count. `first[i]` is 1 when request i is its object's first;
 * `base` is the chunk's first request index in the trace.
 */
export function serve(sim: Sim, c: Requests, first: Uint8Array, base: number, warmup: number, next: Int32Array | null): void {
  const p = sim.policy;
  const t = sim.tally;
  const keys = c.ids;
  const sizes = c.sizes;
  const times = c.times;
  const n = c.n;
  for (let i = 0; i < n; i++) {
    const size = sizes[i]!;
    let nx = NaN;
    if (next !== null) {
      const j = next[base + i]!;
      nx = j < 0 ? Infinity : j;
    }
    const hit = p.access(keys[i]!, size, times[i]!, nx);
    if (base + i >= warmup) {
      t[0]!++;
      t[1]! += size;
      if (hit) {
        t[2]!++;
        t[3]! += size;
      } else if (first[i] === 0) {
        t[4]!++;
        t[5]! += size;
      }
    }
  }
}

/** What a policy that expires objects (age) expired. */
function expiredOf(p: Policy): { expired?: number } {
  const expired = (p as { expired?: unknown }).expired;
  return typeof expired === 'number' ? { expired } : {};
}

export function tallyOf(t: Float64Array): Tally {
  return { requests: t[0]!, bytes: t[1]!, hits: t[2]!, hitBytes: t[3]!, refetches: t[4]!, refetchBytes: t[5]! };
}

/** Read the trace once to learn every request's next request (for the optimum and the bound). */
export async function lookahead(source: TraceSource, log: ProblemLog, interner: Interner): Promise<Lookahead> {
  const b = new LookaheadBuilder();
  await source.read((c) => {
    for (let i = 0; i < c.n; i++) b.add(interner.id(c.keys[i]!), c.sizes[i]!);
  }, log.sink);
  return b.finish();
}

/**
 * Replay a trace against every policy at every capacity in one streaming pass (each chunk is served to every cache
 * in turn), plus, with `limits`, Belady's optimum in the same pass and the PFOO-L bound from a first pass.
 * Memory: each cache holds what it caches (and its ghosts); the engine keeps the set of ids seen (to tell first
 * requests from objects fetched again: proportional to the distinct objects); the limits add 12 bytes per request
 * (next-use.ts), and 16 more while the bound is computed (pfoo.ts).
 */
export async function replay(source: TraceSource, spec: ReplaySpec): Promise<ReplayResult> {
  const log = new ProblemLog(source.label, spec.strict);
  const interner = new Interner();
  const look = spec.limits ? await lookahead(source, log, interner) : null;
  const sims: Sim[] = [];
  const runs: { strategy: string; capacity: number; sim: Sim }[] = [];
  for (const info of spec.policies) {
    for (const capacity of spec.capacities) {
      const sim: Sim = { policy: info.make(capacity, spec.policyOptions), tally: new Float64Array(6), offline: false };
      sims.push(sim);
      runs.push({ strategy: info.name, capacity, sim });
    }
  }
  const belady: { capacity: number; sim: Sim }[] = [];
  if (look) {
    for (const capacity of spec.capacities) {
      const sim: Sim = { policy: new BeladyPolicy(capacity), tally: new Float64Array(6), offline: true };
      sims.push(sim);
      belady.push({ capacity, sim });
    }
  }
  const seen = new KeyTable(1 << 16);
  const first = new Uint8Array(CHUNK);
  const req = newRequests();
  const counted = { requests: 0, bytes: 0, firstRequests: 0, firstBytes: 0 };
  let index = 0;
  const info = await source.read(
    (c) => {
      const r = idsOf(c, interner, req);
      for (let i = 0; i < c.n; i++) {
        const k = r.ids[i]!;
        const isFirst = seen.get(k) < 0;
        if (isFirst) seen.set(k, 1);
        first[i] = isFirst ? 1 : 0;
        if (index + i >= spec.warmup) {
          counted.requests++;
          counted.bytes += c.sizes[i]!;
          if (isFirst) {
            counted.firstRequests++;
            counted.firstBytes += c.sizes[i]!;
          }
        }
      }
      if (look && index + c.n > look.n) throw new Error(`trace ${source.label} changed while it was being read (more requests than in the first pass)`);
      for (const sim of sims) serve(sim, r, first, index, spec.warmup, sim.offline && look ? look.next : null);
      index += c.n;
    },
    look ? () => undefined : log.sink,
  );
  if (look && index !== look.n) throw new Error(`trace ${source.label} changed while it was being read (${look.n} requests, then ${index})`);
  if (index === 0) throw new UsageError(`trace ${source.label}: no requests${log.count ? ` (${log.count} malformed records skipped)` : ''}`);
  if (spec.warmup >= index) throw new UsageError(`--warmup: ${spec.warmup} requests, but the trace has only ${index}: nothing would be counted`);
  return {
    label: source.label,
    format: source.format,
    hasTime: info.hasTime,
    requests: index,
    warmup: spec.warmup,
    objects: seen.size,
    counted,
    runs: runs.map((r) => ({
      strategy: r.strategy,
      capacity: r.capacity,
      tally: tallyOf(r.sim.tally),
      ...expiredOf(r.sim.policy),
    })),
    belady: look ? belady.map((b) => ({ strategy: 'belady', capacity: b.capacity, tally: tallyOf(b.sim.tally) })) : null,
    pfoo: look ? pfooBounds(look, spec.capacities, spec.warmup) : null,
    problems: { count: log.count, first: log.first },
  };
}
