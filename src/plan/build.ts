import { getStrategy } from '../policy/registry.js';
import { stateView } from '../policy/state.js';
import type { RankContext, Strategy } from '../policy/strategy.js';
import { capVictims } from './cap.js';
import { expiredDetails } from './expired-detail.js';
import { byInterruptedSince } from './interrupted.js';
import { assemblePlan } from './assemble.js';
import { buildManualPlan } from './manual.js';
import { cmp, safetyFirst, usageAtOf, type Placed } from './safety.js';
import { Victims } from './victims.js';
import type { KeptCodes } from './rows.js';
import { bytesToTarget, figuresBefore, isReached } from './trigger.js';
import type { Entry, LinkGroup } from '../shared/types.js';
import { FreedLedger, freedBy } from './links.js';
import type { Plan, PlanInput, PlannedEntry, PlanOptions, PlanState, PlanTrigger } from './types.js';

/**
 * The planner: every entry gets exactly one decision and a reason. Pure: no I/O, the clock is `input.now`.
 *
 * 1. Safety first: in use, pinned, protected, unknown: kept. A deletion an earlier run began and did not finish is
 *    finished now, first of all victims (plan/interrupted.ts). Partial (unless stale), too young: kept.
 * 2. Expiry: stale partials, and eligible entries idle at least max-age, are evicted as `expired`
 *    (for the `age` strategy only while the trigger, if any, is reached).
 * 3. Pressure: when the trigger is reached, the rest are evicted in strategy order until the target is met;
 *    what expired entries free counts toward it. What cannot be met is the shortfall.
 * 4. Cap: with --max-delete, victims beyond the cap (in eviction order) are kept as `capped`; what they
 *    would have freed counts in the shortfall when a target is not met because of it.
 */
export function buildPlan(input: PlanInput, opts: PlanOptions): Plan {
  if (opts.selection) return buildManualPlan(input, opts, opts.selection);
  const strategy = getStrategy(opts.strategy);
  const before = figuresBefore(input);
  const reached = isReached(opts.trigger, before);
  const expiryStrategy = strategy.trigger === 'expiry';
  const groups = input.linkGroups ?? [];
  const maxAgeOf = (e: Entry): number | undefined => opts.maxAgeMs ?? (expiryStrategy ? (e.defaultMaxAgeMs ?? opts.defaultMaxAgeMs) : undefined);
  const { kept, stale, resumed, eligible } = safetyFirst(input, opts, maxAgeOf);

  const ctx = rankContext(strategy, input, opts);
  const ranked = strategy.rank(eligible, ctx) as Placed[];
  const gated = expiryStrategy && opts.trigger.kind !== 'none' && !reached;

  const usageAt = usageAtOf(input);
  const victims = new Victims(input.entries, usageAt);
  for (const p of resumed.sort(byInterruptedSince)) victims.addPlanned(p);
  for (const p of stale.sort((a, b) => b.idleMs - a.idleMs || cmp(a.entry.name, b.entry.name))) victims.addPlanned(p);
  const rest: Placed[] = [];
  const expiredDetail = expiredDetails();
  for (const c of ranked) {
    const maxAge = gated ? undefined : maxAgeOf(c.entry);
    if (maxAge !== undefined) {
      const idleMs = c.idleMs;
      if (idleMs >= maxAge) {
        victims.add(c.at, 'expired', expiredDetail(idleMs, maxAge));
        continue;
      }
    }
    rest.push(c);
  }

  let shortfallBytes = 0;
  const pressure = !expiryStrategy && opts.trigger.kind !== 'none';
  if (pressure && reached) {
    shortfallBytes = evictUnderPressure(bytesToTarget(opts.trigger, before), rest, victims, kept, groups);
  } else {
    const reason = (expiryStrategy && gated) || (pressure && !reached) ? 'below-threshold' : 'not-expired';
    for (const c of rest) kept.keep(c.at, reason);
  }

  let capped: PlannedEntry[] = [];
  if (opts.maxDelete) {
    const c = capVictims(victims, opts.maxDelete);
    victims.truncate(c.evicted);
    capped = c.capped;
  }

  victims.number();
  const victimEntries = victims.entryList();
  const evictBytes = freedBy(victimEntries, groups);
  if (opts.maxDelete && pressure && reached) shortfallBytes = Math.max(0, bytesToTarget(opts.trigger, before) - evictBytes);
  // What the cap held back comes right after the victims, in the order it would have gone.
  const byName = { entries: input.entries, order: kept.inNameOrder(input.entries), codes: kept, usageAt };
  const notes: string[] = [];
  const note = strategy.note?.(eligible, ctx);
  if (note) notes.push(note);

  const trigger = describeTrigger(opts, expiryStrategy, reached);
  return assemblePlan(
    input,
    { strategy: strategy.name, trigger, victims, kept: [capped, byName], evictBytes, shortfallBytes, notes },
    {
      ...(opts.maxDelete ? { summary: { cappedCount: capped.length, cappedBytes: freedBy([...victimEntries, ...entriesOf(capped)], groups) - evictBytes } } : {}),
      ...(input.regret ? { regret: input.regret } : {}),
      ...stateLeft(strategy, ctx),
    },
  );
}

