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
});
