/**
 * Fuzzing the mount table reader (/proc/self/mountinfo): a mount point under the cache that is missed lets a walk
 * or a deletion cross into another filesystem (or a bind mount of one). The properties: for mount points with any
 * characters (blanks, tabs, newlines and backslashes escaped the kernel's way, octal), exactly those at or below the
 * directory are returned, siblings sharing its prefix (`/cachex`) are not; any table text never throws.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { mountPointsUnder } from '../../src/scan/mounts.js';
import { removeDir, tempDir } from '../helpers/cache.js';

let dir: string;
let n = 0;
beforeAll(() => {
  dir = tempDir('cachesweep-mountinfo-');
});
afterAll(() => removeDir(dir));

/** The kernel's mangling of a path in mountinfo: space, tab, newline and backslash as 3-digit octal. */
const mangle = (p: string): string => p.replace(/[ \t\n\\]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);

const seg = fc.oneof(fc.stringMatching(/^[a-z0-9._-]{1,6}$/), fc.constantFrom('a b', 'tab\there', 'new\nline', 'back\\slash', '\\134', 'ünï', '\\040'));

describe('mountPointsUnder (fuzz)', () => {
  test('exactly the mount points at or below the directory, whatever their names', () => {
    const cache = '/srv/ca che';
    const arbMount = fc.oneof(
      fc.array(seg, { maxLength: 3 }).map((a) => [cache, ...a].join('/')),
      fc.array(seg, { minLength: 1, maxLength: 3 }).map((a) => `/${a.join('/')}`),
      fc.constantFrom('/srv/ca chex', '/srv/ca', '/srv', '/', `${cache}x/y`),
    );
    fc.assert(
      fc.property(fc.array(arbMount, { maxLength: 10 }), fc.boolean(), (mounts, trailingSlash) => {
        const lines = mounts.map((m, i) => `${100 + i} 22 0:${40 + i} ${mangle('/')} ${mangle(m)} rw,relatime shared:${i} - tmpfs tmpfs rw`);
        const file = path.join(dir, `mi-${n++}`);
        fs.writeFileSync(file, `${lines.join('\n')}\n`);
        const got = mountPointsUnder(trailingSlash ? `${cache}/` : cache, file);
        const want = new Set(mounts.filter((m) => m === cache || m.startsWith(`${cache}/`)));
        // Regression found by fuzzing: given as `/srv/ca che/`, a mount on the directory itself was missed.
        expect([...got].sort()).toEqual([...want].sort());
      }),
      { numRuns: 1000 },
    );
  });

  test('regression found by fuzzing: a trailing slash on the directory does not hide a mount on it', () => {
    const file = path.join(dir, 'mi-slash');
    fs.writeFileSync(file, '30 22 0:40 / /srv/cache rw - tmpfs tmpfs rw\n31 30 0:41 / /srv/cache/d rw - tmpfs tmpfs rw\n');
    expect([...mountPointsUnder('/srv/cache/', file)].sort()).toEqual(['/srv/cache', '/srv/cache/d']);
  });

  test('any table text: a set, never an exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const file = path.join(dir, `mi-${n++}`);
        fs.writeFileSync(file, text);
        expect(mountPointsUnder('/srv/cache', file)).toBeInstanceOf(Set);
      }),
      { numRuns: 500 },
    );
  });
});
