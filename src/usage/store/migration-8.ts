/**
 * Retention of evictions (retention-evictions.ts): evictions and their re-fetches older than the raw horizon are
 * folded into totals, as migration 7 folds hits. The regret figures (status, plan reports, metrics) are totals over
 * all time and the metrics are counters: deleting old rows would make them fall. The three window columns are
 * shared/regret.ts's REGRET_WINDOWS (1h, 24h, 7d); a new window would need a migration of its own. (A Migration of
 * schema.ts by shape: importing its type would make the two files a cycle.)
 */
export const MIGRATION_8 = {
  version: 8,
  description: 'retention: evictions and re-fetches older than the raw horizon folded into per-day totals and per-name counts of names that came back; gone entries without uses pruned',
  sql: `
    CREATE TABLE eviction_days (
      root_id         INTEGER NOT NULL REFERENCES roots(id),
      day             INTEGER NOT NULL,           -- at_ms / 86400000 of the evictions folded here (UTC day)
      how             TEXT NOT NULL,              -- planned | manual | completed
      strategy        TEXT NOT NULL,
      evictions       INTEGER NOT NULL,
      evicted_bytes   INTEGER NOT NULL,
      refetches       INTEGER NOT NULL,           -- of those evictions, how many names came back
      refetched_bytes INTEGER NOT NULL,
      within_1h       INTEGER NOT NULL,           -- came back within 1h of the eviction (at the latest), and their bytes
      within_1h_bytes INTEGER NOT NULL,
      within_24h      INTEGER NOT NULL,
      within_24h_bytes INTEGER NOT NULL,
      within_7d       INTEGER NOT NULL,
      within_7d_bytes INTEGER NOT NULL,
      PRIMARY KEY (root_id, day, how, strategy)
    ) WITHOUT ROWID;
    CREATE TABLE refetched_names (
      root_id           INTEGER NOT NULL REFERENCES roots(id),
      name              TEXT NOT NULL,
      evictions         INTEGER NOT NULL,         -- folded evictions of the name (from its first folded re-fetch on)
      evicted_bytes     INTEGER NOT NULL,
      refetches         INTEGER NOT NULL,         -- folded evictions of the name that it came back from
      refetched_bytes   INTEGER NOT NULL,
      last_refetched_ms INTEGER NOT NULL,
      PRIMARY KEY (root_id, name)
    ) WITHOUT ROWID;
    -- How far retention-entries.ts has looked through a root's gone entries, in (gone_ms, id) order: it never looks
    -- at an entry twice, so the ones it keeps (with uses) cost nothing on later runs.
    CREATE TABLE retention_marks (
      root_id  INTEGER PRIMARY KEY REFERENCES roots(id),
      gone_ms  INTEGER NOT NULL,
      entry_id INTEGER NOT NULL
    );
    -- Deleting an entry makes SQLite look for evictions that point at it (a foreign key): without this index, a scan of
    -- every eviction per entry.
    CREATE INDEX evictions_entry ON evictions(entry_id);
  `,
};
