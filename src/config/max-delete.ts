import type { DeleteCap } from '../plan/types.js';
import { UsageError } from '../shared/errors.js';
import { parseSize } from '../shared/units.js';

/**
 * `--max-delete N|SIZE`: a whole number caps the entries evicted per run (`100`); a size caps the bytes
 * (`50G`, `1.5T`, `512M`, `100B`).
 */
export function parseMaxDelete(text: string): DeleteCap {
  const t = String(text).trim();
  if (t === '') throw new UsageError(`--max-delete: an empty value is not "no cap"; give a number of entries (100) or a size (50G), or leave --max-delete out`);
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (!Number.isSafeInteger(n)) throw new UsageError(`--max-delete: '${text}' is too large`);
    return { entries: n };
  }
  if (/^\d+(\.\d+)?$/.test(t)) throw new UsageError(`--max-delete: '${text}' is not a whole number of entries (or add a size unit, e.g. ${t}G)`);
  try {
    return { bytes: parseSize(t, '--max-delete', { requireUnit: true }) };
  } catch (err) {
    // A size too large to count is that, not "neither a number nor a size" (8388608GB said so).
    if (err instanceof UsageError && /is too large$/.test(err.message)) throw err;
    throw new UsageError(`--max-delete: '${text}' is neither a number of entries (100) nor a size (50G, 1.5T, 512M)`);
  }
}
