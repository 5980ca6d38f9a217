import fs from 'node:fs';
import { decodeName } from '../shared/names.js';

/**
 * Undo the octal escapes of /proc/self/mountinfo (`\040` space, `\011` tab, `\012` newline, `\134` backslash).
 * `s` holds the table's bytes one per character (latin1): a mount point whose name is not UTF-8 keeps its bytes.
 */
function unescapeMountPath(s: string): string {
  const latin1 = s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
  return decodeName(Buffer.from(latin1, 'latin1'));
}

/**
 * Mount points at or below `dir` (a real path), from the kernel's mount table. Comparing st_dev is not enough:
 * a bind mount of the same filesystem has the same device, and walking or deleting through it would reach files
 * outside the cache. Where the mount table cannot be read (no /proc), the set is empty and st_dev checks remain.
 */
export function mountPointsUnder(dir: string, mountinfo = '/proc/self/mountinfo'): Set<string> {
  const out = new Set<string>();
  let text: string;
  try {
    text = fs.readFileSync(mountinfo, 'latin1');
  } catch {
    return out;
  }
  // `/cache/` is `/cache`: with the slash kept, a mount on the directory itself was missed.
  if (dir.length > 1) dir = dir.replace(/\/+$/, '') || '/';
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  for (const line of text.split('\n')) {
    const field = line.split(' ')[4]; // 5th field: the mount point
    if (field === undefined) continue;
    const p = unescapeMountPath(field);
    if (p === dir || p.startsWith(prefix)) out.add(p);
  }
  return out;
}
