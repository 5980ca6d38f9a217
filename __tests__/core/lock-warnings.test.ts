/**
 * What a clean run on shared storage warns about once its lock is held (core/storage.ts lockWarnings): locks that
 * stay on this host, a lock file off the shared filesystem, and a file server clock off by more than the tolerated
 * skew (measured on the lock file's mtime; a real skew needs a file server with another clock, which no test here
 * has: the measurement itself is exercised by every clean run, the judgement here). Pure.
 */
import { lockWarnings } from '../../src/core/storage.js';
import { TOLERATED_SKEW_MS, type Storage } from '../../src/scan/storage.js';

const nfs = (more: Partial<Storage> = {}): Storage => ({ filesystem: 'nfs4', family: 'NFS', shared: true, why: ['on NFS (nfs4 filer:/x)'], ...more });

describe('lockWarnings', () => {
  it('local storage: nothing, whatever the measurement says', () => {
    expect(lockWarnings({ filesystem: 'ext4', family: null, shared: false, why: [] }, false, 10 * 60_000)).toEqual([]);
  });

  it('shared, lock on it, clocks within the tolerated skew (either way, up to its bound): nothing', () => {
    for (const skew of [0, TOLERATED_SKEW_MS, -TOLERATED_SKEW_MS, null]) expect(lockWarnings(nfs(), true, skew)).toEqual([]);
  });

  it('a file server clock ahead or behind by more: one warning each, saying which way and what it does to ages', () => {
    expect(lockWarnings(nfs(), true, TOLERATED_SKEW_MS + 1_000)).toEqual([
      "the file server's clock is 61s ahead of this host's (measured on the lock file; up to 60s is tolerated): every age on this cache is off by as much; synchronise the clocks",
    ]);
    expect(lockWarnings(nfs(), true, -300_000)).toEqual([
      "the file server's clock is 300s behind this host's (measured on the lock file; up to 60s is tolerated): every age on this cache is off by as much (entries look older than they are); synchronise the clocks",
    ]);
  });

  it('locks that stay on this host (NFS nolock), and a lock file off the shared filesystem: other hosts are not excluded', () => {
    expect(lockWarnings(nfs({ locksHostLocal: 'mounted with nolock' }), true, 0)).toEqual([
      'the cache is on shared storage but fcntl locks there stay on this host (mounted with nolock): other hosts are NOT excluded; run cachesweep on one host only, or remount',
    ]);
    expect(lockWarnings(nfs(), false, null)).toEqual(['the cache is on shared storage (on NFS (nfs4 filer:/x)) but the lock file is not: other hosts are NOT excluded']);
  });
});
