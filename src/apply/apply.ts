import type { Plan, PlannedEntry } from '../plan/types.js';
import { removeEntry } from './remove.js';
import { freedBy } from '../plan/links.js';
import { recheckEntry } from './recheck.js';

export interface Applied {
  deleted: string[];
  skipped: { name: string; why: string }[];
  failed: { name: string; error: string }[];
  /** Bytes the deleted entries freed (as planned). */
  freedBytes: number;
  /** Stopped early by a signal or a lost lock. */
  interrupted: boolean;
}

export interface ApplyHooks {
  /** Device of the cache root: deletion never leaves it. */
  rootDev: number;
  /** Checked before each victim: a reason to stop now (signal, lost lock), or null. */
  stopReason: () => string | null;
  /** Fresh in-use and pin checks for a victim, right before deletion; returns why it must stay, or null. */
  stillProtected?: (v: PlannedEntry) => Promise<string | null> | string | null;
  /** Told after each victim's outcome. */
  onOutcome?: (v: PlannedEntry, outcome: 'deleted' | 'skipped' | 'failed', detail?: string) => void;
  /** Injected for tests; defaults to removeEntry. */
  remove?: (path: string, dev: number) => void;
}

/** Delete the plan's victims in order, re-checking each one first. Never decides anything itself. */
export async function applyPlan(plan: Plan, hooks: ApplyHooks): Promise<Applied> {
  const out: Applied = { deleted: [], skipped: [], failed: [], freedBytes: 0, interrupted: false };
  const remove = hooks.remove ?? removeEntry;
  for (const v of plan.entries) {
    if (v.decision !== 'evict') continue;
    // Let pending signals (SIGINT/SIGTERM) be delivered between entries: deletions themselves are synchronous.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const stop = hooks.stopReason();
    if (stop) {
      out.interrupted = true;
      out.skipped.push({ name: v.entry.name, why: stop });
      hooks.onOutcome?.(v, 'skipped', stop);
      continue;
    }
    const why = recheckEntry(v.entry, hooks.rootDev) ?? (await hooks.stillProtected?.(v)) ?? null;
    if (why) {
      out.skipped.push({ name: v.entry.name, why });
      hooks.onOutcome?.(v, 'skipped', why);
      continue;
    }
    try {
      remove(v.entry.path, hooks.rootDev);
      out.deleted.push(v.entry.name);
      hooks.onOutcome?.(v, 'deleted');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const error = e.code && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : e.message;
      out.failed.push({ name: v.entry.name, error });
      hooks.onOutcome?.(v, 'failed', error);
    }
  }
  // Exact, hard links counted once: a group member whose partner was skipped frees only its private bytes.
  const gone = new Set(out.deleted);
  out.freedBytes = freedBy(plan.entries.filter((p) => p.decision === 'evict' && gone.has(p.entry.name)).map((p) => p.entry), plan.linkGroups);
  return out;
}
