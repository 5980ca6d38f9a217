import type { Applied } from '../apply/apply.js';
import type { Figures, Plan } from '../plan/types.js';
import { planRows } from '../plan/rows.js';
import type { RegretSummary } from '../shared/regret.js';
import type { ScanResult, Unreadable, Usage } from '../shared/types.js';
import { regretJson, victimsRefetched } from './regret.js';
import { NO_FINDINGS, type RunFindings } from '../usage/interrupted.js';
import { interruptedJson, unfinishedRunJson } from './interrupted.js';
import { SCHEMA_VERSION, type PlanDoc, type Figures as FiguresDoc } from './plan-schema.js';
import type { Storage } from '../scan/storage.js';
import { storageJson } from './storage.js';
import { jsonEscaping } from '../shared/escape.js';
import { entryJson, entryParts, iso, isoWriter } from './json-entry.js';

export { isoWriter } from './json-entry.js';

function figures(f: Figures): FiguresDoc {
  return {
    cacheBytes: f.cacheBytes,
    diskUsedPercent: Math.round(f.diskUsedPercent * 1000) / 1000,
    diskAvailableBytes: f.diskAvailableBytes,
    diskUsedBytes: f.diskUsedBytes,
  };
}

/** What a plan says of regret: its victims that had come back after an earlier eviction, and the store's record. */
function planRegret(plan: Plan): PlanDoc['regret'] {
  return { victimsRefetched: victimsRefetched(planRows(plan).eachVictim()), history: regretJson(plan.regret) };
}

/** What planToJson needs besides the plan. */
export interface PlanDocExtra {
  dryRun: boolean;
  applied?: Applied;
  warnings?: string[];
  unreadable?: readonly Unreadable[];
  exitCode?: number;
  host?: string;
}

/** The `--json` document of a plan (and, after applying, its outcome): schema 1, as plan-schema.ts declares it. */
export function planToJson(plan: Plan, extra: PlanDocExtra, withEntries = true): PlanDoc {
  return {
    schema: SCHEMA_VERSION,
    command: extra.dryRun ? 'plan' : 'clean',
    host: extra.host ?? null,
    root: plan.root,
    layout: plan.layout,
    strategy: plan.strategy,
    dryRun: extra.dryRun,
    now: new Date(plan.now).toISOString(),
    trigger: plan.trigger,
    storage: storageJson(plan.storage),
    before: figures(plan.before),
    after: figures(plan.after),
    entries: withEntries ? [...planRows(plan)].map((p) => entryJson(p, plan.linkGroups)) : [],
    summary: plan.summary,
    regret: planRegret(plan),
    notes: plan.notes,
    warnings: extra.warnings ?? [],
    unreadable: (extra.unreadable ?? []).map((u) => ({ entry: u.entry, path: u.path, error: u.error })),
    ...(extra.applied
      ? {
          applied: {
            deleted: extra.applied.deleted,
            skipped: extra.applied.skipped,
            failed: extra.applied.failed,
            freedBytes: extra.applied.freedBytes,
            interrupted: extra.applied.interrupted,
          },
        }
      : {}),
    ...(extra.exitCode !== undefined ? { exitCode: extra.exitCode } : {}),
  };
}

/**
 * The document of a plan without its entries, for the reports written entry by entry from the plan itself: what
 * counts the entries (the summary, the victims that came back) is the whole plan's.
 */
export function planHeadDoc(plan: Plan, extra: PlanDocExtra): PlanDoc {
  // Not planToJson of a copy with no entries: a spread of a plan reads its entries, all of them made into objects.
  return planToJson(plan, extra, false);
}

/** Stands in for the entries while the rest of the document is stringified: no real string holds a NUL. */
const ENTRIES_HOLE = '\u0000entries\u0000';

