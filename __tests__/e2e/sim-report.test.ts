import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { POLICIES } from '../../src/sim/policies/registry.js';
import { tempDir } from '../helpers/cache.js';
import { runCliSync } from '../helpers/run.js';
import { tracePath } from '../helpers/traces.js';
import { launchChromium, watchPage } from './browser.js';

let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

test('the simulate HTML report in headless chromium: two charts with a curve per strategy, the table, no network request', async () => {
  const out = tempDir('cachesweep-sim-e2e-');
  const file = path.join(out, 'simulate.html');
  const r = runCliSync(['simulate', '--trace', tracePath('adaptsize_request.csv'), '--capacity', '1M,4M,16M,64M', '--report', file]);
  expect(r.code).toBe(0);
  const page = await browser.context.newPage();
  try {
    const { requests, problems } = watchPage(page);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);
    const charts = await page.$$eval('svg', (els) =>
      els.map((el) => {
        const b = el.getBoundingClientRect();
        const curves = [...el.querySelectorAll('polyline.curve')].map((c) => ({ names: c.getAttribute('data-strategy')!, look: `${c.getAttribute('stroke')} ${c.getAttribute('stroke-dasharray') ?? ''}` }));
        const labels = [...el.querySelectorAll('text.end-label')].map((t) => {
          const r = t.getBoundingClientRect();
          return { text: t.textContent!, top: r.top, bottom: r.bottom };
        });
        return { id: el.id, width: b.width, height: b.height, curves, labels, points: el.querySelectorAll('circle').length };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['chart-miss-ratio', 'chart-byte-miss-ratio']);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(500);
      expect(c.height).toBeGreaterThan(200);
      // every strategy, the optimum and the bound on exactly one curve; coinciding curves drawn once, named together
      const named = c.curves.flatMap((x) => x.names.split(' = '));
      expect(named.sort()).toEqual([...POLICIES.map((p) => p.name), 'belady (optimum)', 'pfoo-l (bound)'].sort());
      expect(c.curves.map((x) => x.names)).toContain('lru = age'); // no times past max-age in this trace: age is lru
      expect(new Set(c.curves.map((x) => x.look)).size).toBe(c.curves.length);
      expect(c.points).toBe(c.curves.length * 4);
      // a label at each curve's end (and the floor's), none over another
      expect(c.labels.map((l) => l.text)).toEqual([...c.curves.map((x) => x.names), 'first requests']);
      const byTop = [...c.labels].sort((x, y) => x.top - y.top);
      for (let i = 1; i < byTop.length; i++) expect(byTop[i]!.top).toBeGreaterThanOrEqual(byTop[i - 1]!.bottom - 1);
    }
    expect(await page.$$eval('#results tr', (rows) => rows.length)).toBe(1 + 4 * (POLICIES.length + 2));
    await page.screenshot({ path: path.join(out, 'simulate.png'), fullPage: true });
    if (process.env.CACHESWEEP_SCREENSHOTS) await page.locator('#chart-miss-ratio').screenshot({ path: path.join(process.env.CACHESWEEP_SCREENSHOTS, 'simulate-curves.png') });
    expect(fs.statSync(path.join(out, 'simulate.png')).size).toBeGreaterThan(10_000);
  } finally {
    await page.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
});
