import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Entry } from '../shared/types.js';
import { addReason, useFamily, type Survey } from './chain-survey.js';
import type { FoundDisk } from './instance-walk.js';
import { fsPath } from '../shared/names.js';

/** Nova copies an instance's kernel and ramdisk images from the cache into its directory under these names. */
export const COPY_NAMES = new Set(['kernel', 'ramdisk']);
/** Larger than any kernel or initrd: such a candidate is kept for its size alone rather than read whole. */
export const MAX_DIGEST_BYTES = 1024 ** 3;
const O_NOATIME = fs.constants.O_NOATIME ?? 0;
const CHUNK = 1 << 20;

/** A digest, or why the file could not be read without moving its access time. */
type Digest = { sha256: string } | { error: string };

/**
 * In use as the source of an instance's `kernel` or `ramdisk` copy. Nova keeps such an image through the instance's
 * kernel_id / ramdisk_id (which cachesweep cannot read: they are in Nova's database); the copy in the instance
 * directory has the same bytes, so the image is the cache file with the same content. Sizes are compared first; a
 * digest is read only for candidates of the same size, with O_NOATIME, at most once per file and change.
 */
export class KernelCopies {
  private readonly memo = new Map<string, Digest>();

  /** Mark every entry that holds the same bytes as one of the copies. `entries` are the candidates (file entries). */
  match(copies: readonly FoundDisk[], entries: readonly Entry[], s: Survey): void {
    const bySize = new Map<number, Entry[]>();
    for (const e of entries) {
      if (e.kind !== 'file' || e.partial) continue;
      const list = bySize.get(e.apparentBytes);
      if (list) list.push(e);
      else bySize.set(e.apparentBytes, [e]);
    }
    const kept = new Set<string>();
    for (const copy of copies) {
      let size: number;
      try {
        size = fs.statSync(copy.path).size;
      } catch {
        continue; // gone since the walk: it backs nothing
      }
      const candidates = (bySize.get(size) ?? []).filter((e) => !kept.has(e.name));
      if (candidates.length === 0) continue; // one already matched keeps no other: later copies need no reading
      const mine = this.digest(copy.path, size);
      for (const e of candidates) {
        const why = this.compare(mine, e, copy.label);
        if (why === null) continue;
        kept.add(e.name);
        addReason(s, e.name, why);
        useFamily(s, e.name);
      }
    }
  }

  /** The reason `e` is kept for this copy, or null when its bytes differ. Unknown bytes keep it (the safe side). */
  private compare(mine: Digest, e: Entry, label: string): string | null {
    if ('error' in mine) return `same size as ${label}, whose content could not be compared (${mine.error})`;
    const theirs = this.digest(e.path, e.apparentBytes);
    if ('error' in theirs) return `same size as ${label}; its own content could not be compared (${theirs.error})`;
    return theirs.sha256 === mine.sha256 ? `same content as ${label} (an instance's ${path.basename(label)} image)` : null;
  }

  private digest(p: string, size: number): Digest {
    if (size > MAX_DIGEST_BYTES) return { error: `larger than ${MAX_DIGEST_BYTES / 1024 ** 3} GiB: not read` };
    let st: fs.BigIntStats;
    try {
      st = fs.statSync(p, { bigint: true });
    } catch (err) {
      return { error: (err as NodeJS.ErrnoException).code ?? String(err) };
    }
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    let d = this.memo.get(key);
    if (!d) this.memo.set(key, (d = readDigest(p)));
    return d;
  }
}

/**
 * sha256 of a whole regular file, read with O_NOATIME so that comparing never makes an image look used. Where the
 * kernel refuses O_NOATIME (not the file's owner, not root), the file is not read at all: restoring the atime
 * afterwards needs the same privilege, and a moved atime would keep the image a day longer by mistake.
 */
function readDigest(p: string): Digest {
  if (O_NOATIME === 0) return { error: 'O_NOATIME is not available here' };
  let fd: number;
  try {
    fd = fs.openSync(fsPath(p), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | O_NOATIME);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return { error: code === 'EPERM' ? 'reading it would update its access time (run as root or as its owner)' : code };
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return { error: 'not a regular file' };
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
    return { sha256: hash.digest('hex') };
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    fs.closeSync(fd);
  }
}
