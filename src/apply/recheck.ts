import fs from 'node:fs';
import { fsPath } from '../shared/names.js';
import { measure } from '../scan/measure.js';
import { mountPointsUnder } from '../scan/mounts.js';
import type { Entry } from '../shared/types.js';

/**
 * How a skip for a victim that is no longer there begins: someone else deleted it (Nova, or a run on another host
 * sharing the storage). Not a failure: what the run meant to do is done.
 */
export const ALREADY_GONE = 'already gone';

/**
 * Is this victim still exactly what was planned? Returns why not, or null when it may go.
 * Same device and inode, same kind, same apparent size, same newest mtime, same number of nodes,
 * not read since the scan (atime), no mount point inside. `mountTable: false` (a file the deletion leases, which
 * checks the mount of the very inode instead) spares reading the mount table for each victim.
 */
export function recheckEntry(entry: Entry, rootDev: number, mountTable = true): string | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(fsPath(entry.path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${ALREADY_GONE} (vanished since the scan)` : `cannot stat: ${code}`;
  }
  const fp = entry.fingerprint;
  if (st.dev !== fp.dev || st.ino !== fp.ino) return 'replaced since the scan (new inode)';
  const m = measure(entry.path, rootDev, st, mountTable ? mountPointsUnder(entry.path) : new Set<string>());
  if (m.kind !== fp.kind) return `changed kind since the scan (${fp.kind} -> ${m.kind})`;
  if (m.mountPoint !== undefined) return 'a mount point appeared inside';
  if (m.warnings.length > 0) return `no longer fully readable (${m.warnings[0]})`;
  if (m.apparentBytes !== fp.apparentBytes) return `size changed since the scan (${fp.apparentBytes} -> ${m.apparentBytes} bytes)`;
  if (m.mtimeMs !== fp.mtimeMs) return 'modified since the scan';
  if (m.fingerprint.nodes !== fp.nodes) return 'files added or removed since the scan';
  if (entry.atimeMs > 0 && m.atimeMs > entry.atimeMs) return 'read since the scan';
  return null;
}
