import type { Plan, PlannedEntry } from '../plan/types.js';
import type { Entry } from '../shared/types.js';
import { removeEntry } from './remove.js';
import { freedBy } from '../plan/links.js';
import { recheckEntry } from './recheck.js';
import { closeRoot, openRoot, rootChanged, type RootHandle } from './root.js';

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
  /**
   * The cache root opened before it was scanned (openRoot): deletions are made relative to it. Without it the root
   * is opened here, before the first deletion, and must be on `rootDev`. The caller closes what it gave.
   */
  root?: RootHandle;
  /** Checked before each victim: a reason to stop now (signal, lost lock), or null. */
  stopReason: () => string | null;
  /** Fresh in-use and pin checks for a victim, right before deletion; returns why it must stay, or null. */
  stillProtected?: (v: PlannedEntry) => Promise<string | null> | string | null;
  /** Told after each victim's outcome. */
  onOutcome?: (v: PlannedEntry, outcome: 'deleted' | 'skipped' | 'failed', detail?: string) => void;
  /** Injected for tests; defaults to removeEntry (relative to the root handle, never by path). */
  remove?: (root: RootHandle, entry: Entry) => void;
}

/** Delete the plan's victims in order, re-checking each one first. Never decides anything itself. */
export async function applyPlan(plan: Plan, hooks: ApplyHooks): Promise<Applied> {
  const out: Applied = { deleted: [], skipped: [], failed: [], freedBytes: 0, interrupted: false };
  if (!plan.entries.some((v) => v.decision === 'evict')) return out;
  let root: RootHandle;
  try {
    root = hooks.root ?? openRoot(plan.root);
  } catch (err) {
    return failAll(plan, hooks, out, `the cache root ${plan.root} cannot be opened (${describe(err)})`);
  }
  try {
    // The scan read the root by its path; deletions go through the handle: both must be one directory on one mount.
    const changed = root.dev !== hooks.rootDev ? `the cache root ${plan.root} is no longer on the device scanned` : rootChanged(root);
    if (changed) return failAll(plan, hooks, out, `${changed}; nothing deleted`);
    await applyVictims(plan, hooks, root, out);
    return out;
  } finally {
    if (!hooks.root) closeRoot(root);
  }
}

async function applyVictims(plan: Plan, hooks: ApplyHooks, root: RootHandle, out: Applied): Promise<void> {
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
      remove(root, v.entry);
      out.deleted.push(v.entry.name);
      hooks.onOutcome?.(v, 'deleted');
    } catch (err) {
      const error = describe(err);
      out.failed.push({ name: v.entry.name, error });
      hooks.onOutcome?.(v, 'failed', error);
    }
  }
  // Exact, hard links counted once: a group member whose partner was skipped frees only its private bytes.
  const gone = new Set(out.deleted);
  out.freedBytes = freedBy(plan.entries.filter((p) => p.decision === 'evict' && gone.has(p.entry.name)).map((p) => p.entry), plan.linkGroups);
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : e.message;
}

/** Every victim failed with the same reason: nothing was deleted (exit 4, as for any failed eviction). */
function failAll(plan: Plan, hooks: ApplyHooks, out: Applied, error: string): Applied {
  for (const v of plan.entries) {
    if (v.decision !== 'evict') continue;
    out.failed.push({ name: v.entry.name, error });
    hooks.onOutcome?.(v, 'failed', error);
  }
  return out;
}
