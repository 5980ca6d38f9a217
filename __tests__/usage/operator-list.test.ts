import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../src/shared/errors.js';
import { scan } from '../../src/scan/scan.js';
import { mergeUsage } from '../../src/usage/merge.js';
import { OperatorListProvider, parseInUseList } from '../../src/usage/operator-list.js';
import { cleanup, tempDir } from '../helpers/in-use.js';

afterAll(cleanup);

describe('parseInUseList', () => {
  it('one value a line; blank lines and # comments ignored; line numbers kept', () => {
    const text = '# images the gold pool needs\nabc\n\n  def  \n/srv/cache/ghi # still needed\nname#with-hash\n';
    expect(parseInUseList(text)).toEqual([
      { line: 2, value: 'abc' },
      { line: 4, value: 'def' },
      { line: 5, value: '/srv/cache/ghi' },
      { line: 6, value: 'name#with-hash' },
    ]);
  });
});

describe('OperatorListProvider', () => {
  function setup() {
    const root = tempDir();
    for (const n of ['keep-me', 'by-path', 'free']) fs.writeFileSync(path.join(root, n), n);
    fs.mkdirSync(path.join(root, 'dir'));
    fs.writeFileSync(path.join(root, 'dir', 'f'), 'f');
    const list = path.join(tempDir(), 'in-use.txt');
    fs.writeFileSync(list, `keep-me\n${path.join(root, 'by-path')}\n${path.join(root, 'dir', 'f')}\nnot-there # typo\n`);
    return { root, list, entries: scan(root).entries };
  }

  it('names and absolute paths (inside a directory entry too) are in use; a name not in the cache is a warning', () => {
    const { root, list, entries } = setup();
    const warnings: string[] = [];
    const p = new OperatorListProvider({ root, files: [list], warn: (w) => warnings.push(w) });
    const usage = mergeUsage(entries, p.collect(entries));
    expect(usage.get('keep-me')!.inUse).toEqual([`listed in ${list}`]);
    expect(usage.get('by-path')!.inUse).toEqual([`listed in ${list}`]);
    expect(usage.get('dir')!.inUse).toEqual([`listed in ${list}`]);
    expect(usage.get('free')!.inUse).toEqual([]);
    expect(warnings).toEqual([`--in-use-from ${list} line 4: 'not-there' is not an entry of the cache ${root}`]);
  });

  it('stdin (-) is read once; a file is read again at the re-check', () => {
    const { root, list, entries } = setup();
    const p = new OperatorListProvider({ root, files: ['-', list], readStdin: () => 'free\n', warn: () => undefined });
    const usage = mergeUsage(entries, p.collect(entries));
    expect(usage.get('free')!.inUse).toEqual(['listed in stdin']);
    const free = entries.find((e) => e.name === 'free')!;
    fs.appendFileSync(list, 'free\n');
    expect(p.recheck(free)).toEqual(['listed in stdin', `listed in ${list}`]);
    fs.rmSync(list);
    expect(p.recheck(free)).toEqual(['listed in stdin', `--in-use-from ${list} cannot be read again (does not exist)`]);
  });

  it('a list that does not exist is a usage error naming it', () => {
    const { root } = setup();
    const missing = path.join(root, 'nope.txt');
    expect(() => new OperatorListProvider({ root, files: [missing], warn: () => undefined })).toThrow(UsageError);
    expect(() => new OperatorListProvider({ root, files: [missing], warn: () => undefined })).toThrow(`--in-use-from: ${missing} does not exist`);
  });

  describe('a directory that holds entries (--entries files)', () => {
    function deep() {
      const root = tempDir();
      for (const f of ['a/1/x', 'a/1/y', 'a/2/z', 'ab/1/w', 'b/v']) {
        fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
        fs.writeFileSync(path.join(root, f), f);
      }
      return { root, entries: scan(root, { entries: { kind: 'files' } }).entries };
    }
    const inUse = (root: string, entries: ReturnType<typeof deep>['entries'], text: string) => {
      const warnings: string[] = [];
      const p = new OperatorListProvider({ root, files: ['-'], readStdin: () => text, warn: (w) => warnings.push(w) });
      const usage = mergeUsage(entries, p.collect(entries));
      return { names: entries.filter((e) => usage.get(e.name)!.inUse.length > 0).map((e) => e.name), warnings, p };
    };

    it('covers every entry below it, by name or absolute path, and not a sibling that shares its prefix', () => {
      const { root, entries } = deep();
      expect(entries.map((e) => e.name)).toEqual(['a/1/x', 'a/1/y', 'a/2/z', 'ab/1/w', 'b/v']);
      for (const listed of ['a', 'a/', './a', path.join(root, 'a'), `${path.join(root, 'a')}/`]) {
        expect(inUse(root, entries, `${listed}\n`)).toMatchObject({ names: ['a/1/x', 'a/1/y', 'a/2/z'], warnings: [] });
      }
      expect(inUse(root, entries, 'a/1\n').names).toEqual(['a/1/x', 'a/1/y']);
      expect(inUse(root, entries, 'a/1/x\n').names).toEqual(['a/1/x']);
    });

    it('the root itself covers the whole cache; a directory with no entry below is still a warning', () => {
      const { root, entries } = deep();
      expect(inUse(root, entries, `${root}\n`).names).toEqual(entries.map((e) => e.name));
      fs.mkdirSync(path.join(root, 'empty'));
      const r = inUse(root, entries, 'empty\n');
      expect(r.names).toEqual([]);
      expect(r.warnings).toEqual([`--in-use-from stdin line 1: 'empty' is not an entry of the cache ${root}`]);
    });

    it('the re-check of a batch covers its victims below a listed directory', () => {
      const { root, entries } = deep();
      const { p } = inUse(root, entries, 'a/2\n');
      const batch = entries.filter((e) => e.name !== 'a/1/x');
      expect([...p.recheckMany(batch).keys()]).toEqual(['a/2/z']);
    });
  });
});
