import picomatch from 'picomatch';
import { getStrategy } from '../policy/registry.js';
import type { PinNew, PlanOptions, TriggerSpec } from '../plan/types.js';
import { UsageError } from '../shared/errors.js';
import { selfAndAbove } from '../shared/names.js';
import { forFlag } from './flag-errors.js';
import { globProblem, PROTECT_GLOB_OPTIONS } from './glob-check.js';
import { parseMaxDelete } from './max-delete.js';
import { PLAN_DEFAULTS } from './plan-defaults.js';
import { parseAmount, parseDuration, parseSize } from '../shared/units.js';
import { globFromEscaped } from '../shared/escape.js';

/**
 * Flags as the command line (or a config file) gives them: strings, before validation. The library's input: the
 * CLI's parsed arguments (src/cli/args/flags.ts, derived from its flag table) are checked against it where they
 * are passed in.
 */
export interface RawPlanFlags {
  strategy?: string;
  threshold?: string;
  target?: string;
  minFree?: string;
  maxAge?: string;
  minAge?: string;
  stalePartialAge?: string;
  halfLife?: string;
  protect?: string[];
  pinNew?: string[];
  warmGrace?: string;
  include?: string[];
  maxDelete?: string;
}

/** Validate planning flags into PlanOptions (PLAN_DEFAULTS for what is not given). Every problem is a UsageError naming the flag and the value. */
export function planOptionsFrom(raw: RawPlanFlags): PlanOptions {
  const strategy = forFlag('--strategy', () => getStrategy(raw.strategy ?? PLAN_DEFAULTS.strategy));
  const maxAgeMs = raw.maxAge !== undefined ? parseDuration(raw.maxAge, '--max-age') : undefined;
  const warmGraceMs = parseDuration(raw.warmGrace ?? PLAN_DEFAULTS.warmGrace, '--warm-grace');
  const halfLifeMs = raw.halfLife !== undefined ? parseDuration(raw.halfLife, '--half-life') : undefined;
  if (halfLifeMs === 0) throw new UsageError(`--half-life: '${raw.halfLife}' must be longer than 0`);
  const trigger = triggerFrom(raw, strategy.trigger === 'expiry');

  if (strategy.trigger === 'pressure' && trigger.kind === 'none' && maxAgeMs === undefined) {
    throw new UsageError(
      `--strategy ${strategy.name} evicts under pressure: add --threshold (e.g. 85% or 500G) or --min-free (e.g. 20G), or --max-age (e.g. 7d)`,
    );
  }
  // An empty glob is dropped (options.test.ts), and with no --include left every entry is a candidate: `--include
  // "$ONLY"` with $ONLY unset cleaned the whole cache. An empty --protect only protects nothing, as written.
  if (raw.include?.includes('')) {
    throw new UsageError("--include: an empty glob would make every entry a candidate, not none; give a glob, or leave --include out");
  }
  const includes = globMatchers(raw.include, '--include', 'include');
  const opts: PlanOptions = {
    strategy: strategy.name,
    trigger,
    defaultMaxAgeMs: parseDuration(PLAN_DEFAULTS.ageMaxAge),
    ...safetyOptionsFrom(raw),
    ...(warmGraceMs > 0 ? { warmGraceMs } : {}),
  };
  if (includes.length > 0) opts.isIncluded = (name) => selfAndAbove(name).some((n) => includes.some((m) => m(n)));
  if (maxAgeMs !== undefined) opts.maxAgeMs = maxAgeMs;
  if (halfLifeMs !== undefined) opts.halfLifeMs = halfLifeMs;
  // An empty cap is refused, not read as none: `--max-delete "$CAP"` with $CAP unset ran uncapped.
  if (raw.maxDelete !== undefined) opts.maxDelete = parseMaxDelete(raw.maxDelete);
  return opts;
}

/** What keeps an entry safe in every plan, manual evictions included: the grace periods and --protect. */
export function safetyOptionsFrom(
  raw: Pick<RawPlanFlags, 'minAge' | 'stalePartialAge' | 'protect' | 'pinNew'>,
): Pick<PlanOptions, 'minAgeMs' | 'stalePartialAgeMs' | 'isProtected' | 'pinNew'> {
  const minAgeMs = parseDuration(raw.minAge ?? PLAN_DEFAULTS.minAge, '--min-age');
  const stalePartialAgeMs = parseDuration(raw.stalePartialAge ?? PLAN_DEFAULTS.stalePartialAge, '--stale-partial-age');
  const matchers = globMatchers(raw.protect, '--protect', 'protect');
  const pinNew = (raw.pinNew ?? []).filter((g) => g !== '').map(pinNewFrom);
  return { minAgeMs, stalePartialAgeMs, isProtected: (name) => selfAndAbove(name).some((n) => matchers.some((m) => m(n))), ...(pinNew.length > 0 ? { pinNew } : {}) };
}

