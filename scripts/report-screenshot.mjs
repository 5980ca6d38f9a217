#!/usr/bin/env node
// Make docs/report-screenshot.png: build a demo cache, run the built CLI's plan with --report x.html, open the
// report in headless chromium (Debian's /usr/bin/chromium via playwright-core) and take a full-page screenshot.
// As root, the demo cache sits on a small tmpfs so the disk chart shows a real percentage against the threshold
// and target; otherwise a cache-size threshold is used. Run `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? path.join(repo, 'docs', 'report-screenshot.png');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-demo-'));
const root = path.join(work, 'instances', '_base');
fs.mkdirSync(root, { recursive: true });
const MiB = 2 ** 20;
let mounted = false;
if (process.getuid?.() === 0) {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', root]);
    mounted = true;
  } catch {
    // no tmpfs here: fall back to a size threshold
  }
}
try {
  const now = Date.now();
  const files = {
    '3f786850e387550fdab836ed7e6dc881de23001b': [14, 400], // golden image (protected)
    'd3486ae9136e7856bc42212385ea797094475802': [12, 120],
    '5bd5f4d1fd36e9d0f9fd3a4b5e0b8d6b9b0f5c11': [10, 70],
    'a9993e364706816aba3e25717850c26c9cd0d89d': [9, 50],
    '84983e441c3bd26ebaae4aa1f95129e5e54670f1': [8, 36],
    '1f8ac10f23c5b5bc1167bda84b833e5c057a77d2_10737418240': [6, 30],
    '7e240de74fb1ed08fa08d38063f6a6a91462a815': [5, 26],
    'c3499c2729730a7f807efb8676a92dcb6f8a3f8f': [4, 20],
    'ephemeral_20_40d1b2f': [3, 14],
    'swap_512': [1, 10],
    'e4d909c290d0fb1ca068ffaddf22cbd0f0ef9a3d': [3, 6],
    '0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33.part': [2, 1],
    '62cdb7020ff920e5aa642c3d4066950dd1f01f4d': [2, 0.05],
  };
  for (const [name, [mib, idleHours]] of Object.entries(files)) {
    const p = path.join(root, name);
    fs.writeFileSync(p, Buffer.alloc(mib * MiB, 1));
    const t = new Date(now - idleHours * 3_600_000);
    fs.utimesSync(p, t, t);
  }
  const report = path.join(work, 'report.html');
  const trigger = mounted ? ['--threshold', '70%', '--target', '30%'] : ['--threshold', '60M', '--target', '25M'];
  const r = spawnSync(
    process.execPath,
    [path.join(repo, 'bin', 'cachesweep'), 'plan', root, '--no-config', '--strategy', 'lru', ...trigger, '--max-age', '4d', '--protect', '3f786850*', '--max-delete', '5', '--report', report, '-q'],
    { encoding: 'utf8', env: { ...process.env, CACHESWEEP_STATE_DIR: path.join(work, 'state') } },
  );
  if (!fs.existsSync(report)) throw new Error(`no report written: ${r.stderr}`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(report).href);
    await page.screenshot({ path: out, fullPage: true });
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`wrote ${out} (exit code of the demo plan: ${r.status})`);
} finally {
  if (mounted) execFileSync('umount', [root]);
  fs.rmSync(work, { recursive: true, force: true });
}
