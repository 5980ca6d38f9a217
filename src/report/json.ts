import type { Applied } from '../apply/apply.js';
import type { Figures, Plan, PlannedEntry } from '../plan/types.js';
import type { RegretSummary } from '../shared/regret.js';
import type { ScanResult, Unreadable, Usage } from '../shared/types.js';
import { regretJson, victimsRefetched } from './regret.js';
import { NO_FINDINGS, type RunFindings } from '../usage/interrupted.js';
import { interruptedJson, unfinishedRunJson } from './interrupted.js';
import { SCHEMA_VERSION, type EntryDoc, type PlanDoc, type Figures as FiguresDoc } from './plan-schema.js';
import type { Storage } from '../scan/storage.js';
import { storageJson } from './storage.js';
import { escapeName, jsonEscaping } from '../shared/escape.js';

const iso = (ms: number | undefined): string | null => (ms === undefined || !Number.isFinite(ms) || ms <= 0 ? null : new Date(ms).toISOString());

function figures(f: Figures): FiguresDoc {
  return {
    cacheBytes: f.cacheBytes,
    diskUsedPercent: Math.round(f.diskUsedPercent * 1000) / 1000,
    diskAvailableBytes: f.diskAvailableBytes,
    diskUsedBytes: f.diskUsedBytes,
  };
}

function entryJson(p: PlannedEntry, groups: Plan['linkGroups']): EntryDoc {
  // A group the plan does not hold cannot happen; the field is then left out rather than written as null.
  const first = p.entry.link ? groups[p.entry.link.group]?.members[0] : undefined;
  const link = first !== undefined ? { linkGroup: first } : {};
  return {
    name: p.entry.name,
    class: p.entry.class,
    kind: p.entry.kind,
    bytes: p.entry.bytes,
    apparentBytes: p.entry.apparentBytes,
    lastUsed: iso(p.usage.lastUsedMs),
    idleSeconds: Math.floor(p.idleMs / 1000),
    hits: p.usage.hits,
    refetches: p.usage.refetches ?? 0,
    inUse: p.usage.inUse,
    pinned: p.usage.pinned,
    decision: p.decision,
    reason: p.reason,
    detail: p.detail ?? null,
    order: p.order ?? null,
    ...link,
    ...(p.interrupted ? { interrupted: interruptedJson(p.interrupted, p.entry)! } : {}),
  };
}

/** What a plan says of regret: its victims that had come back after an earlier eviction, and the store's record. */
function planRegret(plan: Plan): PlanDoc['regret'] {
  return { victimsRefetched: victimsRefetched(plan.entries), history: regretJson(plan.regret) };
}

/** What planToJson needs besides the plan. */
export interface PlanDocExtra {
  dryRun: boolean;
  applied?: Applied;
  warnings?: string[];
  unreadable?: readonly Unreadable[];
  exitCode?: number;
  host?: string;
}

/** The `--json` document of a plan (and, after applying, its outcome): schema 1, as plan-schema.ts declares it. */
export function planToJson(plan: Plan, extra: PlanDocExtra): PlanDoc {
  return {
    schema: SCHEMA_VERSION,
    command: extra.dryRun ? 'plan' : 'clean',
    host: extra.host ?? null,
    root: plan.root,
    layout: plan.layout,
    strategy: plan.strategy,
    dryRun: extra.dryRun,
    now: new Date(plan.now).toISOString(),
    trigger: plan.trigger,
    storage: storageJson(plan.storage),
    before: figures(plan.before),
    after: figures(plan.after),
    entries: plan.entries.map((p) => entryJson(p, plan.linkGroups)),
    summary: plan.summary,
    regret: planRegret(plan),
    notes: plan.notes,
    warnings: extra.warnings ?? [],
    unreadable: (extra.unreadable ?? []).map((u) => ({ entry: u.entry, path: u.path, error: u.error })),
    ...(extra.applied
      ? {
          applied: {
            deleted: extra.applied.deleted,
            skipped: extra.applied.skipped,
            failed: extra.applied.failed,
            freedBytes: extra.applied.freedBytes,
            interrupted: extra.applied.interrupted,
          },
        }
      : {}),
    ...(extra.exitCode !== undefined ? { exitCode: extra.exitCode } : {}),
  };
}

/**
 * The document of a plan without its entries, for the reports written entry by entry from the plan itself: what
 * counts the entries (the summary, the victims that came back) is the whole plan's.
 */
export function planHeadDoc(plan: Plan, extra: PlanDocExtra): PlanDoc {
  // (regret counts the victims: from the whole plan)
  return { ...planToJson({ ...plan, entries: [] }, extra), regret: planRegret(plan) };
}

