import { UsageError } from '../shared/errors.js';
import { valueSchema } from './config-schema.js';
import { envVarOf, kindOf, type FlagSpecs } from './flag-spec.js';

/** Settings from CACHESWEEP_<FLAG> variables, and which variable gave each. */
export interface EnvLayer {
  values: Record<string, unknown>;
  variables: Record<string, string>;
}

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/**
 * Read CACHESWEEP_<FLAG> for every flag (CACHESWEEP_MIN_AGE=30m, CACHESWEEP_QUIET=1). An empty variable counts
 * as unset. Booleans: 1/0, true/false, yes/no, on/off. Lists: one value, or a JSON list (["*.keep","golden-*"]).
 * A bad value is a UsageError naming the variable.
 */
export function envLayer(specs: FlagSpecs, env: NodeJS.ProcessEnv): EnvLayer {
  const out: EnvLayer = { values: {}, variables: {} };
  for (const [key, spec] of Object.entries(specs)) {
    if (spec.cliOnly) continue; // its variable is warned about (env-names.ts), never read
    const name = envVarOf(key);
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    let v: unknown = raw;
    switch (kindOf(spec)) {
      case 'boolean':
        if (TRUE.test(raw)) v = true;
        else if (FALSE.test(raw)) v = false;
        else throw new UsageError(`${name}: '${raw}' is not a boolean (use 1 or 0, true or false)`);
        break;
      case 'number':
        v = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`${name}: '${raw}' is not a number`);
        break;
      case 'list':
        if (raw.trim().startsWith('[')) {
          try {
            v = JSON.parse(raw);
          } catch {
            throw new UsageError(`${name}: '${raw}' starts like a JSON list but is not one (e.g. ["a*","b*"])`);
          }
        }
        break;
      default:
        break;
    }
    const parsed = valueSchema(spec).safeParse(v);
    if (!parsed.success) throw new UsageError(`${name}: ${parsed.error.issues[0]!.message}`);
    out.values[key] = parsed.data;
    out.variables[key] = name;
  }
  return out;
}
