import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../../src/cli/term/write-atomic.js';
import { tempDir } from '../../helpers/cache.js';

describe('writeFileAtomic', () => {
  test('writes, replaces, leaves no temporary file, readable by others', () => {
    const dir = tempDir();
    const f = path.join(dir, 'cachesweep.prom');
    writeFileAtomic(f, 'one\n');
    const ino = fs.statSync(f).ino;
    writeFileAtomic(f, 'two\n');
    expect(fs.readFileSync(f, 'utf8')).toBe('two\n');
    expect(fs.statSync(f).ino).not.toBe(ino); // a new file renamed over the old one
    expect(fs.readdirSync(dir)).toEqual(['cachesweep.prom']);
    expect(fs.statSync(f).mode & 0o044).toBe(0o044);
  });

  test('a failure leaves the old file as it was and no temporary file', () => {
    const dir = tempDir();
    const f = path.join(dir, 'r.json');
    writeFileAtomic(f, 'old');
    fs.mkdirSync(path.join(dir, 'sub'));
    // renaming a file over a non-empty directory fails
    fs.writeFileSync(path.join(dir, 'sub', 'x'), '');
    expect(() => writeFileAtomic(path.join(dir, 'sub'), 'new')).toThrow();
    expect(fs.readFileSync(f, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).sort()).toEqual(['r.json', 'sub']);
  });

  test('a text in pieces is written piece by piece; a piece that cannot be made leaves the old file and no temporary one', () => {
    const dir = tempDir();
    const f = path.join(dir, 'r.csv');
    writeFileAtomic(f, ['a,b\r\n', 'é,€\r\n', '']);
    expect(fs.readFileSync(f, 'utf8')).toBe('a,b\r\né,€\r\n');
    function* failing(): Generator<string> {
      yield 'half of a report';
      throw new Error('renderer failed');
    }
    expect(() => writeFileAtomic(f, failing())).toThrow('renderer failed');
    expect(fs.readFileSync(f, 'utf8')).toBe('a,b\r\né,€\r\n');
    expect(fs.readdirSync(dir)).toEqual(['r.csv']);
  });
});
