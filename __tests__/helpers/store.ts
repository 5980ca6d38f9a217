import fs from 'node:fs';
import { openStoreForWrite } from '../../src/usage/store/open.js';
import type { UsageStore } from '../../src/usage/store/store.js';
import { tempDir } from './cache.js';

/** For each test: a new usage store in a new temporary state directory (given to `use`), closed and removed after it. */
export function storePerTest(use: (store: UsageStore, dir: string) => void, prefix = 'cachesweep-store-'): void {
  let dir: string;
  let store: UsageStore;
  beforeEach(() => {
    dir = tempDir(prefix);
    store = openStoreForWrite(dir);
    use(store, dir);
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
