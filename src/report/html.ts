import { formatBytes, formatDuration } from '../shared/units.js';
import { entries, exitText, figureRows, outcomeOf, reasonGroups, titleOf, triggerText, victimsOf, type ReasonGroup } from './doc.js';
import type { EntryDoc, PlanDoc } from './plan-schema.js';
import { storageLines } from './storage.js';
import { colorOf, compositionChart, diskChart, esc } from './html-charts.js';
import { scatterChart } from './scatter.js';
import { regretText } from './regret.js';

/** Rows of the full entry table before it is cut short (the CSV and JSON reports have every entry). */
export const ENTRY_TABLE_LIMIT = 2000;

/**
 * Styles of every HTML report. The page loads nothing: no script, font, image or stylesheet from anywhere,
 * and its Content-Security-Policy forbids it, so it can be opened from a ticket or a mail offline.
 */
export const HTML_STYLE = `
:root{--fg:#1d2329;--muted:#5f6b76;--line:#d9dee3;--bg:#fff;--card:#f6f8fa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:24px 32px;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
.meta{color:var(--muted);margin:0 0 16px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:170px}
.card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}.card .v{font-size:20px;font-weight:600}
.card.bad{border-color:#d62728;background:#fdecec}.card.warn{border-color:#9467bd;background:#f3eefa}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--card);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.name{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}td.name.long{white-space:normal;word-break:break-all}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:middle}
.evict{color:#b3261e;font-weight:600}.keep{color:#2d6a31}
svg{width:100%;max-width:1000px;height:auto;display:block;margin:6px 0}
svg .lbl{font-size:12px;fill:#333}svg .leg{font-size:11px;fill:#333}svg .tick{font-size:10px;fill:#666}
svg .val{font-size:12px;fill:#111;font-weight:600}svg .grid{stroke:#e3e3e3}
svg .marker{stroke:#b3261e;stroke-width:2;stroke-dasharray:5 3}svg .mlbl{font-size:11px;fill:#b3261e}
.note{color:var(--muted)}
footer{margin-top:32px;color:var(--muted);font-size:12px}
`;

