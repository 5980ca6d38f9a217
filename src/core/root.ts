import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';

/** Roots that are never a cache: cleaning them would wreck the machine. */
const DANGEROUS = new Set([
  '/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib32', '/lib64', '/libx32', '/media', '/mnt', '/opt',
  '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/var', '/var/lib', '/var/tmp', '/usr/local',
]);

/** Check the cache directory the user named and return its real path; a usage error when it is missing, not a directory or dangerous. */
export function resolveRoot(dir: string | undefined, home = os.homedir()): string {
  if (dir === undefined || dir === '') throw new UsageError('cache-dir: missing (give the cache directory to clean, e.g. /var/lib/nova/instances/_base)');
  let real: string;
  try {
    real = fs.realpathSync(path.resolve(dir));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`cache-dir: ${dir} does not exist`);
    throw new UsageError(`cache-dir: ${dir} cannot be opened (${code})`);
  }
  const st = fs.statSync(real);
  if (!st.isDirectory()) throw new UsageError(`cache-dir: ${dir} is not a directory`);
  const homeReal = safeReal(home);
  if (DANGEROUS.has(real) || real === homeReal) {
    throw new UsageError(`cache-dir: refusing to clean ${real}: it is a system or home directory, not a cache`);
  }
  try {
    fs.opendirSync(real).closeSync(); // readable (opening is enough: listing 100k names here would be wasted work)
  } catch (err) {
    throw new UsageError(`cache-dir: ${dir} cannot be read (${(err as NodeJS.ErrnoException).code})`);
  }
  return real;
}

function safeReal(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
