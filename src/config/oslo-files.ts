import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import { readBounded } from '../sys/read-bounded.js';
import { decodeConfigText, parseOsloIni, type OsloFile } from './oslo-ini.js';

/** Code point order, as Python's sorted() orders str (JavaScript's default sort compares UTF-16 units). */
export function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The files `--config-dir DIR` makes oslo.config read: `sorted(glob.glob(DIR/*.conf))`. glob's `*` skips names
 * starting with a dot and matches case-sensitively; it lists directories and dangling symlinks too, which oslo
 * then fails to read (so does this: the caller reads each). A missing directory is an error in oslo as well.
 */
export function confDirFiles(dir: string, flag: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag}: ${dir} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(err)})`}`);
  }
  return names
    .filter((n) => !n.startsWith('.') && n.endsWith('.conf'))
    .map((n) => path.join(dir, n))
    .sort(byCodePoint);
}

/** Read and parse one file; a file that cannot be read is an error, as nova-compute fails to start on one. */
export function readOsloFile(file: string, flag: string): OsloFile {
  const bytes = readBounded(file, { label: flag });
  return parseOsloIni(decodeConfigText(bytes, file, flag), file, flag);
}

/**
 * The files of a service, in the order oslo.config reads them: every `--config-file` in order, then each
 * `--config-dir`'s `*.conf` files, sorted. Later files win (oslo looks in the newest file first).
 */
export function readOsloFiles(files: readonly string[], dirs: readonly string[], flag: string, dirFlag: string): OsloFile[] {
  const out = files.map((f) => readOsloFile(f, flag));
  for (const d of dirs) for (const f of confDirFiles(d, dirFlag)) out.push(readOsloFile(f, dirFlag));
  return out;
}
