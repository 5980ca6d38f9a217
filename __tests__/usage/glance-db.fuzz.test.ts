/**
 * Fuzzing the rows of Glance's cache.db: real sqlite files (written with better-sqlite3) holding random and hostile
 * rows: NULLs, values of the wrong type (text hits, blobs, text that is not UTF-8), huge and infinite numbers,
 * negative times, odd image ids (slashes, '..', 'incomplete/ID', blanks, an id that is a number). The properties:
 *  - collect never throws on a table with Glance's columns, whatever the rows hold;
 *  - a signal speaks only about the entry whose name is exactly a row's text image_id: a row never gives another
 *    entry hits or times, and never marks anything (in use or not);
 *  - what a signal carries is sane: hits a positive safe integer, times positive whole milliseconds a Date can hold,
 *    each taken from that entry's own rows;
 *  - a schema that is not Glance's, or a file that is not a database, is a GlanceDbError (exit 2), not a crash.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { GlanceDbError, glanceDbProvider } from '../../src/usage/glance-db.js';
import { scan } from '../../src/scan/scan.js';
import type { UsageSignal } from '../../src/usage/signal.js';
import { cleanup, tempDir } from '../helpers/in-use.js';

afterAll(cleanup);

const ENTRY_NAMES = ['3f2a6c1e-0b7d-4c3e-9a51-6f1d2e3c4b5a', '12345', 'img a', 'image..x', 'b'];

/** A value sqlite may hold in any column (no type affinity in the hostile table). */
const arbValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.constantFrom(0, -1, 1, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER),
  fc.constantFrom(9223372036854775807n, -9223372036854775808n, 2n ** 60n),
  fc.double(),
  fc.constantFrom(Infinity, -Infinity, 1e308, -0, 1.5, 1e12, 1.7e9, 8.64e12, 8.65e12),
  fc.string({ maxLength: 10 }),
  fc.constantFrom('5', '1.7e9', 'abc', '', ' 7 ', 'Infinity'),
  fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a)),
);

const arbImageId: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...ENTRY_NAMES), weight: 5 },
  {
    arbitrary: fc.constantFrom(
      ...ENTRY_NAMES.map((n) => `./${n}`),
      ...ENTRY_NAMES.map((n) => `${n}/`),
      ...ENTRY_NAMES.map((n) => `incomplete/${n}`),
      ...ENTRY_NAMES.map((n) => ` ${n}`),
      ...ENTRY_NAMES.map((n) => n.toUpperCase()),
      '..',
      '../b',
      '/b',
      '',
      'cache.db',
      'queue',
    ),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(12345, 12345.0, Buffer.from('b'), null), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
);

const arbRow = fc.record({
  id: arbImageId,
  lastAccessed: arbValue,
  lastModified: arbValue,
  hits: arbValue,
  size: arbValue,
  badUtf8Id: fc.boolean(),
});
type Row = typeof arbRow extends fc.Arbitrary<infer T> ? T : never;

let n = 0;

/** A Glance cache root holding ENTRY_NAMES as images, incomplete/ and queue/, and a cache.db with `rows`. */
function glanceRoot(rows: Row[], o: { typed: boolean }): string {
  const root = path.join(tempDir('cachesweep-glance-'), `cache${n++}`);
  fs.mkdirSync(path.join(root, 'incomplete'), { recursive: true });
  fs.mkdirSync(path.join(root, 'queue'));
  for (const name of ENTRY_NAMES) fs.writeFileSync(path.join(root, name), 'x'.repeat(1024));
  fs.writeFileSync(path.join(root, 'incomplete', ENTRY_NAMES[1]!), 'x');
  const db = new Database(path.join(root, 'cache.db'));
  // Glance's own CREATE TABLE (with type affinity), or columns that hold any type.
  db.exec(
    o.typed
      ? 'CREATE TABLE cached_images (image_id TEXT, last_accessed REAL DEFAULT 0.0, last_modified REAL DEFAULT 0.0, size INTEGER DEFAULT 0, hits INTEGER DEFAULT 0, checksum TEXT)'
      : 'CREATE TABLE cached_images (image_id, last_accessed, last_modified, size, hits, checksum)',
  );
  const ins = db.prepare('INSERT INTO cached_images (image_id, last_accessed, last_modified, hits, size) VALUES (?, ?, ?, ?, ?)');
  const insBad = db.prepare('INSERT INTO cached_images (image_id, last_accessed, last_modified, hits, size) VALUES (CAST(? AS TEXT), ?, ?, ?, ?)');
  const bind = (v: unknown): unknown => (typeof v === 'boolean' ? Number(v) : v);
  for (const r of rows) {
    const vals = [r.lastAccessed, r.lastModified, r.hits, r.size].map(bind);
    if (r.badUtf8Id) insBad.run(Buffer.from([0x62, 0xff, 0xfe]), ...vals);
    else ins.run(bind(r.id), ...vals);
  }
  db.close();
  return root;
}