/** For a strategy with state: the state the plan ranked with, and the state it leaves once its victims are deleted. */
function stateLeft(strategy: Strategy, ctx: RankContext): { state?: PlanState } {
  const hook = strategy.state;
  if (!hook || !ctx.state) return {};
  return { state: { before: ctx.state.current, after: (deleted) => hook.next(deleted, ctx) } };
}

/** What the strategy ranks with: the clock, the half-life, and for a strategy with state its stored state. */
function rankContext(strategy: Strategy, input: PlanInput, opts: PlanOptions): RankContext {
  return {
    now: input.now,
    cacheBytes: input.cacheBytes,
    ...(opts.halfLifeMs !== undefined ? { halfLifeMs: opts.halfLifeMs } : {}),
    ...(strategy.state ? { state: stateView(strategy.state.initial, input.state) } : {}),
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

/**
 * Evict `rest` (eligible, in strategy order) until `target` bytes are freed, counting what `victims` already free.
 * Hard-link groups go together at the position of their first member, or not at all: evicting part of a group frees
 * none of what its members share, and a group with a member that must stay is kept (`linked`) whatever the pressure.
 * Returns the shortfall.
 */
function evictUnderPressure(
  target: number,
  rest: readonly Placed[],
  victims: Victims,
  kept: KeptCodes,
  groups: readonly LinkGroup[],
): number {
  const ledger = new FreedLedger(groups);
  for (let k = 0; k < victims.length; k++) ledger.add(victims.entry(k));
  let need = target - ledger.freed;
  const byGroup = groupsOf(rest);
  for (const c of rest) {
    const g = c.entry.link?.group;
    const members = g === undefined ? [c] : byGroup.get(g)!;
    if (g !== undefined) {
      if (members.length === 0) continue; // placed with its first member
      const blocker = groupBlocker(groups[g]!, members, victims);
      if (blocker !== undefined) {
        const detail = `shares hard-linked files with ${blocker}, which stays`;
        for (const m of members) kept.keep(m.at, 'linked', detail);
        byGroup.set(g, []);
        continue;
      }
    }
    const evict = need > 0; // for the whole unit: a group split here would free none of what it shares
    for (const m of members) {
      if (evict) {
        victims.add(m.at, 'over-threshold');
        need -= ledger.add(m.entry);
      } else kept.keep(m.at, 'target-met');
    }
    if (g !== undefined) byGroup.set(g, []);
  }
  return Math.max(0, need);
}

/** The eligible members of each group touched by `rest`, in strategy order. */
function groupsOf(rest: readonly Placed[]): Map<number, Placed[]> {
  const out = new Map<number, Placed[]>();
  for (const c of rest) {
    const g = c.entry.link?.group;
    if (g === undefined) continue;
    let list = out.get(g);
    if (!list) out.set(g, (list = []));
    list.push(c);
  }
  return out;
}

/** A member of the group that is neither eligible nor already a victim (it stays, so the group frees nothing), or undefined. */
function groupBlocker(group: LinkGroup, eligible: readonly Placed[], victims: Victims): string | undefined {
  const going = new Set<string>();
  for (const m of eligible) going.add(m.entry.name);
  for (let k = 0; k < victims.length; k++) {
    const e = victims.entry(k);
    if (e.link && group.members.includes(e.name)) going.add(e.name);
  }
  return group.members.find((m) => !going.has(m));
}

function entriesOf(ps: readonly PlannedEntry[]): Entry[] {
  return ps.map((p) => p.entry);
}
