/** The library API: scan, collectUsage, buildPlan, applyPlan, and the types between them. */
export { scan, type ScanOptions } from './scan/scan.js';
export { mergeUsage as collectUsage, usageFromTimes } from './usage/merge.js';
export type { UsageProvider, UsageSignal } from './usage/signal.js';
export { buildPlan } from './plan/build.js';
export { applyPlan, type Applied, type ApplyHooks } from './apply/apply.js';
export { diskFigures } from './sys/disk.js';
export { planOptionsFrom, type RawPlanFlags } from './config/options.js';
export { parseAmount, parseDuration, parsePercent, parseSize } from './shared/units.js';
export { planToJson } from './report/json.js';
export { SCHEMA_VERSION, planDocSchema, type PlanDoc } from './report/plan-schema.js';
export { STRATEGIES, getStrategy } from './policy/registry.js';
export type { Strategy, Candidate, RankContext } from './policy/strategy.js';
export type * from './shared/types.js';
export type * from './plan/types.js';