/** What a row's value is after sqlite stored it and better-sqlite3 read it back: read it back the same way here. */
function storedRows(root: string): { image_id: unknown; last_accessed: unknown; last_modified: unknown; hits: unknown }[] {
  const db = new Database(path.join(root, 'cache.db'), { readonly: true });
  try {
    return db.prepare('SELECT image_id, last_accessed, last_modified, hits FROM cached_images').all() as never;
  } finally {
    db.close();
  }
}

describe("Glance cache.db rows (fuzz)", () => {
  test.each([true, false])('random and hostile rows (typed columns: %s): sane signals about the named entry only', (typed) => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 12 }), (rows) => {
        const root = glanceRoot(rows, { typed });
        const entries = scan(root, { layout: 'glance' }).entries;
        const names = new Set(entries.map((e) => e.name));
        const signals = glanceDbProvider(root).collect(entries, 0) as UsageSignal[];
        const stored = storedRows(root);
        for (const s of signals) {
          // About an entry, named exactly by one of the rows' text ids.
          expect(typeof s.name).toBe('string');
          expect(names.has(s.name!)).toBe(true);
          const own = stored.filter((r) => r.image_id === s.name);
          expect(own.length).toBeGreaterThan(0);
          // Never marks anything.
          expect(s.inUse).toBeUndefined();
          expect(s.pinned).toBeUndefined();
          if (s.hits !== undefined) {
            expect(Number.isSafeInteger(s.hits) && s.hits >= 1).toBe(true);
            expect(own.some((r) => typeof r.hits === 'number' && Math.min(Math.floor(r.hits), Number.MAX_SAFE_INTEGER) === s.hits)).toBe(true);
          }
          for (const [ms, col] of [
            [s.lastUsedMs, 'last_accessed'],
            [s.firstSeenMs, 'last_modified'],
          ] as const) {
            if (ms === undefined) continue;
            expect(Number.isSafeInteger(ms) && ms > 0 && ms <= 8.64e15).toBe(true);
            expect(own.some((r) => typeof r[col] === 'number' && Math.round((r[col] as number) * 1000) === ms)).toBe(true);
          }
        }
        // A row for entry X with sane values gives X a signal (the data is not lost either).
        for (const r of stored) {
          if (typeof r.image_id === 'string' && names.has(r.image_id) && typeof r.hits === 'number' && r.hits >= 1 && Number.isFinite(r.hits)) {
            expect(signals.some((s) => s.name === r.image_id && s.hits !== undefined)).toBe(true);
          }
        }
        fs.rmSync(path.dirname(root), { recursive: true, force: true });
      }),
      { numRuns: 100 },
    );
  });

  test('regressions found by fuzzing', () => {
    // Text hits in a table without type affinity were passed on as the string '5' (and added up as '05').
    const root = glanceRoot(
      [
        { id: 'b', hits: '5', lastAccessed: Infinity, lastModified: -1, size: 0, badUtf8Id: false },
        { id: '12345', hits: Infinity, lastAccessed: 1e300, lastModified: 'x', size: 0, badUtf8Id: false },
      ],
      { typed: false },
    );
    const entries = scan(root, { layout: 'glance' }).entries;
    expect(glanceDbProvider(root).collect(entries, 0)).toEqual([{ name: 'b' }, { name: '12345' }]);
  });

  test('a table that is not Glance\'s, or a file that is not a database, is a GlanceDbError', () => {
    const schemas = fc.constantFrom(
      'CREATE TABLE cached_images (image_id, hits)',
      'CREATE TABLE other (image_id, last_accessed, last_modified, hits)',
      'CREATE VIEW cached_images AS SELECT 1 AS x',
      null,
    );
    fc.assert(
      fc.property(schemas, fc.uint8Array({ minLength: 0, maxLength: 200 }), (schema, junk) => {
        const root = path.join(tempDir('cachesweep-glance-'), 'c');
        fs.mkdirSync(root);
        fs.writeFileSync(path.join(root, 'b'), 'x');
        if (schema === null) fs.writeFileSync(path.join(root, 'cache.db'), Buffer.from(junk));
        else {
          const db = new Database(path.join(root, 'cache.db'));
          db.exec(schema);
          db.close();
        }
        const entries = scan(root, { layout: 'glance' }).entries;
        let threw: unknown;
        try {
          glanceDbProvider(root).collect(entries, 0);
        } catch (err) {
          threw = err;
        }
        // An empty file is an empty database to sqlite: no table, so an error too.
        expect(threw).toBeInstanceOf(GlanceDbError);
        expect((threw as Error).message).not.toMatch(/\n/);
        fs.rmSync(path.dirname(root), { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
  });
});
