#!/usr/bin/env node
// npm run demo               build a realistic sample cache in a new temporary directory and show the dry-run plan
// npm run demo -- DIR [...]  show the dry-run plan of your own cache DIR (extra arguments go to `cachesweep plan`)
//
// Either way only `cachesweep plan` runs: a dry run, which changes nothing. Plain Node, no dependencies.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repo, 'bin', 'cachesweep');
const MiB = 1024 * 1024;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const args = process.argv.slice(2);
if (args[0] === '-h' || args[0] === '--help') {
  console.log('usage: npm run demo                 sample cache in a temporary directory, then a dry-run plan of it');
  console.log('       npm run demo -- DIR [flags]  dry-run plan of your own cache DIR (flags go to `cachesweep plan`)');
  process.exit(0);
}
if (!fs.existsSync(path.join(repo, 'dist', 'cli', 'main.js'))) {
  console.error('demo: dist/ is missing: run `npm ci` (or `npm run build`) first');
  process.exit(1);
}
process.exit(args.length > 0 ? planOwnCache(args) : sampleDemo());

/** A dry-run plan of the user's own cache: `cachesweep plan DIR [flags]`. */
function planOwnCache([dir, ...flags]) {
  const argv = ['plan', dir, ...flags];
  console.log(`$ ${shellLine([bin, ...argv])}`);
  console.log('(a dry run: nothing is deleted, no time stamp or state is written)\n');
  return run(argv);
}

/** Build the sample, plan it, and prove the plan changed nothing. */
function sampleDemo() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-demo-'));
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachesweep-demo-state-'));
  const now = Date.now();
  const sample = buildSample(dir, now);

  console.log(`Sample cache: ${dir}`);
  console.log(`State dir:    ${stateDir} (lock and usage store of a real clean; a dry run writes nothing there)\n`);
  const w = Math.max(...sample.map((e) => e.name.length));
  for (const e of sample) {
    const size = `${(e.bytes / MiB).toFixed(1)} MiB`.padStart(9);
    console.log(`  ${e.name.padEnd(w)}  ${size}  idle ${ago(e.idleMs).padEnd(4)}  ${e.what}`);
  }
  const total = sample.reduce((s, e) => s + e.bytes, 0);
  console.log(`  ${sample.length} entries, ${(total / MiB).toFixed(1)} MiB of real (non-sparse) data\n`);

  // Evict least recently used entries while the cache holds 64 MiB or more, down to the default target (90%: 57.6 MiB).
  const argv = ['plan', dir, '--strategy', 'lru', '--threshold', '64M', '--protect', 'golden-*', '--state-dir', stateDir];
  const before = snapshot(dir);
  console.log(`$ ${shellLine([bin, ...argv])}`);
  const code = run(argv);
  const after = snapshot(dir);

  const changed = diff(before, after);
  console.log('');
  if (changed.length > 0) {
    console.error(`demo: the dry run changed the sample (it must not): ${changed.slice(0, 5).join('; ')}`);
    return 1;
  }
  if (fs.readdirSync(stateDir).length > 0) {
    console.error(`demo: the dry run wrote into the state dir ${stateDir} (it must not)`);
    return 1;
  }
  console.log(`Checked: all ${before.size} files and directories of the sample are as they were (names, inodes, sizes, mtimes, file atimes); the state dir is still empty.`);
  console.log('\nRerun it, or try other strategies and outputs on the same sample:');
  console.log(`  ${shellLine([bin, ...argv])}`);
  console.log(`  ${shellLine([bin, 'plan', dir, '--strategy', 'size', '--threshold', '64M', '--state-dir', stateDir])}`);
  console.log(`  ${shellLine([bin, 'plan', dir, '--max-age', '7d', '--state-dir', stateDir, '--json'])}`);
  console.log(`  ${shellLine([bin, 'status', dir, '--state-dir', stateDir])}`);
  console.log(`Remove the sample when done:\n  ${shellLine(['rm', '-rf', dir, stateDir])}`);
  return code;
}

/**
 * The sample: what an image or artifact cache looks like after a few weeks. Returns what was made, for the listing.
 * Every file gets real random bytes (allocated blocks, not holes) and its times set with utimes.
 */
