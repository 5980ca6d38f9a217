/**
 * A flag that takes one value, given twice, and a switch given a value: one line, exit 2, nothing deleted (through the
 * BUILT cli). `clean DIR --dry-run=yes` used to delete: yargs reads any value but `true` as false.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, tempDir } from '../../helpers/in-use.js';
import { expectRefused, oldCache } from '../../helpers/refused.js';
import { runCli } from '../../helpers/run.js';

afterEach(cleanup);

describe('a switch given a value', () => {
  it.each([
    [['--dry-run=yes'], "cachesweep: --dry-run: a switch takes no value ('yes'); give --dry-run alone, or --no-dry-run"],
    [['--dry-run=1'], "cachesweep: --dry-run: a switch takes no value ('1'); give --dry-run alone, or --no-dry-run"],
    [['--json=maybe'], "cachesweep: --json: a switch takes no value ('maybe'); give --json alone, or --no-json"],
    [['-n=yes'], "cachesweep: -n: a switch takes no value ('yes'); give -n alone, or --no-dry-run"],
    [['--no-atime=yes'], "cachesweep: --no-atime: a switch takes no value ('yes'); give --no-atime alone, or --atime"],
  ])('clean %j is refused in one line (exit 2) and deletes nothing', async (flags, line) => {
    await expectRefused(oldCache(), flags, line);
  });

  it('=true and =false mean what yargs means by them', async () => {
    const root = oldCache();
    const dry = await runCli(['clean', root, '--dry-run=true', '--json']);
    expect(dry.code).toBe(0);
    expect(fs.readdirSync(root).sort()).toEqual(['a.img', 'b.img']);
    const real = await runCli(['clean', root, '--dry-run=false']);
    expect(real.code).toBe(0);
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

describe('a flag that takes one value, given twice', () => {
  it.each([
    [['--strategy', 'lru', '--strategy', 'age'], "cachesweep: --strategy given 2 times ('lru', 'age'): give it once"],
    [['--max-age', '1d', '--max-age', '2d'], "cachesweep: --max-age given 2 times ('1d', '2d'): give it once"],
    [['--format', 'json', '--format', 'plain'], "cachesweep: --format given 2 times ('json', 'plain'): give it once"],
  ])('%j is refused in one line (exit 2) and deletes nothing', async (flags, line) => {
    await expectRefused(oldCache(), flags, line);
  });

  it('repeatable flags still take every value: --protect, --in-use-from', async () => {
    const root = oldCache();
    const list = path.join(tempDir(), 'in-use.txt');
    fs.writeFileSync(list, 'b.img\n');
    const r = await runCli(['clean', root, '--protect', 'a.img', '--protect', 'nothing-*', '--in-use-from', list, '--in-use-from', list]);
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: '' });
    expect(fs.readdirSync(root).sort()).toEqual(['a.img', 'b.img']);
  });
});

describe('a long flag with capitals', () => {
  // yargs camel-cased `--DRY-RUN` to dryRun and strict mode let it pass, but the config layer wrote the default back:
  // the clean deleted, and `--MIN-AGE 30d` was ignored.
  it.each([
    [['--DRY-RUN'], 'cachesweep: unknown argument --DRY-RUN: flags are lower case (--dry-run; see --help)'],
    [['--no-DRY-RUN'], 'cachesweep: unknown argument --no-DRY-RUN: flags are lower case (--no-dry-run; see --help)'],
    [['--MIN-AGE=30d'], 'cachesweep: unknown argument --MIN-AGE: flags are lower case (--min-age; see --help)'],
    [['--Max-Delete', '0'], 'cachesweep: unknown argument --Max-Delete: flags are lower case (--max-delete; see --help)'],
  ])('clean %j is refused in one line (exit 2) and deletes nothing', async (flags, line) => {
    await expectRefused(oldCache(), flags, line);
  });

  it("yargs' camel case still works: --dryRun is a dry run", async () => {
    const root = oldCache();
    const r = await runCli(['clean', root, '--dryRun']);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(root).sort()).toEqual(['a.img', 'b.img']);
  });
});
