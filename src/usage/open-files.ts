import fs from 'node:fs';
import { decodeName } from '../shared/names.js';
import path from 'node:path';
import type { Entry, ScanResult } from '../shared/types.js';
import { capReasons, EntryIndex } from './entry-index.js';
import { scannedInodes, walkEntryInodes, type InodeSource } from './entry-inodes.js';
import { readMaps } from './proc-maps.js';
import type { UsageProvider, UsageSignal } from './signal.js';

export { parseProcMaps, type MappedFile } from './proc-maps.js';

export interface OpenFilesOptions {
  /** Real path of the cache root. */
  root: string;
  /** The scan the entries come from: its inode lists of directory entries spare a second walk. */
  scan?: ScanResult;
  /** Where /proc is mounted (tests may point elsewhere). */
  proc?: string;
  /** Our own pid: never counted (defaults to process.pid). */
  selfPid?: number;
  warn: (line: string) => void;
}

/** What one pass over /proc found. */
export interface OpenFilesSurvey {
  /** entry name -> reasons (`open by pid N (comm)`, `current directory of pid N (comm)`, ...). */
  reasons: Map<string, string[]>;
  /** Processes whose open files could not be listed (EACCES, EPERM). */
  uninspectable: number;
  processes: number;
}

/** How a process holds an inode, strongest first: one reason per process and entry names the first that applies. */
const HOWS = ['open', 'mapped', 'cwd', 'root'] as const;
type How = (typeof HOWS)[number];
const WORDS: Record<How, string> = { open: 'open by', mapped: 'mapped by', cwd: 'current directory of', root: 'root directory of' };

/** One process's hold on one inode. */
interface Hold {
  pid: string;
  how: How;
}

/**
 * In use because a process holds an inode of the entry: an open descriptor, a memory mapping, its current
 * directory or its root directory, found the way fuser and lsof find them in /proc/PID. Matched by device and inode
 * (stat of the /proc link's target), whatever path the process used to get there: a bind-mount alias in another
 * mount namespace, a hard link outside the cache. Inside a directory entry every node counts. Linux only.
 */
export class OpenFilesDetector implements UsageProvider {
  readonly name = 'open-files';
  // A write lease is refused while any descriptor or mapping of the inode exists, in any pid namespace, also in
  // processes /proc does not let us inspect: for a file entry it proves more than this walk, and at the instant of
  // the deletion. (A directory cannot be leased: directory entries are still surveyed.)
  readonly leaseCovers = true;
  private readonly proc: string;
  private readonly selfPid: number;

  constructor(private readonly opts: OpenFilesOptions) {
    this.proc = opts.proc ?? '/proc';
    this.selfPid = opts.selfPid ?? process.pid;
  }

  collect(entries: readonly Entry[]): UsageSignal[] {
    const s = this.survey(entries, scannedInodes(this.opts.scan));
    if (s.uninspectable > 0) {
      this.opts.warn(
        `${s.uninspectable} of ${s.processes} processes could not be inspected for open files (permission denied); files they hold open are not seen (run as root)`,
      );
    }
    return [...s.reasons].map(([name, reasons]) => ({ name, inUse: cap(reasons) }));
  }

  recheck(entry: Entry): string[] {
    return cap(this.survey([entry], walkEntryInodes).reasons.get(entry.name) ?? []);
  }

  /** One walk of /proc for a batch of victims, their inodes listed afresh. */
  recheckMany(entries: readonly Entry[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [name, reasons] of this.survey(entries, walkEntryInodes).reasons) out.set(name, cap(reasons));
    return out;
  }

