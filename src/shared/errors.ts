import { nearestName } from './nearest.js';

/** A problem with what the user asked for: one line, exit code 2. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/**
 * A name that a registry (strategies, layouts, simulator policies, report formats) does not know. Registries sit
 * below the command line and do not know which flag or config key named the value, so the message is neutral; the
 * config layer re-words it for the flag (`forFlag` in src/config/flag-errors.ts). Still a UsageError, so a library
 * caller that passes a bad name gets exit-code-2 semantics without the CLI's wording.
 */
export class UnknownNameError extends UsageError {
  override readonly name = 'UnknownNameError';
  constructor(
    readonly what: string,
    readonly given: string,
    readonly choices: readonly string[],
    hint = '',
    lead = '',
  ) {
    const near = nearestName(given, choices);
    const guess = near === undefined ? '' : `: did you mean '${near}'?`;
    super(`unknown ${what} '${given}'${guess} (choose ${lead}${choices.join(', ')}${hint})`);
  }
}

/** The fix for a state directory (lock, usage store) the user running cachesweep cannot write. */
export const STATE_DIR_FIX = 'give a state directory this user may write (--state-dir DIR), or run as the owner of the cache';
