import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { escapeText } from '../shared/escape.js';
import { UsageError } from '../shared/errors.js';
import { systemDirectory, type SystemFacts } from '../sys/system-dirs.js';

/** The command-line override of the system-directory guard, named so that nobody types it by accident. */
export const SYSTEM_DIRECTORY_OVERRIDE = '--i-know-this-is-a-system-directory';

export interface RootOptions {
  /** Clean it even if it is a system or home directory (the override flag). */
  allowSystemDirectory?: boolean;
  /** Where the guard reads the mount table and the password database, and the running user's home (tests). */
  facts?: SystemFacts;
}

/**
 * Check the cache directory the user named and return its real path: a usage error when it is missing, not a
 * directory, not readable, or one of the system's own directories (sys/system-dirs.ts says which, and why).
 */
export function resolveRoot(dir: string | undefined, opts: RootOptions = {}): string {
  if (dir === undefined || dir === '') throw new UsageError('cache-dir: missing (give the cache directory to clean, e.g. /var/lib/nova/instances/_base)');
  let real: string;
  try {
    real = fs.realpathSync(path.resolve(dir));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`cache-dir: ${escapeText(dir)} does not exist${missingHint(dir)}`);
    throw new UsageError(`cache-dir: ${dir} cannot be opened (${code})`);
  }
  const st = fs.statSync(real);
  if (!st.isDirectory()) throw new UsageError(`cache-dir: ${dir} is not a directory`);
  if (!opts.allowSystemDirectory) {
    const sys = systemDirectory(real, st, { homes: [os.homedir()], ...opts.facts });
    if (sys !== null) {
      const below = sys.belowAllowed ? 'a directory below it can be; ' : '';
      throw new UsageError(`cache-dir: refusing ${dir}: ${sys.why}, not a cache (${below}${SYSTEM_DIRECTORY_OVERRIDE} if it really is one)`);
    }
  }
  try {
    fs.opendirSync(real).closeSync(); // readable (opening is enough: listing 100k names here would be wasted work)
  } catch (err) {
    throw new UsageError(`cache-dir: ${dir} cannot be read (${(err as NodeJS.ErrnoException).code})`);
  }
  return real;
}

/**
 * Why a path that does not exist may still be the one meant. The error line is made one line (newlines become
 * spaces), so `clean "$(printf '/srv/cache\n')"` said `/srv/cache does not exist` of a directory that does; the
 * path is shown escaped (`/srv/cache\x0a`) and the trimmed one named. A `~` reaches here when the shell did not
 * expand it (quoted, or in a config file).
 */
function missingHint(dir: string): string {
  const trimmed = dir.trim();
  if (trimmed !== dir && trimmed !== '' && fs.existsSync(trimmed)) return ` (it has white space at an end; ${trimmed} exists)`;
  if (dir === '~' || dir.startsWith('~/')) return ' (~ is expanded by the shell, not by cachesweep: give the full path)';
  return '';
}