  /** Every process's descriptors, mappings, cwd and root, matched against the entries. */
  survey(entries: readonly Entry[], inodesOf: InodeSource = scannedInodes(this.opts.scan)): OpenFilesSurvey {
    const index = new EntryIndex(this.opts.root, entries);
    const out: OpenFilesSurvey = { reasons: new Map(), uninspectable: 0, processes: 0 };
    let pids: string[];
    try {
      pids = fs.readdirSync(this.proc).filter((n) => /^\d+$/.test(n));
    } catch (err) {
      this.opts.warn(`cannot list ${this.proc}: ${(err as NodeJS.ErrnoException).code}; open files are not detected`);
      return out;
    }
    const hits = new Map<string, Map<string, How>>(); // entry name -> pid -> strongest hold
    const hit = (e: Entry, h: Hold): void => {
      let byPid = hits.get(e.name);
      if (!byPid) hits.set(e.name, (byPid = new Map()));
      const had = byPid.get(h.pid);
      if (had === undefined || HOWS.indexOf(h.how) < HOWS.indexOf(had)) byPid.set(h.pid, h.how);
    };
    // Every inode some process holds, by device: any of them may also be inside a directory entry (a hard link
    // shared with a file entry included), which only the directory entries' inode lists can tell.
    const loose = new Map<number, Map<number, Hold[]>>(); // dev -> ino -> holds
    const held = (dev: number, ino: number, h: Hold, p: string | null): void => {
      const e = index.entryOfInode(dev, ino) ?? (p !== null ? index.entryAt(p) : undefined);
      if (e) hit(e, h);
      if (dev < 0) return; // known by its path only
      let byIno = loose.get(dev);
      if (!byIno) loose.set(dev, (byIno = new Map()));
      const list = byIno.get(ino);
      if (list) list.push(h);
      else byIno.set(ino, [h]);
    };
    for (const pid of pids) {
      if (Number(pid) === this.selfPid) continue;
      out.processes++;
      if (!this.inspect(pid, held)) out.uninspectable++;
    }
    matchDirEntries(entries, loose, inodesOf, hit);
    for (const [name, byPid] of hits) {
      const list = [...byPid].map(([pid, how]) => `${WORDS[how]} pid ${pid} (${readComm(path.join(this.proc, pid))})`);
      out.reasons.set(name, list);
    }
    return out;
  }

  /** Report every inode one process holds; false when its descriptors could not be listed (permission denied). */
  private inspect(pid: string, held: (dev: number, ino: number, h: Hold, p: string | null) => void): boolean {
    const base = path.join(this.proc, pid);
    let fds: string[];
    try {
      fds = fs.readdirSync(path.join(base, 'fd'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return !(code === 'EACCES' || code === 'EPERM'); // ENOENT, ESRCH: the process has exited
    }
    for (const fd of fds) viaLink(path.join(base, 'fd', fd), { pid, how: 'open' }, held);
    for (const m of readMaps(path.join(base, 'maps'))) held(m.dev, m.ino, { pid, how: 'mapped' }, m.path ? stripDeleted(m.path) : null);
    viaLink(path.join(base, 'cwd'), { pid, how: 'cwd' }, held);
    viaLink(path.join(base, 'root'), { pid, how: 'root' }, held);
    return true;
  }
}

/**
 * Follow a /proc magic link (fd, cwd, root) to its inode with stat: the kernel hands over the very inode, even when
 * the path it prints means nothing here (another mount namespace, a deleted name). Only when stat fails is the
 * printed path matched instead. Sockets, pipes and anonymous inodes match no entry either way.
 */
function viaLink(link: string, h: Hold, held: (dev: number, ino: number, h: Hold, p: string | null) => void): void {
  try {
    const st = fs.statSync(link);
    held(st.dev, st.ino, h, null);
    return;
  } catch {
    // fall back to the path below
  }
  let target: string;
  try {
    target = decodeName(fs.readlinkSync(link, { encoding: 'buffer' }));
  } catch {
    return;
  }
  if (target.startsWith('/')) held(-1, -1, h, stripDeleted(target));
}

/** Give every directory entry holding one of the loose inodes its holds. Cheap when no process holds anything on the entries' devices. */
function matchDirEntries(entries: readonly Entry[], loose: Map<number, Map<number, Hold[]>>, inodesOf: InodeSource, hit: (e: Entry, h: Hold) => void): void {
  for (const e of entries) {
    if (e.kind !== 'dir') continue;
    const byIno = loose.get(e.fingerprint.dev);
    if (!byIno) continue;
    for (const ino of inodesOf(e)) {
      const holds = byIno.get(ino);
      if (holds) for (const h of holds) hit(e, h);
    }
  }
}

function cap(reasons: string[]): string[] {
  return capReasons(reasons, 3, (n) => `open by ${n} more process${n === 1 ? '' : 'es'}`);
}

/** The kernel appends ` (deleted)` to links of unlinked files. */
function stripDeleted(p: string): string {
  return p.endsWith(' (deleted)') ? p.slice(0, -' (deleted)'.length) : p;
}

function readComm(base: string): string {
  try {
    return fs.readFileSync(path.join(base, 'comm'), 'utf8').trim() || '?';
  } catch {
    return '?';
  }
}
