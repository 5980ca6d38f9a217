import type { ConfigContext } from './config-middleware.js';

/**
 * Did the operator set this flag (command line, CACHESWEEP_* variable, config file or profile), rather than leave
 * it at its default? nova.conf and glance-api.conf fill in only what was not set. Commands the config middleware
 * resolved know each flag's source; others fall back to "has a value other than the default".
 */
export function givenExplicitly(argv: Record<string, unknown>, key: string, ctx: ConfigContext | undefined, dflt?: unknown): boolean {
  const s = ctx?.effective?.settings[key];
  if (s) return s.source.kind !== 'default';
  const camel = key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const v = argv[camel] ?? argv[key];
  if (v === undefined || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return v !== dflt;
}
