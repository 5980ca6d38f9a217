import fs from 'node:fs';
import { assertStateOutsideRoot, resolveStateDir, stateDirSource } from '../config/state-dir.js';
import { planOptionsFrom } from '../config/options.js';
import { resolveRoot } from '../config/root.js';
import { diskFigures } from '../sys/disk.js';
import { buildPlan } from '../plan/build.js';
import type { Plan, PlanOptions } from '../plan/types.js';
import { scan } from '../scan/scan.js';
import { wrongRoot } from '../scan/wrong-root.js';
import { UsageError } from '../shared/errors.js';
import type { ScanResult, Usage } from '../shared/types.js';
import { mergeUsage } from '../usage/merge.js';
import type { UsageProvider } from '../usage/signal.js';
import type { Located } from './located.js';
import { nowFrom } from './clock.js';
import { buildProviders } from './providers.js';
import type { CliArgs } from './flags.js';
import type { InUseArgs } from './flags-in-use.js';
import { forFlag } from '../config/flag-errors.js';

export type { Located } from './located.js';

/** Everything a command needs after the cache is scanned and usage gathered. */
export interface Prepared extends Located {
  scan: ScanResult;
  usage: Map<string, Usage>;
  now: number;
  providers: UsageProvider[];
}

/** Validate the root and the state directory. Nothing is read below the root yet, nothing is written. */
export function locate(args: CliArgs): Located {
  const root = resolveRoot(args.cacheDir);
  const stateDir = resolveStateDir(args.stateDir);
  assertStateOutsideRoot(stateDir, root, stateDirSource(args.stateDir));
  return { root, rootDev: fs.lstatSync(root).dev, stateDir };
}

/** Hooks a command can give the pipeline (progress display). */
export interface PipelineHooks {
  onScanProgress?: (done: number, total: number) => void;
}

/** Scan and gather usage. Nothing is written. */
export async function prepare(args: CliArgs, where: Located = locate(args), now = nowFrom(args), hooks: PipelineHooks = {}): Promise<Prepared> {
  const classMaxAgeMs = (args as InUseArgs).classMaxAgeMs;
  const result = forFlag('--layout', () => scan(where.root, {
    layout: args.layout,
    ...(classMaxAgeMs ? { classMaxAgeMs } : {}),
    ...(hooks.onScanProgress ? { onProgress: hooks.onScanProgress } : {}),
  }));
  // Before any detector runs or anything is planned: one level too high, every instance would be an entry.
  const wrong = wrongRoot(result);
  if (wrong !== null) throw new UsageError(wrong);
  const providers = await buildProviders(args, where, result);
  const signals = (await Promise.all(providers.map((p) => p.collect(result.entries, now)))).flat();
  const usage = mergeUsage(result.entries, signals, { noAtime: args.atime === false });
  return { ...where, scan: result, usage, now, providers };
}

/** Validate the planning flags first (so a bad flag fails before any scan), then scan and plan. */
export async function preparePlan(
  args: CliArgs,
  options: PlanOptions = planOptionsFrom(args),
  where?: Located,
  hooks: PipelineHooks = {},
): Promise<{ prepared: Prepared; options: PlanOptions; plan: Plan }> {
  const prepared = await prepare(args, where, nowFrom(args), hooks);
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
    },
    options,
  );
  return { prepared, options, plan };
}
