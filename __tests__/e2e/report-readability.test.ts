/**
 * Reports a person reads, checked in a real browser (headless chromium) on a Nova cache as one looks after a
 * week off: nine images pulled together and never used since (same size, same idle time), a resized copy, an
 * image six instances use (a long in-use reason). Every entry is a dot of its own inside the plot, and sha1 names
 * stay on one line while the reason column wraps. The screenshots are written to $CACHESWEEP_SCREENSHOTS when set
 * (to look at them), else to a temporary directory removed afterwards.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { age, cleanup, qcow2Over, rawImage, tempDir } from '../helpers/in-use.js';
import { runCliSync as runBin } from '../helpers/run.js';
import { launchChromium } from './browser.js';

const DAY = 86_400_000;
const sha = (s: string): string => createHash('sha1').update(s).digest('hex');

let browser: Awaited<ReturnType<typeof launchChromium>>;
let shots: string;
let report: string;
let entryCount: number;

beforeAll(async () => {
  browser = await launchChromium();
  const top = tempDir('cachesweep-readable-');
  shots = process.env.CACHESWEEP_SCREENSHOTS ?? path.join(top, 'shots');
  fs.mkdirSync(shots, { recursive: true });
  const base = path.join(top, 'instances', '_base');
  const images = Array.from({ length: 9 }, (_, i) => sha(`pulled-together-${i}`));
  const shared = sha('six-instances');
  for (const n of images) rawImage(path.join(base, n), 64 * 1024);
  rawImage(path.join(base, `${images[0]}_10737418240`), 64 * 1024);
  rawImage(path.join(base, sha('big')), 3 * 1024 * 1024);
  rawImage(path.join(base, sha('recent')), 1024 * 1024);
  rawImage(path.join(base, shared), 200 * 1024);
  for (let i = 0; i < 6; i++) qcow2Over(path.join(top, 'instances', `0000000${i}-aaaa-4000-8000-00000000000${i}`, 'disk'), `../_base/${shared}`, 'raw');
  const now = Date.now();
  for (const n of fs.readdirSync(base)) age(path.join(base, n), 10 * DAY, now);
  age(path.join(base, sha('recent')), 3 * 3_600_000, now);
  entryCount = fs.readdirSync(base).length;
  report = path.join(top, 'plan.html');
  const r = runBin(['plan', base, '--report', report, '-q']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await cleanup();
});

async function open(file: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return page;
}

test('the scatter shows every entry: no dot hides another, none pressed against the edge', async () => {
  const page = await open(report);
  try {
    const seen = await page.$eval('#chart-scatter', (svg) => {
      const plot = svg.querySelector('rect')!;
      const box = { x: Number(plot.getAttribute('x')), w: Number(plot.getAttribute('width')) };
      const dots = [...svg.querySelectorAll('circle.pt')].map((c) => ({ x: Number(c.getAttribute('cx')), y: Number(c.getAttribute('cy')), r: Number(c.getAttribute('r')) }));
      return { box, dots };
    });
    expect(seen.dots).toHaveLength(entryCount);
    let closest = Infinity;
    for (let i = 0; i < seen.dots.length; i++) {
      for (let j = i + 1; j < seen.dots.length; j++) {
        const [a, b] = [seen.dots[i]!, seen.dots[j]!];
        closest = Math.min(closest, Math.hypot(a.x - b.x, a.y - b.y) - a.r - b.r);
      }
    }
    expect(closest).toBeGreaterThanOrEqual(-0.5); // touching at most: every dot seen whole enough to hover
    const right = Math.max(...seen.dots.map((d) => d.x + d.r));
    expect(right).toBeLessThan(seen.box.x + seen.box.w - 15); // 10d is inside the idle axis, clear of its frame
    await page.locator('#chart-scatter').screenshot({ path: path.join(shots, 'scatter.png') });
    expect(fs.statSync(path.join(shots, 'scatter.png')).size).toBeGreaterThan(5000);
  } finally {
    await page.close();
  }
});

test('sha1 names stay on one line; the reason column wraps instead', async () => {
  const page = await open(report);
  try {
    const cells = await page.$$eval('#entries td.name, #victims td.name', (tds) =>
      tds.map((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return { name: td.textContent, lines: range.getClientRects().length };
      }),
    );
    expect(cells.length).toBeGreaterThanOrEqual(entryCount);
    expect(cells.filter((c) => c.lines !== 1)).toEqual([]);
    const reasonLines = await page.$$eval('#entries tr', (rows) =>
      Math.max(
        ...rows.map((r) => {
          const td = r.lastElementChild!;
          const range = document.createRange();
          range.selectNodeContents(td);
          return new Set([...range.getClientRects()].map((x) => Math.round(x.top))).size;
        }),
      ),
    );
    expect(reasonLines).toBeGreaterThan(1); // the long in-use reason is where the text wraps
    await page.locator('#entries').screenshot({ path: path.join(shots, 'entries.png') });
  } finally {
    await page.close();
  }
});
