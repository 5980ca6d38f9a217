/**
 * The plan reports as they were made before they were streamed (CSV and Markdown rendered whole from the plan's
 * document, as of main at 3ec9068): the oracle the streamed renderers are compared with, byte for byte. Not used by
 * the tool; kept as it was, apart from imports.
 */
import { csvField, CSV_COLUMNS } from '../../src/report/csv.js';
import { entries, exitText, figureRows, outcomeOf, REASON_ORDER, titleOf, triggerText, victimsOf, type ReasonGroup } from '../../src/report/doc.js';
import { md, MD_KEPT_LIMIT } from '../../src/report/markdown.js';
import type { EntryDoc, PlanDoc } from '../../src/report/plan-schema.js';
import { regretText } from '../../src/report/regret.js';
import { storageLines } from '../../src/report/storage.js';
import type { Decision, Reason } from '../../src/shared/types.js';
import { formatBytes, formatDuration } from '../../src/shared/units.js';

/** A row per entry, victims first in eviction order, with a header row. CRLF line ends, as RFC 4180 says. */
export function planToCsv(doc: PlanDoc): string {
  const rows: unknown[][] = [[...CSV_COLUMNS]];
  for (const e of doc.entries) {
    const o = outcomeOf(doc, e.name);
    rows.push([
      doc.host,
      doc.root,
      e.name,
      e.class,
      e.kind,
      e.bytes,
      e.apparentBytes,
      e.lastUsed,
      e.idleSeconds,
      e.hits,
      e.inUse.join('; '),
      e.pinned,
      e.decision,
      e.reason,
      e.detail,
      e.order,
      o?.outcome ?? '',
      o?.detail ?? '',
    ]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Entries and bytes by decision and reason, in REASON_ORDER. */
function reasonGroups(entries: readonly EntryDoc[]): ReasonGroup[] {
  const m = new Map<string, ReasonGroup>();
  for (const e of entries) {
    const k = `${e.decision}/${e.reason}`;
    const g = m.get(k) ?? { decision: e.decision as Decision, reason: e.reason as Reason, count: 0, bytes: 0 };
    g.count++;
    g.bytes += e.bytes;
    m.set(k, g);
  }
  const rank = (r: string): number => {
    const i = REASON_ORDER.indexOf(r as Reason);
    return i < 0 ? REASON_ORDER.length : i;
  };
  return [...m.values()].sort((a, b) => (a.decision === b.decision ? 0 : a.decision === 'evict' ? -1 : 1) || rank(a.reason) - rank(b.reason) || (a.reason < b.reason ? -1 : 1));
}

function table(headers: string[], rows: string[][], right: number[] = []): string {
  const sep = headers.map((_, i) => (right.includes(i) ? '---:' : '---'));
  return [headers, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const idleText = (e: EntryDoc): string => formatDuration(e.idleSeconds * 1000);
const reasonText = (e: EntryDoc): string => (e.detail ? `${e.reason}: ${e.detail}` : e.reason);

/** Every victim in eviction order, with its reason (and its outcome after a clean). */
function victimSection(doc: PlanDoc): string[] {
  const victims = victimsOf(doc);
  const out = ['', `## ${doc.dryRun ? 'Would evict' : 'Evicted'}: ${entries(victims.length)}, ${md(formatBytes(doc.summary.evictBytes))}`, ''];
  if (victims.length === 0) return [...out, 'Nothing.'];
  const withOutcome = doc.applied !== undefined;
  const rows = victims.map((e) => {
    const o = outcomeOf(doc, e.name);
    const outcome = o ? `${o.outcome}${o.detail ? `: ${o.detail}` : ''}` : 'not attempted';
    return [String(e.order ?? ''), md(e.name), md(e.class), md(formatBytes(e.bytes)), md(idleText(e)), String(e.hits), md(reasonText(e)), ...(withOutcome ? [md(outcome)] : [])];
  });
  return [...out, table(['#', 'entry', 'class', 'size', 'idle', 'hits', 'reason', ...(withOutcome ? ['outcome'] : [])], rows, [0, 3, 4, 5])];
}

/**
 * What stays, by reason (count and bytes), then each kept entry with its reason: a ticket asking "why is this
 * image still here?" is answered by name, not only by a count.
 */
function keptSection(doc: PlanDoc): string[] {
  const s = doc.summary;
  const groups = reasonGroups(doc.entries).filter((g) => g.decision === 'keep');
  const out = ['', `## Kept: ${entries(s.keepCount)}, ${md(formatBytes(s.keepBytes))}`, ''];
  if (groups.length === 0) return [...out, 'Nothing.'];
  out.push(table(['reason', 'entries', 'size'], groups.map((g) => [md(g.reason), String(g.count), md(formatBytes(g.bytes))]), [1, 2]));
  const kept = doc.entries.filter((e) => e.decision === 'keep');
  const shown = kept.slice(0, MD_KEPT_LIMIT);
  out.push('', shown.length < kept.length ? `The first ${shown.length} of ${kept.length}:` : `Every kept entry:`, '');
  const rows = shown.map((e) => [md(e.name), md(e.class), md(formatBytes(e.bytes)), md(idleText(e)), String(e.hits), md(reasonText(e))]);
  out.push(table(['entry', 'class', 'size', 'idle', 'hits', 'reason'], rows, [2, 3, 4]));
  if (shown.length < kept.length) out.push('', `... and ${kept.length - shown.length} more, ${md(formatBytes(sumBytes(kept.slice(shown.length))))}: the CSV and JSON reports list every entry.`);
  return out;
}

const sumBytes = (es: readonly EntryDoc[]): number => es.reduce((a, e) => a + e.bytes, 0);

/**
 * A Markdown report that reads well pasted into a ticket: what triggered the run, before and after, every
 * victim with its reason, and what was kept and why: by reason, count and bytes, then entry by entry.
 */
export function planToMarkdown(doc: PlanDoc): string {
  const out: string[] = [];
  const s = doc.summary;
  out.push(`# ${md(titleOf(doc))}`, '');
  out.push(`- **When**: ${md(doc.now)}`);
  out.push(`- **Strategy**: ${md(doc.strategy)}; **layout**: ${md(doc.layout)}`);
  out.push(`- **Trigger**: ${md(triggerText(doc))}`);
  out.push(`- **Decision**: ${doc.dryRun ? 'would evict' : 'evict'} ${s.evictCount} of ${entries(s.entries)}, ${md(formatBytes(s.evictBytes))}`);
  if (s.cappedCount) out.push(`- **Cap**: --max-delete held back ${entries(s.cappedCount)} more, ${md(formatBytes(s.cappedBytes ?? 0))}`);
  if (s.shortfallBytes > 0) out.push(`- **Shortfall**: ${md(formatBytes(s.shortfallBytes))} more would have to go to meet the target`);
  const back = doc.regret;
  if (back && back.victimsRefetched.entries > 0) out.push(`- **Evicted before**: ${entries(back.victimsRefetched.entries)} of the victims, ${md(formatBytes(back.victimsRefetched.bytes))}, came back after an earlier eviction`);
  if (back?.history && back.history.refetches > 0) out.push(`- **Regret**: ${md(regretText(back.history))}`);
  if (doc.exitCode !== undefined) out.push(`- **Exit code**: ${md(exitText(doc.exitCode))}`);
  out.push('', '## Before and after', '');
  out.push(table(['', 'before', doc.dryRun ? 'after (planned)' : 'after'], figureRows(doc).map((r) => r.map(md)), [1, 2]));

  out.push(...victimSection(doc), ...keptSection(doc));
  if (doc.applied) {
    const a = doc.applied;
    out.push('', '## Outcome', '');
    out.push(`Deleted ${entries(a.deleted.length)} (${md(formatBytes(a.freedBytes))} freed), skipped ${a.skipped.length}, failed ${a.failed.length}${a.interrupted ? ', interrupted' : ''}.`);
    for (const x of a.skipped) out.push(`- skipped ${md(x.name)}: ${md(x.why)}`);
    for (const x of a.failed) out.push(`- failed ${md(x.name)}: ${md(x.error)}`);
  }
  const notes = [...storageLines(doc.storage), ...doc.notes.map((n) => `note: ${n}`), ...doc.warnings.map((w) => `warning: ${w}`)];
  if (notes.length) {
    out.push('', '## Notes', '');
    for (const n of notes) out.push(`- ${md(n)}`);
  }
  return `${out.join('\n')}\n`;
}
