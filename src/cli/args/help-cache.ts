/** What skipHelpCache reaches inside yargs 18 (not in @types/yargs 17, and not public API). */
interface UsageInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * Stop yargs from rendering the whole help text each time a command's handler starts (about 120 ms of a 450 ms
 * `plan --json`). yargs caches it then so that help printed later in the run (on a failure, or by showHelp) shows
 * the command's help, not the top level's. Nothing here reads it: our .fail() turns every failure into a one-line
 * UsageError and never prints help, nothing calls showHelp, and --help is answered before any handler runs, from a
 * help rendered on demand. Returns whether the hook was found, so a yargs upgrade that moves it fails a test
 * rather than silently bringing the cost back.
 */
export function skipHelpCache(y: object): boolean {
  const usage = (y as UsageInternals).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage !== 'function') return false;
  usage.cacheHelpMessage = () => {};
  return true;
}
