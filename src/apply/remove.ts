import fs from 'node:fs';
import path from 'node:path';
import { mountPointsUnder } from '../scan/mounts.js';

/**
 * Delete a file or a directory tree without following links and without leaving `dev`.
 * A mount point at or below `p` (from the mount table: a bind mount keeps the device) refuses the whole
 * removal before anything is deleted; a node met on another device aborts the removal where it is met.
 */
export function removeEntry(p: string, dev: number): void {
  const mounts = mountPointsUnder(p);
  if (mounts.size > 0) {
    const first = [...mounts].sort()[0]!;
    throw new Error(first === p ? `${p} is a mount point; not removed` : `${p} contains a mount point (${first}); not removed`);
  }
  removeTree(p, dev);
}

function removeTree(p: string, dev: number): void {
  const st = fs.lstatSync(p);
  if (st.dev !== dev) throw new Error(`${p} is on another filesystem; not removed`);
  if (!st.isDirectory()) {
    fs.unlinkSync(p);
    return;
  }
  for (const name of fs.readdirSync(p)) removeTree(path.join(p, name), dev);
  fs.rmdirSync(p);
}
