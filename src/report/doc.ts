import { formatBytes, formatDuration } from '../shared/units.js';
import type { Decision, Reason } from '../shared/types.js';
import type { EntryDoc, PlanDoc } from './plan-schema.js';

/** Reasons in the order reports show them: evictions, what the cap held back, then why the rest stayed. */
export const REASON_ORDER: readonly Reason[] = [
  'interrupted',
  'expired',
  'over-threshold',
  'requested',
  'capped',
  'target-met',
  'below-threshold',
  'not-expired',
  'linked',
  'warm',
  'too-young',
  'in-use',
  'pinned',
  'protected',
  'partial',
  'unknown',
  'not-requested',
  'excluded',
];

export interface ReasonGroup {
  decision: Decision;
  reason: Reason;
  count: number;
  bytes: number;
}

/**
 * Entries and bytes by decision and reason, in REASON_ORDER. Entries of a document or of a plan: bytesOf says where
 * an entry's size is, so a plan's report counts its entries without a document entry made for each.
 */
export function reasonGroups<T extends { decision: string; reason: string }>(entries: Iterable<T>, bytesOf: (e: T) => number): ReasonGroup[] {
  const m = new Map<string, ReasonGroup>();
  for (const e of entries) {
    const k = `${e.decision}/${e.reason}`;
    const g = m.get(k) ?? { decision: e.decision as Decision, reason: e.reason as Reason, count: 0, bytes: 0 };
    g.count++;
    g.bytes += bytesOf(e);
    m.set(k, g);
  }
  const rank = (r: string): number => {
    const i = REASON_ORDER.indexOf(r as Reason);
    return i < 0 ? REASON_ORDER.length : i;
  };
  return [...m.values()].sort((a, b) => (a.decision === b.decision ? 0 : a.decision === 'evict' ? -1 : 1) || rank(a.reason) - rank(b.reason) || (a.reason < b.reason ? -1 : 1));
}

/** What happened to an entry when the plan was applied: deleted, skipped, failed, or nothing (dry run, kept). */
export function outcomeOf(doc: PlanDoc, name: string): Outcome | undefined {
  const a = doc.applied;
  if (!a) return undefined;
  let byName = outcomes.get(a);
  if (!byName) outcomes.set(a, (byName = outcomesByName(a)));
  return byName.get(name);
}

export type Outcome = { outcome: 'deleted' | 'skipped' | 'failed'; detail?: string };

// A report asks for every entry's outcome: searching the lists each time cost entries x victims (a clean of 40k
// entries that deleted 10k took 2.3 s to write its CSV; 200k and 50k, about a minute). One index per document.
const outcomes = new WeakMap<NonNullable<PlanDoc['applied']>, Map<string, Outcome>>();

const DELETED: Outcome = Object.freeze({ outcome: 'deleted' });

/**
 * Each name's outcome: deleted before skipped before failed, the first of each list, as searching them in turn gives.
 * Only victims are in the lists: an index of them, never of every entry.
 */
export function outcomesByName(a: { deleted: readonly string[]; skipped: readonly { name: string; why: string }[]; failed: readonly { name: string; error: string }[] }): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const n of a.deleted) if (!out.has(n)) out.set(n, DELETED);
  for (const s of a.skipped) if (!out.has(s.name)) out.set(s.name, { outcome: 'skipped', detail: s.why });
  for (const f of a.failed) if (!out.has(f.name)) out.set(f.name, { outcome: 'failed', detail: f.error });
  return out;
}

/** `1 entry`, `2 entries`. */
export const entries = (n: number): string => `${n} ${n === 1 ? 'entry' : 'entries'}`;

export const pct = (n: number): string => `${(Math.round(n * 10) / 10).toFixed(1)}%`;

/** The trigger in words: `disk use at least 85% (reached), evict down to 80%; max-age 1d`. */
export function triggerText(doc: PlanDoc): string {
  const t = doc.trigger;
  const parts: string[] = [];
  const reached = t.reached ? 'reached' : 'not reached';
  switch (t.kind) {
    case 'percent':
      parts.push(`disk use at least ${t.threshold}% (${reached})${t.target !== null ? `, evict down to ${t.target}%` : ''}`);
      break;
    case 'size':
      parts.push(`cache size at least ${formatBytes(t.threshold ?? 0)} (${reached})${t.target !== null ? `, evict down to ${formatBytes(t.target)}` : ''}`);
      break;
    case 'min-free':
      parts.push(`less than ${formatBytes(t.threshold ?? 0)} available (${reached}), evict until that much is free`);
      break;
    case 'expiry':
      parts.push('expiry only: no usage threshold');
      break;
    default:
      parts.push('none: nothing expires and no threshold is set');
  }
  if (t.maxAgeSeconds !== null) parts.push(`max-age ${formatDuration(t.maxAgeSeconds * 1000)}`);
  return parts.join('; ');
}

/** Exit codes in words (docs/exit-codes.md). */
export function exitText(code: number | undefined): string {
  switch (code) {
    case undefined:
      return 'not recorded';
    case 0:
      return '0 (done)';
    case 1:
      return '1 (internal error)';
    case 2:
      return '2 (usage or configuration error)';
    case 3:
      return '3 (another run held the lock)';
    case 4:
      return '4 (some entries could not be read or deleted)';
    case 5:
      return '5 (shortfall: the target could not be met)';
    default:
      return `${code} (stopped by a signal)`;
  }
}

/** Rows of the before/after table: label, before, after. */
export function figureRows(doc: PlanDoc): [string, string, string][] {
  return [
    ['cache size', formatBytes(doc.before.cacheBytes), formatBytes(doc.after.cacheBytes)],
    ['disk used', pct(doc.before.diskUsedPercent), pct(doc.after.diskUsedPercent)],
    ['disk available', formatBytes(doc.before.diskAvailableBytes), formatBytes(doc.after.diskAvailableBytes)],
  ];
}

/** The victims, in eviction order. */
export function victimsOf(doc: PlanDoc): EntryDoc[] {
  return doc.entries.filter((e) => e.decision === 'evict');
}

/** The title line of a report. */
export function titleOf(doc: PlanDoc): string {
  const what = doc.dryRun ? 'plan (dry run)' : 'clean';
  return `cachesweep ${what}: ${doc.root}${doc.host ? ` on ${doc.host}` : ''}`;
}
