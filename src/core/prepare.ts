import { buildPlan } from '../plan/build.js';
import { assertAllMatched } from '../plan/manual.js';
import type { Plan, PlanOptions } from '../plan/types.js';
import { getStrategy } from '../policy/registry.js';
import type { StoredState } from '../policy/state.js';
import { scan } from '../scan/scan.js';
import { wrongRoot } from '../scan/wrong-root.js';
import { UsageError } from '../shared/errors.js';
import type { ScanResult, Usage } from '../shared/types.js';
import { diskFigures } from '../sys/disk.js';
import { trimMemory } from '../sys/native.js';
import { atimeBurstWarning, findAtimeBurst } from '../usage/atime-burst.js';
import { releaseEntryTables } from '../usage/entry-index.js';
import { mergeUsage } from '../usage/merge.js';
import { usageProviders } from '../usage/providers.js';
import type { RunFindings } from '../usage/interrupted.js';
import { readStoredState, type UsageProvider } from '../usage/signal.js';
import { openStoreSnapshot } from '../usage/store/open.js';
import type { UsageStore } from '../usage/store/store.js';
import { readAhead, type StoreRead } from '../usage/store/provider.js';
import { findingsAgainst, readFindings, runFindings, type FindingsRead } from './interrupted.js';
import { storeRegret } from '../usage/store/regret.js';
import type { RegretSummary } from '../shared/regret.js';
import type { Located } from './locate.js';
import type { CacheOptions, ScanHooks } from './options.js';
import type { Storage } from '../scan/storage.js';
import { scanStorageWarnings, storageOf } from './storage.js';

/** Everything a run needs after the cache is scanned and usage gathered. */
export interface Prepared extends Located {
  scan: ScanResult;
  usage: ReadonlyMap<string, Usage>;
  now: number;
  providers: UsageProvider[];
  /** Past evictions and returns from the usage store; undefined without a store. */
  regret?: RegretSummary;
  /** Where the cache lives (shared storage or not). */
  storage: Storage;
  /** What the usage store says about earlier runs: deletions left unfinished, runs that never finished. */
  findings: RunFindings;
  /** The stored state of the strategy `Known.stateOf` named, when it keeps one. */
  state?: StoredState;
}

/** What a clean run already knows before the scan: the usage store it opened, the storage its lock depends on. */
export interface Known {
  store?: UsageStore;
  storage?: Storage;
  /** Said before the scan (about the storage and the lock): first among the scan's warnings. */
  warnings?: readonly string[];
  /** The plan's --half-life: the usage store then sums each entry's decayed uses itself (usage/store/usage-read.ts). */
  halfLifeMs?: number;
  /** A strategy that keeps state between runs: its state is read with the rest of the store. */
  stateOf?: string;
}

/**
 * Scan and gather usage. Nothing is written: the usage store is read from a snapshot unless `store` is the one a
 * clean run opened for writing.
 */
export async function prepare(where: Located, o: CacheOptions, hooks: ScanHooks = {}, known: Known = {}): Promise<Prepared> {
  const now = (o.clock ?? Date.now)();
  const early = [...(known.warnings ?? [])];
  const storage = known.storage ?? storageOf(where, o, now, (w) => early.push(w));
  const ahead = known.store ? undefined : readSnapshotAhead(where, now, known);
  const result = scanned(where, o, hooks, now, early, storage);
  // The listings are read into C memory (a flat directory of a million names: its names, offsets and lstat rows,
  // some 90 MiB) and freed once copied into the scan's columns; glibc kept it resident under everything after.
  trimMemory();
  const warn = (line: string): void => {
    result.warnings.push(line);
  };
  const usage = await gather({ where, o, result, store: known.store, ahead, warn, now, known });
  return { ...where, scan: result, now, storage, ...usage };
}

/** What a run that writes nothing reads of the store before the scan: the store provider's reads, regret, findings. */
interface Ahead {
  read: StoreRead;
  regret: RegretSummary;
  findings: FindingsRead;
}

/**
 * A run that writes nothing reads a snapshot of the store: the whole database in memory (154 MiB at a million entries
 * and 1.5 million hits). Everything it needs that does not depend on the scan is read from it before the scan, and
 * the snapshot closed: opened across the scan, the copy was alive beside the scan's entries and the in-use
 * detectors' tables, the run's peak (a plan --json of a million entries: 657 MiB). Null when there is no store yet.
 */
function readSnapshotAhead(where: Located, now: number, known: Known): Ahead | null {
  const snapshot = openStoreSnapshot(where.stateDir);
  if (!snapshot) return null;
  try {
    const o = { nowMs: now, ...(known.halfLifeMs !== undefined ? { halfLifeMs: known.halfLifeMs } : {}), ...(known.stateOf !== undefined ? { stateOf: known.stateOf } : {}) };
    return {
      read: readAhead(snapshot, where.root, o),
      regret: storeRegret(snapshot, where.root),
      findings: readFindings(snapshot, where.root),
    };
  } finally {
    snapshot.close();
    trimMemory(); // SQLite's copy, freed: glibc keeps it resident otherwise (native/memory.c)
  }
}

