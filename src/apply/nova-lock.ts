import fs from 'node:fs';
import path from 'node:path';
import type { Entry } from '../shared/types.js';
import { tryLockFile } from '../sys/lock-file.js';

/** What is held while one victim is deleted; told afterwards whether the victim is gone. */
export interface VictimHold {
  release(gone: boolean): void;
}

/** Takes, per victim, the locks another program holds while it works on that entry: a hold, or why to skip it. */
export type VictimLocker = (entry: Entry) => VictimHold | string;

/**
 * Nova's external lock for a base file, as Nova's image cache takes it: `lockutils.synchronized(filename,
 * external=True, lock_path=instances_path/locks)` with nova's `nova-` prefix, i.e. an fcntl lock on
 * `<instances_path>/locks/nova-<filename>` (nova/virt/libvirt/imagecache.py, _remove_old_enough_file). Nova's image
 * fetch and copy (imagebackend.cache) take the same lock, on other hosts too when instances_path is shared: holding
 * it is what makes a fetch and a removal exclusive. A partial download `<name>.part` / `.converted` is written
 * under the lock of `<name>`.
 */
export function novaLockName(entryName: string): string {
  // oslo.concurrency's _get_lock_path: the name may not contain a directory separator
  return `nova-${entryName.replace(/\.(part|converted)$/, '').replaceAll('/', '_')}`;
}

/**
 * Classes whose lock file Nova removes after removing the file (_remove_base_file -> remove_external_lock_file);
 * for swap and ephemeral files it passes remove_lock=False and the lock file stays.
 */
const LOCK_REMOVED_AFTER = new Set(['original', 'resized', 'sm']);

/**
 * Take Nova's lock of each victim, without waiting (held by Nova, here or on another host: the victim is skipped
 * as in use). The lock file is created as fasteners creates it (the directory too) when it is missing. Once the
 * victim is gone and the lock released, its lock file is removed the way oslo's remove_external_lock_file removes
 * it, for the classes Nova removes it for.
 *
 * The lock is an OFD lock (src/sys/lock-file.ts says why): it conflicts with the classic POSIX lock fasteners takes
 * with fcntl.lockf, locally and through NFS to the server.
 */
export function novaVictimLocks(lockDir: string, warn: (line: string) => void): VictimLocker {
  return (entry) => {
    const file = path.join(lockDir, novaLockName(entry.name));
    let held;
    try {
      fs.mkdirSync(lockDir, { recursive: true, mode: 0o755 });
      held = tryLockFile(file, { create: true, mode: 0o644 });
    } catch (err) {
      return `Nova's lock ${file} cannot be taken (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): not deleted without it`;
    }
    if (!held) return `in use: Nova's lock ${file} is held by another process`;
    return {
      release: (gone) => {
        held.release();
        if (!gone || !LOCK_REMOVED_AFTER.has(entry.class)) return;
        try {
          fs.unlinkSync(file);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'ENOENT') warn(`cannot remove Nova's lock file ${file} of the evicted ${entry.name} (${code})`);
        }
      },
    };
  };
}
