import { heldBy } from './links.js';
import { PlanRows, type KeptRun } from './rows.js';
import { afterFreeing, figuresBefore } from './trigger.js';
import type { Plan, PlanInput, PlannedEntry, PlanTrigger } from './types.js';
import type { Victims } from './victims.js';

/** What a plan decided: its victims in order, the kept, and what deleting the victims frees (hard links once). */
export interface Decided {
  strategy: string;
  trigger: PlanTrigger;
  /** In eviction order: objects (a manual plan's), or by position (plan/victims.ts). */
  victims: readonly PlannedEntry[] | Victims;
  /** The kept, in the plan's order: what the cap held back, then the rest by name (objects or kept codes). */
  kept: readonly (readonly PlannedEntry[] | KeptRun)[];
  evictBytes: number;
  shortfallBytes: number;
  notes: string[];
}

/** What some plans add to the document: the cap's figures, a manual selection, regret, a strategy's state. */
export interface PlanExtra {
  summary?: Pick<Plan['summary'], 'cappedCount' | 'cappedBytes'>;
  selection?: Plan['selection'];
  regret?: Plan['regret'];
  state?: Plan['state'];
}

/**
 * The plan document around the decisions: figures before and after, entries victims first, the summary. Written
 * once, so that a clean's plan and evict's manual plan cannot disagree on what their figures mean.
 *
 * `entries` is made from the rows when first read, then kept (and may be set): a `--json` or a table reads the rows
 * one at a time (plan/rows.ts) and never makes the array. Not spread into another object here for the same reason: a
 * spread reads every property.
 */
export function assemblePlan(input: PlanInput, d: Decided, extra: PlanExtra = {}): Plan {
  const groups = input.linkGroups ?? [];
  const before = figuresBefore(input);
  const rows = new PlanRows([d.victims, ...d.kept], d.victims.length);
  let made: PlannedEntry[] | undefined;
  const plan: Plan = {
    root: input.root,
    layout: input.layout,
    strategy: d.strategy,
    now: input.now,
    trigger: d.trigger,
    before,
    after: afterFreeing(before, d.evictBytes),
    get entries(): PlannedEntry[] {
      return (made ??= rows.toArray());
    },
    set entries(all: PlannedEntry[]) {
      made = all;
      delete (this as { rows?: unknown }).rows; // they would say what the plan no longer does
    },
    linkGroups: groups,
    ...(input.storage ? { storage: input.storage } : {}),
    summary: {
      entries: input.entries.length,
      evictCount: d.victims.length,
      evictBytes: d.evictBytes,
      keepCount: rows.length - d.victims.length,
      keepBytes: heldBy(input.entries, groups) - d.evictBytes, // every entry is a victim or kept
      shortfallBytes: d.shortfallBytes,
      ...extra.summary,
    },
    notes: d.notes,
    ...(extra.selection ? { selection: extra.selection } : {}),
    ...(extra.regret ? { regret: extra.regret } : {}),
    ...(extra.state ? { state: extra.state } : {}),
  };
  // Not enumerable: a copy, a JSON text or a deep equality of a plan sees its entries, not the rows behind them.
  Object.defineProperty(plan, 'rows', { value: rows, enumerable: false, configurable: true });
  return plan;
}

