/**
 * Pure builders of test data for the planner, the strategies and the reports: entries, usage, disk figures,
 * plan options and plan inputs. No I/O, no clock: every time is relative to NOW.
 */
import type { Candidate } from '../../src/policy/strategy.js';
import type { PlanInput, PlanOptions } from '../../src/plan/types.js';
import type { DiskFigures, Entry, EntryKind, Usage } from '../../src/shared/types.js';
import type { Identity, SeenEntry } from '../../src/usage/store/write.js';
import { DAY, GiB, HOUR, MiB, MINUTE } from './units.js';

export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

export interface EntrySpec {
  /** Bytes an eviction frees (default 1 MiB). `allocatedBytes` and `apparentBytes` default to it. */
  bytes?: number;
  allocatedBytes?: number;
  apparentBytes?: number;
  /**
   * Idle time at NOW (default 2 days): the entry's last read (atime), an hour after it was written (mtime), as an
   * entry of a cache in service is written once and read later. With mtimeMs or atimeMs given, both times are this
   * idle time unless given: an entry never read after its write (atime not after mtime) is what --warm-grace keeps
   * as `warm`, so a test of that gives its times.
   */
  idleMs?: number;
  mtimeMs?: number;
  atimeMs?: number;
  kind?: EntryKind;
  class?: string;
  partial?: boolean;
  unknownWhy?: string;
  defaultMaxAgeMs?: number;
  root?: string;
}

/** How long before its last read a default entry was written (well under a day, so no atime burst: usage/atime-burst.ts). */
const WRITTEN_BEFORE_READ_MS = HOUR;

/** An entry as the scanner would report it. */
export function makeEntry(name: string, spec: EntrySpec = {}): Entry {
  const bytes = spec.bytes ?? MiB;
  const t = NOW - (spec.idleMs ?? 2 * DAY);
  const kind = spec.kind ?? 'file';
  const used = spec.mtimeMs === undefined && spec.atimeMs === undefined;
  const mtimeMs = spec.mtimeMs ?? (used ? t - WRITTEN_BEFORE_READ_MS : t);
  const atimeMs = spec.atimeMs ?? t;
  const apparentBytes = spec.apparentBytes ?? bytes;
  const partial = spec.partial ?? false;
  const e: Entry = {
    name,
    path: `${spec.root ?? '/var/cache/test'}/${name}`,
    kind,
    class: spec.class ?? (partial ? 'partial' : kind),
    partial,
    unknown: spec.unknownWhy !== undefined,
    bytes,
    allocatedBytes: spec.allocatedBytes ?? bytes,
    apparentBytes,
    mtimeMs,
    atimeMs,
    fingerprint: { dev: 64769, ino: inoOf(name), kind, apparentBytes, mtimeMs, nodes: 1 },
    warnings: [],
  };
  if (spec.unknownWhy !== undefined) e.unknownWhy = spec.unknownWhy;
  if (spec.defaultMaxAgeMs !== undefined) e.defaultMaxAgeMs = spec.defaultMaxAgeMs;
  return e;
}

/** What a test may set of an entry beyond its name, size and time: any field, and the device and inode of its identity. */
export type EntryExtra = Partial<Entry> & { dev?: number; ino?: number };

/** A file entry under /srv/cache, both times `timeMs`, on device 1 with the name's length as inode (unless `extra` says). */
export function fakeEntry(name: string, bytes: number, timeMs = 0, extra: EntryExtra = {}): Entry {
  const { dev = 1, ino = name.length, ...fields } = extra;
  const e = makeEntry(name, { bytes, mtimeMs: timeMs, atimeMs: timeMs, root: '/srv/cache' });
  return { ...e, fingerprint: { ...e.fingerprint, dev, ino }, ...fields };
}

/** An entry's identity as the usage store records it: name, device, inode. */
export const identityOf = (e: Entry): Identity => ({ name: e.name, dev: e.fingerprint.dev, ino: e.fingerprint.ino, kind: e.kind });