function buildSample(dir, now) {
  const made = [];
  // An entry in use was written (mtime) before it was last read (atime, `idleMs` ago); one never read since its
  // write has both times the same, and one that arrived less than --warm-grace (24h) ago would be kept as warm.
  const file = (name, mib, idleMs, what, read = true) => {
    writeRandom(path.join(dir, name), mib * MiB);
    setTimes(path.join(dir, name), now - idleMs, read ? now - idleMs - 2 * DAY : now - idleMs);
    made.push({ name, bytes: mib * MiB, idleMs, what });
  };
  file('debian-12-generic.qcow2', 8, 12 * DAY, 'old, least recently used');
  file('ubuntu-24.04-server.qcow2', 40, 4 * DAY, 'the large one');
  file('kernel-6.8.12.tar.xz', 1, 6 * HOUR, 'used this morning');
  file('cirros-0.6.2.img', 2, 2 * HOUR, 'used recently');
  file('fedora-40.raw', 6, 5 * MINUTE, 'written 5 minutes ago (inside the 10m grace period)', false);
  file('golden-base.qcow2', 12, 30 * DAY, 'oldest of all, but protected with --protect golden-*');
  file('centos-stream-9.qcow2.part', 3, 20 * MINUTE, 'a download in progress', false);
  file('alpine-3.20.iso.part', 1, 2 * DAY, 'an abandoned download (stale after 24h)', false);

  // A directory entry: one unit of eviction, its size the sum of its files, its time the newest inside.
  const tree = 'toolchain-2024.09';
  const files = { 'bin/cc': 2, 'bin/ld': 1, 'lib/libc.a': 1.5, 'lib/libm.a': 0.5, 'share/README': 0.25 };
  const idle = 9 * DAY;
  for (const [rel, mib] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, tree, path.dirname(rel)), { recursive: true });
    writeRandom(path.join(dir, tree, rel), mib * MiB);
  }
  for (const rel of Object.keys(files)) setTimes(path.join(dir, tree, rel), now - idle);
  // Directory times too, deepest first: creating the files above made them new.
  for (const sub of ['bin', 'lib', 'share', '.']) setTimes(path.join(dir, tree, sub), now - idle);
  const treeMiB = Object.values(files).reduce((a, b) => a + b, 0);
  made.splice(2, 0, { name: `${tree}/`, bytes: treeMiB * MiB, idleMs: idle, what: `a directory entry (${Object.keys(files).length} files)` });
  return made;
}

function writeRandom(file, bytes) {
  const chunk = Buffer.alloc(Math.min(bytes, MiB));
  const fd = fs.openSync(file, 'w');
  try {
    for (let left = bytes; left > 0; left -= chunk.length) {
      const n = Math.min(left, chunk.length);
      crypto.randomFillSync(chunk, 0, n);
      fs.writeSync(fd, chunk, 0, n);
    }
    fs.fsyncSync(fd); // so the blocks are allocated now and st_blocks is final when cachesweep looks
  } finally {
    fs.closeSync(fd);
  }
}

/** Access time `atimeMs`, modification time `mtimeMs` (default: the same). */
function setTimes(p, atimeMs, mtimeMs = atimeMs) {
  fs.utimesSync(p, new Date(atimeMs), new Date(mtimeMs));
}

/** Every node under `dir` with what a dry run must not change; lstat only, so taking it changes nothing either. */
function snapshot(dir) {
  const out = new Map();
  const walk = (rel) => {
    const abs = path.join(dir, rel);
    const st = fs.lstatSync(abs);
    // A directory's own atime is left out: listing a directory (this walk, `ls`, cachesweep's scan) may update it.
    const atime = st.isDirectory() ? '' : String(st.atimeMs);
    out.set(rel, [st.ino, st.mode, st.size, st.blocks, st.nlink, st.mtimeMs, atime].join(' '));
    if (st.isDirectory()) for (const n of fs.readdirSync(abs).sort()) walk(path.join(rel, n));
  };
  walk('.');
  return out;
}

function diff(a, b) {
  const changes = [];
  for (const [k, v] of a) if (b.get(k) !== v) changes.push(b.has(k) ? `${k} changed` : `${k} is gone`);
  for (const k of b.keys()) if (!a.has(k)) changes.push(`${k} appeared`);
  return changes;
}

function run(argv) {
  const r = spawnSync(process.execPath, [bin, ...argv], { stdio: 'inherit' });
  if (r.error) {
    console.error(`demo: could not run ${bin}: ${r.error.message}`);
    return 1;
  }
  return r.status ?? 1;
}

function ago(ms) {
  if (ms >= DAY) return `${Math.round(ms / DAY)}d`;
  if (ms >= HOUR) return `${Math.round(ms / HOUR)}h`;
  return `${Math.round(ms / MINUTE)}m`;
}

function shellLine(words) {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}
