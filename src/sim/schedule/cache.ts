import { buildPlan } from '../../plan/build.js';
import { isReached } from '../../plan/trigger.js';
import type { Figures, PlanOptions } from '../../plan/types.js';
import type { StateValues } from '../../policy/strategy.js';
import type { Entry, Usage } from '../../shared/types.js';
import type { Tally } from '../engine.js';
import { planRows } from '../../plan/rows.js';

/** One schedule to replay: a strategy applied by runs every `everyMs` with the planner's rules, on a disk. */
export interface ScheduleConfig {
  /** A planner strategy (src/policy), as `clean` would run it. */
  strategy: string;
  /** Time between two runs, on the trace's clock. */
  everyMs: number;
  /** The filesystem the cache is on (the cache alone fills it). */
  diskBytes: number;
  /** The planner's options: strategy, trigger (threshold and target), min-age, max-age. */
  plan: PlanOptions;
}

/** What one schedule did over the counted requests (after the warm-up). */
export interface ScheduleTally extends Tally {
  /** Downloads that did not fit on the disk before the next run: a failed fetch (the request misses). */
  failed: number;
  failedBytes: number;
  /** The largest the cache was, in bytes. */
  peakBytes: number;
  /** How long the trigger was reached (the cache at or over the threshold), on the trace clock. */
  aboveMs: number;
  /** Runs, and what they evicted. */
  runs: number;
  evictions: number;
  evictedBytes: number;
}

interface Cached {
  entry: Entry;
  usage: Usage;
  /** The strategy's state (of the root) at the object's last request, as the store copies it at each use. */
  stateAtUse: StateValues;
}

/** What the store would know of an evicted object: when it went, and how often its name came back. */
interface Ghost {
  evictedMs: number;
  refetches: number;
}

const entryOf = (name: string, size: number, ms: number): Entry => ({
  name,
  path: `/sim/${name}`,
  kind: 'file',
  class: 'file',
  partial: false,
  unknown: false,
  bytes: size,
  allocatedBytes: size,
  apparentBytes: size,
  mtimeMs: ms,
  atimeMs: ms,
  fingerprint: { dev: 0, ino: 0, kind: 'file', apparentBytes: size, mtimeMs: ms, nodes: 1 },
  warnings: [],
});

/**
 * A cache as cron runs cachesweep on it: every request is served at once (a miss downloads the object, whatever the
 * cache holds, unless the disk is full: then the download fails), and at t0 + k * every (the trace's clock) a run
 * plans with the planner itself (src/plan/build.ts: eligibility, min-age, trigger, target, the strategy's order) and
 * evicts its victims. An object's usage is what the store would record: its last request, its requests since it was
 * downloaded, when it came, and, for a name evicted before, how often it came back and how long after.
 */
export class ScheduledCache {
  readonly tally: ScheduleTally = { requests: 0, bytes: 0, hits: 0, hitBytes: 0, refetches: 0, refetchBytes: 0, failed: 0, failedBytes: 0, peakBytes: 0, aboveMs: 0, runs: 0, evictions: 0, evictedBytes: 0 };
  private readonly cached = new Map<number, Cached>();
  private readonly ghosts = new Map<number, Ghost>();
  private used = 0;
  /** The strategy's state as the last run left it (gdsf's L, ghost's tau): none before the first. */
  private rootState: StateValues = {};
  private nextRunMs = NaN;
  /** Since when the trigger is reached (NaN: it is not). */
  private aboveSinceMs = NaN;

  constructor(readonly config: ScheduleConfig) {}

  /** Serve one request at `ms`, after the runs due by then; `counted` after the warm-up, `first` for a first request. */
  access(key: number, size: number, ms: number, counted: boolean, first: boolean): boolean {
    if (Number.isNaN(this.nextRunMs)) this.nextRunMs = ms + this.config.everyMs;
    while (this.nextRunMs <= ms) {
      this.run(this.nextRunMs);
      this.nextRunMs += this.config.everyMs;
    }
    const t = this.tally;
    const hit = this.serve(key, size, ms, counted);
    if (counted) {
      t.requests++;
      t.bytes += size;
      if (hit) {
        t.hits++;
        t.hitBytes += size;
      } else if (!first) {
        t.refetches++;
        t.refetchBytes += size;
      }
    }
    return hit;
  }

  /** The replay is over at `endMs`: close the time above the threshold. */
  finish(endMs: number): void {
    if (!Number.isNaN(this.aboveSinceMs)) this.tally.aboveMs += endMs - this.aboveSinceMs;
    this.aboveSinceMs = NaN;
  }

  private serve(key: number, size: number, ms: number, counted: boolean): boolean {
    const c = this.cached.get(key);
    if (c) {
      c.usage.lastUsedMs = ms;
      c.usage.hits++;
      c.stateAtUse = this.rootState;
      return true;
    }
    if (this.used + size > this.config.diskBytes) {
      if (counted) {
        this.tally.failed++;
        this.tally.failedBytes += size;
      }
      return false;
    }
    const name = String(key);
    const usage: Usage = { lastUsedMs: ms, hits: 1, firstSeenMs: ms, inUse: [], pinned: false };
    const g = this.ghosts.get(key);
    if (g) {
      g.refetches++;
      usage.refetches = g.refetches;
      usage.returnGapMs = ms - g.evictedMs;
    }
    this.cached.set(key, { entry: entryOf(name, size, ms), usage, stateAtUse: this.rootState });
    this.used += size;
    if (this.used > this.tally.peakBytes) this.tally.peakBytes = this.used;
    this.moved(ms);
    return false;
  }

  /** One run of cachesweep at `ms`: plan from what the cache holds now, evict the victims. */
  private run(ms: number): void {
    const entries: Entry[] = [];
    const usage = new Map<string, Usage>();
    const atUse = new Map<string, StateValues>();
    for (const c of this.cached.values()) {
      entries.push(c.entry);
      usage.set(c.entry.name, c.usage);
      atUse.set(c.entry.name, c.stateAtUse);
    }
    const state = { root: this.rootState, atUse };
    const plan = buildPlan({ root: '/sim', layout: 'generic', entries, usage, cacheBytes: this.used, disk: this.disk(), now: ms, state }, this.config.plan);
    this.tally.runs++;
    const victims = planRows(plan).victims();
    if (plan.state) this.rootState = plan.state.after(victims);
    for (const v of victims) {
      const key = Number(v.entry.name);
      this.cached.delete(key);
      this.used -= v.entry.bytes;
      this.tally.evictions++;
      this.tally.evictedBytes += v.entry.bytes;
      const g = this.ghosts.get(key);
      this.ghosts.set(key, { evictedMs: ms, refetches: g?.refetches ?? 0 });
    }
    this.moved(ms);
  }

  private disk(): { usedBytes: number; availableBytes: number; usedPercent: number } {
    const d = this.config.diskBytes;
    return { usedBytes: this.used, availableBytes: d - this.used, usedPercent: d > 0 ? (this.used / d) * 100 : 100 };
  }

  /** The cache's size changed at `ms`: is the trigger reached now? */
  private moved(ms: number): void {
    const d = this.disk();
    const f: Figures = { cacheBytes: this.used, diskUsedBytes: d.usedBytes, diskUsedPercent: d.usedPercent, diskAvailableBytes: d.availableBytes };
    const above = isReached(this.config.plan.trigger, f);
    if (above && Number.isNaN(this.aboveSinceMs)) this.aboveSinceMs = ms;
    else if (!above && !Number.isNaN(this.aboveSinceMs)) {
      this.tally.aboveMs += ms - this.aboveSinceMs;
      this.aboveSinceMs = NaN;
    }
  }
}
