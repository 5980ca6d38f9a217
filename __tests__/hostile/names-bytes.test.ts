/**
 * Issue 12, case 14, through the built binary on real files whose names are bytes that are not UTF-8 (made with
 * Buffer paths), and other strange names: a line feed, a BEL, a C1 control, leading dashes, a literal backslash.
 * Node's string listing turned `\xff\xfe` into `\uFFFD\uFFFD`: the file was missing from the plan, the JSON and the
 * reports with no warning, and a directory holding such a name was planned as fully readable and left half-deleted
 * (`ENOENT lstat …/\uFFFD`, exit 4). Now every name is scanned, planned, shown in the one escape form (`\xff`),
 * accepted back in that form, and deleted by its exact bytes; two names that differ only in such bytes never meet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ago, tempDir } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';
import { parseCsv } from '../helpers/csv.js';
import { assertBuilt, describeRun, runCli, type RunResult } from '../helpers/run.js';

const b = (...parts: (string | number[] | Buffer)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.isBuffer(p) ? p : Buffer.from(p))));

/** Each name as bytes, and as every output must show it. */
const NAMES: [Buffer, string][] = [
  [b([0xff, 0xfe]), '\\xff\\xfe'],
  [b([0xfe, 0xff]), '\\xfe\\xff'], // Node's lossy string for both is '\uFFFD\uFFFD'
  [b('img-', [0xe9], '.qcow2'), 'img-\\xe9.qcow2'], // latin-1 é
  [b('img-é.qcow2'), 'img-é.qcow2'], // the same name in UTF-8: another file
  [b('a\nb'), 'a\\x0ab'],
  [b('bell\x07'), 'bell\\x07'],
  [b('c1-', [0xc2, 0x9b]), 'c1-\\u{9B}'], // the C1 character U+009B ...
  [b('c1-', [0x9b]), 'c1-\\x9b'], // ... and the lone byte 0x9B
  [b('-rf'), '-rf'],
  [b('--help'), '--help'],
  [b('\\xff'), '\\\\xff'], // four characters, not the byte
  [b('plain.img'), 'plain.img'],
];
const DIR = b('dir-', [0xff]);
const DIR_SHOWN = 'dir-\\xff';
const INNER = [b([0xfe]), b('sub', [0x80], '/', [0xc0, 0xaf]), b('sub', [0x80], '/ok')];
/** Never raw in what a person reads (line feeds that end lines aside), nor U+FFFD (a name lost to a lossy decoding). */
const HIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\uFFFD]/;

const base = tempDir('cachesweep-hostile-bytes-');
const root = path.join(base, 'cache');
const out = path.join(base, 'out');
const old = ago(3 * DAY) / 1000;

function build(): void {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root);
  const at = (n: Buffer): Buffer => Buffer.concat([Buffer.from(`${root}/`), n]);
  for (const [n] of NAMES) {
    fs.writeFileSync(at(n), Buffer.alloc(5000, 1));
    fs.utimesSync(at(n), old, old);
  }
  fs.mkdirSync(at(DIR));
  fs.mkdirSync(at(b(DIR, '/sub', [0x80])));
  for (const n of INNER) {
    const p = at(b(DIR, '/', n));
    fs.writeFileSync(p, Buffer.alloc(3000, 2));
    fs.utimesSync(p, old, old);
  }
  fs.utimesSync(at(b(DIR, '/sub', [0x80])), old, old);
  fs.utimesSync(at(DIR), old, old);
}

/** The names left in the cache, as hex (exact bytes). */
const left = (): string[] => (fs.readdirSync(root, { encoding: 'buffer' }) as Buffer[]).map((n) => n.toString('hex')).sort();
const hex = (n: Buffer): string => n.toString('hex');
const ok = (r: RunResult): RunResult => {
  if (r.code !== 0) throw new Error(describeRun(r));
  return r;
};
const read = (f: string): string => fs.readFileSync(path.join(out, f), 'utf8');

