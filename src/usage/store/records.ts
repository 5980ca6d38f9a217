/**
 * The usage store's record types, apart from the store itself: the library's public types (a status's findings) reach
 * them, and must not reach better-sqlite3's types through store.ts (a consumer without @types/better-sqlite3 would
 * fail to compile; the package test checks it).
 */
import type { EvictionHow } from '../../shared/regret.js';

/** Who an entry is: its name under the root and the device/inode of its top node. A new inode is a new entry. */
export interface Identity {
  name: string;
  dev: number;
  ino: number;
  kind: string;
  /** Modification time (ms), when known: bounds when a name that comes back after an eviction was fetched again. */
  mtimeMs?: number;
}

export type { EvictionHow } from '../../shared/regret.js';

/** One deletion cachesweep performed, for the audit trail. */
export interface EvictionRecord extends Identity {
  class: string;
  reason: string;
  detail: string | null;
  strategy: string;
  bytes: number;
  apparentBytes: number;
  hits: number;
  lastUsedMs: number | null;
  /** A planned clean run (the strategy's choice; the default), a manual eviction, or the completion of an interrupted deletion. */
  how?: EvictionHow;
}

/** A victim as recorded before its deletion: the eviction record to write once it is gone, and its size in nodes. */
export interface IntentRecord extends EvictionRecord {
  /** Nodes inside the entry when planned (Fingerprint.nodes): fewer later means its deletion began. */
  nodes: number;
  how: Exclude<EvictionHow, 'manual'>;
}

/** An intent no run has closed. */
export interface OpenIntent extends IntentRecord {
  id: number;
  runId: number | null;
  /** When it was recorded (ms). */
  atMs: number;
}

/** How an intent was closed: its deletion done, skipped at the re-check, failed; or, by a later run, found not begun or gone. */
export type IntentOutcome = 'deleted' | 'skipped' | 'failed' | 'not-started' | 'gone';

/** A `clean` run as its row says, for `status`: one that never recorded its end, or was stopped early. */
export interface RunRow {
  id: number;
  startedMs: number;
  finishedMs: number | null;
  strategy: string;
  layout: string;
  entries: number;
  plannedEvict: number;
  deleted: number | null;
  /** Stopped before its last victim (a signal, a lost lock, a store that failed). */
  interrupted: boolean;
  /** Its intents still open: deletions it began (or meant to) that no run has settled yet. */
  openIntents: number;
}
