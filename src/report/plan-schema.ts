import { z } from 'zod';
import { EVICT_REASONS, KEEP_REASONS, type Decision, type EntryKind, type Reason } from '../shared/types.js';
import type { PlanTrigger } from '../plan/types.js';

/**
 * The plan document, schema 1: what `plan --json`, `clean --json` and `--report x.json` write, what every report
 * format renders, and what `report merge` reads. Declared once, here: its TypeScript type is inferred from it (so
 * planToJson cannot write what this does not declare), `report merge` validates its inputs with it, and
 * docs/plan.schema.json is generated from it (`npm run gen:json-schema`; a test keeps the file current).
 *
 * Objects are not strict: schema 1 may gain fields (docs/json-schema.md, "Compatibility"), and a reader of an older
 * version ignores them. The values listed in enums are closed; `class` and the texts are open.
 */

/** Version of the JSON document. Bump on any incompatible change; adding fields is compatible. */
export const SCHEMA_VERSION = 1;

// Functions, not shared instances: the JSON Schema generator would point every later use of one instance at the
// first (`#/definitions/entry/properties/lastUsed/anyOf/0` for a time), which reads badly and breaks when moved.
/** An ISO 8601 UTC time with milliseconds, as Date.prototype.toISOString writes it. */
const iso = () => z.string().datetime({ precision: 3 });
const int = () => z.number().int();
/** Bytes, entries, seconds, hits. */
const count = () => z.number().int().nonnegative();

export const DECISIONS = ['evict', 'keep'] as const satisfies readonly Decision[];
export const REASONS = [...EVICT_REASONS, ...KEEP_REASONS] as const satisfies readonly Reason[];
export const ENTRY_KINDS = ['file', 'dir', 'symlink', 'other'] as const satisfies readonly EntryKind[];
export const TRIGGER_KINDS = ['percent', 'size', 'min-free', 'expiry', 'none'] as const satisfies readonly PlanTrigger['kind'][];

export const figuresSchema = z.object({
  cacheBytes: count(),
  diskUsedPercent: z.number().min(0).max(100),
  diskAvailableBytes: count(),
  diskUsedBytes: count(),
});

export const triggerSchema = z.object({
  kind: z.enum(TRIGGER_KINDS),
  threshold: z.number().nullable(),
  target: z.number().nullable(),
  reached: z.boolean(),
  maxAgeSeconds: z.number().nullable(),
});

export const entrySchema = z.object({
  name: z.string(),
  class: z.string(),
  kind: z.enum(ENTRY_KINDS),
  bytes: count(),
  apparentBytes: count(),
  lastUsed: iso().nullable(),
  idleSeconds: count(),
  hits: count(),
  /** How often cachesweep evicted this name and it came back (absent in documents written before it was counted). */
  refetches: count().optional(),
  inUse: z.array(z.string()),
  pinned: z.boolean(),
  decision: z.enum(DECISIONS),
  reason: z.enum(REASONS),
  detail: z.string().nullable(),
  order: int().positive().nullable(),
  /** Only for entries that share hard-linked inodes with others: the name of the group's first member. */
  linkGroup: z.string().optional(),
  /** Only for entries an earlier run began to delete and did not finish (docs/safety.md, crash consistency). */
  interrupted: z
    .object({ run: int().nullable(), since: iso(), reason: z.string(), strategy: z.string(), plannedNodes: count(), nodesLeft: count() })
    .optional(),
});

export const summarySchema = z.object({
  entries: count(),
  evictCount: count(),
  evictBytes: count(),
  keepCount: count(),
  keepBytes: count(),
  shortfallBytes: count(),
  cappedCount: count().optional(),
  cappedBytes: count().optional(),
});

export const appliedSchema = z.object({
  deleted: z.array(z.string()),
  skipped: z.array(z.object({ name: z.string(), why: z.string() })),
  failed: z.array(z.object({ name: z.string(), error: z.string() })),
  freedBytes: count(),
  interrupted: z.boolean(),
});

/** Where the cache lives: its filesystem, and whether other hosts may clean it too (null: not looked at). */
export const storageSchema = z.object({
  filesystem: z.string(),
  family: z.string().nullable(),
  shared: z.boolean(),
  why: z.array(z.string()),
  novaHosts: z.array(z.string()).nullable(),
  locksHostLocal: z.string().nullable(),
  lockFile: z.string().nullable(),
  orphanedNovaLocks: z.object({ dir: z.string(), count: int().nonnegative(), names: z.array(z.string()) }).nullable(),
});

const regretTally = () => ({ evictions: count(), evictedBytes: count(), refetches: count(), refetchedBytes: count() });

/** What came back after cachesweep evicted it (docs/store.md, regret), as the usage store recorded it. */
export const regretHistorySchema = z.object({
  ...regretTally(),
  within: z.array(z.object({ window: z.string(), seconds: count(), refetches: count(), bytes: count() })),
  byHow: z.array(z.object({ how: z.enum(['planned', 'manual', 'completed']), ...regretTally() })),
  byStrategy: z.array(z.object({ strategy: z.string(), ...regretTally() })),
  mostRefetched: z.array(z.object({ name: z.string(), evictions: count(), refetches: count(), refetchedBytes: count(), lastRefetched: iso().nullable() })),
});

/** A plan's victims that had come back after an earlier eviction, and the store's record (null without a store). */
export const regretSchema = z.object({
  victimsRefetched: z.object({ entries: count(), bytes: count() }),
  history: regretHistorySchema.nullable(),
});

export const planDocSchema = z.object({
  schema: z.literal(SCHEMA_VERSION),
  command: z.enum(['plan', 'clean']),
  host: z.string().nullable(),
  root: z.string(),
  layout: z.string(),
  strategy: z.string(),
  dryRun: z.boolean(),
  now: iso(),
  trigger: triggerSchema,
  before: figuresSchema,
  after: figuresSchema,
  entries: z.array(entrySchema),
  summary: summarySchema,
  /** Absent in documents written before regret was recorded. */
  regret: regretSchema.optional(),
  storage: storageSchema.nullable(),
  notes: z.array(z.string()),
  warnings: z.array(z.string()),
  unreadable: z.array(z.object({ entry: z.string(), path: z.string(), error: z.string() })),
  applied: appliedSchema.optional(),
  exitCode: int().nonnegative().optional(),
});

/** The JSON document of a plan (and its outcome): what every report format renders. */
export type PlanDoc = z.infer<typeof planDocSchema>;
export type EntryDoc = PlanDoc['entries'][number];
export type Figures = z.infer<typeof figuresSchema>;

/** Parts with their own name in the JSON Schema (`#/definitions/...`), so `before` and `after` share one. */
export const PLAN_DOC_DEFINITIONS = {
  figures: figuresSchema,
  trigger: triggerSchema,
  entry: entrySchema,
  summary: summarySchema,
  applied: appliedSchema,
  storage: storageSchema,
  regret: regretSchema,
};
