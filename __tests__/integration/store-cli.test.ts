import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempCache, writeFile } from '../helpers/cache.js';
import { runCliSync, type RunResult } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';

/** The runs here give --state-dir themselves. */
const OWN_STATE = { stateDir: false } as const;

const now = Date.UTC(2025, 5, 1, 12);
const NOW = ['--now', new Date(now).toISOString()];

/**
 * Every file and directory under `dir` with its size and mtime, and either its atime (the cache: reading
 * the files would move their atimes, so their bytes are not read) or a hash of its bytes (the store, whose
 * atime means nothing and moves whenever it is read, this function included): what "changed nothing" compares.
 */
function snapshot(dir: string, what: 'atime' | 'content'): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  const walk = (d: string): void => {
    out[path.relative(dir, d) ? `${path.relative(dir, d)}/` : '.'] = `dir ${fs.lstatSync(d).mtimeMs}`; // a file created and removed again moves it
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const st = fs.lstatSync(p);
      if (st.isDirectory()) walk(p);
      else {
        const extra = what === 'atime' ? st.atimeMs : crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
        out[path.relative(dir, p)] = `${st.size} ${st.mtimeMs} ${extra}`;
      }
    }
  };
  walk(dir);
  return out;
}

let t: ReturnType<typeof tempCache>;
let S: string[];
beforeEach(() => {
  t = tempCache();
  S = ['--state-dir', t.state];
  for (const n of ['a.img', 'b.img', 'c.img']) writeFile(path.join(t.cache, n), 65536, now - 5 * DAY);
  writeFile(path.join(t.cache, 'dir', 'inner'), 4096, now - 5 * DAY);
  fs.utimesSync(path.join(t.cache, 'dir'), (now - 5 * DAY) / 1000, (now - 5 * DAY) / 1000);
});
afterEach(() => t.cleanup());

describe('touch', () => {
  it('records hits that status shows, with first seen', () => {
    const r = runCliSync(['touch', t.cache, 'a.img', 'a.img', `${t.cache}/b.img`, ...S, ...NOW], OWN_STATE);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('a.img: 1 hit\na.img: 2 hits\nb.img: 1 hit\n');
    const st = JSON.parse(runCliSync(['status', t.cache, '--json', ...S, ...NOW], OWN_STATE).stdout) as { entries: { name: string; hits: number; firstSeen: string | null; lastUsed: string }[] };
    const a = st.entries.find((e) => e.name === 'a.img')!;
    expect(a).toMatchObject({ hits: 2, firstSeen: new Date(now).toISOString(), lastUsed: new Date(now).toISOString() });
    expect(st.entries.find((e) => e.name === 'c.img')).toMatchObject({ hits: 0, firstSeen: null });
    const text = runCliSync(['status', t.cache, ...S, ...NOW], OWN_STATE).stdout;
    expect(text).toMatch(/^ENTRY +CLASS +SIZE +APPARENT +LAST USED +IDLE +HITS +BACK +FIRST SEEN +STATE$/m);
    expect(text).toMatch(/^a\.img +file .* 2 +2025-06-01T12:00:00Z/m);
  });

  it('refuses, and records nothing, when any entry does not exist or is not an entry', () => {
    for (const bad of [['nope.img'], ['a.img', 'nope.img'], ['a.img/inner'], ['dir/nope'], ['/etc/passwd'], ['../x']]) {
      const r = runCliSync(['touch', t.cache, ...bad, ...S], OWN_STATE);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cachesweep: entry '.*'/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fs.existsSync(t.state)).toBe(false);
  });
  it('takes a path at any depth: a file inside a directory is the entry of a run with --entries files', () => {
    expect(runCliSync(['touch', t.cache, 'dir/inner', ...S, ...NOW], OWN_STATE).stdout).toBe('dir/inner: 1 hit\n');
    const st = JSON.parse(runCliSync(['status', t.cache, '--entries', 'files', '--json', ...S, ...NOW], OWN_STATE).stdout) as { entries: { name: string; hits: number }[] };
    expect(st.entries.find((e) => e.name === 'dir/inner')).toMatchObject({ hits: 1 });
  });
});

