import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';

/**
 * A store remembers being a store. Each store has a random id, kept in the database (table store_identity, made by
 * migration 3) and in a small file beside it in the state directory, `usage.db.id`. The file outlives what happens to
 * the database: `: > usage.db` (or a lost file, or another store's file copied over it) left an empty store that a
 * clean started afresh from, pins gone, exit 0. Now the next run sees the file's id and no store with it, and stops.
 */
export const MARKER_SUFFIX = '.id';

export interface Marker {
  store: string;
  created: string;
}

/** The marker file of a store file. */
export const markerPath = (storeFile: string): string => `${storeFile}${MARKER_SUFFIX}`;

/** What a store file holds, as far as its identity goes. */
export type StoreState = { kind: 'missing' } | { kind: 'empty' } | { kind: 'store'; id: string | null };

/** The marker beside a store file, or null when there is none (a store made before markers, or none yet). */
export function readMarker(storeFile: string): Marker | null {
  const file = markerPath(storeFile);
  let text: string;
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile()) throw new StoreError(`usage store identity ${file} is not a regular file; cachesweep keeps it as a file beside the store`);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (err instanceof StoreError) throw err;
    throw new StoreError(`usage store identity ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    const m = JSON.parse(text) as Partial<Marker>;
    if (typeof m.store === 'string' && m.store !== '' && typeof m.created === 'string') return { store: m.store, created: m.created };
  } catch {
    // reported below
  }
  throw new StoreError(`usage store identity ${file} is damaged; if the store is healthy, remove the file (the next clean writes it again)`);
}

/** The id a database holds (null: a store from before identities). */
export function storeIdOf(db: Database.Database): string | null {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_identity'").get();
  if (!table) return null;
  const row = db.prepare('SELECT id FROM store_identity LIMIT 1').get() as { id: string } | undefined;
  return row?.id ?? null;
}

/**
 * Refuse a store that is not the one this state directory had: missing, empty, without an id, or with another id,
 * where a marker names one. Without a marker anything goes (a first run, or a store from before markers).
 */
export function assertSameStore(storeFile: string, state: StoreState, marker: Marker | null = readMarker(storeFile)): void {
  if (marker === null) return;
  const had = `${markerPath(storeFile)} says store ${marker.store} (created ${marker.created}) was here`;
  const reset = `start afresh, its pins and history lost, with \`cachesweep store reset --state-dir ${path.dirname(storeFile)}\``;
  if (state.kind === 'missing') throw new StoreError(`usage store ${storeFile} is missing, but ${had}; restore it from a backup, or ${reset}`);
  if (state.kind === 'empty') throw new StoreError(`usage store ${storeFile} is empty, but ${had} (emptied or truncated?); restore it from a backup, or ${reset}`);
  if (state.id !== marker.store) {
    const what = state.id === null ? 'an older store without an identity' : `store ${state.id}`;
    throw new StoreError(`usage store ${storeFile} is ${what}, but ${had} (replaced by another file?); put the right file back, or ${reset}`);
  }
}

/** Write the marker for `id` when it is missing: a temporary file, then a rename (never through a symlink). */
export function writeMarker(storeFile: string, id: string, createdMs: number): void {
  const file = markerPath(storeFile);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const text = `${JSON.stringify({ store: id, created: new Date(createdMs).toISOString() })}\n`;
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx', mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** The store's creation time (ms), as migration 3 recorded it. */
export function storeCreatedMs(db: Database.Database): number {
  const row = db.prepare('SELECT created_ms FROM store_identity LIMIT 1').get() as { created_ms: number } | undefined;
  return row?.created_ms ?? Date.now();
}
