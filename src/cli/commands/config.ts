import { defaultStateDir } from '../../core/state-dir.js';
import { withDerivedDefaults } from '../../config/derived-defaults.js';
import { glanceView, novaView } from '../../config/service-view.js';
import { checkArgs } from '../args/check-args.js';
import { configText, configToJson } from '../term/config-print.js';
import { configurableFlags } from '../args/config-keys.js';
import type { ConfigContext } from '../args/config-middleware.js';
import type { CleanArgs } from '../args/flags.js';
import { makePrinter, type Output } from '../term/output.js';
import { checkOutputDirs } from '../args/run-flags.js';

/**
 * `cachesweep config --print`: the options a run with these flags would use, and where each came from
 * (command line, CACHESWEEP_* variable, profile, config file, default). Validates them as a run would: a bad
 * value is a usage error that names its file and line.
 */
export async function runConfig(args: CleanArgs, o: Output, ctx: ConfigContext): Promise<number> {
  const p = makePrinter(o, args);
  if (!ctx.effective) throw new Error('config: the configuration was not resolved');
  const checked = checkArgs(args);
  const eff = withDerivedDefaults(ctx.effective, checked.plan, defaultStateDir(ctx.env));
  checkOutputDirs(args);
  const specs = configurableFlags();
  const keys = Object.keys(specs);
  const { novaConfResolved: nova, glanceConfResolved: glance } = args;
  const services = [...(nova ? [novaView(nova)] : []), ...(glance ? [glanceView(glance)] : [])];
  if (p.json) p.out(JSON.stringify(configToJson(eff, keys, services), null, 2));
  else p.out(configText(eff, keys, p.style, p.chalk, services));
  return 0;
}
