import fs from 'node:fs';
import path from 'node:path';
import type { Entry } from '../shared/types.js';
import { capReasons, EntryIndex } from './entry-index.js';
import { devFromProc } from './proc-dev.js';
import type { UsageProvider, UsageSignal } from './signal.js';

export interface OpenFilesOptions {
  /** Real path of the cache root. */
  root: string;
  /** Where /proc is mounted (tests may point elsewhere). */
  proc?: string;
  /** Our own pid: never counted (defaults to process.pid). */
  selfPid?: number;
  warn: (line: string) => void;
}

/** What one pass over /proc found. */
export interface OpenFilesSurvey {
  /** entry name -> reasons (`open by pid N (comm)`, `mapped by pid N (comm)`). */
  reasons: Map<string, string[]>;
  /** Processes whose open files could not be listed (EACCES, EPERM). */
  uninspectable: number;
  processes: number;
}

/**
 * In use because a process holds a file of the entry open (or mapped), found the way fuser and lsof do it:
 * the /proc/PID/fd links (by path, and by device and inode for files opened under another path or mount
 * namespace) and the /proc/PID/maps lines. Linux only.
 */
export class OpenFilesDetector implements UsageProvider {
  readonly name = 'open-files';
  private readonly proc: string;
  private readonly selfPid: number;

  constructor(private readonly opts: OpenFilesOptions) {
    this.proc = opts.proc ?? '/proc';
    this.selfPid = opts.selfPid ?? process.pid;
  }

  collect(entries: readonly Entry[]): UsageSignal[] {
    const s = this.survey(entries);
    if (s.uninspectable > 0) {
      this.opts.warn(
        `${s.uninspectable} of ${s.processes} processes could not be inspected for open files (permission denied); files they hold open are not seen (run as root)`,
      );
    }
    return [...s.reasons].map(([name, reasons]) => ({ name, inUse: cap(reasons) }));
  }

  recheck(entry: Entry): string[] {
    return cap(this.survey([entry]).reasons.get(entry.name) ?? []);
  }

  /** Every process's open files and mappings, matched against the entries. */
  survey(entries: readonly Entry[]): OpenFilesSurvey {
    const index = new EntryIndex(this.opts.root, entries);
    const out: OpenFilesSurvey = { reasons: new Map(), uninspectable: 0, processes: 0 };
    let pids: string[];
    try {
      pids = fs.readdirSync(this.proc).filter((n) => /^\d+$/.test(n));
    } catch (err) {
      this.opts.warn(`cannot list ${this.proc}: ${(err as NodeJS.ErrnoException).code}; open files are not detected`);
      return out;
    }
    for (const pid of pids) {
      if (Number(pid) === this.selfPid) continue;
      out.processes++;
      const base = path.join(this.proc, pid);
      const hits = new Map<string, Set<string>>();
      const hit = (e: Entry, how: string): void => {
        let set = hits.get(e.name);
        if (!set) hits.set(e.name, (set = new Set()));
        set.add(how);
      };
      let fds: string[];
      try {
        fds = fs.readdirSync(path.join(base, 'fd'));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'EPERM') out.uninspectable++;
        continue; // ENOENT, ESRCH: the process has exited
      }
      for (const fd of fds) {
        const link = path.join(base, 'fd', fd);
        let target: string;
        try {
          target = fs.readlinkSync(link);
        } catch {
          continue;
        }
        if (!target.startsWith('/')) continue; // socket:[...], pipe:[...], anon_inode:...
        const e = index.entryAt(stripDeleted(target)) ?? byInode(link, index);
        if (e) hit(e, 'open');
      }
      for (const m of readMaps(path.join(base, 'maps'))) {
        const e = index.entryOfInode(m.dev, m.ino) ?? (m.path ? index.entryAt(stripDeleted(m.path)) : undefined);
        if (e) hit(e, 'mapped');
      }
      if (hits.size === 0) continue;
      const comm = readComm(base);
      for (const [name, hows] of hits) {
        const how = hows.has('open') ? 'open' : 'mapped';
        const list = out.reasons.get(name) ?? [];
        list.push(`${how} by pid ${pid} (${comm})`);
        out.reasons.set(name, list);
      }
    }
    return out;
  }
}

function cap(reasons: string[]): string[] {
  return capReasons(reasons, 3, (n) => `open by ${n} more process${n === 1 ? '' : 'es'}`);
}

/** The kernel appends ` (deleted)` to links of unlinked files. */
function stripDeleted(p: string): string {
  return p.endsWith(' (deleted)') ? p.slice(0, -' (deleted)'.length) : p;
}

/** Follow the fd's magic link to the open inode: catches files opened under another path or mount namespace. */
function byInode(link: string, index: EntryIndex): Entry | undefined {
  try {
    const st = fs.statSync(link);
    return st.isFile() ? index.entryOfInode(st.dev, st.ino) : undefined;
  } catch {
    return undefined;
  }
}

function readComm(base: string): string {
  try {
    return fs.readFileSync(path.join(base, 'comm'), 'utf8').trim() || '?';
  } catch {
    return '?';
  }
}

/** File-backed mappings of a process, from /proc/PID/maps; none when it cannot be read (the process exited). */
function readMaps(file: string): MappedFile[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return parseProcMaps(text);
}

export interface MappedFile {
  /** Device in stat's encoding. */
  dev: number;
  ino: number;
  /** The path the kernel shows (absolute), or null for [heap], [stack], anonymous mappings ... */
  path: string | null;
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
