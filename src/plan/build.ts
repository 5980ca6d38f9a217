import { formatDuration } from '../config/units.js';
import { getStrategy } from '../policy/registry.js';
import type { Candidate } from '../policy/strategy.js';
import { capVictims } from './cap.js';
import { afterFreeing, bytesToTarget, isReached } from './trigger.js';
import type { Figures, Plan, PlanInput, PlannedEntry, PlanOptions, PlanTrigger } from './types.js';

/**
 * The planner: every entry gets exactly one decision and a reason. Pure: no I/O, the clock is `input.now`.
 *
 * 1. Safety first: in use, pinned, protected, unknown, partial (unless stale), too young: kept.
 * 2. Expiry: stale partials, and eligible entries idle at least max-age, are evicted as `expired`
 *    (for the `age` strategy only while the trigger, if any, is reached).
 * 3. Pressure: when the trigger is reached, the rest are evicted in strategy order until the target is met;
 *    what expired entries free counts toward it. What cannot be met is the shortfall.
 * 4. Cap: with --max-delete, victims beyond the cap (in eviction order) are kept as `capped`; what they
 *    would have freed counts in the shortfall when a target is not met because of it.
 */
export function buildPlan(input: PlanInput, opts: PlanOptions): Plan {
  const strategy = getStrategy(opts.strategy);
  const { now } = input;
  const before: Figures = {
    cacheBytes: input.cacheBytes,
    diskUsedBytes: input.disk.usedBytes,
    diskUsedPercent: input.disk.usedPercent,
    diskAvailableBytes: input.disk.availableBytes,
  };
  const reached = isReached(opts.trigger, before);
  const expiryStrategy = strategy.trigger === 'expiry';
  const decided: PlannedEntry[] = [];
  const stale: PlannedEntry[] = [];
  const eligible: Candidate[] = [];

  for (const entry of input.entries) {
    const usage = input.usage.get(entry.name) ?? { lastUsedMs: Math.max(entry.mtimeMs, entry.atimeMs), hits: 0, inUse: [], pinned: false };
    const idleMs = Math.max(0, now - usage.lastUsedMs);
    const keep = (reason: PlannedEntry['reason'], detail?: string): void => {
      decided.push({ entry, usage, idleMs, decision: 'keep', reason, ...(detail !== undefined ? { detail } : {}) });
    };
    if (usage.inUse.length > 0) keep('in-use', usage.inUse.join('; '));
    else if (usage.pinned) keep('pinned');
    else if (opts.isProtected(entry.name)) keep('protected');
    else if (entry.unknown) keep('unknown', entry.unknownWhy);
    else if (entry.expiredWhy !== undefined) {
      if (idleMs >= opts.minAgeMs) stale.push({ entry, usage, idleMs, decision: 'evict', reason: 'expired', detail: entry.expiredWhy });
      else keep('too-young');
    } else if (entry.partial) {
      if (idleMs >= Math.max(opts.stalePartialAgeMs, opts.minAgeMs)) {
        stale.push({ entry, usage, idleMs, decision: 'evict', reason: 'expired', detail: 'stale partial download' });
      } else keep('partial');
    } else if (idleMs < opts.minAgeMs) keep('too-young');
    else eligible.push({ entry, usage, idleMs });
  }

  const ranked = strategy.rank(eligible, { now, ...(opts.halfLifeMs !== undefined ? { halfLifeMs: opts.halfLifeMs } : {}) });
  const maxAgeOf = (c: Candidate): number | undefined =>
    opts.maxAgeMs ?? (expiryStrategy ? (c.entry.defaultMaxAgeMs ?? opts.defaultMaxAgeMs) : undefined);
  const gated = expiryStrategy && opts.trigger.kind !== 'none' && !reached;

  const victims: PlannedEntry[] = [...stale.sort((a, b) => b.idleMs - a.idleMs || cmp(a.entry.name, b.entry.name))];
  const rest: Candidate[] = [];
  for (const c of ranked) {
    const maxAge = maxAgeOf(c);
    const expired = maxAge !== undefined && c.idleMs >= maxAge;
    if (expired && !gated) victims.push({ ...c, decision: 'evict', reason: 'expired', detail: `idle ${formatDuration(c.idleMs)}, max-age ${formatDuration(maxAge)}` });
    else rest.push(c);
  }

  let shortfallBytes = 0;
  const pressure = !expiryStrategy && opts.trigger.kind !== 'none';
  if (pressure && reached) {
    let need = bytesToTarget(opts.trigger, before) - sum(victims);
    for (const c of rest) {
      if (need > 0) {
        victims.push({ ...c, decision: 'evict', reason: 'over-threshold' });
        need -= c.entry.bytes;
      } else decided.push({ ...c, decision: 'keep', reason: 'target-met' });
    }
    shortfallBytes = Math.max(0, need);
  } else {
    const reason = (expiryStrategy && gated) || (pressure && !reached) ? 'below-threshold' : 'not-expired';
    for (const c of rest) decided.push({ ...c, decision: 'keep', reason });
  }

  let capped: PlannedEntry[] = [];
  if (opts.maxDelete) {
    const c = capVictims(victims, opts.maxDelete);
    victims.splice(0, victims.length, ...c.victims);
    capped = c.capped;
    if (pressure && reached) shortfallBytes = Math.max(0, bytesToTarget(opts.trigger, before) - sum(victims));
  }

  victims.forEach((v, i) => (v.order = i + 1));
  const evictBytes = sum(victims);
  // What the cap held back comes right after the victims, in the order it would have gone.
  const kept = [...capped, ...decided.sort((a, b) => cmp(a.entry.name, b.entry.name))];
  const notes: string[] = [];
  const note = strategy.note?.(eligible, { now, ...(opts.halfLifeMs !== undefined ? { halfLifeMs: opts.halfLifeMs } : {}) });
  if (note) notes.push(note);

  return {
    root: input.root,
    layout: input.layout,
    strategy: strategy.name,
    now,
    trigger: describeTrigger(opts, expiryStrategy, reached),
    before,
    after: afterFreeing(before, evictBytes),
    entries: [...victims, ...kept],
    summary: {
      entries: input.entries.length,
      evictCount: victims.length,
      evictBytes,
      keepCount: kept.length,
      keepBytes: sum(kept),
      shortfallBytes,
      ...(opts.maxDelete ? { cappedCount: capped.length, cappedBytes: sum(capped) } : {}),
    },
    notes,
  };
}

function describeTrigger(opts: PlanOptions, expiryStrategy: boolean, reached: boolean): PlanTrigger {
  const maxAgeMs = opts.maxAgeMs ?? (expiryStrategy ? opts.defaultMaxAgeMs : undefined);
  const maxAgeSeconds = maxAgeMs === undefined ? null : Math.round(maxAgeMs / 1000);
  const t = opts.trigger;
  if (t.kind === 'none') {
    const expiry = maxAgeSeconds !== null;
    return { kind: expiry ? 'expiry' : 'none', threshold: null, target: null, reached: expiry, maxAgeSeconds };
  }
  return { kind: t.kind, threshold: t.threshold, target: expiryStrategy ? null : t.target, reached, maxAgeSeconds };
}

function sum(xs: readonly { entry: { bytes: number } }[]): number {
  let s = 0;
  for (const x of xs) s += x.entry.bytes;
  return s;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
