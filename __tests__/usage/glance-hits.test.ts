import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { scan } from '../../src/scan/scan.js';
import { glanceHitProviders, GlanceHitsError, hitsFromXattr } from '../../src/usage/glance-hits.js';
import { readXattr, XattrUnavailable } from '../../src/usage/glance-xattr.js';
import { cleanup, tempDir } from '../helpers/in-use.js';

afterAll(cleanup);

const setHits = (f: string, v: string): void => {
  execFileSync('setfattr', ['-n', 'user.hits', '-v', v, f]);
};

describe('user.hits as Glance reads it (int() of the bytes)', () => {
  it('decimal counts; anything int() refuses, or below 1, is no count', () => {
    const b = (s: string) => hitsFromXattr(Buffer.from(s, 'latin1'));
    expect([b('900'), b(' 7\n'), b('+3'), b('1_000'), b('99999999999999999999')]).toEqual([900, 7, 3, 1000, Number.MAX_SAFE_INTEGER]);
    for (const bad of ['0', '-4', '', 'x', '1e3', '1__0', '\u00d9\u00a1', '0x10']) expect(b(bad)).toBeUndefined();
  });
});

describe('readXattr: lgetxattr through the native addon', () => {
  it('reads the attribute of many files, names with spaces, newlines, backslashes and non-ASCII included; files without it are absent', async () => {
    const dir = tempDir();
    const names = ['plain', 'with space', 'new\nline', 'back\\slash', 'caf\u00e9', 'none'];
    names.forEach((n, i) => {
      fs.writeFileSync(path.join(dir, n), 'x');
      if (n !== 'none') setHits(path.join(dir, n), String(i + 10));
    });
    const r = readXattr([...names.map((n) => path.join(dir, n)), path.join(dir, 'gone')], 'user.hits');
    expect(Object.fromEntries([...r.values].map(([p, v]) => [path.basename(p), v.toString()]))).toEqual({
      plain: '10', 'with space': '11', 'new\nline': '12', 'back\\slash': '13', 'caf\u00e9': '14',
    });
    expect(r.errors.size).toBe(0);
  });

  it('without the addon: XattrUnavailable; with glance-api.conf saying xattr the run stops (exit 2), without it a warning', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, '11111111-1111-4111-8111-111111111111'), 'x');
    const entries = scan(root, { layout: 'glance' }).entries;
    const missing = (): never => {
      throw new Error('the native addon cannot be loaded');
    };
    expect(() => readXattr([path.join(root, 'a')], 'user.hits', missing)).toThrow(new XattrUnavailable('the native addon cannot be loaded'));
      const warned: string[] = [];
      const [strict] = glanceHitProviders({ root, driver: { name: 'xattr', said: 'glance-api.conf line 2' }, getxattr: missing, warn: (l) => warned.push(l) });
      expect(() => strict!.collect(entries, 0)).toThrow(GlanceHitsError);
      const [lenient] = glanceHitProviders({ root, getxattr: missing, warn: (l) => warned.push(l) });
      expect(await lenient!.collect(entries, 0)).toEqual([]);
      expect(warned).toEqual([expect.stringMatching(/cannot be read: the native addon cannot be loaded/)]);
  });
});