beforeAll(() => {
  assertBuilt();
  fs.mkdirSync(out, { recursive: true });
});
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('names that are not UTF-8, and other strange names (hostile case 14)', () => {
  beforeEach(build);

  it('are all scanned and planned, shown in the one escape form in text, JSON, CSV, Markdown and HTML', async () => {
    const reports = ['plan.csv', 'plan.md', 'plan.html', 'plan.json'].flatMap((f) => ['--report', path.join(out, f)]);
    const json = ok(await runCli(['plan', root, '--max-age', '1d', '--json', ...reports]));
    const doc = JSON.parse(json.stdout) as { entries: { name: string; bytes: number; decision: string; reason: string }[]; warnings: string[] };
    const shown = [...NAMES.map(([, s]) => s), DIR_SHOWN];
    expect(doc.entries.map((e) => e.name).sort()).toEqual([...shown].sort());
    expect(doc.entries.every((e) => e.decision === 'evict' && e.reason === 'expired')).toBe(true);
    expect(doc.warnings).toEqual([]);
    // The directory's files were all measured (each 3000 bytes): a lossy name used to be a file that vanished.
    const dir = doc.entries.find((e) => e.name === DIR_SHOWN)!;
    expect(dir.bytes).toBeGreaterThanOrEqual(3 * 3000);
    expect(JSON.parse(read('plan.json')).entries.map((e: { name: string }) => e.name).sort()).toEqual([...shown].sort());

    const rows = parseCsv(read('plan.csv'));
    const csvNames = rows.slice(1).map((r) => r[rows[0]!.indexOf('entry')]!);
    expect(csvNames.sort()).toEqual(shown.map((s) => (s.startsWith('-') ? `'${s}` : s)).sort());

    const plain = ok(await runCli(['plan', root, '--max-age', '1d'])).stdout;
    const csv = read('plan.csv').replace(/\r\n/g, '\n'); // RFC 4180 line ends
    for (const [what, text] of [['plain', plain], ['plan.md', read('plan.md')], ['plan.html', read('plan.html')], ['plan.csv', csv]] as const) {
      expect({ what, hidden: HIDDEN.exec(text)?.[0] ?? null }).toEqual({ what, hidden: null });
    }
    for (const s of shown) expect(plain).toContain(s);
    expect(read('plan.html')).toContain('\\xff\\xfe');
    expect(read('plan.md')).toContain('\\\\xfe\\\\xff'); // the Markdown source of \xfe\xff
  });

  it('are accepted back in that form by pin, touch and --protect, never confused with a name that decodes alike', async () => {
    const state = path.join(base, 'state-accept');
    fs.rmSync(state, { recursive: true, force: true });
    const run = (args: string[]) => runCli(args, { stateDir: state });
    expect(ok(await run(['pin', root, '\\xff\\xfe'])).stdout.trim()).toBe('pinned \\xff\\xfe');
    expect(ok(await run(['pin', root, '\\\\xff'])).stdout.trim()).toBe('pinned \\\\xff');
    expect(ok(await run(['touch', root, DIR_SHOWN])).stdout.trim()).toBe(`${DIR_SHOWN}: 1 hit`);
    // A name with leading dashes after `--`, as with any command-line tool (the state directory before it).
    expect(ok(await runCli(['pin', '--state-dir', state, root, '--', '-rf'], { stateDir: false })).stdout.trim()).toBe('pinned -rf');
    expect(ok(await runCli(['touch', '--state-dir', state, '--', root, '--help'], { stateDir: false })).stdout.trim()).toBe('--help: 1 hit');
    // A name that is not in the cache, even though Node's lossy string for it is the same as for two that are.
    const missing = await run(['touch', root, '\\xfe\\xfe']);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("entry '\\xfe\\xfe': \\xfe\\xfe does not exist") });
    // A pin may come before its entry (an image about to be pre-cached): it is that name's, and protects no look-alike.
    expect(ok(await run(['pin', root, '\\xfe\\xfe'])).stdout.trim()).toBe('pinned \\xfe\\xfe (not in the cache yet: the pin applies when it appears)');

    const r = ok(await run(['clean', root, '--max-age', '1d', '--json', '--protect', 'a\\x0a*', '--protect', 'c1-\\x9b', '--protect', 'img-\\xe9.*']));
    const doc = JSON.parse(r.stdout) as { entries: { name: string; reason: string }[]; applied: { deleted: string[]; failed: unknown[] } };
    const reason = Object.fromEntries(doc.entries.map((e) => [e.name, e.reason]));
    expect(reason).toMatchObject({
      '\\xff\\xfe': 'pinned',
      '\\xfe\\xff': 'expired',
      '\\\\xff': 'pinned',
      '-rf': 'pinned',
      'a\\x0ab': 'protected',
      'c1-\\x9b': 'protected',
      'c1-\\u{9B}': 'expired',
      'img-\\xe9.qcow2': 'protected',
      'img-é.qcow2': 'expired',
      [DIR_SHOWN]: 'too-young', // touched: used a moment ago
      '--help': 'too-young',
    });
    expect(doc.applied.failed).toEqual([]);
    const kept = [b([0xff, 0xfe]), b('\\xff'), b('-rf'), b('a\nb'), b('c1-', [0x9b]), b('img-', [0xe9], '.qcow2'), DIR, b('--help')].map(hex).sort();
    expect(left()).toEqual(kept);
  });

  it('--in-use-from takes them in the escape form too', async () => {
    const list = path.join(base, 'in-use.txt');
    fs.writeFileSync(list, '\\xfe\\xff\n' + `${root}/dir-\\xff/sub\\x80\n`);
    const doc = JSON.parse(ok(await runCli(['plan', root, '--max-age', '1d', '--json', '--in-use-from', list])).stdout) as { entries: { name: string; reason: string }[] };
    const reason = Object.fromEntries(doc.entries.map((e) => [e.name, e.reason]));
    expect(reason).toMatchObject({ '\\xfe\\xff': 'in-use', [DIR_SHOWN]: 'in-use', '\\xff\\xfe': 'expired' });
  });

  it('are deleted by their exact bytes: a directory full of them goes whole, exit 0, and nothing else with it', async () => {
    const outside = path.join(base, 'outside');
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(Buffer.from(`${outside}/\ufffd`), 'keep');
    fs.writeFileSync(Buffer.concat([Buffer.from(`${outside}/`), b([0xfe])]), 'keep');
    const r = ok(await runCli(['clean', root, '--max-age', '1d', '--json']));
    const doc = JSON.parse(r.stdout) as { applied: { deleted: string[]; failed: unknown[]; skipped: unknown[] } };
    expect(doc.applied.failed).toEqual([]);
    expect(doc.applied.skipped).toEqual([]);
    expect(doc.applied.deleted.sort()).toEqual([...NAMES.map(([, s]) => s), DIR_SHOWN].sort());
    expect(left()).toEqual([]);
    expect(fs.readdirSync(outside).length).toBe(2);
    // What the store recorded reads back as the same names (history shows them escaped, and apart).
    const hist = ok(await runCli(['history', root, '--json'], { stateDir: r.stateDir! }));
    const names = (JSON.parse(hist.stdout) as { evictions: { name: string }[] }).evictions.map((e) => e.name);
    expect(names.sort()).toEqual([...NAMES.map(([, s]) => s), DIR_SHOWN].sort());
  });

  it('report merge reads the escape form back and shows it once escaped, not twice', async () => {
    // A cache directory whose own name holds a backslash and a BEL: the node's JSON has its root in the escape form.
    const odd = path.join(base, 'odd\\dir\x07');
    fs.rmSync(odd, { recursive: true, force: true });
    fs.mkdirSync(odd);
    const plan = path.join(out, 'node.json');
    ok(await runCli(['plan', odd, '--max-age', '1d', '--report', plan]));
    const shown = `${base}/odd\\\\dir\\x07`;
    expect((JSON.parse(read('node.json')) as { root: string }).root).toBe(shown);
    ok(await runCli(['report', 'merge', plan, '--report', path.join(out, 'fleet.json'), '--report', path.join(out, 'fleet.csv')], { stateDir: false }));
    // Read back as the name it stands for, then escaped once on the way out: the same text, not `odd\\\\\\\\dir\\\\x07`.
    expect((JSON.parse(read('fleet.json')) as { nodes: { root: string }[] }).nodes.map((n) => n.root)).toEqual([shown]);
    const rows = parseCsv(read('fleet.csv'));
    expect(rows[1]![rows[0]!.indexOf('root')]).toBe(shown);
  });
});
