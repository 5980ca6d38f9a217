import type { Plan, PlannedEntry } from '../plan/types.js';
import type { Entry } from '../shared/types.js';
import { LeaseBusy, LeaseUnavailable } from './lease.js';
import { AlreadyGone, removeEntry } from './remove.js';
import type { VictimHold, VictimLocker } from './nova-lock.js';
import { freedBy } from '../plan/links.js';
import { ALREADY_GONE, recheckEntry } from './recheck.js';
import { closeRoot, openRoot, rootChanged, type RootHandle } from './root.js';
import { planRows } from '../plan/rows.js';

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
  /**
   * Called next, right before the victim's re-check and deletion, to record that it is about to go (the caller's
   * journal); a reason to stop instead, as stopReason's, when that record cannot be made.
   */
  beforeDelete?: (v: PlannedEntry) => string | null;
  /**
   * Fresh in-use and pin checks for a victim, right before deletion; returns why it must stay, or null. `leased`:
   * the deletion will hold a write lease on it, which proves what the open-files detector would say.
   */
  stillProtected?: (v: PlannedEntry, leased: boolean) => Promise<string | null> | string | null;
  /** File victims are unlinked under a write lease (lease.ts); off: every victim is re-checked by its detectors only. */
  leases?: boolean;
  /** Asked when the kernel refused a victim's lease: why it must stay, in the detectors' words (who has it open). */
  whoHolds?: (v: PlannedEntry) => Promise<string | null> | string | null;
  /** Told after each victim's outcome. */
  onOutcome?: (v: PlannedEntry, outcome: 'deleted' | 'skipped' | 'failed', detail?: string) => void;
  /**
   * Locks another program holds while it works on an entry, taken for each victim before its re-check and held
   * until it is deleted (Nova's `locks/nova-<name>`): a hold, or why the victim is skipped (held by someone else).
   */
  lockVictim?: VictimLocker;
  /** Injected for tests; defaults to removeEntry (relative to the root handle, never by path). */
  remove?: (root: RootHandle, entry: Entry, opts: { lease: boolean }) => void;
}

/** Delete the plan's victims in order, re-checking each one first. Never decides anything itself. */
export async function applyPlan(plan: Plan, hooks: ApplyHooks): Promise<Applied> {
  const out: Applied = { deleted: [], skipped: [], failed: [], freedBytes: 0, interrupted: false };
  const victims = planRows(plan).victims();
  if (victims.length === 0) return out;
  let root: RootHandle;
  try {
    root = hooks.root ?? openRoot(plan.root);
  } catch (err) {
    return failAll(victims, hooks, out, `the cache root ${plan.root} cannot be opened (${describe(err)})`);
  }
  try {
    // The scan read the root by its path; deletions go through the handle: both must be one directory on one mount.
    const changed = root.dev !== hooks.rootDev ? `the cache root ${plan.root} is no longer on the device scanned` : rootChanged(root);
    if (changed) return failAll(victims, hooks, out, `${changed}; nothing deleted`);
    await applyVictims(plan, victims, hooks, root, out);
    return out;
  } finally {
    if (!hooks.root) closeRoot(root);
  }
}

async function applyVictims(plan: Plan, victims: readonly PlannedEntry[], hooks: ApplyHooks, root: RootHandle, out: Applied): Promise<void> {
  const leases = { on: hooks.leases === true };
  for (const v of victims) {
    // Let pending signals (SIGINT/SIGTERM) be delivered between entries: deletions themselves are synchronous.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const stop = hooks.stopReason() ?? hooks.beforeDelete?.(v) ?? null;
    if (stop) {
      out.interrupted = true;
      out.skipped.push({ name: v.entry.name, why: stop });
      hooks.onOutcome?.(v, 'skipped', stop);
      continue;
    }
    const hold = hooks.lockVictim?.(v.entry) ?? null;
    if (typeof hold === 'string') {
      out.skipped.push({ name: v.entry.name, why: hold });
      hooks.onOutcome?.(v, 'skipped', hold);
      continue;
    }
    await deleteVictim(v, hooks, root, out, hold, leases);
  }
  // Exact, hard links counted once: a group member whose partner was skipped frees only its private bytes.
  const gone = new Set(out.deleted);
  out.freedBytes = freedBy(victims.filter((p) => gone.has(p.entry.name)).map((p) => p.entry), plan.linkGroups);
}

/**
 * Re-check one victim and delete it, holding `hold` (released after, told whether the victim is gone). A file
 * victim goes under a write lease when the run can take them; where it cannot (LeaseUnavailable, before anything
 * is deleted), the victim is re-checked as a lease would not need, and deleted without one.
 */
async function deleteVictim(v: PlannedEntry, hooks: ApplyHooks, root: RootHandle, out: Applied, hold: VictimHold | null, leases: { on: boolean }): Promise<void> {
  let gone = false;
  const skip = (why: string): void => {
    out.skipped.push({ name: v.entry.name, why });
    hooks.onOutcome?.(v, 'skipped', why);
    gone = why.startsWith(ALREADY_GONE);
  };
  try {
    const leased = leases.on && v.entry.fingerprint.kind === 'file';
    const why = recheckEntry(v.entry, hooks.rootDev, !leased) ?? (await hooks.stillProtected?.(v, leased)) ?? null;
    if (why) return skip(why);
    try {
      (hooks.remove ?? removeEntry)(root, v.entry, { lease: leased });
    } catch (err) {
      if (err instanceof LeaseBusy) return skip((await hooks.whoHolds?.(v)) ?? `still in use: ${err.message}`);
      if (!(err instanceof LeaseUnavailable)) throw err;
      if (err.everywhere) leases.on = false;
      const again = (await hooks.stillProtected?.(v, false)) ?? null;
      if (again) return skip(again);
      (hooks.remove ?? removeEntry)(root, v.entry, { lease: false });
    }
    gone = true;
    out.deleted.push(v.entry.name);
    hooks.onOutcome?.(v, 'deleted');
  } catch (err) {
    // Deleted by someone else since the re-check (Nova on another host sharing the storage): nothing failed.
    if (err instanceof AlreadyGone) {
      gone = true;
      const why = `${ALREADY_GONE} (${err.message})`;
      out.skipped.push({ name: v.entry.name, why });
      hooks.onOutcome?.(v, 'skipped', why);
      return;
    }
    const error = describe(err);
    out.failed.push({ name: v.entry.name, error });
    hooks.onOutcome?.(v, 'failed', error);
  } finally {
    hold?.release(gone);
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : e.message;
}

/** Every victim failed with the same reason: nothing was deleted (exit 4, as for any failed eviction). */
function failAll(victims: readonly PlannedEntry[], hooks: ApplyHooks, out: Applied, error: string): Applied {
  for (const v of victims) {
    out.failed.push({ name: v.entry.name, error });
    hooks.onOutcome?.(v, 'failed', error);
  }
  return out;
}
