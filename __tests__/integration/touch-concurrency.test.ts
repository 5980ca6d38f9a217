import path from 'node:path';
import Database from 'better-sqlite3';
import { tempCache, writeFile } from '../helpers/cache.js';
import { runCli } from '../helpers/run.js';

const PROCESSES = 8;
const TOUCHES = 200;

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
});
