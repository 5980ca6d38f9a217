/**
 * Fuzzing entry arguments (`touch`, `pin`, `unpin` name entries on the command line). The properties, on a real
 * tree with symlinks pointing out of the cache and into it:
 *  - any argument: a name inside the cache, or a UsageError; never another exception;
 *  - a name given back is relative, '/'-separated, without empty, '.' or '..' segments, and its parent directory,
 *    through every symlink, is inside the cache: an argument never names a file outside it;
 *  - it names what the argument names (same last component), and an argument written as plain segments inside
 *    the cache (relative, or absolute under the root) is exactly that name.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { entryName } from '../../../src/cli/args/entry-arg.js';
import { UsageError } from '../../../src/shared/errors.js';
import { cleanup, tempDir } from '../../helpers/in-use.js';

afterAll(cleanup);

describe('entryName (fuzz)', () => {
  let top: string;
  let root: string;
  beforeAll(() => {
    top = tempDir('cachesweep-entryarg-');
    root = path.join(top, 'cache');
    fs.mkdirSync(path.join(root, 'dir', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'a'), 'a');
    fs.mkdirSync(path.join(top, 'outside'));
    fs.writeFileSync(path.join(top, 'outside', 'a'), 'x');
    fs.symlinkSync(path.join(top, 'outside'), path.join(root, 'link-out'));
    fs.symlinkSync(path.join(root, 'dir'), path.join(root, 'link-in'));
    fs.symlinkSync(root, path.join(top, 'root-link'));
  });

  const seg = fc.constantFrom('a', 'dir', 'sub', 'link-out', 'link-in', '.', '..', '', 'new', 'cache', 'outside', 'x y', 'é');

  test('any argument: a name whose parent is really inside the cache, or a UsageError', () => {
    fc.assert(
      fc.property(fc.constantFrom('rel', 'abs', 'via-root-link', 'other-abs'), fc.array(seg, { maxLength: 5 }), fc.boolean(), (start, segs, trailing) => {
        const tail = segs.join('/') + (trailing ? '/' : '');
        const arg = start === 'rel' ? tail : start === 'abs' ? `${root}/${tail}` : start === 'via-root-link' ? `${top}/root-link/${tail}` : `/${tail}`;
        let name: string;
        try {
          name = entryName(root, arg);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          expect((err as Error).message).toContain(`entry '${arg}'`);
          return;
        }
        const parts = name.split('/');
        for (const p of parts) expect(['', '.', '..']).not.toContain(p);
        // The deepest ancestor that exists, through every symlink, is the root or inside it.
        let ancestor = path.dirname(path.join(root, name));
        while (!fs.existsSync(ancestor)) ancestor = path.dirname(ancestor);
        const real = fs.realpathSync(ancestor);
        expect(real === root || real.startsWith(`${root}/`)).toBe(true);
        expect(parts[parts.length - 1]).toBe(path.basename(path.resolve(root, arg)));
      }),
      { numRuns: 3000 },
    );
  });

  test('regression found by fuzzing: a missing path under a symlink out of the cache is outside it', () => {
    expect(() => entryName(root, 'link-out/new/a')).toThrow(UsageError);
    expect(() => entryName(root, `${root}/link-out/new/a`)).toThrow(/is not inside the cache/);
    expect(entryName(root, 'link-in/new/a')).toBe('dir/new/a');
  });

  test('plain segments inside the cache name exactly that entry', () => {
    const plain = fc.array(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._ -]{0,8}$/).filter((s) => !['.', '..', 'link-out', 'link-in'].includes(s)), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(plain, fc.boolean(), (segs, abs) => {
        const rel = segs.join('/');
        expect(entryName(root, abs ? path.join(root, rel) : rel)).toBe(rel);
      }),
      { numRuns: 2000 },
    );
  });
});
