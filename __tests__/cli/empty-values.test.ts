/**
 * Empty values that widened what a clean deletes, refused (through the BUILT cli): an empty --include glob
 * (`--include "$ONLY"` with $ONLY unset, or `include: ""` in the config file) was dropped, and with no --include left
 * every entry was a candidate, so the clean emptied the cache; an empty --max-delete was read as no cap; an empty
 * --instances-dir was the working directory, in place of Nova's instances directory. And a glob written as a path,
 * or with a blank at an edge, which matched nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { snapshot } from '../helpers/cache.js';
import { age, cleanup, qcow2Over, rawImage, tempDir } from '../helpers/in-use.js';
import { expectRefused, oldCache } from '../helpers/refused.js';
import { runCli } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';

afterEach(cleanup);

const LINE = 'cachesweep: --include: an empty glob would make every entry a candidate, not none; give a glob, or leave --include out';

describe('an empty --include', () => {
  it.each([[['--include', '']], [['--include=']], [['--include', 'a.img', '--include', '']]])(
    'clean %j is refused in one line (exit 2) and deletes nothing',
    async (flags) => {
      await expectRefused(oldCache(), ['--max-age', '1d', ...flags], LINE);
    },
  );

  it('from the config file too, naming its line', async () => {
    const root = oldCache();
    const config = path.join(tempDir(), 'config.yaml');
    fs.writeFileSync(config, 'include: ""\n');
    const before = snapshot(root);
    const r = await runCli(['clean', root, '--max-age', '1d', '--config', config]);
    expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({ code: 2, out: '', err: `${LINE} (include from ${config} line 1)\n` });
    expect(snapshot(root)).toEqual(before);
  });

  it('a glob still selects: only a.img is deleted', async () => {
    const root = oldCache();
    const r = await runCli(['clean', root, '--max-age', '1d', '--include', 'a.img']);
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: '' });
    expect(fs.readdirSync(root)).toEqual(['b.img']);
  });
});

describe('an empty --max-delete', () => {
  // It was read as no cap: `--max-delete "$CAP"` with $CAP unset ran uncapped.
  const CAP = 'cachesweep: --max-delete: an empty value is not "no cap"; give a number of entries (100) or a size (50G), or leave --max-delete out';

  it.each([[['--max-delete', '']], [['--max-delete=']]])('clean %j is refused in one line (exit 2) and deletes nothing', async (flags) => {
    await expectRefused(oldCache(), ['--max-age', '1d', ...flags], CAP);
  });

  it('from the config file too, naming its line', async () => {
    const root = oldCache();
    const config = path.join(tempDir(), 'config.yaml');
    fs.writeFileSync(config, 'max-delete: ""\n');
    const before = snapshot(root);
    const r = await runCli(['clean', root, '--max-age', '1d', '--config', config]);
    expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({ code: 2, out: '', err: `${CAP} (max-delete from ${config} line 1)\n` });
    expect(snapshot(root)).toEqual(before);
  });

  it('a cap still caps: one entry of two is deleted', async () => {
    const root = oldCache();
    const r = await runCli(['clean', root, '--max-age', '1d', '--max-delete', '1']);
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: '' });
    expect(fs.readdirSync(root)).toHaveLength(1);
  });
});

describe('an empty --instances-dir', () => {
  // path.resolve('') is the working directory: it replaced Nova's instances directory (the parent of _base), no disk
  // was found there, and the base image of a stopped instance was evicted with only a warning.
  it('is refused in one line (exit 2) and the backing file of an instance stays', async () => {
    const inst = path.join(tempDir(), 'instances');
    const used = path.join(inst, '_base', 'a'.repeat(40));
    rawImage(used);
    qcow2Over(path.join(inst, '11111111-aaaa-4000-8000-000000000001', 'disk'), used, 'raw');
    age(used, 3 * DAY);
    const elsewhere = tempDir();
    const before = snapshot(inst);
    const r = await runCli(['clean', path.join(inst, '_base'), '--max-age', '1d', '--instances-dir', ''], { cwd: elsewhere });
    expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({
      code: 2,
      out: '',
      err: 'cachesweep: --instances-dir: an empty value is not a directory; give the directory holding the instance disks, or leave --instances-dir out\n',
    });
    expect(snapshot(inst)).toEqual(before);
  });
});

describe('a glob written as a path', () => {
  // Entry names are relative and never start or end with '/': such a --protect protected nothing, and the clean
  // deleted what it named (`--protect golden/` is how a shell completes a directory).
  it.each([
    ['--protect', (root: string) => path.join(root, 'a.img'), 'is an absolute path: globs match entry names, relative to the cache directory; it would protect nothing'],
    ['--protect', () => 'a.img/', "ends with '/', which no entry name does (give the directory's name without it); it would protect nothing"],
    ['--include', () => 'a.img/', "ends with '/', which no entry name does (give the directory's name without it); it would include nothing"],
    // a blank left at an edge (a quoted list, a config line's end) matched only names with that blank
    ['--protect', () => 'a.img ', "ends with white space (for a name that does, escape it: '\\ '); it would protect nothing"],
    ['--protect', () => ' a.img', "begins with white space (for a name that does, escape it: '\\ '); it would protect nothing"],
  ])('clean %s is refused in one line (exit 2) and deletes nothing', async (flag, glob, why) => {
    const root = oldCache();
    const g = glob(root);
    const before = snapshot(root);
    const r = await runCli(['clean', root, '--max-age', '1d', flag, g]);
    expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({ code: 2, out: '', err: `cachesweep: ${flag}: '${g}' ${why}\n` });
    expect(snapshot(root)).toEqual(before);
  });

  it('the name protects', async () => {
    const root = oldCache();
    const r = await runCli(['clean', root, '--max-age', '1d', '--protect', 'a.img']);
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: '' });
    expect(fs.readdirSync(root)).toEqual(['a.img']);
  });

  it('an edge blank written escaped matches a name that has it', async () => {
    const root = oldCache();
    fs.renameSync(path.join(root, 'a.img'), path.join(root, 'a.img '));
    const r = await runCli(['clean', root, '--max-age', '1d', '--protect', 'a.img\\ ']);
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 0, err: '' });
    expect(fs.readdirSync(root)).toEqual(['a.img ']);
  });
});

describe('an empty --state-dir or --lock-file', () => {
  // Both fell back to the default place: `--state-dir "$UNSET"` read another store (pins made in the intended one
  // were not seen) and took another lock (a second job with the right directory did not exclude this one).
  const STATE = 'cachesweep: --state-dir: an empty value is not a directory; give the state directory (pins, usage store, lock), or leave --state-dir out';
  const LOCK = 'cachesweep: --lock-file: an empty value is not a file; give the lock file every run of this cache uses, or leave --lock-file out';

  it.each([[['--state-dir', '']], [['--state-dir=']]])('clean %j is refused in one line (exit 2) and deletes nothing', async (flags) => {
    const root = oldCache();
    const before = snapshot(root);
    const r = await runCli(['clean', root, '--max-age', '1d', ...flags], { stateDir: false });
    expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({ code: 2, out: '', err: `${STATE}\n` });
    expect(snapshot(root)).toEqual(before);
  });

  it('pin and plan too, and from the config file naming its line', async () => {
    const root = oldCache();
    for (const args of [['pin', root, 'a.img', '--state-dir='], ['plan', root, '--state-dir', '']]) {
      expect(await runCli(args, { stateDir: false })).toMatchObject({ code: 2, stdout: '', stderr: `${STATE}\n` });
    }
    const config = path.join(tempDir(), 'config.yaml');
    fs.writeFileSync(config, 'state-dir: ""\n');
    const r = await runCli(['clean', root, '--max-age', '1d', '--config', config], { stateDir: false });
    expect({ code: r.code, err: r.stderr }).toEqual({ code: 2, err: `${STATE} (state-dir from ${config} line 1)\n` });
    expect(fs.readdirSync(root).sort()).toEqual(['a.img', 'b.img']);
  });

  it.each([[['--lock-file', '']], [['--lock-file=']]])('clean %j is refused in one line (exit 2) and deletes nothing', async (flags) => {
    await expectRefused(oldCache(), ['--max-age', '1d', ...flags], LOCK);
  });
});

describe('an empty file name for --config, --in-use-from, --nova-conf, --glance-conf', () => {
  // `--config "$UNSET"` read the system config in place of the one meant; the others said `--in-use-from:  does not
  // exist`, naming nothing one could see.
  it.each([
    ['--config', 'an empty value is not a file name; give the config file, --no-config for none, or leave --config out'],
    ['--in-use-from', 'an empty value is not a file name (give - to read standard input)'],
    ['--nova-conf', 'an empty value is not a file name'],
    ['--glance-conf', 'an empty value is not a file name'],
  ])('clean %s "" is refused in one line (exit 2) and deletes nothing', async (flag, why) => {
    await expectRefused(oldCache(), ['--max-age', '1d', `${flag}=`], `cachesweep: ${flag}: ${why}`);
  });
});
