import fs from 'node:fs';
import path from 'node:path';
import type { Entry } from '../shared/types.js';
import { capReasons, EntryIndex, inodeKey } from './entry-index.js';
import { devFromProc } from './proc-dev.js';
import { isOwnLock } from '../sys/lock-file.js';
import type { UsageProvider, UsageSignal } from './signal.js';

/** One held lock from /proc/locks. */
export interface ProcLock {
  /** POSIX, FLOCK, OFDLCK, LEASE, DELEG. */
  type: string;
  /** ADVISORY, MANDATORY, ACTIVE, BREAKING, ... */
  mode: string;
  /** READ, WRITE, ... */
  access: string;
  /** Holder's pid; -1 (or 0) when the kernel does not tie the lock to a process (OFD locks, leases). */
  pid: number;
  /** Device in stat's encoding, comparable with st_dev. */
  dev: number;
  ino: number;
}

const LOCK_LINE = /^\s*\d+:\s+(\S+)\s+(\S+)\s+(\S+)\s+(-?\d+)\s+([0-9a-fA-F]+):([0-9a-fA-F]+):(\d+)(?:\s|$)/;
/** A `MAJOR:MINOR:INODE` field anywhere in a line. */
const INODE_FIELD = /(?:^|\s)([0-9a-fA-F]+):([0-9a-fA-F]+):(\d+)(?=\s|$)/;

/**
 * Parse /proc/locks. Lines look like `1: POSIX  ADVISORY  WRITE 1234 fe:00:2180945 0 EOF`; the device is the
 * kernel's MAJOR:MINOR in hex and the inode is decimal. Waiters (`2: -> FLOCK ...`) hold nothing and are skipped.
 * Pure.
 *
 * A line in a shape this parser does not know is the dangerous case: skipping it would drop a lock on a real inode
 * and let a locked file be deleted. So a line that is not a waiter and still holds a `MAJOR:MINOR:INODE` field
 * counts as a lock on that inode (type and mode `UNKNOWN` when the fields before it are not the usual four): at
 * worst an entry is kept for a lock that was not one. Only lines with no such field at all (blank lines, the
 * kernel's `<none>:0` for a lock without an inode, garbage) are skipped: they name no file.
 */