describe('pin and unpin', () => {
  it('keep an entry out of every run until unpinned', () => {
    expect(runCliSync(['pin', t.cache, 'a.img', ...S, ...NOW], OWN_STATE).stdout).toBe('pinned a.img\n');
    expect(runCliSync(['pin', t.cache, 'a.img', ...S, ...NOW], OWN_STATE).stdout).toBe('a.img was already pinned\n');
    const clean = runCliSync(['clean', t.cache, '--strategy', 'lru', '--max-age', '1d', '--json', ...S, ...NOW], OWN_STATE);
    expect(clean.code).toBe(0);
    const doc = JSON.parse(clean.stdout) as { entries: { name: string; decision: string; reason: string }[]; applied: { deleted: string[] } };
    expect(doc.entries.find((e) => e.name === 'a.img')).toMatchObject({ decision: 'keep', reason: 'pinned' });
    expect(doc.applied.deleted.sort()).toEqual(['b.img', 'c.img', 'dir']);
    expect(fs.existsSync(path.join(t.cache, 'a.img'))).toBe(true);
    expect(runCliSync(['status', t.cache, ...S, ...NOW], OWN_STATE).stdout).toMatch(/^a\.img .* pinned$/m);
    expect(runCliSync(['unpin', t.cache, 'a.img', ...S], OWN_STATE).stdout).toBe('unpinned a.img\n');
    const unpinAgain = runCliSync(['unpin', t.cache, 'a.img', ...S], OWN_STATE);
    expect(unpinAgain.code).toBe(2);
    expect(unpinAgain.stderr).toBe(`cachesweep: unpin: not pinned in ${fs.realpathSync(t.cache)}: a.img\n`);
    const plan = JSON.parse(runCliSync(['plan', t.cache, '--strategy', 'lru', '--max-age', '1d', '--json', ...S, ...NOW], OWN_STATE).stdout) as typeof doc;
    expect(plan.entries.find((e) => e.name === 'a.img')).toMatchObject({ decision: 'evict', reason: 'expired' });
  });
});

describe('history', () => {
  it('lists what clean deleted, when and why, as a table or JSON, and --since filters it', () => {
    runCliSync(['touch', t.cache, 'b.img', ...S, '--now', new Date(now - 4 * DAY).toISOString()], OWN_STATE);
    expect(runCliSync(['clean', t.cache, '--max-age', '3d', ...S, '--now', new Date(now - 2 * DAY).toISOString()], OWN_STATE).code).toBe(0);
    writeFile(path.join(t.cache, 'd.img'), 8192, now - 10 * DAY);
    expect(runCliSync(['clean', t.cache, '--max-age', '3d', ...S, ...NOW], OWN_STATE).code).toBe(0);

    const text = runCliSync(['history', t.cache, ...S, ...NOW], OWN_STATE);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^WHEN +ENTRY +CLASS +SIZE +HITS +STRATEGY +REASON +BACK AFTER$/);
    expect(lines.slice(1, -1).map((l) => l.split(/ +/).slice(0, 2).join(' '))).toEqual([
      '2025-05-30T12:00:00Z a.img',
      '2025-05-30T12:00:00Z c.img',
      '2025-05-30T12:00:00Z dir',
      '2025-06-01T12:00:00Z d.img',
      '2025-06-01T12:00:00Z b.img',
    ]);
    expect(lines[1]).toMatch(/64\.0 KiB +0 +age +expired: idle 3d, max-age 3d$/);
    expect(lines.at(-1)).toBe('5 evictions, 208.0 KiB freed');

    const json = JSON.parse(runCliSync(['history', t.cache, '--json', '--since', '1d', ...S, ...NOW], OWN_STATE).stdout) as {
      since: string;
      evictions: { at: string; name: string; reason: string; detail: string; strategy: string; bytes: number; hits: number }[];
      summary: { evictions: number; bytes: number };
    };
    expect(json.since).toBe(new Date(now - DAY).toISOString());
    expect(json.evictions.map((e) => [e.name, e.reason, e.strategy, e.hits])).toEqual([
      ['d.img', 'expired', 'age', 0],
      ['b.img', 'expired', 'age', 1],
    ]);
    expect(json.evictions[0]!.detail).toBe('idle 10d, max-age 3d');
    expect(json.summary).toEqual({ evictions: 2, bytes: 65536 + 8192 });
  });

  it('says so when nothing was recorded, without creating a store', () => {
    const r = runCliSync(['history', t.cache, ...S], OWN_STATE);
    expect(r.stdout).toBe('no evictions recorded\n');
    expect(fs.existsSync(t.state)).toBe(false);
  });
});

