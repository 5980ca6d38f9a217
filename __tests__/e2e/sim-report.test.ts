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
        return { id: el.id, width: b.width, height: b.height, curves: el.querySelectorAll('polyline').length, points: el.querySelectorAll('circle').length };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['chart-miss-ratio', 'chart-byte-miss-ratio']);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(500);
      expect(c.height).toBeGreaterThan(200);
      expect(c.curves).toBe(POLICIES.length + 2);
      expect(c.points).toBe((POLICIES.length + 2) * 4);
    }
    expect(await page.$$eval('#results tr', (rows) => rows.length)).toBe(1 + 4 * (POLICIES.length + 2));
    await page.screenshot({ path: path.join(out, 'simulate.png'), fullPage: true });
    expect(fs.statSync(path.join(out, 'simulate.png')).size).toBeGreaterThan(10_000);
  } finally {
    await page.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
});
