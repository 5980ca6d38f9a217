import fs from 'node:fs';
import { openStoreForWrite } from '../../src/usage/store/open.js';
import type { UsageStore } from '../../src/usage/store/store.js';
import { tempDir } from './cache.js';

/**
 * For each test: a new usage store in a new temporary state directory (given to `use`), closed and removed after it.
 * A test that closes the store to work on its directory (a store of an older schema written there, a read-only
 * snapshot) opens the next one with `reopen()`: given to `use` as well, and closed after the test like the first
 * (a store the test opened itself would stay open past the directory's removal).
 */
export function storePerTest(use: (store: UsageStore, dir: string) => void, prefix = 'cachesweep-store-'): { reopen: () => UsageStore } {
  let dir: string;
  let opened: UsageStore[] = [];
  const open = (): UsageStore => {
    const store = openStoreForWrite(dir);
    opened.push(store);
    use(store, dir);
    return store;
  };
  beforeEach(() => {
    dir = tempDir(prefix);
    opened = [];
    open();
  });
  afterEach(() => {
    for (const store of opened) store.close(); // (closing a closed store does nothing)
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { reopen: open };
}
