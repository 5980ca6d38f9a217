import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { idleFiles, makeTree, tempDir } from '../helpers/cache.js';
import { runCliSync } from '../helpers/run.js';
import { MiB } from '../helpers/units.js';
import { launchChromium, watchPage } from './browser.js';


let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Open a report in a new page: what it requested, what it logged, the page's counts, a screenshot. */
async function openInBrowser(file: string, png: string) {
  const page = await browser.context.newPage();
  try {
    const { requests, problems } = watchPage(page);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const charts = await page.$$eval('svg', (els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { id: el.id, width: r.width, height: r.height, shapes: el.querySelectorAll('rect, circle, line').length };
      }),
    );
    const tables = await page.$$eval('table', (els) => els.map((t) => ({ id: t.id, rows: t.querySelectorAll('tr').length })));
    const title = await page.title();
    await page.screenshot({ path: png, fullPage: true });
    return { requests, problems, charts, tables, title };
  } finally {
    await page.close();
  }
}

function isPng(file: string): boolean {
  const b = fs.readFileSync(file);
  return b.length > 10_000 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

describe('the HTML report in a real browser (headless chromium)', () => {
  const out = tempDir('cachesweep-e2e-');

  test('plan report: three charts, the tables, and no network request at all', async () => {
    const root = path.join(out, 'cache');
    makeTree(
      root,
      idleFiles({
        'ubuntu-22.04.qcow2': [6 * MiB, 200],
        'debian-12.qcow2': [4 * MiB, 90],
        'centos-9.qcow2': [3 * MiB, 30],
        'fedora-40.qcow2': [2 * MiB, 12],
        'golden-windows.qcow2': [5 * MiB, 500],
        'cirros.img': [MiB / 2, 3],
        'fresh.img': [MiB, 0],
        'download.part': [MiB, 1],
        '<b>odd & "name"': [MiB / 4, 48],
      }),
    );
    const file = path.join(out, 'report.html');
    const r = runCliSync(['plan', root, '--strategy', 'lru', '--threshold', '15M', '--target', '8M', '--protect', 'golden-*', '--max-delete', '3', '--report', file]);
    expect(r.stderr).toContain('shortfall');
    expect(r.code).toBe(5);

    const seen = await openInBrowser(file, path.join(out, 'report.png'));
    expect(seen.requests).toEqual([pathToFileURL(file).href]);
    expect(seen.problems).toEqual([]);
    expect(seen.title.startsWith(`cachesweep plan (dry run): ${fs.realpathSync(root)} on `)).toBe(true);
    const byId = new Map(seen.charts.map((c) => [c.id, c]));
    for (const id of ['chart-disk', 'chart-composition', 'chart-scatter']) {
      const c = byId.get(id);
      expect(c).toBeDefined();
      expect(c!.width).toBeGreaterThan(300);
      expect(c!.height).toBeGreaterThan(50);
      expect(c!.shapes).toBeGreaterThan(2);
    }
    const circles = seen.charts.find((c) => c.id === 'chart-scatter')!;
    expect(circles.shapes).toBeGreaterThanOrEqual(9);
    const tables = new Map(seen.tables.map((t) => [t.id, t.rows]));
    expect(tables.get('victims')).toBe(1 + 3); // header + the three the cap lets go
    expect(tables.get('entries')).toBe(1 + 9);
    expect(tables.get('kept-by-reason')).toBeGreaterThan(2);
    expect(isPng(path.join(out, 'report.png'))).toBe(true);
  });

  test('the check sees a page that reaches out (so its silence above means something)', async () => {
    const file = path.join(out, 'leaky.html');
    fs.writeFileSync(file, '<!doctype html><html><body><img src="http://127.0.0.1:9/x.png"><svg id="s"></svg></body></html>');
    const seen = await openInBrowser(file, path.join(out, 'leaky.png'));
    expect(seen.requests).toContain('http://127.0.0.1:9/x.png');
    const strict = path.join(out, 'strict.html');
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8').replace('</body>', '<img src="http://127.0.0.1:9/y.png"></body>');
    fs.writeFileSync(strict, html);
    // seen too when the report's Content-Security-Policy refuses the load (and the browser says so)
    const blocked = await openInBrowser(strict, path.join(out, 'strict.png'));
    expect(blocked.requests).toContain('http://127.0.0.1:9/y.png');
    expect(blocked.problems.join('\n')).toMatch(/Content Security Policy/);
  });

  test('fleet report: chart and node table, no network request', async () => {
    const plans = path.join(out, 'plans');
    fs.mkdirSync(plans);
    for (const node of ['compute-1', 'compute-2']) {
      const root = path.join(out, node);
      makeTree(root, idleFiles({ a: [2 * MiB, 40], b: [MiB, 30] }));
      runCliSync(['plan', root, '--strategy', 'lru', '--threshold', '1M', '--report', path.join(plans, `${node}.json`)]);
    }
    const file = path.join(out, 'fleet.html');
    expect(runCliSync(['report', 'merge', plans, '--report', file], { stateDir: false }).code).toBe(0);
    const seen = await openInBrowser(file, path.join(out, 'fleet.png'));
    expect(seen.requests).toEqual([pathToFileURL(file).href]);
    expect(seen.problems).toEqual([]);
    expect(seen.charts.map((c) => c.id)).toEqual(['chart-fleet-disk']);
    expect(seen.tables.find((t) => t.id === 'nodes')!.rows).toBe(1 + 2 + 1);
    expect(isPng(path.join(out, 'fleet.png'))).toBe(true);
  });
});