describe('regret', () => {
  const H = 3_600_000;
  const at = (ms: number): string[] => ['--now', new Date(ms).toISOString()];

  it('an evicted name that comes back is a re-fetch: status, history, the next run\'s JSON and the metrics say so', () => {
    const t1 = now + DAY;
    expect(runCliSync(['clean', t.cache, '--max-age', '3d', ...S, ...at(t1)], OWN_STATE).code).toBe(0); // evicts all four
    // a.img downloaded again 2 hours later (a new file, mtime then) by what wanted it, which read it a minute later (a
    // download nobody has read yet would be kept as warm for --warm-grace)
    writeFile(path.join(t.cache, 'a.img'), 65536, { mtimeMs: t1 + 2 * H, atimeMs: t1 + 2 * H + 60_000 });
    const st = JSON.parse(runCliSync(['status', t.cache, '--json', ...S, ...at(t1 + 3 * H)], OWN_STATE).stdout) as { entries: { name: string; refetches: number }[] };
    expect(st.entries.map((e) => [e.name, e.refetches])).toEqual([['a.img', 1]]); // seen coming back before any run recorded it

    // the next run evicts it again, and says it had come back once already
    const metrics = path.join(t.state, '..', 'metrics.prom');
    const md = path.join(t.state, '..', 'run.md');
    const html = path.join(t.state, '..', 'run.html');
    const run = runCliSync(['clean', t.cache, '--max-age', '1h', '--json', '--metrics-file', metrics, '--report', md, '--report', html, ...S, ...at(t1 + 4 * H)], OWN_STATE);
    expect(run.code).toBe(0);
    // the reports: the victims evicted before, and the store's record by window with the names back most
    const regret = /1 of 4 evictions came back, 64\.0 KiB fetched again \(within 1h 0 B, 24h 64\.0 KiB, 7d 64\.0 KiB\); most: a\.img \(1x\)/;
    expect(fs.readFileSync(md, 'utf8')).toMatch(/- \*\*Evicted before\*\*: 1 entry of the victims, 64\.0 KiB, came back after an earlier eviction/);
    expect(fs.readFileSync(md, 'utf8')).toMatch(regret);
    expect(fs.readFileSync(html, 'utf8')).toMatch(regret);
    const doc = JSON.parse(run.stdout) as { entries: { name: string; decision: string; refetches: number }[]; regret: { victimsRefetched: { entries: number; bytes: number } } };
    expect(doc.entries).toMatchObject([{ name: 'a.img', decision: 'evict', refetches: 1 }]);
    expect(doc.regret.victimsRefetched).toEqual({ entries: 1, bytes: 65536 });

    const hist = runCliSync(['history', t.cache, ...S, ...at(t1 + 5 * H)], OWN_STATE).stdout.trim().split('\n');
    expect(hist.find((l) => / a\.img /.test(l) && l.startsWith(new Date(t1).toISOString().slice(0, 19)))).toMatch(/ 2h$/);
    expect(hist.at(-1)).toMatch(/^re-fetched after eviction: 1 of 5 evictions, 64\.0 KiB of .* \(within 1h 0 B, 24h 64\.0 KiB, 7d 64\.0 KiB\); most: a\.img \(1x\)$/);
    const json = JSON.parse(runCliSync(['history', t.cache, '--json', ...S, ...at(t1 + 5 * H)], OWN_STATE).stdout) as {
      evictions: { name: string; how: string; refetchedAfterSeconds: number | null }[];
      regret: { refetches: number; within: { window: string; bytes: number }[]; byStrategy: { strategy: string; refetches: number }[] };
    };
    expect(json.evictions.map((e) => [e.name, e.how, e.refetchedAfterSeconds])).toContainEqual(['a.img', 'planned', 7200]);
    expect(json.regret.within.map((w) => [w.window, w.bytes])).toEqual([['1h', 0], ['24h', 65536], ['7d', 65536]]);
    expect(json.regret.byStrategy).toMatchObject([{ strategy: 'age', refetches: 1 }]);
    // the metrics file counts what came back from the store (recorded by the run that found it)
    const prom = fs.readFileSync(metrics, 'utf8');
    expect(prom).toContain(`cachesweep_refetched_bytes_total{root="${fs.realpathSync(t.cache)}",window="24h"} 65536`);
    expect(prom).toContain(`cachesweep_refetched_bytes_total{root="${fs.realpathSync(t.cache)}",window="1h"} 0`);
    expect(prom).toContain(`cachesweep_plan_refetched_victims_bytes{root="${fs.realpathSync(t.cache)}"} 65536`);
  });
});

