/** Which usage providers a run consults, chosen from typed options (src/usage/providers.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/shared/errors.js';
import type { ScanResult } from '../../src/shared/types.js';
import { usageProviders, type ProviderPlace } from '../../src/usage/providers.js';
import { openStoreForWrite } from '../../src/usage/store/open.js';
import { tempDir } from '../helpers/cache.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('cachesweep-providers-');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function place(root: string, layout = 'generic', extra: Partial<ProviderPlace> = {}): ProviderPlace {
  fs.mkdirSync(root, { recursive: true });
  const scan: ScanResult = { root, layout, entries: [], cacheBytes: 0, warnings: [], unreadable: [], linkGroups: [] };
  return { root, namedRoot: root, scan, stateDir: path.join(dir, 'state'), ...extra };
}
const names = (p: ProviderPlace, inUse = {}): string[] => usageProviders(p, inUse, () => undefined).map((x) => x.name);

it('a plain cache: instance directories among its entries, open files and held locks; no store is created to read one', () => {
  expect(names(place(path.join(dir, 'cache')))).toEqual(['instance-dirs', 'open-files', 'held-locks']);
  expect(fs.existsSync(path.join(dir, 'state'))).toBe(false);
});

it("Nova's _base, by name or layout: the backing chains of the disks beside it come first", () => {
  expect(names(place(path.join(dir, 'instances', '_base')))).toEqual(['backing-chains', 'instance-dirs', 'open-files', 'held-locks']);
  expect(names(place(path.join(dir, 'somewhere'), 'nova'))).toEqual(['backing-chains', 'instance-dirs', 'open-files', 'held-locks']);
});

it('a symlinked _base counts by the name it was given', () => {
  const real = place(path.join(dir, 'elsewhere'));
  fs.mkdirSync(path.join(dir, 'instances'));
  fs.symlinkSync(real.root, path.join(dir, 'instances', '_base'));
  expect(names({ ...real, namedRoot: path.join(dir, 'instances', '_base') })).toEqual(['backing-chains', 'instance-dirs', 'open-files', 'held-locks']);
});

it('given instance directories, operator lists and a store: each adds its provider', () => {
  const p = place(path.join(dir, 'cache'));
  fs.mkdirSync(path.join(dir, 'vms'));
  fs.writeFileSync(path.join(dir, 'list'), 'some-entry\n');
  openStoreForWrite(p.stateDir).close();
  expect(names(p, { instancesDirs: [path.join(dir, 'vms')], inUseFrom: [path.join(dir, 'list')] })).toEqual([
    'backing-chains', 'instance-dirs', 'open-files', 'held-locks', 'operator-list', 'usage-store',
  ]);
});

it('an instance directory that is missing, a file, or inside the cache is a usage error naming it', () => {
  const p = place(path.join(dir, 'cache'));
  fs.writeFileSync(path.join(dir, 'file'), '');
  fs.mkdirSync(path.join(p.root, 'sub'));
  const err = (d: string): unknown => {
    try {
      names(p, { instancesDirs: [d] });
    } catch (e) {
      return e;
    }
    return null;
  };
  for (const [d, why] of [['missing', 'does not exist'], ['file', 'is not a directory'], ['cache/sub', 'is inside the cache']] as const) {
    const e = err(path.join(dir, d));
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toContain(`--instances-dir: ${path.join(dir, d)} ${why}`);
  }
});
