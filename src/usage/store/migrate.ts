import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { APPLICATION_ID, MIGRATIONS, type Migration } from './schema.js';

/** What a database file says about itself. */
export interface SchemaState {
  /** `PRAGMA user_version`: the last migration applied (0: none). */
  version: number;
  applicationId: number;
  /** Number of schema objects (tables, indexes, ...): a version-0 database with objects is someone else's. */
  objects: number;
}

export function schemaState(db: Database.Database): SchemaState {
  return {
    version: Number(db.pragma('user_version', { simple: true })),
    applicationId: Number(db.pragma('application_id', { simple: true })),
    objects: Number((db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n),
  };
}

/** Refuse a database this cachesweep must not use: another program's, or a newer cachesweep's. */
export function assertUsable(s: SchemaState, file: string, latest: number): void {
  if ((s.applicationId !== 0 && s.applicationId !== APPLICATION_ID) || (s.version === 0 && s.objects > 0)) {
    throw new StoreError(`usage store ${file} is not a cachesweep database (another program's SQLite file?); point --state-dir elsewhere, or run \`cachesweep store reset\` to keep it aside and start a new store`);
  }
  if (s.version > latest) {
    throw new StoreError(
      `usage store ${file} has schema version ${s.version}, written by a newer cachesweep (this one knows up to ${latest}); upgrade cachesweep or use another --state-dir`,
    );
  }
}

/**
 * Bring the database to the latest schema in one IMMEDIATE transaction (the write lock is taken first,
 * so two processes opening a new store at once migrate it once). Returns the versions before and after.
 */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i} has version ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.length;
  const run = db.transaction(() => {
    const s = schemaState(db);
    assertUsable(s, file, latest);
    for (const m of migrations) if (m.version > s.version) db.exec(m.sql);
    if (s.version !== latest) db.pragma(`user_version = ${latest}`);
    if (s.applicationId !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
    return { from: s.version, to: latest };
  });
  return run.immediate();
}
