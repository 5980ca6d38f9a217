import { MIGRATION_8 } from './migration-8.js';

/**
 * The usage store's schema, as numbered migrations. The database's version is `PRAGMA user_version`:
 * the number of the last migration applied. A new version is one more entry at the end of MIGRATIONS;
 * a migration is never edited once released.
 */
export interface Migration {
  version: number;
  /** What it changes, for docs and errors. */
  description: string;
  sql: string;
}

/** `PRAGMA application_id` of a cachesweep store ("CSWP"): tells it apart from any other SQLite file. */
export const APPLICATION_ID = 0x43535750;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'roots, entries (name + device/inode), hits, in-use observations, runs, pins, evictions',
    sql: `
      CREATE TABLE roots (
        id         INTEGER PRIMARY KEY,
        path       TEXT NOT NULL UNIQUE,          -- real path of the cache root
        created_ms INTEGER NOT NULL,
        gdsf_l     REAL NOT NULL DEFAULT 0        -- GDSF aging value L, carried from run to run
      );
      CREATE TABLE entries (
        id             INTEGER PRIMARY KEY,
        root_id        INTEGER NOT NULL REFERENCES roots(id),
        name           TEXT NOT NULL,             -- relative to the root, '/' separated
        dev            INTEGER NOT NULL,
        ino            INTEGER NOT NULL,
        kind           TEXT,
        first_seen_ms  INTEGER NOT NULL,
        last_seen_ms   INTEGER,                   -- last clean run that saw it
        bytes          INTEGER,
        apparent_bytes INTEGER,
        gdsf_base      REAL NOT NULL DEFAULT 0,   -- root's L at the entry's last use
        gone_ms        INTEGER                    -- evicted, or missing from a later run
      );
      CREATE UNIQUE INDEX entries_live ON entries(root_id, name, dev, ino) WHERE gone_ms IS NULL;
      CREATE INDEX entries_root ON entries(root_id, gone_ms);
      CREATE TABLE hits (
        entry_id INTEGER NOT NULL REFERENCES entries(id),
        at_ms    INTEGER NOT NULL
      );
      CREATE INDEX hits_entry ON hits(entry_id, at_ms);
      CREATE TABLE runs (
        id            INTEGER PRIMARY KEY,
        root_id       INTEGER NOT NULL REFERENCES roots(id),
        started_ms    INTEGER NOT NULL,
        finished_ms   INTEGER,
        strategy      TEXT NOT NULL,
        layout        TEXT NOT NULL,
        entries       INTEGER NOT NULL,
        planned_evict INTEGER NOT NULL,
        deleted       INTEGER,
        freed_bytes   INTEGER,
        interrupted   INTEGER
      );
      CREATE TABLE in_use (
        entry_id INTEGER NOT NULL REFERENCES entries(id),
        run_id   INTEGER NOT NULL REFERENCES runs(id),
        at_ms    INTEGER NOT NULL,
        reasons  TEXT NOT NULL
      );
      CREATE INDEX in_use_entry ON in_use(entry_id, at_ms);
      CREATE TABLE pins (
        root_id   INTEGER NOT NULL REFERENCES roots(id),
        name      TEXT NOT NULL,
        pinned_ms INTEGER NOT NULL,
        PRIMARY KEY (root_id, name)
      );
      CREATE TABLE evictions (
        id             INTEGER PRIMARY KEY,
        root_id        INTEGER NOT NULL REFERENCES roots(id),
        run_id         INTEGER REFERENCES runs(id),
        entry_id       INTEGER REFERENCES entries(id),
        name           TEXT NOT NULL,
        class          TEXT NOT NULL,
        at_ms          INTEGER NOT NULL,
        reason         TEXT NOT NULL,             -- expired | over-threshold
        detail         TEXT,
        strategy       TEXT NOT NULL,
        bytes          INTEGER NOT NULL,
        apparent_bytes INTEGER NOT NULL,
        hits           INTEGER NOT NULL,
        last_used_ms   INTEGER
      );
      CREATE INDEX evictions_root_at ON evictions(root_id, at_ms);
    `,
  },
  {
    version: 2,
    description: 'crash consistency: deletion intents, recorded before each batch of deletions; how each eviction was made',
    sql: `
      CREATE TABLE deletion_intents (
        id             INTEGER PRIMARY KEY,
        root_id        INTEGER NOT NULL REFERENCES roots(id),
        run_id         INTEGER REFERENCES runs(id),
        name           TEXT NOT NULL,
        dev            INTEGER NOT NULL,
        ino            INTEGER NOT NULL,
        nodes          INTEGER NOT NULL,          -- nodes inside when planned: fewer later means the deletion began
        class          TEXT NOT NULL,
        kind           TEXT NOT NULL,
        reason         TEXT NOT NULL,             -- expired | over-threshold | interrupted
        detail         TEXT,
        strategy       TEXT NOT NULL,
        how            TEXT NOT NULL,             -- planned | completed (of an earlier run's interrupted deletion)
        bytes          INTEGER NOT NULL,
        apparent_bytes INTEGER NOT NULL,
        hits           INTEGER NOT NULL,
        last_used_ms   INTEGER,
        at_ms          INTEGER NOT NULL,          -- recorded before the deletion of its batch began
        done_ms        INTEGER,                   -- NULL while open: the run died, or is still deleting
        outcome        TEXT                       -- deleted | skipped | failed | not-started | gone
      );
      CREATE INDEX deletion_intents_open ON deletion_intents(root_id, name) WHERE done_ms IS NULL;
      ALTER TABLE evictions ADD COLUMN how TEXT NOT NULL DEFAULT 'planned';  -- planned | manual | completed
    `,
  },
  {
    version: 3,
    description: "the store's identity: a random id, also kept in usage.db.id beside the file (identity.ts)",
    sql: `
      CREATE TABLE store_identity (
        id         TEXT NOT NULL,                 -- random; an emptied or replaced file no longer has it
        created_ms INTEGER NOT NULL               -- when the store got its identity
      );
      INSERT INTO store_identity VALUES (lower(hex(randomblob(16))), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
    `,
  },
  {
    version: 4,
    description: 'strategy state: per root and strategy named values, and each entry\'s copy of them at its last use (gdsf\'s L moved there)',
    sql: `
      CREATE TABLE strategy_state (
        root_id  INTEGER NOT NULL REFERENCES roots(id),
        strategy TEXT NOT NULL,                   -- canonical strategy name
        key      TEXT NOT NULL,
        value    REAL NOT NULL,                   -- as the last clean run with this strategy left it
        PRIMARY KEY (root_id, strategy, key)
      ) WITHOUT ROWID;
      CREATE TABLE entry_state (
        entry_id INTEGER NOT NULL REFERENCES entries(id),
        strategy TEXT NOT NULL,
        key      TEXT NOT NULL,
        value    REAL NOT NULL,                   -- the root's value at the entry's last use
        PRIMARY KEY (entry_id, strategy, key)
      ) WITHOUT ROWID;
      -- Version 1 kept gdsf's L in two columns; 0 was its initial value, which needs no row.
      INSERT INTO strategy_state SELECT id, 'gdsf', 'L', gdsf_l FROM roots WHERE gdsf_l <> 0;
      INSERT INTO entry_state SELECT id, 'gdsf', 'L', gdsf_base FROM entries WHERE gone_ms IS NULL AND gdsf_base <> 0;
      ALTER TABLE roots DROP COLUMN gdsf_l;
      ALTER TABLE entries DROP COLUMN gdsf_base;
    `,
  },
  {
    version: 5,
    description: 'regret: the device/inode each eviction freed; re-fetches of evicted names',
    sql: `
      ALTER TABLE evictions ADD COLUMN dev INTEGER;
      ALTER TABLE evictions ADD COLUMN ino INTEGER;
      CREATE INDEX evictions_name ON evictions(root_id, name, at_ms);
      CREATE TABLE refetches (
        id          INTEGER PRIMARY KEY,
        eviction_id INTEGER NOT NULL UNIQUE REFERENCES evictions(id),
        entry_id    INTEGER NOT NULL REFERENCES entries(id),  -- the entry that came back
        seen_ms     INTEGER NOT NULL,          -- when cachesweep first met it again (a run or a touch)
        at_ms       INTEGER NOT NULL,          -- when it came back: its mtime, within [eviction, seen_ms]
        bytes       INTEGER NOT NULL,          -- the bytes evicted that had to come back
        via         TEXT NOT NULL              -- run | touch
      );
      CREATE INDEX refetches_entry ON refetches(entry_id);
    `,
  },
  {
    version: 6,
    description: 'pins that end: until_ms (NULL: until unpinned); a pin may name an entry that does not exist yet',
    sql: `
      ALTER TABLE pins ADD COLUMN until_ms INTEGER;  -- the pin stops protecting at this time; NULL: until unpinned
    `,
  },
  {
    version: 7,
    description: 'retention: hits and in-use observations older than the raw horizon folded into per-entry, per-day counts',
    sql: `
      CREATE TABLE use_days (
        entry_id INTEGER NOT NULL REFERENCES entries(id),
        day      INTEGER NOT NULL,                -- at_ms / 86400000: the UTC day of the uses folded here
        hits     INTEGER NOT NULL,                -- hits (rows of hits) of that day, folded
        in_use   INTEGER NOT NULL,                -- in-use observations (rows of in_use) of that day, folded
        last_ms  INTEGER NOT NULL,                -- the latest of them
        PRIMARY KEY (entry_id, day)
      ) WITHOUT ROWID;
    `,
  },
  MIGRATION_8,
];

export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]!.version;
