#!/usr/bin/env node
// Race two `clean` runs on one cache many times, against the built CLI, as two hosts sharing storage would:
//   node scripts/stress-locks.mjs [--runs 10] [--victims 30] [--repo DIR]
// Each round makes a cache of old files and directories, starts two runs at once with different state directories
// and --shared-storage (the lock then lives beside the cache), and checks: every run exits 0 or 3 (3 with the
// one-line lock message), no victim is deleted twice or fails, every victim is gone, the young entry stays.
// Prints one line per round and a summary; exits 1 when any round failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const runs = Number(opt('runs', '10'));
const victims = Number(opt('victims', '30'));
const bin = path.join(path.resolve(opt('repo', path.join(here, '..'))), 'bin', 'cachesweep');
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CACHESWEEP_')));
const old = (Date.now() - 10 * 86_400_000) / 1000;

function makeCache(dir) {
  const root = path.join(dir, 'cache');
  fs.mkdirSync(root);
  const names = [];
  for (let i = 0; i < victims; i++) {
    const name = `v${String(i).padStart(3, '0')}`;
    const p = path.join(root, name);
    if (i % 3 === 0) {
      fs.mkdirSync(p);
      for (let j = 0; j < 50; j++) fs.writeFileSync(path.join(p, `f${j}`), 'x'.repeat(512));
      for (let j = 0; j < 50; j++) fs.utimesSync(path.join(p, `f${j}`), old, old);
    } else fs.writeFileSync(p, 'x'.repeat(4096));
    fs.utimesSync(p, old, old);
    names.push(name);
  }
  fs.writeFileSync(path.join(root, 'young'), 'x');
  return { root, names };
}

function run(root, state) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'clean', root, '--max-age', '1d', '--shared-storage', '--json', '--state-dir', state], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

let failures = 0;
for (let i = 1; i <= runs; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-stress-locks-'));
  const t0 = Date.now();
  const problems = [];
  const deleted = [];
  let ran = 0;
  try {
    const { root, names } = makeCache(dir);
    const results = await Promise.all([run(root, path.join(dir, 'host-a')), run(root, path.join(dir, 'host-b'))]);
    for (const r of results) {
      if (r.code === 3) {
        if (!/^cachesweep: another cachesweep run holds the lock on /.test(r.err)) problems.push(`exit 3 without the lock line: ${r.err}`);
        continue;
      }
      if (r.code !== 0) {
        problems.push(`exit ${r.code}: ${r.err.trim()}`);
        continue;
      }
      ran++;
      const a = JSON.parse(r.out).applied;
      if (a.failed.length > 0) problems.push(`failed: ${JSON.stringify(a.failed)}`);
      deleted.push(...a.deleted);
    }
    const twice = deleted.filter((n, k) => deleted.indexOf(n) !== k);
    if (twice.length > 0) problems.push(`deleted twice: ${twice.join(', ')}`);
    if ([...deleted].sort().join() !== names.join()) problems.push(`deleted ${deleted.length} of ${names.length}`);
    if (fs.readdirSync(root).join() !== 'young') problems.push(`left: ${fs.readdirSync(root).join(', ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (problems.length > 0) failures++;
  console.log(`round ${i}: ${problems.length ? `FAILED ${problems.join('; ')}` : `ok (${ran} ran, ${2 - ran} exited 3)`} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`${runs - failures} passed, ${failures} failed`);
process.exit(failures > 0 ? 1 : 0);