/** An entry as a clean run shows it to the usage store. */
export const seenOf = (e: Entry, inUse: string[] = []): SeenEntry => ({ ...identityOf(e), bytes: e.bytes, apparentBytes: e.apparentBytes, inUse });

function inoOf(name: string): number {
  let h = 7;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 1_000_003;
  return 1000 + h;
}

/** Usage of an entry; lastUsedMs defaults to 2 days before NOW. */
export function makeUsage(spec: Partial<Usage> & { idleMs?: number } = {}): Usage {
  const { idleMs, ...rest } = spec;
  return {
    lastUsedMs: NOW - (idleMs ?? 2 * DAY),
    hits: 0,
    inUse: [],
    pinned: false,
    ...rest,
  };
}

/** Usage map for the planner: each entry's usage from its file times, overridden per name (idleMs or lastUsedMs replace the times). */
export function usageOf(entries: readonly Entry[], overrides: Record<string, Partial<Usage> & { idleMs?: number }> = {}): Map<string, Usage> {
  const m = new Map<string, Usage>();
  for (const e of entries) {
    const o = overrides[e.name] ?? {};
    const fromTimes = o.idleMs === undefined && o.lastUsedMs === undefined ? { lastUsedMs: Math.max(e.mtimeMs, e.atimeMs) } : {};
    m.set(e.name, makeUsage({ ...fromTimes, ...o }));
  }
  return m;
}

/** Disk figures exactly as df computes them from statfs numbers: used = blocks - bfree, Use% = used / (used + bavail). */
export function dfFigures(s: { blocks: number; bfree: number; bavail: number; bsize: number }): DiskFigures {
  const usedBytes = (s.blocks - s.bfree) * s.bsize;
  const availableBytes = s.bavail * s.bsize;
  return diskOf(usedBytes, availableBytes);
}

/** Disk figures from used and available bytes. */
export function diskOf(usedBytes: number, availableBytes: number): DiskFigures {
  const total = usedBytes + availableBytes;
  return { usedBytes, availableBytes, usedPercent: total > 0 ? (usedBytes * 100) / total : 0 };
}

/** Plan options with the CLI's defaults: age, no trigger, max-age 24h, min-age 10m, stale partial 24h, nothing protected. */
export function makeOptions(o: Partial<PlanOptions> = {}): PlanOptions {
  return {
    strategy: 'age',
    trigger: { kind: 'none' },
    defaultMaxAgeMs: DAY,
    minAgeMs: 10 * MINUTE,
    stalePartialAgeMs: DAY,
    isProtected: () => false,
    ...o,
  };
}

/** Planner input; cacheBytes defaults to the entries' allocated bytes, the disk to 1 TiB half used. */
export function makeInput(entries: readonly Entry[], o: Partial<Omit<PlanInput, 'entries'>> = {}): PlanInput {
  return {
    root: '/var/cache/test',
    layout: 'generic',
    entries,
    usage: o.usage ?? usageOf(entries),
    cacheBytes: o.cacheBytes ?? entries.reduce((s, e) => s + e.allocatedBytes, 0),
    disk: o.disk ?? diskOf(512 * GiB, 512 * GiB),
    now: o.now ?? NOW,
    ...(o.root !== undefined ? { root: o.root } : {}),
    ...(o.layout !== undefined ? { layout: o.layout } : {}),
  };
}

/** A candidate as the planner offers it to a strategy. */
export function makeCandidate(name: string, o: { bytes?: number; idleMs?: number; hits?: number } = {}): Candidate {
  const idleMs = o.idleMs ?? 2 * DAY;
  return {
    entry: makeEntry(name, { bytes: o.bytes ?? MiB, idleMs }),
    usage: makeUsage({ idleMs, hits: o.hits ?? 0 }),
    idleMs,
  };
}
