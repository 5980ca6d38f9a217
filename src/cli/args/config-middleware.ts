import fs from 'node:fs';
import { loadConfigFile, SYSTEM_CONFIG, type ConfigFile } from '../../config/config-file.js';
import { resolveEffective, type Effective } from '../../config/effective.js';
import { envLayer } from '../../config/env.js';
import { checkEnvNames, knownVariables } from '../../config/env-names.js';
import { UsageError } from '../../shared/errors.js';
import { aliasesOf, camelCase, type FlagSpec, type FlagSpecs } from '../../config/flag-spec.js';
import { configurableFlags, everyFlag } from './config-keys.js';
import type { Output } from '../term/output.js';

/** Shared by the config middleware, `config --print` and error reporting in one CLI run. */
export interface ConfigContext {
  env: NodeJS.ProcessEnv;
  /** What the middleware resolved for the running command. */
  effective?: Effective;
}

/** What yargs knows about the running command: its declared options, and which values are yargs defaults. */
export interface CommandView {
  declared: Set<string>;
  isDefaulted(key: string): boolean;
}

/**
 * Read the running command's view from the yargs instance handed to a middleware. yargs 18 keeps the parse
 * result (with `defaulted`, the keys it filled from defaults) on `parsed`, and the declared options behind
 * `getOptions()`; neither is in its type definitions, so this is the one place that reaches for them
 * (__tests__/cli/args/config-middleware.test.ts pins the behaviour).
 */
export function commandView(y: unknown, argv: Record<string, unknown>, specs: FlagSpecs): CommandView {
  const inner = y as { parsed?: false | { defaulted?: Record<string, boolean> }; getOptions?: () => { key?: Record<string, unknown> } };
  if (typeof inner.getOptions !== 'function') throw new Error('yargs no longer exposes getOptions(): the config middleware needs updating');
  const declared = new Set(Object.keys(inner.getOptions().key ?? {}));
  const defaulted = inner.parsed ? inner.parsed.defaulted : undefined;
  return {
    declared,
    isDefaulted: (key) =>
      defaulted ? Boolean(defaulted[key]) : JSON.stringify(argv[key]) === JSON.stringify((specs[key] as FlagSpec | undefined)?.default),
  };
}

/** The config file of this run: --config, else CACHESWEEP_CONFIG, else the system file when it exists; --no-config: none. */
export function readConfigFile(flag: unknown, env: NodeJS.ProcessEnv, specs: FlagSpecs): ConfigFile | null {
  if (flag === false) return null;
  // `--config "$UNSET"` read the system config in place of the one meant (its protect globs, its state directory).
  if (flag === '') throw new UsageError('--config: an empty value is not a file name; give the config file, --no-config for none, or leave --config out');
  if (typeof flag === 'string') return loadConfigFile(flag, specs);
  const fromEnv = env.CACHESWEEP_CONFIG;
  if (fromEnv) {
    try {
      return loadConfigFile(fromEnv, specs);
    } catch (err) {
      if (err instanceof UsageError) throw new UsageError(err.message.replace(/^--config:/, 'CACHESWEEP_CONFIG:'));
      throw err;
    }
  }
  const system = env.CACHESWEEP_SYSTEM_CONFIG || SYSTEM_CONFIG;
  if (!fs.existsSync(system)) return null;
  return loadConfigFile(system, specs);
}

/**
 * A yargs middleware (run before validation) that fills the running command's options from the config file,
 * the chosen profile and CACHESWEEP_<FLAG> variables, under the flags given on the command line, and the
 * cache directory from the profile's `root` when none is given. Commands without a --config flag are left alone.
 * It changes argv in place (yargs passes its instance as a second argument, which its types do not say).
 */
export function configMiddleware(ctx: ConfigContext): (argv: Record<string, unknown>, y?: unknown) => void {
  return (argv, y) => {
    const specs = configurableFlags();
    const view = commandView(y, argv, specs);
    if (!view.declared.has('config')) return;
    const keys = Object.keys(specs).filter((k) => view.declared.has(k));
    const cli: Record<string, unknown> = {};
    for (const k of keys) if (argv[k] !== undefined && !view.isDefaulted(k)) cli[k] = argv[k];
    const mine: Record<string, FlagSpec> = {};
    for (const k of keys) mine[k] = specs[k]!;
    const file = readConfigFile(argv.config, ctx.env, specs);
    const profile = typeof argv.profile === 'string' && argv.profile !== '' ? argv.profile : ctx.env.CACHESWEEP_PROFILE || undefined;
    const cliRoot = typeof argv['cache-dir'] === 'string' ? argv['cache-dir'] : undefined;
    const eff = resolveEffective({
      specs,
      keys,
      cli,
      ...(cliRoot !== undefined ? { cliRoot } : {}),
      env: envLayer(mine, ctx.env),
      file,
      ...(profile !== undefined ? { profile } : {}),
    });
    ctx.effective = eff;
    for (const k of keys) {
      const s = eff.settings[k];
      if (!s) continue;
      for (const name of new Set([k, camelCase(k), ...aliasesOf(specs[k]!)])) argv[name] = s.value;
    }
    if (eff.root && eff.root.source.kind !== 'flag' && view.declared.has('cache-dir')) {
      argv['cache-dir'] = eff.root.value;
      argv.cacheDir = eff.root.value;
    }
  };
}

/**
 * A yargs middleware (run before validation, for every command) that checks the names of CACHESWEEP_* variables:
 * warnings on stderr (not under --quiet), and a UsageError for one a letter away from a safety variable.
 */
export function envNamesMiddleware(ctx: ConfigContext, o: Output): (argv: Record<string, unknown>) => void {
  return (argv) => {
    const warnings = checkEnvNames(ctx.env, knownVariables(everyFlag()));
    if (argv.quiet !== true) for (const w of warnings) o.err(`cachesweep: warning: ${w}`);
  };
}
