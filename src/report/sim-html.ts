import { plural } from './plural.js';
import { formatBytes } from '../shared/units.js';
import { esc } from './html-charts.js';
import { htmlHead } from './html.js';
import { missRatioChart, strategyColor, type Series } from './sim-charts.js';
import type { SimDoc, SimRow } from './sim-doc.js';
import { bestLines, r4, SIM_HEADERS, traceLine } from './sim-words.js';

function card(k: string, v: string): string {
  return `<div class="card"><div class="k">${esc(k)}</div><div class="v">${esc(v)}</div></div>`;
}

function series(doc: SimDoc, key: 'missRatio' | 'byteMissRatio'): Series[] {
  const out: Series[] = doc.options.strategies.map((name) => ({
    name,
    color: strategyColor(name),
    points: doc.results.filter((r) => r.strategy === name).map((r) => ({ capacity: r.capacity, value: r[key] })),
  }));
  if (doc.optimum) out.push({ name: 'belady (optimum)', color: strategyColor('belady'), dash: '6 3', points: doc.optimum.map((r) => ({ capacity: r.capacity, value: r[key] })) });
  if (doc.bound) out.push({ name: 'pfoo-l (bound)', color: strategyColor('pfoo-l'), dash: '2 3', points: doc.bound.map((b) => ({ capacity: b.capacity, value: b[key] })) });
  return out;
}

function row(r: SimRow, label: string, cls = ''): string {
  const cells = [formatBytes(r.capacity), label, r4(r.hitRatio), r4(r.byteHitRatio), r4(r.missRatio), r4(r.byteMissRatio), formatBytes(r.refetchBytes)];
  return `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c, i) => `<td${i === 1 ? '' : ' class="num"'}>${i === 1 ? `<span class="swatch" style="background:${strategyColor(r.strategy)}"></span>` : ''}${esc(c)}</td>`).join('')}</tr>`;
}

/**
 * One self-contained HTML page of a simulation: the trace, the miss-ratio and byte-miss-ratio curves of every
 * strategy against capacity with the optimum and the bound, the best strategy per capacity, and the full table.
 * Nothing is loaded from anywhere (the plan report's head and Content-Security-Policy).
 */
export function simToHtml(doc: SimDoc): string {
  const t = doc.trace;
  const title = `cachesweep simulate: ${t.source}`;
  const out: string[] = [htmlHead(title, 'tr.limit td{background:#eef7f9}')];
  out.push(`<header><h1>${esc(title)}</h1><p class="meta">${esc(doc.generated)} · ${esc(traceLine(doc))}</p></header>`);
  out.push('<section class="cards">');
  out.push(card('requests', `${t.countedRequests.toLocaleString('en-US')}${t.warmup ? ` (+${t.warmup} warm-up)` : ''}`));
  out.push(card('objects', t.objects.toLocaleString('en-US')));
  out.push(card('requested', formatBytes(t.countedBytes)));
  out.push(card('first requests (unavoidable)', `${r4(t.firstRequestMissRatio)} · bytes ${r4(t.firstRequestByteMissRatio)}`));
  if (t.malformed.count) out.push(`<div class="card warn"><div class="k">malformed records skipped</div><div class="v">${t.malformed.count}</div></div>`);
  out.push('</section>');

  out.push('<section><h2>Miss ratio against capacity</h2>');
  out.push(missRatioChart('chart-miss-ratio', 'Miss ratio per strategy against cache capacity', 'miss ratio (requests)', series(doc, 'missRatio'), t.firstRequestMissRatio));
  out.push('<p class="note">Lower is better. The dashed black line is Belady\'s optimum, the dotted one the PFOO-L bound that no policy can beat; the grey line, the first requests, which no cache avoids.</p>');
  out.push('</section>');
  out.push('<section><h2>Byte miss ratio against capacity</h2>');
  out.push(missRatioChart('chart-byte-miss-ratio', 'Byte miss ratio per strategy against cache capacity', 'byte miss ratio', series(doc, 'byteMissRatio'), t.firstRequestByteMissRatio));
  out.push('</section>');

  out.push(`<section><h2>Best per capacity</h2><ul id="best">${bestLines(doc).map((l) => `<li>${esc(l)}</li>`).join('')}</ul></section>`);

  out.push('<section><h2>Every strategy at every capacity</h2>');
  out.push(`<table id="results"><tr>${SIM_HEADERS.map((h, i) => `<th${i === 1 ? '' : ' class="num"'}>${esc(h)}</th>`).join('')}</tr>`);
  for (const capacity of doc.options.capacities) {
    for (const r of doc.results.filter((x) => x.capacity === capacity)) out.push(row(r, r.strategy));
    const opt = doc.optimum?.find((x) => x.capacity === capacity);
    if (opt) out.push(row(opt, 'belady (optimum)', 'limit'));
    const b = doc.bound?.find((x) => x.capacity === capacity);
    if (b) {
      const cells = [formatBytes(capacity), 'pfoo-l (bound)', `≤ ${r4(1 - b.missRatio)}`, `≤ ${r4(1 - b.byteMissRatio)}`, `≥ ${r4(b.missRatio)}`, `≥ ${r4(b.byteMissRatio)}`, '-'];
      out.push(`<tr class="limit">${cells.map((c, i) => `<td${i === 1 ? '' : ' class="num"'}>${esc(c)}</td>`).join('')}</tr>`);
    }
  }
  out.push('</table>');
  out.push('<p class="note">Fetched again: bytes of missed requests for objects requested before (first requests excluded).</p></section>');

  const notes = [...doc.notes.map((n) => `note: ${n}`), ...t.malformed.first.map((p) => `skipped ${p.where}: ${p.why}${p.text ? ` ('${p.text}')` : ''}`)];
  if (t.malformed.count > t.malformed.first.length) notes.push(`... and ${plural(t.malformed.count - t.malformed.first.length, 'more malformed record')}`);
  if (notes.length) out.push(`<section><h2>Notes</h2><ul id="notes">${notes.map((x) => `<li>${esc(x)}</li>`).join('')}</ul></section>`);
  out.push(`<footer>cachesweep simulate · schema ${esc(doc.schema)}</footer>\n</body></html>\n`);
  return out.join('\n');
}
