import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/cache.js';
import { REPO } from '../helpers/paths.js';
import { checkCachesweepConfig, checkCrontab, checkerFor, checkUnitIni, checkYaml, hasSystemdAnalyze, UNIT_EXTENSIONS, verifyUnits } from './example-checkers.js';

const DIR = path.join(REPO, 'docs', 'examples');
const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => !f.startsWith('.') && f !== 'README.md').map((f) => path.join(DIR, f)) : [];

describe('docs/examples: every file is checked by its kind', () => {
  test('there are examples', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files.map((f) => [path.basename(f), f]))('%s', (_name, file) => {
    const check = checkerFor(file);
    if (!check) throw new Error(`no checker for docs/examples/${path.basename(file)}: add one in __tests__/docs/example-checkers.ts`);
    expect(check(fs.readFileSync(file, 'utf8'))).toEqual([]);
  });

  const units = files.filter((f) => UNIT_EXTENSIONS.includes(path.extname(f)));
  const analyze = hasSystemdAnalyze();
  (units.length > 0 ? test : test.skip)(`systemd units pass systemd-analyze verify (${analyze ? 'available' : 'not installed: INI checks only'})`, () => {
    if (!analyze) return;
    expect(verifyUnits(units)).toEqual([]);
  });
});

describe('the checkers find problems (so their silence above means something)', () => {
  test('YAML', () => {
    expect(checkYaml('a: [\n')).not.toEqual([]);
    expect(checkYaml('a: 1\na: 2\n')).not.toEqual([]);
    expect(checkYaml('apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: x}\nspec: {schedule: "61 * * * *"}\n')).toEqual(['CronJob schedule "61 * * * *" is not a cron expression']);
    expect(checkYaml('---\nkind: Pod\n')).toEqual(expect.arrayContaining(['manifest without apiVersion', 'Pod without metadata.name']));
    expect(checkYaml('- hosts: all\n  tasks: []\n')).toEqual([]);
  });

  test('crontab', () => {
    expect(checkCrontab('# m h dom mon dow user command\nMAILTO=""\n*/15 * * * * root cachesweep clean /x\n@hourly cachesweep plan /x\n')).toEqual([]);
    expect(checkCrontab('*/15 * * * cachesweep\n')).not.toEqual([]);
    expect(checkCrontab('0 25 * * * root x\n')).toEqual(["line 1: field 2 '25': 25 is outside 0-23"]);
    expect(checkCrontab('# nothing\n')).toEqual(['no job']);
  });

  test('cachesweep config files: the loader, then the options of each profile', () => {
    expect(checkCachesweepConfig('strategy: lru\nprofiles:\n  p:\n    threshold: 85\n', 'config.yaml')).toEqual([
      "defaults: --strategy lru evicts under pressure: add --threshold (e.g. 85% or 500G) or --min-free (e.g. 20G), or --max-age (e.g. 7d)",
      "p: --threshold: '85' is ambiguous: add a unit, % for disk use (e.g. 85%) or a size (e.g. 85G)",
    ]);
    expect(checkCachesweepConfig('bogus: 1\n', 'config.yaml')).toEqual(["config.yaml:1: unknown key 'bogus'"]);
    expect(checkerFor('docs/examples/config.yaml')).toBeDefined();
    expect(checkerFor('docs/examples/notes.txt')).toBeUndefined();
  });

  test('unit files as INI', () => {
    expect(checkUnitIni('[Unit]\nDescription=x\n[Service]\nType=oneshot\nExecStart=/usr/bin/true\n', 'a.service')).toEqual([]);
    expect(checkUnitIni('[Service]\nType=oneshot\n', 'a.service')).toEqual(['no ExecStart']);
    expect(checkUnitIni('[Timer]\nPersistent=true\n', 'a.timer')).toEqual(['no On...= trigger in [Timer]']);
    expect(checkUnitIni('[Servic]\nExecStart=/x\nnot a line\n', 'a.service')).toEqual(expect.arrayContaining(['line 1: section [Servic] does not belong in a .service unit', 'line 3: not Key=value: not a line']));
  });

  (hasSystemdAnalyze() ? test : test.skip)('systemd-analyze verify, in its scratch root', () => {
    const dir = tempDir();
    const good = path.join(dir, 'good.service');
    fs.writeFileSync(good, '[Unit]\nDescription=ok\n[Service]\nType=oneshot\nExecStart=/usr/local/bin/cachesweep clean /var/cache/x\n');
    const timer = path.join(dir, 'good.timer');
    fs.writeFileSync(timer, '[Timer]\nOnCalendar=hourly\n[Install]\nWantedBy=timers.target\n');
    expect(verifyUnits([good, timer])).toEqual([]);
    const bad = path.join(dir, 'bad.service');
    fs.writeFileSync(bad, '[Service]\nType=oneshot\nExecStart=/usr/local/bin/cachesweep\nBogusKey=1\n');
    expect(verifyUnits([bad]).join('\n')).toMatch(/Unknown key 'BogusKey'/);
    const badTimer = path.join(dir, 'bad.timer');
    fs.writeFileSync(badTimer, '[Timer]\nOnCalendar=every blue moon\n');
    expect(verifyUnits([badTimer])).not.toEqual([]);
  });
});
