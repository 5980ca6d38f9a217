import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempCache, writeFile } from '../helpers/cache.js';
import { waitUntil } from '../helpers/faults.js';
import { runCli, startCli, type RunResult } from '../helpers/run.js';
import { DEFAULT_BUSY_TIMEOUT_MS, TOUCH_BUSY_TIMEOUT_MS } from '../../src/usage/store/open.js';

const PROCESSES = 8;
const TOUCHES = 200;

/** Does process `pid` hold `file` open? */
function opened(pid: number, file: string): boolean {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}


describe('concurrent touches', () => {
  let t: ReturnType<typeof tempCache>;
  beforeAll(() => {
    t = tempCache();
    writeFile(path.join(t.cache, 'popular.img'), 4096, Date.now() - 86_400_000);
    writeFile(path.join(t.cache, 'other.img'), 4096, Date.now() - 86_400_000);
  });
  afterAll(() => t.cleanup());

  it(`lose nothing: ${PROCESSES} processes x ${TOUCHES} hits on a new store count ${PROCESSES * TOUCHES}`, async () => {
    // Each process records its 200 hits one transaction at a time, so the processes contend for the
    // write lock on every hit; they also all start on a store that does not exist yet (create + migrate race).
    const runs = Array.from({ length: PROCESSES }, () =>
      runCli(['touch', t.cache, ...Array<string>(TOUCHES).fill('popular.img'), '--quiet'], { stateDir: t.state }),
    );
    const results = await Promise.all(runs);
    for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });

    const db = new Database(path.join(t.state, 'usage.db'), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT e.name, count(h.entry_id) AS hits FROM entries e LEFT JOIN hits h ON h.entry_id = e.id GROUP BY e.id ORDER BY e.name')
        .all();
      expect(rows).toEqual([{ name: 'popular.img', hits: PROCESSES * TOUCHES }]);
      expect(db.prepare('SELECT count(*) AS n FROM roots').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  }, 300_000);

  it(`a touch waits for a writer that holds the store longer than the default busy timeout (${DEFAULT_BUSY_TIMEOUT_MS} ms), and records its hit`, async () => {
    // The store exists (the test above made it); this process takes its write lock, as a long run would hold it.
    const store = path.join(t.state, 'usage.db');
    const db = new Database(store);
    let waitedMs = 0;
    let touched: RunResult;
    try {
      db.prepare('BEGIN IMMEDIATE').run();
      const { child, done } = startCli(['touch', t.cache, 'other.img'], { stateDir: t.state });
      // The clock starts once the touch has the store open (its next step is to ask for the write lock): a loaded
      // machine can take seconds to start node, which would otherwise eat into the hold and let a 5 s wait pass.
      await waitUntil('the touch has the store open', () => opened(child.pid!, store) || child.exitCode !== null);
      const since = Date.now();
      await new Promise((r) => setTimeout(r, DEFAULT_BUSY_TIMEOUT_MS + 2000));
      waitedMs = Date.now() - since;
      db.prepare('COMMIT').run();
      touched = await done;
    } finally {
      db.close();
    }
    // With the default timeout it gave up after 5 s: exit 2, 'is locked by another process', the hit lost.
    expect({ code: touched.code, stdout: touched.stdout.trim(), stderr: touched.stderr }).toEqual({ code: 0, stdout: 'other.img: 1 hit', stderr: '' });
    expect(waitedMs).toBeGreaterThan(DEFAULT_BUSY_TIMEOUT_MS);
    expect(TOUCH_BUSY_TIMEOUT_MS).toBeGreaterThan(waitedMs);
  }, 120_000);
});
