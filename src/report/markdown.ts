import { escapeName } from '../shared/escape.js';
import { formatBytes, formatDuration } from '../shared/units.js';
import { entries, exitText, figureRows, outcomeOf, reasonGroups, titleOf, triggerText, victimsOf } from './doc.js';
import type { PlanDoc } from './plan-schema.js';
import { storageLines } from './storage.js';

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

function table(headers: string[], rows: string[][], right: number[] = []): string {
  const sep = headers.map((_, i) => (right.includes(i) ? '---:' : '---'));
  return [headers, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/**
 * A Markdown report that reads well pasted into a ticket: what triggered the run, before and after, every
 * victim with its reason, and what was kept and why, by count and bytes.
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
  if (doc.exitCode !== undefined) out.push(`- **Exit code**: ${md(exitText(doc.exitCode))}`);
  out.push('', '## Before and after', '');
  out.push(table(['', 'before', doc.dryRun ? 'after (planned)' : 'after'], figureRows(doc).map((r) => r.map(md)), [1, 2]));

  const victims = victimsOf(doc);
  out.push('', `## ${doc.dryRun ? 'Would evict' : 'Evicted'}: ${victims.length} entries, ${md(formatBytes(s.evictBytes))}`, '');
  if (victims.length === 0) out.push('Nothing.');
  else {
    const withOutcome = doc.applied !== undefined;
    out.push(
      table(
        ['#', 'entry', 'class', 'size', 'idle', 'hits', 'reason', ...(withOutcome ? ['outcome'] : [])],
        victims.map((e) => {
          const o = outcomeOf(doc, e.name);
          return [
            String(e.order ?? ''),
            md(e.name),
            md(e.class),
            md(formatBytes(e.bytes)),
            md(formatDuration(e.idleSeconds * 1000)),
            String(e.hits),
            md(e.detail ? `${e.reason}: ${e.detail}` : e.reason),
            ...(withOutcome ? [md(o ? `${o.outcome}${o.detail ? `: ${o.detail}` : ''}` : 'not attempted')] : []),
          ];
        }),
        [0, 3, 4, 5],
      ),
    );
  }

  const kept = reasonGroups(doc.entries).filter((g) => g.decision === 'keep');
  out.push('', `## Kept: ${s.keepCount} entries, ${md(formatBytes(s.keepBytes))}`, '');
  if (kept.length === 0) out.push('Nothing.');
  else out.push(table(['reason', 'entries', 'size'], kept.map((g) => [md(g.reason), String(g.count), md(formatBytes(g.bytes))]), [1, 2]));

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
