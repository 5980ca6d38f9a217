/**
 * Output that fits the terminal: plan, status, history and simulate run by the BUILT cachesweep on a real
 * pseudo-terminal 60, 80 and 200 columns wide print no line wider than it (long sha1 names, resized names that
 * differ only at the end, an image backing a dozen instances, whose in-use reason runs to a thousand characters),
 * shortened names stay distinct, and the full text is one flag away (--wide, --format plain, --json).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { age, cleanup, qcow2Over, rawImage, tempDir } from '../helpers/in-use.js';
import { parseJson, REPO, runCli } from '../helpers/run.js';
import { linesWiderThan, runInTerminal, screenLines } from '../helpers/tty.js';

const DAY = 86_400_000;
const sha = (s: string): string => createHash('sha1').update(s).digest('hex');
const SHARED = sha('shared-by-twelve-instances');
const OLD = Array.from({ length: 8 }, (_, i) => sha(`old-${i}`));
const TRACE = path.join(REPO, 'data', 'traces', 'adaptsize_request.csv');

let base: string;
let state: string;
let evicted: string;

beforeAll(async () => {
  const top = tempDir('cachesweep-tty-');
  base = path.join(top, 'instances', '_base');
  state = path.join(top, 'state');
  fs.mkdirSync(base, { recursive: true });
  for (const n of [SHARED, ...OLD, `${OLD[0]}_10737418240`, `${OLD[0]}_21474836480`]) rawImage(path.join(base, n), 64 * 1024);
  for (let i = 0; i < 12; i++) {
    qcow2Over(path.join(top, 'instances', `${String(i).padStart(8, '0')}-aaaa-4000-8000-00000000000${i % 10}`, 'disk'), `../_base/${SHARED}`, 'raw');
  }
  const now = Date.now();
  for (const n of fs.readdirSync(base)) age(path.join(base, n), 3 * DAY, now);
  // A history to show: a clean of another cache whose names differ only near their ends.
  const other = path.join(top, 'artifacts');
  fs.mkdirSync(other);
  for (const v of ['1.2.3', '1.2.4', '1.3.0']) {
    const f = path.join(other, `build-cache-artifact-of-a-long-project-name-version-${v}-linux-x86_64.tar.gz`);
    rawImage(f, 8192);
    age(f, 3 * DAY, now);
  }
  const r = await runCli(['clean', other, '--max-age', '1d'], { stateDir: state });
  expect(r.code).toBe(0);
  evicted = other;
}, 60_000);

afterAll(cleanup);

const commands = (): Record<string, string[]> => ({
  plan: ['plan', base, '--state-dir', state],
  status: ['status', base, '--state-dir', state],
  history: ['history', evicted, '--state-dir', state],
  simulate: ['simulate', '--trace', TRACE, '--capacity', '1M,10M,100M'],
});

/** The texts of a box table's first column (rows between the │ borders), header excluded. */
function firstColumn(output: string): string[] {
  return screenLines(output)
    .filter((l) => l.startsWith('│'))
    .map((l) => l.split('│')[1]!.trim())
    .filter((t, i) => i > 0 && t !== '');
}

describe.each([60, 80, 200])('on a terminal %i columns wide', (cols) => {
  it.each(['plan', 'status', 'history', 'simulate'])('%s prints no line wider than the terminal', async (cmd) => {
    const r = await runInTerminal(commands()[cmd]!, cols);
    expect(r.code).toBe(0);
    expect(r.output).toContain('┌'); // a table, on a terminal
    expect(linesWiderThan(r.output, cols)).toEqual([]);
  }, 60_000);
});

describe('shortened to fit, still told apart', () => {
  it('at 60 columns every name is shortened in the middle and no two entries look the same', async () => {
    const r = await runInTerminal(commands().plan!, 60);
    const names = firstColumn(r.output);
    expect(names).toHaveLength(11);
    expect(new Set(names).size).toBe(11);
    for (const n of names) expect(n).toMatch(/^[0-9a-f]+…[0-9a-f_]+$/);
    // the resized copies keep their distinguishing end
    expect(names.filter((n) => n.endsWith('18240') || n.endsWith('36480'))).toHaveLength(2);
    expect(r.output).toContain('--wide shows everything');
  }, 60_000);

  it('history names that differ only near the end stay different', async () => {
    const r = await runInTerminal(commands().history!, 60);
    const entries = screenLines(r.output)
      .filter((l) => l.startsWith('│'))
      .slice(1)
      .map((l) => l.split('│')[2]!.trim()); // the second column: `when` comes first
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.includes('…'))).toBe(true);
    expect(new Set(entries).size).toBe(3);
  }, 60_000);

  it('at 200 columns the sha1 names are shown whole', async () => {
    const r = await runInTerminal(commands().plan!, 200);
    for (const n of OLD) expect(r.output).toContain(n);
  }, 60_000);
});

describe('the full text, one flag away', () => {
  it('--wide: every column and the whole in-use reason, however wide', async () => {
    const r = await runInTerminal([...commands().plan!, '--wide'], 80);
    expect(r.output).toContain(`${OLD[0]}_21474836480`);
    expect(r.output).toContain('backing file of instances/00000002-aaaa-4000-8000-000000000002/disk; backing file of 9 more images');
    expect(screenLines(r.output).some((l) => l.includes('hits'))).toBe(true);
    expect(linesWiderThan(r.output, 80).length).toBeGreaterThan(0);
  }, 60_000);

  it('--format plain and --json keep names and reasons whole on a terminal', async () => {
    const plain = await runInTerminal([...commands().plan!, '--format', 'plain'], 60);
    expect(plain.output).toContain(`${OLD[0]}_21474836480`);
    expect(plain.output).toContain('backing file of instances/00000002-aaaa-4000-8000-000000000002/disk; backing file of 9 more images');
    expect(plain.output).not.toContain('…');
    const json = parseJson(await runCli(['plan', base, '--json'], { stateDir: state }));
    const shared = (json.entries as { name: string; reason: string; detail: string }[]).find((e) => e.name === SHARED)!;
    expect(plain.output).toContain(`${shared.reason}: ${shared.detail}`);
    expect(shared.detail).toMatch(/backing file of 9 more images$/);
  }, 60_000);

  it('COLUMNS, when set, is the width (here narrower than the terminal)', async () => {
    const r = await runInTerminal(commands().status!, 200, { COLUMNS: '70' });
    expect(linesWiderThan(r.output, 70)).toEqual([]);
    expect(r.output).toContain('70 columns');
  }, 60_000);
});
