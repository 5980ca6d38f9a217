import fs from 'node:fs';
import path from 'node:path';
import { entryName, layoutOf, resolveEntry } from '../../../src/cli/args/entry-arg.js';
import { UsageError } from '../../../src/shared/errors.js';
import { tempCache, writeFile } from '../../helpers/cache.js';

describe('entry arguments', () => {
  let t: ReturnType<typeof tempCache>;
  let root: string;
  beforeAll(() => {
    t = tempCache();
    root = fs.realpathSync(t.cache);
    writeFile(path.join(root, 'img'), 4096, 0);
    writeFile(path.join(root, 'incomplete', 'dl'), 4096, 0);
    writeFile(path.join(root, 'invalid', 'bad'), 4096, 0);
    fs.mkdirSync(path.join(root, 'queue'));
    writeFile(path.join(root, 'cache.db'), 4096, 0);
  });
  afterAll(() => t.cleanup());

  it('are names relative to the root, given relative or absolute', () => {
    expect(entryName(root, 'img')).toBe('img');
    expect(entryName(root, `${root}/img`)).toBe('img');
    expect(entryName(root, 'incomplete/dl/')).toBe('incomplete/dl');
    for (const bad of ['..', '../x', '/etc/passwd', root, '.']) expect(() => entryName(root, bad)).toThrow(UsageError);
    // Through a symlink to the cache (as a hook may know it): the directory part is resolved, the entry itself never.
    const link = path.join(t.dir, 'cache-link');
    fs.symlinkSync(root, link);
    expect(entryName(root, `${link}/img`)).toBe('img');
    expect(entryName(root, `${link}/incomplete/dl`)).toBe('incomplete/dl');
  });

  it('must be entries of the layout, and exist', () => {
    const glance = layoutOf(root, 'auto');
    expect(glance.name).toBe('glance');
    const st = fs.lstatSync(path.join(root, 'incomplete', 'dl'));
    expect(resolveEntry(root, glance, 'incomplete/dl')).toEqual({ name: 'incomplete/dl', dev: st.dev, ino: st.ino, kind: 'file', mtimeMs: st.mtimeMs });
    expect(resolveEntry(root, glance, 'img').name).toBe('img');
    expect(() => resolveEntry(root, glance, 'cache.db')).toThrow(/cache\.db is not a cache entry \(the glance layout leaves it alone\)/);
    expect(() => resolveEntry(root, glance, 'queue')).toThrow(/leaves it alone/);
    // A directory may be named at any depth: a pin on it covers every entry below it (issue 15).
    expect(resolveEntry(root, glance, 'incomplete').kind).toBe('dir');
    expect(() => resolveEntry(root, glance, 'incomplete/nope')).toThrow(/does not exist/);
    expect(() => resolveEntry(root, glance, 'img/x')).toThrow(/img is not a directory/);
    const generic = layoutOf(root, 'generic');
    expect(resolveEntry(root, generic, 'incomplete').kind).toBe('dir');
    // Inside a top-level directory: the entry of a run with --entries files or --depth 2.
    expect(resolveEntry(root, generic, 'incomplete/dl').name).toBe('incomplete/dl');
  });
});
