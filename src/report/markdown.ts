import { regretText } from './regret.js';
import { escapeName } from '../shared/escape.js';
import { formatBytes, formatDuration } from '../shared/units.js';
import type { Plan, PlannedEntry } from '../plan/types.js';
import { inChunks } from './chunks.js';
import { entries, exitText, figureRows, outcomeOf, reasonGroups, titleOf, triggerText } from './doc.js';
import { planHeadDoc, type PlanDocExtra } from './json.js';
import type { PlanDoc } from './plan-schema.js';
import { storageLines } from './storage.js';
import { planRows } from '../plan/rows.js';

/**
 * Escape text for use inside a line of Markdown (CommonMark, GitHub): controls and bidirectional characters first
 * take the one escape form of every report (escapeName: a line break in a name shows as `\x0a`, so it can neither
 * end a table row nor hide), then the characters with an inline meaning (emphasis, code, links, HTML, entities,
 * table cells, strike-through) are backslash-escaped, the escape form's backslashes included. Everything this
 * report writes is mid-line, so line-start markers need no escaping.
 */
export function md(text: string): string {
  return escapeName(String(text)).replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** A table's lines: header, separator (`---:` right-aligns), then a line per row as the rows come. */
function* table(headers: string[], rows: Iterable<string[]>, right: number[] = []): Generator<string> {
  const line = (r: string[]): string => `| ${r.join(' | ')} |`;
  yield line(headers);
  yield line(headers.map((_, i) => (right.includes(i) ? '---:' : '---')));
  for (const r of rows) yield line(r);
}

/** Kept entries listed one by one, at most this many (the CSV and JSON reports have them all). */
export const MD_KEPT_LIMIT = 100;

const idleText = (p: PlannedEntry): string => formatDuration(Math.floor(p.idleMs / 1000) * 1000);
const reasonText = (p: PlannedEntry): string => (p.detail ? `${p.reason}: ${p.detail}` : p.reason);
const isVictim = (p: PlannedEntry): boolean => p.decision === 'evict';

function* victimRows(doc: PlanDoc, plan: Plan): Generator<string[]> {
  const withOutcome = doc.applied !== undefined;
  for (const p of planRows(plan)) {
    if (!isVictim(p)) continue;
    const o = outcomeOf(doc, p.entry.name);
    const outcome = o ? `${o.outcome}${o.detail ? `: ${o.detail}` : ''}` : 'not attempted';
    const e = p.entry;
    yield [String(p.order ?? ''), md(e.name), md(e.class), md(formatBytes(e.bytes)), md(idleText(p)), String(p.usage.hits), md(reasonText(p)), ...(withOutcome ? [md(outcome)] : [])];
  }
}

/** Every victim in eviction order, with its reason (and its outcome after a clean). */
function* victimSection(doc: PlanDoc, plan: Plan): Generator<string> {
  let count = 0;
  for (const p of planRows(plan)) if (isVictim(p)) count++;
  yield* ['', `## ${doc.dryRun ? 'Would evict' : 'Evicted'}: ${entries(count)}, ${md(formatBytes(doc.summary.evictBytes))}`, ''];
  if (count === 0) {
    yield 'Nothing.';
    return;
  }
  const outcome = doc.applied !== undefined ? ['outcome'] : [];
  yield* table(['#', 'entry', 'class', 'size', 'idle', 'hits', 'reason', ...outcome], victimRows(doc, plan), [0, 3, 4, 5]);
}

/** The kept entries: the first MD_KEPT_LIMIT of them, how many there are, and the bytes of the rest. */
function keptOf(plan: Plan): { shown: PlannedEntry[]; count: number; restBytes: number } {
  const shown: PlannedEntry[] = [];
  let count = 0;
  let restBytes = 0;
  for (const p of planRows(plan)) {
    if (p.decision !== 'keep') continue;
    if (count++ < MD_KEPT_LIMIT) shown.push(p);
    else restBytes += p.entry.bytes;
  }
  return { shown, count, restBytes };
}

/**
 * What stays, by reason (count and bytes), then each kept entry with its reason: a ticket asking "why is this
 * image still here?" is answered by name, not only by a count.
 */
function* keptSection(doc: PlanDoc, plan: Plan): Generator<string> {
  const s = doc.summary;
  const groups = reasonGroups(planRows(plan), (p) => p.entry.bytes).filter((g) => g.decision === 'keep');
  yield* ['', `## Kept: ${entries(s.keepCount)}, ${md(formatBytes(s.keepBytes))}`, ''];
  if (groups.length === 0) {
    yield 'Nothing.';
    return;
  }
  yield* table(['reason', 'entries', 'size'], groups.map((g) => [md(g.reason), String(g.count), md(formatBytes(g.bytes))]), [1, 2]);
  const { shown, count, restBytes } = keptOf(plan);
  yield* ['', shown.length < count ? `The first ${shown.length} of ${count}:` : `Every kept entry:`, ''];
  const rows = shown.map((p) => [md(p.entry.name), md(p.entry.class), md(formatBytes(p.entry.bytes)), md(idleText(p)), String(p.usage.hits), md(reasonText(p))]);
  yield* table(['entry', 'class', 'size', 'idle', 'hits', 'reason'], rows, [2, 3, 4]);
  if (shown.length < count) yield* ['', `... and ${count - shown.length} more, ${md(formatBytes(restBytes))}: the CSV and JSON reports list every entry.`];
}

/** What triggered the run, what it decided, and the figures before and after. */
function* headSection(doc: PlanDoc): Generator<string> {
  const s = doc.summary;
  yield* [`# ${md(titleOf(doc))}`, ''];
  yield `- **When**: ${md(doc.now)}`;
  yield `- **Strategy**: ${md(doc.strategy)}; **layout**: ${md(doc.layout)}`;
  yield `- **Trigger**: ${md(triggerText(doc))}`;
  yield `- **Decision**: ${doc.dryRun ? 'would evict' : 'evict'} ${s.evictCount} of ${entries(s.entries)}, ${md(formatBytes(s.evictBytes))}`;
  if (s.cappedCount) yield `- **Cap**: --max-delete held back ${entries(s.cappedCount)} more, ${md(formatBytes(s.cappedBytes ?? 0))}`;
  if (s.shortfallBytes > 0) yield `- **Shortfall**: ${md(formatBytes(s.shortfallBytes))} more would have to go to meet the target`;
  const back = doc.regret;
  if (back && back.victimsRefetched.entries > 0) yield `- **Evicted before**: ${entries(back.victimsRefetched.entries)} of the victims, ${md(formatBytes(back.victimsRefetched.bytes))}, came back after an earlier eviction`;
  if (back?.history && back.history.refetches > 0) yield `- **Regret**: ${md(regretText(back.history))}`;
  if (doc.exitCode !== undefined) yield `- **Exit code**: ${md(exitText(doc.exitCode))}`;
  yield* ['', '## Before and after', ''];
  yield* table(['', 'before', doc.dryRun ? 'after (planned)' : 'after'], figureRows(doc).map((r) => r.map(md)), [1, 2]);
}

/** After a clean, what became of the victims; then the notes and warnings. */
function* tailSection(doc: PlanDoc): Generator<string> {
  if (doc.applied) {
    const a = doc.applied;
    yield* ['', '## Outcome', ''];
    yield `Deleted ${entries(a.deleted.length)} (${md(formatBytes(a.freedBytes))} freed), skipped ${a.skipped.length}, failed ${a.failed.length}${a.interrupted ? ', interrupted' : ''}.`;
    for (const x of a.skipped) yield `- skipped ${md(x.name)}: ${md(x.why)}`;
    for (const x of a.failed) yield `- failed ${md(x.name)}: ${md(x.error)}`;
  }
  const notes = [...storageLines(doc.storage), ...doc.notes.map((n) => `note: ${n}`), ...doc.warnings.map((w) => `warning: ${w}`)];
  if (notes.length) {
    yield* ['', '## Notes', ''];
    for (const n of notes) yield `- ${md(n)}`;
  }
}

/**
 * A Markdown report that reads well pasted into a ticket: what triggered the run, before and after, every
 * victim with its reason, and what was kept and why: by reason, count and bytes, then entry by entry. Written
 * in chunks straight from the plan (a victim's row is made when its chunk is); only the document's head is made.
 */
export function planMarkdownChunks(plan: Plan, extra: PlanDocExtra): Generator<string> {
  const doc = planHeadDoc(plan, extra);
  return inChunks(
    (function* () {
      yield* headSection(doc);
      yield* victimSection(doc, plan);
      yield* keptSection(doc, plan);
      yield* tailSection(doc);
    })(),
    '\n',
  );
}
