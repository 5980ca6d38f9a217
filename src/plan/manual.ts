import { UsageError } from '../shared/errors.js';
import type { Entry } from '../shared/types.js';
import { byInterruptedSince } from './interrupted.js';
import { assemblePlan } from './assemble.js';
import { freedBy } from './links.js';
import { cmp, fileTimesUsage, numberVictims, safetyFirst, usageAtOf } from './safety.js';
import { planned } from './rows.js';
import type { Plan, PlanInput, PlannedEntry, PlanOptions, Selection } from './types.js';

/** The strategy a manual eviction is recorded under (runs, evictions): no strategy chose its victims. */
export const MANUAL_STRATEGY = 'manual';

/**
 * A manual eviction's plan (`cachesweep evict`). Pure. The selected entries go through the same first step as every
 * plan (in use, pinned, protected, unknown, partial still being written, too young: kept, each with its reason; an
 * interrupted deletion finished; a stale partial may go), and every selected entry that step lets through is a victim
 * (`requested`). Whatever was not selected is kept (`not-requested`) without being judged: an entry idle for a year
 * stays when the operator named another. Apply then treats these victims as any plan's: the re-check, the journal.
 */
export function buildManualPlan(input: PlanInput, opts: PlanOptions, sel: Selection): Plan {
  const chosen: Entry[] = [];
  const others: PlannedEntry[] = [];
  for (const e of input.entries) {
    if (whySelected(sel, e.name) !== null) chosen.push(e);
    else {
      const usage = input.usage.get(e.name) ?? fileTimesUsage(e);
      others.push(planned(e, usage, Math.max(0, input.now - usage.lastUsedMs), 'keep', 'not-requested'));
    }
  }
  // --force-young lifts the grace period of complete entries and nothing else: a partial download is kept as
  // `partial` until both ages have passed, as in any plan (a stale partial younger than --min-age is no more `too-young`).
  // The warm grace is for the strategies' choice: an entry the operator names is wanted gone, warm or not.
  const asked = { ...opts, warmGraceMs: 0 };
  const forced = { ...asked, minAgeMs: 0, stalePartialAgeMs: Math.max(opts.stalePartialAgeMs, opts.minAgeMs) };
  const step = safetyFirst({ ...input, entries: chosen }, sel.forceYoung ? forced : asked);
  const requested = [...step.stale, ...step.eligible.map((c) => planned(c.entry, c.usage, c.idleMs, 'evict', 'requested'))].map((p) =>
    ({ ...p, reason: 'requested' as const, detail: [whySelected(sel, p.entry.name), p.detail].filter(Boolean).join('; ') }),
  );
  const victims = [...step.resumed.sort(byInterruptedSince), ...requested.sort((a, b) => cmp(a.entry.name, b.entry.name))];
  numberVictims(victims);
  const held = { entries: chosen, order: step.kept.inNameOrder(chosen), codes: step.kept, usageAt: usageAtOf({ ...input, entries: chosen }) };
  const evictBytes = freedBy(victims.map((v) => v.entry), input.linkGroups ?? []);
  const trigger = { kind: 'none', threshold: null, target: null, reached: false, maxAgeSeconds: null } as const;
  const decided = { strategy: MANUAL_STRATEGY, trigger, victims, kept: [held, others], evictBytes, shortfallBytes: 0, notes: [] };
  return assemblePlan(input, decided, { selection: { byName: !sel.all } });
}

/** Why `name` is selected (`named`, `matches --match 'g'`, `--all`), or null when it is not. */
export function whySelected(sel: Selection, name: string): string | null {
  if (sel.all) return '--all';
  if (sel.names.includes(name)) return 'named';
  const g = sel.globs.find((m) => m.matches(name));
  return g ? `matches --match '${g.glob}'` : null;
}

/**
 * Names and globs that select no entry of the scan (each worded for the error line). A name the scan does not know is
 * a mistake to say before anything is deleted, not a victim to skip: the operator meant something else.
 */
export function unmatched(sel: Selection, entries: readonly Entry[]): string[] {
  if (sel.all) return [];
  const names = new Set(entries.map((e) => e.name));
  return [
    ...sel.names.filter((n) => !names.has(n)).map((n) => `'${n}' is not an entry of the cache`),
    ...sel.globs.filter((g) => !entries.some((e) => g.matches(e.name))).map((g) => `--match '${g.glob}' matches no entry`),
  ];
}

/** Throw the usage error (exit 2) when anything selects nothing; before any deletion. */
export function assertAllMatched(sel: Selection, entries: readonly Entry[], root: string): void {
  const miss = unmatched(sel, entries);
  if (miss.length > 0) throw new UsageError(`evict: ${miss.join('; ')} (in ${root}); nothing deleted`);
}
