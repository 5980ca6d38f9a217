import { UnknownNameError, UsageError } from '../shared/errors.js';

/** Run a registry lookup and word its neutral "unknown name" error for the flag that gave the name. */
export function forFlag<T>(flag: string, lookup: () => T): T {
  try {
    return lookup();
  } catch (err) {
    if (err instanceof UnknownNameError) throw new UsageError(`${flag}: ${err.message}`);
    throw err;
  }
}
