// Synthetic caches for the scan benchmark: generated once, reused while their marker says they are complete.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from './lib.mjs';

const dist = (p) => import(path.join(REPO, 'dist', p));

/**
 * The shapes of the issues; `scale` shrinks them for a quick run (the deep shape keeps 1,000 files per entry).
 * many: 100k files in the root; deep: 1,000 directories of 1,000 files; flat: 1M files in the root (1M entries);
 * sharded: 1M leaf files in 256 x 256 shard directories (`ab/cd/<name>`, as Bazel's and ccache's caches), whose
 * entries are the 256 top directories, or each file where the build has `--entries files` (`shape.files`).
 */
export function shapeOf(name, scale = 1) {
  if (name === 'many') return { name, entries: Math.max(1, Math.round(100_000 * scale)), filesPerEntry: 0 };
  if (name === 'deep') return { name, entries: Math.max(1, Math.round(1_000 * scale)), filesPerEntry: 1_000 };
  if (name === 'flat') return { name, entries: Math.max(1, Math.round(1_000_000 * scale)), filesPerEntry: 0 };
  if (name === 'sharded') return { name, entries: 256, filesPerEntry: 0, files: Math.max(1, Math.round(1_000_000 * scale)), shards: 256 };
  throw new Error(`--shapes: unknown shape '${name}' (many, deep, flat, sharded)`);
}

/** Files and directories below the root (what find lists, the root itself included). */
export const nodesOf = (s) =>
  s.shards ? 1 + s.shards + s.shards * s.shards + s.files : 1 + (s.filesPerEntry === 0 ? s.entries : s.entries * (1 + s.filesPerEntry));

/** A small deterministic PRNG (mulberry32), so that every generation of a shape is the same tree. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const DATA = Buffer.alloc(32 * 1024, 'x');

/**
 * Write the tree under `root` (created empty): small files of varied sizes (40% empty, half up to 4 KB, a tenth up to
 * 32 KB), varied times: 70% of entries used in the last 20 hours, 30% idle 2 to 30 days (victims of the default
 * `age` strategy, unless the store says otherwise). A deep entry's files are a few hours apart; its directory gets
 * the newest time, as if its last file had just been written. Yields to the event loop every 1,000 files or so,
 * so that a signal is handled.
 */