export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The head and the opening of the body, shared with the fleet report. */
export function htmlHead(title: string, extraStyle = ''): string {
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style>${HTML_STYLE}${extraStyle}</style></head><body>\n`
  );
}

/**
 * Names longer than this may break anywhere; shorter ones never break. Breaking anywhere let the browser squeeze
 * a sha1 (40 characters) onto three lines beside a reason column with room to spare; a name on one line makes
 * the reason wrap instead.
 */
const NAME_UNBROKEN = 64;

/** A table cell holding an entry name. */
export function nameCell(name: string): string {
  return `<td class="name${name.length > NAME_UNBROKEN ? ' long' : ''}">${esc(name)}</td>`;
}

function card(k: string, v: string, cls = ''): string {
  return `<div class="card ${cls}"><div class="k">${esc(k)}</div><div class="v">${esc(v)}</div></div>`;
}

function th(cols: [string, boolean?][]): string {
  return `<tr>${cols.map(([c, num]) => `<th${num ? ' class="num"' : ''}>${esc(c)}</th>`).join('')}</tr>`;
}

function entryRow(doc: PlanDoc, e: EntryDoc, withOutcome: boolean, withOrder: boolean): string {
  const o = outcomeOf(doc, e.name);
  const cells = [
    ...(withOrder ? [`<td class="num">${esc(e.order ?? '')}</td>`] : []),
    nameCell(e.name),
    `<td>${esc(e.class)}</td>`,
    `<td class="num">${esc(formatBytes(e.bytes))}</td>`,
    `<td class="num">${esc(formatDuration(e.idleSeconds * 1000))}</td>`,
    `<td class="num">${esc(e.hits)}</td>`,
    `<td class="${e.decision}">${esc(e.decision)}</td>`,
    `<td><span class="swatch" style="background:${colorOf(e.reason)}"></span>${esc(e.reason)}${e.detail ? `: ${esc(e.detail)}` : ''}</td>`,
    ...(withOutcome ? [`<td>${esc(o ? `${o.outcome}${o.detail ? `: ${o.detail}` : ''}` : '')}</td>`] : []),
  ];
  return `<tr>${cells.join('')}</tr>`;
}

/**
 * One self-contained HTML file: the Markdown report's content (trigger, before and after, victims with
 * reasons, kept by reason with counts and bytes, outcome) plus three inline SVG charts: composition by
 * decision and reason, size against idle time, and disk before and after against threshold and target.
 */
export function planToHtml(doc: PlanDoc): string {
  const groups = reasonGroups(doc.entries, (e) => e.bytes);
  const out: string[] = [htmlHead(titleOf(doc))];
  out.push(`<header><h1>${esc(titleOf(doc))}</h1>`);
  out.push(
    `<p class="meta">${esc(doc.now)} · strategy ${esc(doc.strategy)} · layout ${esc(doc.layout)} · trigger: ${esc(triggerText(doc))}` +
      `${doc.exitCode !== undefined ? ` · exit ${esc(exitText(doc.exitCode))}` : ''}</p></header>`,
  );
  out.push(...cards(doc));
  const history = doc.regret?.history;
  if (history && history.refetches > 0) out.push(`<p class="note" id="regret">Regret: ${esc(regretText(history))}.</p>`);
  out.push('<section><h2>Disk and cache, before and after</h2>');
  out.push(diskChart(doc));
  out.push(`<table id="before-after">${th([[''], ['before', true], [doc.dryRun ? 'after (planned)' : 'after', true]])}`);
  for (const [k, b, a] of figureRows(doc)) out.push(`<tr><td>${esc(k)}</td><td class="num">${esc(b)}</td><td class="num">${esc(a)}</td></tr>`);
  out.push('</table></section>');
  out.push(...composition(groups));
  const sc = scatterChart(doc);
  out.push('<section><h2>Size against idle time</h2>');
  out.push(sc.svg);
  if (sc.shown < doc.entries.length) out.push(`<p class="note">${sc.shown} of ${doc.entries.length} entries shown: every victim and the largest of the rest.</p>`);
  if (sc.spread > 0) {
    out.push(`<p class="note">Every entry is a dot of its own: ${entries(sc.spread)} that would have hidden another ${sc.spread === 1 ? 'is' : 'are'} drawn just beside ${sc.spread === 1 ? 'its' : 'their'} place (hover a dot for its figures).</p>`);
  }
  out.push('</section>');
  out.push(...entryTables(doc, groups));
  const notes = [...storageLines(doc.storage), ...doc.notes.map((x) => `note: ${x}`), ...doc.warnings.map((w) => `warning: ${w}`)];
  if (notes.length) out.push(`<section><h2>Notes</h2><ul>${notes.map((x) => `<li>${esc(x)}</li>`).join('')}</ul></section>`);
  out.push(`<footer>cachesweep report · schema ${esc(doc.schema)} · ${esc(doc.root)}</footer>\n</body></html>\n`);
  return out.join('\n');
}

/** The cards at the top: evicted and kept, disk and cache, and when they apply, the cap, the shortfall, the outcome. */
function cards(doc: PlanDoc): string[] {
  const s = doc.summary;
  const out = ['<section class="cards">'];
  out.push(card(doc.dryRun ? 'would evict' : 'evicted', `${s.evictCount} · ${formatBytes(s.evictBytes)}`));
  out.push(card('kept', `${s.keepCount} · ${formatBytes(s.keepBytes)}`));
  out.push(card('disk used', `${figureRows(doc)[1]![1]} → ${figureRows(doc)[1]![2]}`));
  out.push(card('cache size', `${formatBytes(doc.before.cacheBytes)} → ${formatBytes(doc.after.cacheBytes)}`));
  if (s.cappedCount) out.push(card('held back by --max-delete', `${s.cappedCount} · ${formatBytes(s.cappedBytes ?? 0)}`, 'warn'));
  if (s.shortfallBytes > 0) out.push(card('shortfall', formatBytes(s.shortfallBytes), 'bad'));
  const back = doc.regret;
  if (back && back.victimsRefetched.entries > 0) out.push(card('victims evicted before', `${back.victimsRefetched.entries} · ${formatBytes(back.victimsRefetched.bytes)}`, 'warn'));
  if (back?.history && back.history.refetches > 0) out.push(card('came back after eviction', `${back.history.refetches} · ${formatBytes(back.history.refetchedBytes)}`, 'warn'));
  if (doc.applied) {
    const a = doc.applied;
    out.push(card('deleted', `${a.deleted.length} · ${formatBytes(a.freedBytes)}`));
    if (a.skipped.length || a.failed.length) out.push(card('skipped / failed', `${a.skipped.length} / ${a.failed.length}`, a.failed.length ? 'bad' : 'warn'));
  }
  out.push('</section>');
  return out;
}

function composition(groups: readonly ReasonGroup[]): string[] {
  const out = ['<section><h2>Composition by decision and reason</h2>', compositionChart(groups)];
  out.push(`<table id="by-reason">${th([['decision'], ['reason'], ['entries', true], ['size', true]])}`);
  for (const g of groups) {
    out.push(
      `<tr><td class="${g.decision}">${esc(g.decision)}</td><td><span class="swatch" style="background:${colorOf(g.reason)}"></span>${esc(g.reason)}</td>` +
        `<td class="num">${g.count}</td><td class="num">${esc(formatBytes(g.bytes))}</td></tr>`,
    );
  }
  out.push('</table></section>');
  return out;
}

/** The victims in eviction order, what was kept by reason, the outcome after clean, and every entry. */
function entryTables(doc: PlanDoc, groups: readonly ReasonGroup[]): string[] {
  const s = doc.summary;
  const victims = victimsOf(doc);
  const withOutcome = doc.applied !== undefined;
  const out: string[] = [];
  const cols: [string, boolean?][] = [['entry'], ['class'], ['size', true], ['idle', true], ['hits', true], ['decision'], ['reason'], ...(withOutcome ? ([['outcome']] as [string][]) : [])];
  out.push(`<section><h2>${doc.dryRun ? 'Would evict' : 'Evicted'}: ${entries(victims.length)}, ${esc(formatBytes(s.evictBytes))}</h2>`);
  if (victims.length === 0) out.push('<p>Nothing.</p>');
  out.push(`<table id="victims">${th([['#', true], ...cols])}`);
  for (const e of victims) out.push(entryRow(doc, e, withOutcome, true));
  out.push('</table></section>');

  out.push(`<section><h2>Kept: ${entries(s.keepCount)}, ${esc(formatBytes(s.keepBytes))}</h2>`);
  out.push(`<table id="kept-by-reason">${th([['reason'], ['entries', true], ['size', true]])}`);
  for (const g of groups.filter((x) => x.decision === 'keep')) {
    out.push(`<tr><td><span class="swatch" style="background:${colorOf(g.reason)}"></span>${esc(g.reason)}</td><td class="num">${g.count}</td><td class="num">${esc(formatBytes(g.bytes))}</td></tr>`);
  }
  out.push('</table></section>');
  if (doc.applied) out.push(...outcome(doc.applied));

  const shown = doc.entries.slice(0, ENTRY_TABLE_LIMIT);
  out.push(`<section><h2>Every entry (${doc.entries.length})</h2>`);
  out.push(`<table id="entries">${th(cols)}`);
  for (const e of shown) out.push(entryRow(doc, e, withOutcome, false));
  out.push('</table>');
  if (shown.length < doc.entries.length) out.push(`<p class="note">The first ${shown.length} of ${doc.entries.length} entries; the CSV and JSON reports have them all.</p>`);
  out.push('</section>');
  return out;
}

function outcome(a: NonNullable<PlanDoc['applied']>): string[] {
  const out = ['<section><h2>Outcome</h2>'];
  out.push(`<p>Deleted ${entries(a.deleted.length)} (${esc(formatBytes(a.freedBytes))} freed), skipped ${a.skipped.length}, failed ${a.failed.length}${a.interrupted ? ', interrupted' : ''}.</p>`);
  if (a.skipped.length || a.failed.length) {
    out.push(`<table id="outcome">${th([['entry'], ['outcome'], ['why']])}`);
    for (const x of a.skipped) out.push(`<tr>${nameCell(x.name)}<td>skipped</td><td>${esc(x.why)}</td></tr>`);
    for (const x of a.failed) out.push(`<tr>${nameCell(x.name)}<td>failed</td><td>${esc(x.error)}</td></tr>`);
    out.push('</table>');
  }
  out.push('</section>');
  return out;
}
