import type { PlanOptions } from '../plan/types.js';
import { formatBytes } from '../shared/units.js';
import type { Effective, Setting } from './effective.js';
import { PLAN_DEFAULTS } from './plan-defaults.js';

/**
 * The values a run would use for settings that have no fixed default, so that `config --print` shows what a run
 * does rather than `not set`: --target worked out from --threshold, --max-age of the age strategy, and the state
 * directory chosen by who runs it. Pure: the caller gives the checked plan options and the default state directory.
 */
export function withDerivedDefaults(eff: Effective, plan: PlanOptions, stateDir: { dir: string; rule: string }): Effective {
  const settings: Record<string, Setting> = { ...eff.settings };
  const fill = (key: string, value: unknown, rule: string): void => {
    if (settings[key] === undefined) settings[key] = { value, source: { kind: 'derived', rule } };
  };
  const t = plan.trigger;
  if (t.kind === 'percent') fill('target', `${t.target}%`, `--threshold - ${PLAN_DEFAULTS.targetPointsBelow} points`);
  if (t.kind === 'size') fill('target', formatBytes(t.target), `${Math.round(PLAN_DEFAULTS.targetFractionOfSize * 100)}% of --threshold`);
  if (t.kind === 'min-free') fill('target', `${formatBytes(t.target)} free`, 'the --min-free amount');
  if (plan.strategy === 'age' && plan.maxAgeMs === undefined) fill('max-age', PLAN_DEFAULTS.ageMaxAge, 'age strategy');
  fill('state-dir', stateDir.dir, stateDir.rule);
  return { ...eff, settings };
}
