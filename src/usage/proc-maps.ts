import fs from 'node:fs';
import { devFromProc } from './proc-dev.js';

export interface MappedFile {
  /** Device in stat's encoding. */
  dev: number;
  ino: number;
  /** The path the kernel shows (absolute), or null for [heap], [stack], anonymous mappings ... */
  path: string | null;
}

/** File-backed mappings of a process, from /proc/PID/maps; none when it cannot be read (the process exited). */
export function readMaps(file: string): MappedFile[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return parseProcMaps(text);
}

/** Parse /proc/PID/maps: `addr perms offset MAJ:MIN inode path`, device in hex; inode 0 is no file. Each file once. Pure. */
export function parseProcMaps(text: string): MappedFile[] {
  const out: MappedFile[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^\S+\s+\S+\s+\S+\s+([0-9a-fA-F]+):([0-9a-fA-F]+)\s+(\d+)\s*(.*)$/.exec(line);
    const ino = m ? Number(m[3]) : 0;
    if (!m || ino === 0) continue; // inode 0: an anonymous mapping, whatever zeros it is written with
    const dev = devFromProc(m[1]!, m[2]!);
    const key = `${dev}:${ino}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ dev, ino, path: m[4]?.startsWith('/') ? m[4] : null });
  }
  return out;
}