/** The scan, checked for a root one level too high, with the notes and early warnings among its warnings. */
function scanned(where: Located, o: CacheOptions, hooks: ScanHooks, now: number, early: readonly string[], storage: Storage): ScanResult {
  // An unknown layout is a neutral UnknownNameError here: the CLI checks --layout before, in its own words.
  const result = scan(where.root, {
    layout: o.layout ?? 'auto',
    ...(o.entries ? { entries: o.entries } : {}),
    ...(o.classMaxAgeMs ? { classMaxAgeMs: o.classMaxAgeMs } : {}),
    ...(hooks.onScanProgress ? { onProgress: hooks.onScanProgress } : {}),
  });
  // Before any detector runs or anything is planned: one level too high, every instance would be an entry.
  const wrong = wrongRoot(result);
  if (wrong !== null) throw new UsageError(wrong);
  for (const n of o.notes ?? []) result.warnings.push(n);
  for (const w of [...early, ...scanStorageWarnings(storage, result.entries, now)]) result.warnings.push(w);
  return result;
}

interface Gathering {
  where: Located;
  o: CacheOptions;
  result: ScanResult;
  /** The store a clean run opened for writing, read after the scan. */
  store: UsageStore | undefined;
  /** Without it: what was read of a snapshot before the scan (null: there is no store). */
  ahead: Ahead | null | undefined;
  warn: (line: string) => void;
  now: number;
  known: Known;
}

/** The usage of a scanned cache: every provider's signals merged, the atime check, the store's regret and findings. */
async function gather(g: Gathering): Promise<Pick<Prepared, 'usage' | 'providers' | 'findings' | 'regret' | 'state'>> {
  const { where, o, result, store, ahead, warn, now, known } = g;
  const storeRead = ahead === undefined ? {} : { storeRead: ahead && { read: ahead.read, reopen: () => openStoreSnapshot(where.stateDir) } };
  const place = { ...where, scan: result, ...(store ? { store } : storeRead), ...(known.halfLifeMs !== undefined ? { halfLifeMs: known.halfLifeMs } : {}) };
  const providers = usageProviders(place, o.inUse ?? {}, warn);
  const signals = (await Promise.all(providers.map((p) => p.collect(result.entries, now)))).flat();
  releaseEntryTables(result.entries);
  const regret = store ? storeRegret(store, where.root) : ahead?.regret;
  const findings = store ? runFindings(store, where.root, result) : findingsAgainst(ahead?.findings ?? null, where.root, result);
  const state = known.stateOf !== undefined ? readStoredState(providers, known.stateOf, result.entries) : undefined;
  const usage = mergeUsage(result.entries, signals, { noAtime: o.noAtime === true });
  const burst = o.noAtime === true ? undefined : findAtimeBurst(result.entries, usage);
  if (burst) warn(atimeBurstWarning(burst, now));
  return { usage, providers, findings, ...(regret ? { regret } : {}), ...(state ? { state } : {}) };
}

/** Scan, gather usage and plan. The options are validated before: a bad option fails before any scan. */
export async function preparePlan(
  where: Located,
  o: CacheOptions,
  options: PlanOptions,
  hooks: ScanHooks = {},
  known: Known = {},
): Promise<{ prepared: Prepared; plan: Plan }> {
  // Typed callers cannot forget it; a JavaScript caller gets this line rather than a TypeError inside the planner.
  if (!options) throw new UsageError('plan: missing (make the plan options with planOptionsFrom, e.g. planOptionsFrom({ maxAge: "7d" }))');
  // A manual eviction has no strategy (`manual` is none of the registry's) and moves no strategy's state.
  const strategy = options.selection ? undefined : getStrategy(options.strategy);
  const prepared = await prepare(where, o, hooks, {
    ...known,
    ...(options.halfLifeMs !== undefined ? { halfLifeMs: options.halfLifeMs } : {}),
    ...(strategy?.state ? { stateOf: strategy.name } : {}),
  });
  // Before anything is planned or recorded: a name that selects nothing is the operator's mistake (exit 2).
  if (options.selection) assertAllMatched(options.selection, prepared.scan.entries, prepared.root);
  const plan = buildPlan(
    {
      root: prepared.root,
      layout: prepared.scan.layout,
      entries: prepared.scan.entries,
      usage: prepared.usage,
      cacheBytes: prepared.scan.cacheBytes,
      disk: diskFigures(prepared.root),
      now: prepared.now,
      linkGroups: prepared.scan.linkGroups,
      storage: prepared.storage,
      interrupted: prepared.findings.interrupted,
      ...(prepared.regret ? { regret: prepared.regret } : {}),
      ...(prepared.state ? { state: prepared.state } : {}),
    },
    options,
  );
  return { prepared, plan };
}
