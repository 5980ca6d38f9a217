/**
 * The package entry (`import { planCache } from 'cachesweep'`): the library core and the types its callers need.
 * docs/api.md documents it; __tests__/integration/package.test.ts installs the packed package and uses it.
 * Nothing inside src/ imports this file.
 */
export { planCache, cacheStatus } from './core/api.js';
export { cleanCache, type CleanResult } from './core/clean.js';
export { planDocument, statusDocument, type RunOutcome } from './core/documents.js';
export type { CacheOptions, PlanCacheOptions, CleanCacheOptions, ScanHooks, CleanHooks, InUseOptions, Where } from './core/options.js';
export type { Located } from './core/locate.js';
export type { CachePlan, CacheStatus, EntryList, PlanSummary, StatusEntry } from './core/results.js';
export type { Applied } from './apply/apply.js';
export type { Storage } from './scan/storage.js';
export type { EntryShape } from './scan/layout.js';
export type { Pruned } from './apply/prune.js';
export type { ConfiguredCache } from './scan/wrong-root.js';
export type { OrphanedNovaLocks } from './scan/nova-lock-files.js';
export { planOptionsFrom, type RawPlanFlags } from './config/options.js';
export { PLAN_DEFAULTS } from './config/plan-defaults.js';
export type { PlanOptions, TriggerSpec, DeleteCap, PlannedEntry, PlanTrigger, Figures } from './plan/types.js';
export { parseAmount, parseDuration, parsePercent, parseSize, formatBytes, formatDuration } from './shared/units.js';
export { UsageError, UnknownNameError } from './shared/errors.js';
export { LockedError } from './apply/locked-error.js';
export { SCHEMA_VERSION, planDocSchema, type PlanDoc } from './report/plan-schema.js';
export { strategyNames } from './policy/registry.js';
export { layoutNames } from './scan/layouts/index.js';
export type { Entry, EntryKind, Fingerprint, Usage, Decision, Reason, EvictReason, KeepReason, Unreadable, DiskFigures } from './shared/types.js';