/** Stands in for the entries while the rest of the document is stringified: no real string holds a NUL. */
const ENTRIES_HOLE = '\u0000entries\u0000';

/**
 * The `--json` document of a plan as text, in chunks (of some 80 KB): exactly the characters of
 * `JSON.stringify(planToJson(plan, extra), null, 2)`, without the whole document (an object, then a string, then a
 * buffer of 350 bytes or so per entry) ever being in memory at once. Each entry is made into JSON when its chunk is.
 */
export function* planJsonChunks(plan: Plan, extra: PlanDocExtra): Generator<string> {
  // (a key given again keeps its place in the object)
  const doc = { ...planHeadDoc(plan, extra), entries: ENTRIES_HOLE };
  const text = JSON.stringify(doc, jsonEscaping, 2);
  const hole = `"entries": ${JSON.stringify(ENTRIES_HOLE, jsonEscaping)}`;
  const at = text.indexOf(hole);
  if (at < 0 || text.indexOf(hole, at + 1) >= 0) {
    yield JSON.stringify(planToJson(plan, extra), jsonEscaping, 2); // cannot happen; whole, rather than wrong
    return;
  }
  const head = text.slice(0, at + '"entries": '.length);
  const tail = text.slice(at + hole.length);
  const n = plan.entries.length;
  if (n === 0) {
    yield `${head}[]${tail}`;
    return;
  }
  // Inside the document an entry sits 4 spaces in: its own 2-space layout, every line indented by 4.
  const isoOf = isoWriter();
  // An entry's pieces go into one array, joined once per chunk: built with `+`, each entry was about 35 string nodes
  // and copies (1.6 KB of garbage for 400 bytes of text), and the chunk a rope flattened again when written.
  const parts: string[] = [head, '[\n'];
  for (let i = 0; i < n; i++) {
    parts.push('    ');
    entryParts(plan.entries[i]!, plan.linkGroups, isoOf, parts);
    parts.push(i < n - 1 ? ',\n' : '\n');
    if (parts.length >= CHUNK_PARTS) {
      yield parts.join('');
      parts.length = 0;
    }
  }
  parts.push('  ]', tail);
  yield parts.join('');
}

/**
 * Pieces per chunk: about 40 an entry (400 bytes of text), so some 80 KB. Not a megabyte's worth: pieces held that
 * long outlive the young generation's collections and are copied into the old one before the join (100,000 pieces
 * took twice the time of 8,000; 2,000 to 16,000 were alike).
 */
const CHUNK_PARTS = 8_000;

/**
 * Nothing escapeName changes (HIDDEN in shared/escape.ts: backslash, controls, bidirectional and line-separator
 * marks, any surrogate, paired or not) and no quote: such a string is written as it is, between quotes.
 */
