import fs from 'node:fs';
import { fsPath } from '../shared/names.js';
import path from 'node:path';
import type { ScanResult } from '../shared/types.js';
import { classifyIntents, NO_FINDINGS, type Found, type RunFindings } from '../usage/interrupted.js';
import { readOpenIntents, readUnfinishedRuns, type OpenIntent, type RunRow } from '../usage/store/intents.js';
import type { UsageStore } from '../usage/store/store.js';

/**
 * What the usage store says about earlier runs, held against this scan: deletions they began and did not finish,
 * intents whose entry went or was never touched, and the runs that did not finish. Nothing when there is no store.
 */
export function runFindings(store: UsageStore | null, root: string, scan: ScanResult): RunFindings {
  return findingsAgainst(store ? readFindings(store, root) : null, root, scan);
}

/** What runFindings reads of the store, before the scan is known (a run that reads a snapshot reads it first). */
export interface FindingsRead {
  open: OpenIntent[];
  runs: RunRow[];
  total: number;
}

export function readFindings(store: UsageStore, root: string): FindingsRead {
  const open = readOpenIntents(store, root);
  const { runs, total } = readUnfinishedRuns(store, root);
  return { open, runs, total };
}

/** runFindings from what was read: each open intent held against the scan. */
export function findingsAgainst(read: FindingsRead | null, root: string, scan: ScanResult): RunFindings {
  if (!read) return NO_FINDINGS;
  const { open, runs, total } = read;
  if (open.length === 0) return { ...NO_FINDINGS, unfinishedRuns: runs, unfinishedTotal: total };
  const wanted = new Set(open.map((i) => i.name));
  const found = new Map<string, Found>();
  for (const e of scan.entries) if (wanted.has(e.name)) found.set(e.name, { dev: e.fingerprint.dev, ino: e.fingerprint.ino, nodes: e.fingerprint.nodes });
  const at = (name: string): Found | null | undefined => found.get(name) ?? notScanned(root, name);
  return { ...classifyIntents(open, at), unfinishedRuns: runs, unfinishedTotal: total };
}

/**
 * A name that is not an entry of this scan: gone when nothing stands there; undefined (cannot tell, the intent stays
 * open) when something does that this scan does not count as an entry (another layout or depth, say).
 */
function notScanned(root: string, name: string): Found | null | undefined {
  if (name.split('/').some((s) => s === '..' || s === '')) return undefined;
  try {
    fs.lstatSync(fsPath(path.join(root, name)));
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
}
