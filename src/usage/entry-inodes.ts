import fs from 'node:fs';
import type { Entry, ScanResult } from '../shared/types.js';
import { nameBytes } from '../shared/names.js';

/**
 * Inode numbers of every node inside a directory entry, the directory itself included, as lstat sees them now:
 * links not followed, other devices (mount points) not entered. For a re-check, where the scan's list is stale.
 */
const SLASH = Buffer.from('/');

export function walkEntryInodes(e: Entry): number[] {
  const out: number[] = [];
  let top: fs.Stats;
  try {
    top = fs.lstatSync(nameBytes(e.path));
  } catch {
    return out; // gone: nothing of it can be in use
  }
  out.push(top.ino);
  if (!top.isDirectory()) return out;
  // Walked as bytes: a name that is not UTF-8 would not be found again from Node's lossy string for it.
  const stack = [nameBytes(e.path)];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let names: Buffer[];
    try {
      names = fs.readdirSync(dir, { encoding: 'buffer' }) as Buffer[];
    } catch {
      continue;
    }
    for (const n of names) {
      const p = Buffer.concat([dir, SLASH, n]);
      let st: fs.Stats;
      try {
        st = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (st.dev !== top.dev) continue;
      out.push(st.ino);
      if (st.isDirectory()) stack.push(p);
    }
  }
  return out;
}

/** Where a detector gets a directory entry's inodes: what the scan listed (collect), or a fresh walk (re-check). */
export type InodeSource = (e: Entry) => readonly number[];

/** The scan's lists, falling back to a walk for an entry the scan did not list (a re-check after a rescan). */
export function scannedInodes(scan: ScanResult | undefined): InodeSource {
  return (e) => scan?.dirFacts?.get(e.name)?.inodes ?? walkEntryInodes(e);
}