export function parseProcLocks(text: string): ProcLock[] {
  const out: ProcLock[] = [];
  for (const line of text.split('\n')) {
    // A waiter (`2: -> FLOCK ...`, `2:->FLOCK ...`) holds nothing: the holder it waits for has its own line.
    if (/^\s*\d+:\s*->/.test(line)) continue;
    const m = LOCK_LINE.exec(line);
    if (m) {
      out.push({
        type: m[1]!,
        mode: m[2]!,
        access: m[3]!,
        pid: Number(m[4]),
        dev: devFromProc(m[5]!, m[6]!),
        ino: Number(m[7]),
      });
      continue;
    }
    const f = INODE_FIELD.exec(line);
    if (!f) continue;
    out.push({ type: 'UNKNOWN', mode: 'UNKNOWN', access: 'UNKNOWN', pid: 0, dev: devFromProc(f[1]!, f[2]!), ino: Number(f[3]) });
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = { POSIX: 'posix lock', FLOCK: 'flock', OFDLCK: 'OFD lock', LEASE: 'lease', DELEG: 'delegation' };

/** `locked (flock by pid 1234)` */
export function lockReason(l: ProcLock): string {
  const what = TYPE_WORDS[l.type] ?? `${l.type.toLowerCase()} lock`;
  return l.pid > 0 ? `locked (${what} by pid ${l.pid})` : `locked (${what})`;
}

export interface HeldLocksOptions {
  /** Real path of the cache root. */
  root: string;
  /** Nova's lock directories (`<instances_path>/locks`): an entry whose `nova-<name>` lock file is locked is in use. */
  novaLockDirs?: readonly string[];
  /** Where to read the lock table (tests may point elsewhere). */
  locksFile?: string;
  warn: (line: string) => void;
}

/**
 * In use because a lock is held: on a file of the entry itself (POSIX, flock, OFD, lease), or, in the nova layout,
 * on Nova's lock file for it, which Nova holds while it downloads, converts or copies that image.
 */
export class HeldLocksDetector implements UsageProvider {
  readonly name = 'held-locks';
  /**
   * A lock on a file needs an open descriptor of it (POSIX and OFD locks one open for reading or writing, flock one
   * that is not O_PATH), and a write lease is refused while any such descriptor exists: a leased file victim is
   * proved unlocked at the instant of its unlink, where a survey of /proc/locks is up to 200 ms old (and each read
   * of it takes the kernel's lock table for writing: 205 reads were 1.8 s of a clean of 100,000 files). Nova's lock
   * file is another file, which no lease on the victim covers: with Nova's lock directories every victim is asked.
   */
  readonly leaseCovers: boolean;
  private readonly locksFile: string;

  constructor(private readonly opts: HeldLocksOptions) {
    this.locksFile = opts.locksFile ?? '/proc/locks';
    this.leaseCovers = (opts.novaLockDirs ?? []).length === 0;
  }

  collect(entries: readonly Entry[]): UsageSignal[] {
    const reasons = this.survey(entries, (w) => this.opts.warn(w));
    return [...reasons].map(([name, r]) => ({ name, inUse: r }));
  }

  recheck(entry: Entry): string[] {
    return this.survey([entry], () => undefined).get(entry.name) ?? [];
  }

  /** One read of /proc/locks for a batch of victims. */
  recheckMany(entries: readonly Entry[]): Map<string, string[]> {
    return this.survey(entries, () => undefined);
  }

  survey(entries: readonly Entry[], warn: (line: string) => void): Map<string, string[]> {
    const out = new Map<string, string[]>();
    let text: string;
    try {
      text = fs.readFileSync(this.locksFile, 'utf8');
    } catch (err) {
      warn(`cannot read ${this.locksFile}: ${(err as NodeJS.ErrnoException).code}; held locks are not detected`);
      return out;
    }
    const held = new Map<string, ProcLock[]>();
    for (const l of parseProcLocks(text)) {
      // cachesweep's own locks (the per-cache lock, Nova's lock it holds on the victim it deletes) are no use of
      // anything: always OFD locks, and while this process holds one no other holder can exist on that inode.
      if (l.type === 'OFDLCK' && isOwnLock(l.dev, l.ino)) continue;
      const k = inodeKey(l.dev, l.ino);
      held.set(k, [...(held.get(k) ?? []), l]);
    }
    if (held.size === 0) return out;
    const add = (name: string, reason: string): void => {
      const list = out.get(name) ?? [];
      if (!list.includes(reason)) list.push(reason);
      out.set(name, list);
    };

    const index = new EntryIndex(this.opts.root, entries);
    const devs = new Set(entries.map((e) => e.fingerprint.dev));
    if (entries.some((e) => e.kind === 'dir') && [...held.values()].some((ls) => devs.has(ls[0]!.dev))) index.loadDirInodes();
    for (const ls of held.values()) {
      const e = index.entryOfInode(ls[0]!.dev, ls[0]!.ino);
      if (e) for (const l of ls) add(e.name, lockReason(l));
    }

    for (const dir of this.opts.novaLockDirs ?? []) {
      for (const e of entries) {
        let st: fs.Stats;
        try {
          st = fs.statSync(path.join(dir, `nova-${e.name}`));
        } catch {
          continue; // no lock file: Nova is not working on this image
        }
        if (held.has(inodeKey(st.dev, st.ino))) add(e.name, 'locked by nova');
      }
    }
    for (const [name, r] of out) out.set(name, capReasons(r, 3, (n) => `${n} more lock${n === 1 ? '' : 's'}`));
    return out;
  }
}