/**
 * The `--json` document of a plan as text, in chunks (of some 80 KB): exactly the characters of
 * `JSON.stringify(planToJson(plan, extra), null, 2)`, without the whole document (an object, then a string, then a
 * buffer of 350 bytes or so per entry) ever being in memory at once. Each entry is made into JSON when its chunk is.
 */
export function* planJsonChunks(plan: Plan, extra: PlanDocExtra): Generator<string> {
  // (a key given again keeps its place in the object)
  const doc = { ...planHeadDoc(plan, extra), entries: ENTRIES_HOLE };
  const text = JSON.stringify(doc, jsonEscaping, 2);
  const hole = `"entries": ${JSON.stringify(ENTRIES_HOLE, jsonEscaping)}`;
  const at = text.indexOf(hole);
  if (at < 0 || text.indexOf(hole, at + 1) >= 0) {
    yield JSON.stringify(planToJson(plan, extra), jsonEscaping, 2); // cannot happen; whole, rather than wrong
    return;
  }
  const head = text.slice(0, at + '"entries": '.length);
  const tail = text.slice(at + hole.length);
  const rows = planRows(plan);
  const n = rows.length;
  if (n === 0) {
    yield `${head}[]${tail}`;
    return;
  }
  // Inside the document an entry sits 4 spaces in: its own 2-space layout, every line indented by 4.
  const isoOf = isoWriter();
  // An entry's pieces go into one array, joined once per chunk: built with `+`, each entry was about 35 string nodes
  // and copies (1.6 KB of garbage for 400 bytes of text), and the chunk a rope flattened again when written.
  const parts: string[] = [head, '[\n'];
  let i = 0;
  for (const p of rows) {
    parts.push('    ');
    entryParts(p, plan.linkGroups, isoOf, parts);
    parts.push(++i < n ? ',\n' : '\n');
    if (parts.length >= CHUNK_PARTS) {
      yield parts.join('');
      parts.length = 0;
    }
  }
  parts.push('  ]', tail);
  yield parts.join('');
}

/**
 * Pieces per chunk: about 40 an entry (400 bytes of text), so some 80 KB. Not a megabyte's worth: pieces held that
 * long outlive the young generation's collections and are copied into the old one before the join (100,000 pieces
 * took twice the time of 8,000; 2,000 to 16,000 were alike).
 */
const CHUNK_PARTS = 8_000;

/** The `status --json` document: the inventory, no decisions. */
export function statusToJson(
  scan: ScanResult,
  usage: ReadonlyMap<string, Usage>,
  disk: Figures,
  now: number,
  storage?: Storage,
  findings: RunFindings = NO_FINDINGS,
  regret?: RegretSummary,
) {
  return {
    schema: SCHEMA_VERSION,
    command: 'status',
    root: scan.root,
    layout: scan.layout,
    now: new Date(now).toISOString(),
    disk: figures(disk),
    storage: storageJson(storage),
    summary: { entries: scan.entries.length, cacheBytes: scan.cacheBytes },
    entries: scan.entries.map((e) => {
      const u = usage.get(e.name);
      return {
        name: e.name,
        class: e.class,
        kind: e.kind,
        bytes: e.bytes,
        apparentBytes: e.apparentBytes,
        lastUsed: iso(u?.lastUsedMs),
        idleSeconds: u ? Math.max(0, Math.floor((now - u.lastUsedMs) / 1000)) : null,
        hits: u?.hits ?? 0,
        refetches: u?.refetches ?? 0,
        firstSeen: iso(u?.firstSeenMs),
        inUse: u?.inUse ?? [],
        pinned: u?.pinned ?? false,
        pinnedUntil: iso(u?.pinnedUntilMs),
        unknown: e.unknownWhy ?? null,
        interrupted: interruptedJson(findings.interrupted.get(e.name), e),
      };
    }),
    unfinishedRuns: findings.unfinishedRuns.map(unfinishedRunJson),
    unfinishedRunsTotal: findings.unfinishedTotal,
    regret: regretJson(regret),
    warnings: scan.warnings,
  };
}
