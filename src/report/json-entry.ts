import type { Plan, PlannedEntry } from '../plan/types.js';
import { escapeName, jsonEscaping } from '../shared/escape.js';
import { interruptedJson } from './interrupted.js';
import type { EntryDoc } from './plan-schema.js';

/** A time as the documents write it: ISO 8601 in UTC, null for none (and for 0 and before). */
export const iso = (ms: number | undefined): string | null => (ms === undefined || !Number.isFinite(ms) || ms <= 0 ? null : new Date(ms).toISOString());

/** One entry of a plan's document, as an object (for planToJson, and for the rare entry the text writer hands on). */
export function entryJson(p: PlannedEntry, groups: Plan['linkGroups']): EntryDoc {
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
export function entryParts(p: PlannedEntry, groups: Plan['linkGroups'], isoOf: (ms: number | undefined) => string | null, out: string[]): void {
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

