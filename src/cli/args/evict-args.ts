import { compileGlob, safetyOptionsFrom } from '../../config/options.js';
import { locate } from '../../core/locate.js';
import { MANUAL_STRATEGY } from '../../plan/manual.js';
import type { PlanOptions, Selection } from '../../plan/types.js';
import { UsageError } from '../../shared/errors.js';
import { whereFrom } from './core-options.js';
import { layoutOf, resolveEntry } from './entry-arg.js';
import type { CliArgs, EvictArgs } from './flags.js';

/**
 * evict's plan options: what keeps an entry safe (--min-age, --stale-partial-age, --protect, as clean takes them)
 * and the selection. No strategy, trigger or max-age: they choose victims, and here the operator does. Names are
 * resolved as `pin` resolves them (inside the cache, an entry of its layout, existing): a usage error before the
 * lock is taken otherwise.
 */
export function evictOptionsFrom(args: EvictArgs): PlanOptions {
  const names = args.entry ?? [];
  const globs = args.match.filter((g) => g !== '');
  if (args.all && (names.length > 0 || globs.length > 0)) throw new UsageError('evict: --all evicts every entry; give it without names or --match');
  if (!args.all && names.length === 0 && globs.length === 0) throw new UsageError('evict: name the entries to evict, or give --match GLOB or --all');
  const selection: Selection = {
    names: resolveNames(args, names),
    globs: globs.map((glob) => ({ glob, matches: compileGlob(glob, '--match', 'it would match nothing') })),
    all: args.all,
    forceYoung: args.forceYoung,
  };
  return { strategy: MANUAL_STRATEGY, trigger: { kind: 'none' }, defaultMaxAgeMs: 0, ...safetyOptionsFrom(args), selection };
}

/** For runClean and runPlan, which take the arguments as plan and clean have them. */
export function evictPlanFrom(args: EvictArgs): (a: CliArgs) => PlanOptions {
  const options = evictOptionsFrom(args);
  return () => options;
}

function resolveNames(args: EvictArgs, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const where = locate(whereFrom(args));
  const layout = layoutOf(where.root, args.layout);
  return [...new Set(names.map((n) => resolveEntry(where.root, layout, n).name))];
}