/** `GLOB=DURATION` (the last `=` splits: a glob may hold one). */
function pinNewFrom(spec: string): PinNew {
  const at = spec.lastIndexOf('=');
  if (at <= 0) throw new UsageError(`--pin-new: '${spec}' is not GLOB=DURATION (e.g. 'warm-*=7d')`);
  const forMs = parseDuration(spec.slice(at + 1), '--pin-new');
  if (forMs <= 0) throw new UsageError(`--pin-new: '${spec}' must pin for longer than 0`);
  return { spec, matches: compileGlob(spec.slice(0, at), '--pin-new', 'it would pin nothing'), forMs };
}

/** A glob of entry names (--protect, evict --match) checked and compiled; a UsageError naming `flag` otherwise. */
export function compileGlob(g: string, flag: string, consequence: string): (name: string) => boolean {
  // Written in the escape form names are shown in: `\xff` is that byte, `\x0a` a line feed (shared/escape.ts).
  const glob = globFromEscaped(g);
  const problem = pathProblem(glob) ?? globProblem(glob);
  if (problem !== null) throw new UsageError(`${flag}: '${g}' ${problem}; ${consequence}`);
  try {
    return picomatch(glob, PROTECT_GLOB_OPTIONS);
  } catch (err) {
    throw new UsageError(`${flag}: '${g}' is not a valid glob (${(err as Error).message})`);
  }
}

/**
 * --protect and --include globs, compiled. A glob matches an entry's name or a directory above it (`wheels` covers
 * `wheels/ab/cd/x.whl`), so the same glob means the same whether entries are top-level names or files at any depth.
 */
function globMatchers(raw: readonly string[] | undefined, flag: string, verb: string): ((name: string) => boolean)[] {
  return (raw ?? [])
    .filter((g) => g !== '')
    .map((g) => compileGlob(g, flag, `it would ${verb} nothing`));
}

function triggerFrom(raw: RawPlanFlags, expiry: boolean): TriggerSpec {
  if (raw.threshold !== undefined && raw.minFree !== undefined) {
    throw new UsageError('--threshold and --min-free: give one trigger, not both');
  }
  if (raw.minFree !== undefined) {
    if (raw.target !== undefined) throw new UsageError('--target goes with --threshold; --min-free is its own target');
    const bytes = parseSize(raw.minFree, '--min-free', { requireUnit: false });
    if (bytes <= 0) throw new UsageError(`--min-free: '${raw.minFree}' must be more than 0`);
    return { kind: 'min-free', threshold: bytes, target: bytes };
  }
  if (raw.threshold === undefined) {
    if (raw.target !== undefined) throw new UsageError('--target needs --threshold (e.g. --threshold 85% --target 75%)');
    return { kind: 'none' };
  }
  const th = parseAmount(raw.threshold, '--threshold');
  if (expiry && raw.target !== undefined) {
    throw new UsageError('--target: the age strategy evicts every expired entry while the threshold is reached; use a pressure strategy (lru, size) for a target');
  }
  if (th.unit === 'percent') {
    let target = Math.max(0, th.value - PLAN_DEFAULTS.targetPointsBelow);
    if (raw.target !== undefined) {
      const t = parseAmount(raw.target, '--target');
      if (t.unit !== 'percent') throw new UsageError(`--target: '${raw.target}' must be a percentage like --threshold ${raw.threshold}`);
      target = t.value;
    }
    if (target > th.value) throw new UsageError(`--target ${raw.target} is above --threshold ${raw.threshold}`);
    return { kind: 'percent', threshold: th.value, target };
  }
  if (th.value <= 0) throw new UsageError(`--threshold: '${raw.threshold}' must be more than 0`);
  let target = Math.floor(th.value * PLAN_DEFAULTS.targetFractionOfSize);
  if (raw.target !== undefined) {
    const t = parseAmount(raw.target, '--target');
    if (t.unit !== 'bytes') throw new UsageError(`--target: '${raw.target}' must be a size like --threshold ${raw.threshold}`);
    target = t.value;
  }
  if (target > th.value) throw new UsageError(`--target ${raw.target} is above --threshold ${raw.threshold}`);
  return { kind: 'size', threshold: th.value, target };
}

/**
 * A glob written as a path, or with a blank at an edge: entry names are relative to the cache and never start or end with `/`, so
 * `--protect /srv/cache/golden` and `--protect golden/` (a shell completes a directory so) protected nothing, and
 * the clean deleted what they named.
 */
function pathProblem(glob: string): string | null {
  if (glob.startsWith('/')) return 'is an absolute path: globs match entry names, relative to the cache directory';
  if (glob.endsWith('/')) return "ends with '/', which no entry name does (give the directory's name without it)";
  // `--protect "golden-* "` (a blank left by a quoted list, or at the end of a config line) matched only names that
  // end in a blank, so the images it meant were deleted. An edge blank that is meant is written escaped: `\ `.
  if (/^\s/.test(glob)) return "begins with white space (for a name that does, escape it: '\\ ')";
  if (/\s$/.test(glob) && !escapedAt(glob, glob.length - 1)) return "ends with white space (for a name that does, escape it: '\\ ')";
  return null;
}

/** Is the character at `i` escaped: an odd run of backslashes just before it? */
function escapedAt(glob: string, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && glob[i - n - 1] === '\\') n++;
  return n % 2 === 1;
}
