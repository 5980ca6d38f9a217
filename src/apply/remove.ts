import fs from 'node:fs';
import path from 'node:path';

/**
 * Delete a file or a directory tree without following links and without leaving `dev`:
 * a node on another device aborts the removal of the whole tree.
 */
export function removeEntry(p: string, dev: number): void {
  const st = fs.lstatSync(p);
  if (st.dev !== dev) throw new Error(`${p} is on another filesystem; not removed`);
  if (!st.isDirectory()) {
    fs.unlinkSync(p);
    return;
  }
  for (const name of fs.readdirSync(p)) removeEntry(path.join(p, name), dev);
  fs.rmdirSync(p);
}