const VERBATIM = /^[^"\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]*$/;
/**
 * A string as toJsonText writes it (in the escape form, then quoted), as pieces: a plain one goes in as it is,
 * between quote pieces, not copied into a quoted string.
 */
function quoted(s: string, out: string[]): void {
  if (VERBATIM.test(s)) out.push('"', s, '"');
  else out.push(JSON.stringify(escapeName(s)));
}
/**
 * quoted() of a word from a small set (an entry's class, kind, decision, reason): made once per word, one piece per
 * entry. The set is the layouts' and the planner's, but a class is the layout's to name: at most WORDS are kept.
 */
const words = new Map<string, string>();
const WORDS = 256;
function word(s: string, out: string[]): void {
  let q = words.get(s);
  if (q === undefined) {
    q = VERBATIM.test(s) ? `"${s}"` : JSON.stringify(escapeName(s));
    if (words.size < WORDS) words.set(s, q);
  }
  out.push(q);
}
/** A number as JSON.stringify writes it (NaN and the infinities as null). */
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

const DAY_MS = 86_400_000;
/** Year 10000: from there on toISOString writes a six-digit year with a sign. */
const YEAR_10000_MS = 253_402_300_800_000;
const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * iso() for many times: the date part made once per day, the time of day from integers. The same text as
 * toISOString (a property test compares them), at a third of its cost; a time outside years 1970 to 9999 goes to iso().
 */
export function isoWriter(): (ms: number | undefined) => string | null {
  const days = new Map<number, string>();
  return (ms) => {
    if (ms === undefined || !(ms > 0 && ms < YEAR_10000_MS)) return iso(ms);
    // File times have fractions of a millisecond: a Date drops them (for a positive time, the floor).
    const whole = Math.floor(ms);
    const day = Math.floor(whole / DAY_MS);
    let date = days.get(day);
    if (date === undefined) days.set(day, (date = new Date(day * DAY_MS).toISOString().slice(0, 11)));
    let t = whole - day * DAY_MS;
    const milli = t % 1000;
    t = (t - milli) / 1000;
    const sec = t % 60;
    t = (t - sec) / 60;
    const min = t % 60;
    return `${date}${PAD2[(t - min) / 60]}:${PAD2[min]}:${PAD2[sec]}.${PAD3[milli]}Z`;
  };
}

/**
 * One entry of the document as toJsonText would write entryJson(p) inside it (4 spaces in), as pieces added to
 * `out`: the same characters, without the object, the replacer's call per value and the re-indenting regex, which
 * were most of the time of a 200k-entry `--json` after the scan. What is rare (in use, an interrupted deletion, a value of an unexpected type)
 * goes the general way.
 */
function entryParts(p: PlannedEntry, groups: Plan['linkGroups'], isoOf: (ms: number | undefined) => string | null, out: string[]): void {
  const e = p.entry;
  const u = p.usage;
  const plain =
    typeof e.name === 'string' &&
    typeof e.class === 'string' &&
    typeof p.reason === 'string' &&
    Array.isArray(u.inUse) &&
    u.inUse.length === 0 &&
    !p.interrupted &&
    typeof e.bytes === 'number' &&
    typeof e.apparentBytes === 'number' &&
    typeof u.hits === 'number' &&
    (u.refetches === undefined || typeof u.refetches === 'number') &&
    typeof u.pinned === 'boolean' &&
    (p.detail === undefined || typeof p.detail === 'string') &&
    (p.order === undefined || typeof p.order === 'number');
  if (!plain) {
    out.push(JSON.stringify(entryJson(p, groups), jsonEscaping, 2).replace(/\n/g, '\n    '));
    return;
  }
  const first = e.link ? groups[e.link.group]?.members[0] : undefined;
  const lastUsed = isoOf(u.lastUsedMs);
  out.push('{\n      "name": ');
  quoted(e.name, out);
  out.push(',\n      "class": ');
  word(e.class, out);
  out.push(',\n      "kind": ');
  word(e.kind, out);
  out.push(
    ',\n      "bytes": ', num(e.bytes),
    ',\n      "apparentBytes": ', num(e.apparentBytes),
    ',\n      "lastUsed": ',
  );
  if (lastUsed === null) out.push('null');
  else out.push('"', lastUsed, '"');
  out.push(
    ',\n      "idleSeconds": ', num(Math.floor(p.idleMs / 1000)),
    ',\n      "hits": ', num(u.hits),
    ',\n      "refetches": ', num(u.refetches ?? 0),
    ',\n      "inUse": [],\n      "pinned": ', u.pinned ? 'true' : 'false',
    ',\n      "decision": ',
  );
  word(p.decision, out);
  out.push(',\n      "reason": ');
  word(p.reason, out);
  out.push(',\n      "detail": ');
  if (p.detail === undefined) out.push('null');
  else quoted(p.detail, out);
  out.push(',\n      "order": ', p.order === undefined ? 'null' : num(p.order));
  if (first !== undefined) {
    out.push(',\n      "linkGroup": ');
    quoted(first, out);
  }
  out.push('\n    }');
}

/** The `status --json` document: the inventory, no decisions. */
export function statusToJson(
  scan: ScanResult,
  usage: ReadonlyMap<string, Usage>,
  disk: Figures,
  now: number,
  storage?: Storage,
  findings: RunFindings = NO_FINDINGS,
  regret?: RegretSummary,
) {
  return {
    schema: SCHEMA_VERSION,
    command: 'status',
    root: scan.root,
    layout: scan.layout,
    now: new Date(now).toISOString(),
    disk: figures(disk),
    storage: storageJson(storage),
    summary: { entries: scan.entries.length, cacheBytes: scan.cacheBytes },
    entries: scan.entries.map((e) => {
      const u = usage.get(e.name);
      return {
        name: e.name,
        class: e.class,
        kind: e.kind,
        bytes: e.bytes,
        apparentBytes: e.apparentBytes,
        lastUsed: iso(u?.lastUsedMs),
        idleSeconds: u ? Math.max(0, Math.floor((now - u.lastUsedMs) / 1000)) : null,
        hits: u?.hits ?? 0,
        refetches: u?.refetches ?? 0,
        firstSeen: iso(u?.firstSeenMs),
        inUse: u?.inUse ?? [],
        pinned: u?.pinned ?? false,
        pinnedUntil: iso(u?.pinnedUntilMs),
        unknown: e.unknownWhy ?? null,
        interrupted: interruptedJson(findings.interrupted.get(e.name), e),
      };
    }),
    unfinishedRuns: findings.unfinishedRuns.map(unfinishedRunJson),
    unfinishedRunsTotal: findings.unfinishedTotal,
    regret: regretJson(regret),
    warnings: scan.warnings,
  };
}