describe('a dry run writes nothing', () => {
  const dry = (): string[][] => [
    ['plan', t.cache, '--strategy', 'lfu', '--threshold', '100K', ...S, ...NOW],
    ['clean', '--dry-run', t.cache, '--strategy', 'gdsf', '--threshold', '100K', ...S, ...NOW],
    ['clean', '-n', t.cache, '--max-age', '1d', ...S, ...NOW],
    ['status', t.cache, ...S, ...NOW],
    ['history', t.cache, ...S, ...NOW],
  ];

  it('creates no store (not even the state directory) when there is none', () => {
    for (const args of dry()) expect(runCliSync(args, OWN_STATE).code).not.toBe(2);
    expect(fs.existsSync(t.state)).toBe(false);
  });

  it('leaves an existing store byte for byte, with its mtime, and adds no file beside it', () => {
    runCliSync(['touch', t.cache, 'a.img', ...S, ...NOW], OWN_STATE);
    runCliSync(['pin', t.cache, 'c.img', ...S, ...NOW], OWN_STATE);
    expect(runCliSync(['clean', t.cache, '--max-age', '30d', ...S, ...NOW], OWN_STATE).code).toBe(0); // a real run: rows in every table
    const before = { state: snapshot(t.state, 'content'), cache: snapshot(t.cache, 'atime') };
    // the lock file stays, empty, after the run (removing it would let two runs hold "the" lock: docs/safety.md)
    expect(Object.keys(before.state)).toEqual(['.', 'locks/', expect.stringMatching(/^locks\/cache-[0-9a-f]{16}$/), 'usage.db', 'usage.db.id']);
    for (const args of dry()) expect(runCliSync(args, OWN_STATE).code).not.toBe(2);
    expect(snapshot(t.state, 'content')).toEqual(before.state);
    expect(snapshot(t.cache, 'atime')).toEqual(before.cache);
  });
});

describe('a store that cannot be used stops clean before anything is deleted (exit 2, one line)', () => {
  const expectNothingDeleted = (r: RunResult, message: RegExp): void => {
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(t.cache).sort()).toEqual(['a.img', 'b.img', 'c.img', 'dir']);
  };

  it('corrupt', () => {
    fs.mkdirSync(t.state);
    const garbage = Buffer.from('this is not an SQLite database '.repeat(200));
    fs.writeFileSync(path.join(t.state, 'usage.db'), garbage);
    expectNothingDeleted(runCliSync(['clean', t.cache, '--max-age', '1d', ...S, ...NOW], OWN_STATE), /^cachesweep: usage store .*usage\.db is corrupt \(file is not a database\)/);
    expectNothingDeleted(runCliSync(['plan', t.cache, '--max-age', '1d', ...S, ...NOW], OWN_STATE), /is corrupt/);
    expect(fs.readFileSync(path.join(t.state, 'usage.db')).equals(garbage)).toBe(true);
  });

  it('written by a newer cachesweep', () => {
    runCliSync(['touch', t.cache, 'a.img', ...S, ...NOW], OWN_STATE);
    const db = new Database(path.join(t.state, 'usage.db'));
    db.pragma('user_version = 99');
    db.close();
    expectNothingDeleted(runCliSync(['clean', t.cache, '--max-age', '1d', ...S, ...NOW], OWN_STATE), /^cachesweep: usage store .* has schema version 99, written by a newer cachesweep/);
  });

  it('locked by another process for longer than the busy timeout', () => {
    runCliSync(['touch', t.cache, 'a.img', ...S, ...NOW], OWN_STATE);
    const holder = new Database(path.join(t.state, 'usage.db'));
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expectNothingDeleted(runCliSync(['clean', t.cache, '--max-age', '1d', ...S, ...NOW], OWN_STATE), /^cachesweep: usage store .* is locked by another process for more than 5000 ms/);
      expectNothingDeleted(runCliSync(['touch', t.cache, 'b.img', ...S, ...NOW], OWN_STATE), /is locked by another process/);
      // A dry run still reads it: WAL readers do not wait for the writer.
      expect(runCliSync(['plan', t.cache, '--max-age', '1d', ...S, ...NOW], OWN_STATE).code).toBe(0);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
