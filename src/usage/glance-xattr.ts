import { execFile } from 'node:child_process';

/** Reading extended attributes failed as a whole (no getfattr, or it could not run). */
export class XattrUnavailable extends Error {}

/** What reading one attribute of many files found: the raw value per path that has it, and per-path errors. */
export interface XattrRead {
  values: Map<string, Buffer>;
  /** Path -> error text, for files getfattr could not read (e.g. "Operation not supported"). */
  errors: Map<string, string>;
}

/** Paths per getfattr run: far below the argument-size limit even for long paths. */
const CHUNK = 200;
/** Names getfattr prints as they are (it escapes other bytes as \ooo); any other name is read on its own. */
const PLAIN = /^[\x20-\x5b\x5d-\x7e]+$/;

function run(bin: string, args: string[]): Promise<{ stdout: Buffer; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: string | number }) | null;
      if (e && typeof e.code === 'string') {
        reject(new XattrUnavailable(e.code === 'ENOENT' ? 'getfattr is not installed (Debian/Ubuntu package attr)' : `getfattr cannot run (${e.code})`));
        return;
      }
      resolve({ stdout, stderr: stderr.toString('utf8'), code: typeof e?.code === 'number' ? e.code : 0 });
    });
  });
}

/** getfattr's stderr lines `getfattr: PATH: why`, for the paths asked about. */
function errorsOf(stderr: string, paths: readonly string[], into: Map<string, string>): void {
  for (const line of stderr.split('\n')) {
    const body = line.startsWith('getfattr: ') ? line.slice('getfattr: '.length) : line;
    for (const p of paths) {
      if (body.startsWith(`${p}: `)) into.set(p, body.slice(p.length + 2));
    }
  }
}

/** `-e hex` values: `0x393030` -> the bytes. */
function parseDump(out: string, into: Map<string, Buffer>, attr: string): void {
  let file: string | null = null;
  for (const line of out.split('\n')) {
    if (line.startsWith('# file: ')) file = line.slice('# file: '.length);
    else if (file !== null && line.startsWith(`${attr}=0x`)) into.set(file, Buffer.from(line.slice(attr.length + 3), 'hex'));
    else if (file !== null && line === `${attr}=""`) into.set(file, Buffer.alloc(0));
  }
}

/**
 * One extended attribute (`user.hits`) of many files, read without following symlinks, opening the files or
 * touching their times. Node has no getxattr: this spawns getfattr (package attr), a few hundred files a run;
 * the one place to switch to a native call later. Rejects with XattrUnavailable when getfattr cannot run
 * (`bin`: another program name, for tests).
 */
export async function readXattr(paths: readonly string[], attr: string, bin = 'getfattr'): Promise<XattrRead> {
  const values = new Map<string, Buffer>();
  const errors = new Map<string, string>();
  const pattern = `^${attr.replace(/[.\\^$*+?()[\]{}|]/g, '\\$&')}$`;
  const plain = paths.filter((p) => PLAIN.test(p));
  for (let i = 0; i < plain.length; i += CHUNK) {
    const chunk = plain.slice(i, i + CHUNK);
    const r = await run(bin, ['-h', '--absolute-names', '-e', 'hex', '-d', '-m', pattern, '--', ...chunk]);
    parseDump(r.stdout.toString('latin1'), values, attr);
    errorsOf(r.stderr, chunk, errors);
  }
  for (const p of paths.filter((x) => !PLAIN.test(x))) {
    const r = await run(bin, ['-h', '--absolute-names', '--only-values', '-n', attr, '--', p]);
    if (r.code === 0) values.set(p, r.stdout);
    else if (!/No such attribute/.test(r.stderr)) errors.set(p, r.stderr.trim().split('\n')[0] ?? `exit ${r.code}`);
  }
  return { values, errors };
}