export async function generate(shape, root, onProgress = () => {}) {
  fs.mkdirSync(root, { recursive: true });
  const rnd = prng({ many: 1, deep: 2, flat: 4, sharded: 5 }[shape.name] ?? 2);
  const now = Date.now() / 1000;
  const file = (p, entryT) => {
    const r = rnd();
    const size = r < 0.4 ? 0 : r < 0.9 ? 1 + Math.floor(rnd() * 4000) : 4001 + Math.floor(rnd() * 28_767);
    if (size === 0) fs.closeSync(fs.openSync(p, 'w'));
    else fs.writeFileSync(p, DATA.subarray(0, size));
    const mtime = entryT - rnd() * 6 * HOUR;
    const atime = Math.min(now, mtime + rnd() * HOUR);
    fs.utimesSync(p, atime, mtime);
    return mtime;
  };
  const entryTime = () => (rnd() < 0.7 ? now - rnd() * 20 * HOUR : now - 2 * DAY - rnd() * 28 * DAY);
  if (shape.shards) return generateSharded(shape, root, file, entryTime, onProgress);
  for (let e = 0; e < shape.entries; e++) {
    const name = `e${String(e).padStart(6, '0')}`;
    const t = entryTime();
    if (shape.filesPerEntry === 0) file(path.join(root, `${name}.img`), t);
    else {
      const dir = path.join(root, name);
      fs.mkdirSync(dir);
      let newest = 0;
      for (let f = 0; f < shape.filesPerEntry; f++) newest = Math.max(newest, file(path.join(dir, `f${String(f).padStart(4, '0')}`), t));
      fs.utimesSync(dir, newest, newest);
    }
    if (e % 1000 === 999) onProgress(e + 1, shape.entries);
    // let a Ctrl-C through every 1,000 files or so: the bench then unmounts and exits
    if (shape.filesPerEntry > 0 || e % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** `shape.files` leaf files spread over shards x shards directories, each file with its own time (an entry of its own). */
async function generateSharded(shape, root, file, entryTime, onProgress) {
  const hex = (n) => n.toString(16).padStart(2, '0');
  const leaves = shape.shards * shape.shards;
  for (let d = 0; d < leaves; d++) {
    const dir = path.join(root, hex(d >> 8), hex(d & 255));
    fs.mkdirSync(dir, { recursive: true });
    // an even spread: leaf d holds the files f with f % leaves === d
    for (let f = d; f < shape.files; f += leaves) file(path.join(dir, `${f.toString(16).padStart(8, '0')}-a`), entryTime());
    if (d % 256 === 255) {
      onProgress(Math.min(shape.files, (d + 1) * Math.ceil(shape.files / leaves)), shape.files);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/**
 * Fill the usage store of `stateDir` for the entries of `root` through cachesweep's own store API: one recorded
 * run that saw every entry (first seen 40 days ago), then 0 to 3 recorded hits per entry; a fifth of the old entries
 * were hit in the last 12 hours, so the plan keeps them only because it read the store.
 */
export async function populateStore(root, stateDir) {
  const { openStoreForWrite } = await dist('usage/store/open.js');
  const { recordRun } = await dist('usage/store/write.js');
  const names = fs.readdirSync(root).sort();
  const seen = names.map((name) => {
    const st = fs.lstatSync(path.join(root, name));
    return { name, dev: st.dev, ino: st.ino, kind: st.isDirectory() ? 'dir' : 'file', bytes: st.blocks * 512, apparentBytes: st.size, inUse: [], mtimeMs: st.mtimeMs };
  });
  const nowMs = Date.now();
  const store = openStoreForWrite(stateDir);
  try {
    const { rootId } = recordRun(store, root, { startedMs: nowMs - 40 * DAY * 1000, strategy: 'age', layout: 'generic', plannedEvict: 0 }, seen);
    const rnd = prng(3);
    let hits = 0;
    store.write(() => {
      const ids = new Map(store.db.prepare('SELECT name, id FROM entries WHERE root_id = ? AND gone_ms IS NULL').all(rootId).map((r) => [r.name, r.id]));
      const ins = store.db.prepare('INSERT INTO hits (entry_id, at_ms) VALUES (?, ?)');
      for (const e of seen) {
        const old = nowMs - e.mtimeMs > DAY * 1000;
        const n = Math.floor(rnd() * 4);
        for (let i = 0; i < n; i++) {
          ins.run(ids.get(e.name), Math.round(e.mtimeMs - rnd() * DAY * 1000));
          hits++;
        }
        if (old && rnd() < 0.2) {
          ins.run(ids.get(e.name), Math.round(nowMs - rnd() * 12 * HOUR * 1000));
          hits++;
        }
      }
    });
    return { entries: seen.length, hits };
  } finally {
    store.close();
  }
}

/**
 * The tree of a shape in `dir` (root `dir/cache`, state `dir/state`), generated unless `dir/complete.json` says
 * it is complete (a tmpfs is always fresh). `regenerate` removes it first.
 */
export async function ensureTree(shape, dir, { regenerate = false, log = () => {} } = {}) {
  const marker = path.join(dir, 'complete.json');
  const root = path.join(dir, 'cache');
  const stateDir = path.join(dir, 'state');
  const want = { version: 1, shape: shape.name, entries: shape.entries, filesPerEntry: shape.filesPerEntry, files: shape.files ?? null };
  let have;
  try {
    have = JSON.parse(fs.readFileSync(marker, 'utf8'));
  } catch {
    have = undefined;
  }
  const same = have && Object.keys(want).every((k) => have[k] === want[k]);
  if (same && !regenerate) {
    log(`reusing ${root} (generated ${have.generatedAt}; --regenerate to make it again)`);
    return { root, stateDir, generated: false, store: have.store };
  }
  if (fs.existsSync(dir)) {
    log(`removing ${dir}`);
    execFileSync('rm', ['-rf', '--one-file-system', dir]);
  }
  const t0 = Date.now();
  let last = 0;
  await generate(shape, root, (done, total) => {
    if (Date.now() - last > 10_000) {
      last = Date.now();
      log(`  generating ${root}: ${done}/${total} entries`);
    }
  });
  const store = await populateStore(root, stateDir);
  const ms = Date.now() - t0;
  log(`generated ${root}: ${nodesOf(shape)} nodes, ${store.entries} entries and ${store.hits} hits in the store, in ${(ms / 1000).toFixed(1)} s`);
  fs.writeFileSync(marker, JSON.stringify({ ...want, generatedAt: new Date().toISOString(), generationMs: ms, store }, null, 2));
  return { root, stateDir, generated: true, store };
}
