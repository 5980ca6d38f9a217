import { heldBy } from './links.js';
import { afterFreeing, figuresBefore } from './trigger.js';
import type { Plan, PlanInput, PlannedEntry, PlanTrigger } from './types.js';

/** What a plan decided: its victims in order, the kept, and what deleting the victims frees (hard links once). */
export interface Decided {
  strategy: string;
  trigger: PlanTrigger;
  victims: PlannedEntry[];
  kept: PlannedEntry[];
  evictBytes: number;
  shortfallBytes: number;
  notes: string[];
}

/**
 * The plan document around the decisions: figures before and after, entries victims first, the summary. Written
 * once, so that a clean's plan and evict's manual plan cannot disagree on what their figures mean.
 */
export function assemblePlan(input: PlanInput, d: Decided): Plan {
  const groups = input.linkGroups ?? [];
  const before = figuresBefore(input);
  return {
    root: input.root,
    layout: input.layout,
    strategy: d.strategy,
    now: input.now,
    trigger: d.trigger,
    before,
    after: afterFreeing(before, d.evictBytes),
    entries: [...d.victims, ...d.kept],
    linkGroups: groups,
    ...(input.storage ? { storage: input.storage } : {}),
    summary: {
      entries: input.entries.length,
      evictCount: d.victims.length,
      evictBytes: d.evictBytes,
      keepCount: d.kept.length,
      keepBytes: heldBy(input.entries, groups) - d.evictBytes, // every entry is a victim or kept
      shortfallBytes: d.shortfallBytes,
    },
    notes: d.notes,
  };
}
