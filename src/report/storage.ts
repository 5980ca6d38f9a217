import type { Storage } from '../scan/storage.js';
import { orphanedNovaLocksNote } from '../scan/nova-lock-files.js';

/** The `storage` object of the JSON documents (plan, clean, status): every field present, null when unknown. */
export function storageJson(s: Storage | undefined) {
  if (!s) return null;
  return {
    filesystem: s.filesystem,
    family: s.family,
    shared: s.shared,
    why: s.why,
    novaHosts: s.novaHosts ?? null,
    locksHostLocal: s.locksHostLocal ?? null,
    lockFile: s.lockFile ?? null,
    orphanedNovaLocks: s.orphanedNovaLocks ?? null,
  };
}

export type StorageDoc = NonNullable<ReturnType<typeof storageJson>>;

/**
 * What the text, Markdown and HTML outputs say about the storage: a line when the cache is shared (why, and the
 * lock that makes this run the only cleaner across hosts), and a note on Nova's orphaned lock files. Nothing for a
 * cache on local storage, the usual case.
 */
export function storageLines(s: StorageDoc | null | undefined): string[] {
  if (!s) return [];
  const out: string[] = [];
  if (s.shared) {
    const lock = s.lockFile ? `; lock ${s.lockFile}` : '';
    out.push(`storage: shared with other hosts (${s.why.join('; ')}): one cleaner across hosts${lock}`);
  }
  const orphans = orphanedNovaLocksNote(s.orphanedNovaLocks ?? undefined);
  if (orphans) out.push(`note: ${orphans}`);
  return out;
}
