/**
 * The public API as a user gets it: the packed package installed into another project and imported as
 * 'cachesweep' (docs/api.md). Its plans are the CLI's plans, its examples run, its types compile.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempCache, writeFile } from '../helpers/cache.js';
import { REPO } from '../helpers/paths.js';
import { runCli } from '../helpers/run.js';
import { DAY, HOUR } from '../helpers/units.js';
import { REASONS } from '../../src/report/plan-schema.js';
import { packAndInstall, runModule, type Installed } from '../helpers/package.js';

const NOW = '2026-03-01T12:00:00.000Z';
const now = Date.parse(NOW);
let pkg: Installed;
let t: ReturnType<typeof tempCache>;

beforeAll(() => {
  pkg = packAndInstall();
}, 120_000);
afterAll(() => pkg?.cleanup());
beforeEach(() => {
  t = tempCache();
  writeFile(path.join(t.cache, 'old'), 600_000, now - 9 * DAY);
  writeFile(path.join(t.cache, 'older'), 600_000, now - 10 * DAY);
  writeFile(path.join(t.cache, 'recent'), 600_000, now - 2 * HOUR);
  writeFile(path.join(t.cache, 'dir', 'a'), 4096, now - 3 * DAY);
});
afterEach(() => t.cleanup());

/** A plan or status document without the disk's figures, which move between two runs on a shared disk. */
function withoutDisk(doc: Record<string, unknown>): Record<string, unknown> {
  const strip = (f: unknown): unknown => (f && typeof f === 'object' ? { ...(f as object), diskUsedPercent: 0, diskUsedBytes: 0, diskAvailableBytes: 0 } : f);
  return { ...doc, before: strip(doc.before), after: strip(doc.after), figures: strip(doc.figures), disk: undefined };
}

const script = (body: string): string => `import * as cs from 'cachesweep';\nconst [root, stateDir] = process.argv.slice(2);\nconst clock = () => ${now};\n${body}\n`;

it('packs what a user needs and nothing of the checkout', () => {
  expect(pkg.files).toEqual(expect.arrayContaining(['package.json', 'bin/cachesweep', 'dist/index.js', 'dist/index.d.ts', 'docs/api.md', 'man/cachesweep.1']));
  expect(pkg.files.filter((f) => /^(src|__tests__|scripts)\//.test(f))).toEqual([]);
  // A module moved away leaves no stale copy in the package (npm run build empties dist/ first).
  const stale = pkg.files.filter((f) => f.startsWith('dist/') && f.endsWith('.js')).filter((f) => !fs.existsSync(path.join(REPO, 'src', f.slice(5, -3) + '.ts')));
  expect(stale).toEqual([]);
});

it('planCache through the package is the plan the CLI prints: same document but for the disk figures', async () => {
  const cli = await runCli(['plan', t.cache, '--json', '--strategy', 'lru', '--threshold', '1M', '--now', NOW], { stateDir: t.state });
  expect(cli.code).toBe(0);
  const r = runModule(pkg.project, 'plan.mjs', script(`
    const plan = await cs.planCache({ root, stateDir, clock, plan: cs.planOptionsFrom({ strategy: 'lru', threshold: '1M' }) });
    const at = [...Array(plan.count).keys()].map((i) => plan.at(i).entry.name);
    console.log(JSON.stringify({
      doc: cs.planDocument(plan, { host: ${JSON.stringify(os.hostname())}, exitCode: 0 }),
      iterated: [...plan].map((e) => e.entry.name), at, outside: [plan.at(-1), plan.at(plan.count)],
      victims: [...plan.victims()].map((e) => e.entry.name), isArray: Array.isArray(plan.entries),
    }));`), [t.cache, t.state]);
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout);
  expect(withoutDisk(out.doc)).toEqual(withoutDisk(JSON.parse(cli.stdout)));
  expect(out.victims).toEqual(['older', 'old']); // least recently used first, until the cache is under 90% of 1 MiB
  expect(out.iterated).toEqual(['older', 'old', 'dir', 'recent']);
  expect(out.at).toEqual(out.iterated);
  expect(out.outside).toEqual([null, null]);
  expect(out.isArray).toBe(false);
  expect(fs.existsSync(t.state)).toBe(false); // planning writes nothing, not even the state directory
});

it('cacheStatus through the package is the inventory `status --json` prints', async () => {
  const cli = await runCli(['status', t.cache, '--json', '--now', NOW], { stateDir: t.state });
  const r = runModule(pkg.project, 'status.mjs', script(`
    const s = await cs.cacheStatus({ root, stateDir, clock });
    console.log(JSON.stringify({ doc: cs.statusDocument(s), names: [...s].map((e) => e.entry.name), count: s.count, first: s.at(0).entry.name }));`), [t.cache, t.state]);
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout);
  expect(withoutDisk(out.doc)).toEqual(withoutDisk(JSON.parse(cli.stdout)));
  expect(out).toMatchObject({ names: ['dir', 'old', 'older', 'recent'], count: 4, first: 'dir' });
});

it('the plan document checks against the exported zod schema and the packaged JSON Schema, and a wrong one does not', () => {
  const r = runModule(pkg.project, 'schema.mjs', script(`
    import fs from 'node:fs';
    const plan = await cs.planCache({ root, stateDir, clock, plan: cs.planOptionsFrom({ strategy: 'lru', threshold: '1M' }) });
    const doc = JSON.parse(JSON.stringify(cs.planDocument(plan, { host: 'n1' })));
    const schema = JSON.parse(fs.readFileSync(new URL(import.meta.resolve('cachesweep/plan.schema.json')), 'utf8'));
    console.log(JSON.stringify({
      ok: cs.planDocSchema.safeParse(doc).success,
      wrong: cs.planDocSchema.safeParse({ ...doc, entries: [{ ...doc.entries[0], decision: 'maybe' }] }).success,
      title: schema.title, reasons: schema.definitions.entry.properties.reason.enum,
    }));`), [t.cache, t.state]);
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual({ ok: true, wrong: false, title: 'cachesweep plan document, schema 1', reasons: [...REASONS] });
});

it('cleanCache through the package deletes the victims, tells each hook in order, and records the run', async () => {
  const r = runModule(pkg.project, 'clean.mjs', script(`
    const seen = [];
    const res = await cs.cleanCache({ root, stateDir, clock, plan: cs.planOptionsFrom({ maxAge: '7d' }) }, {
      onLocated: (w) => seen.push('located ' + (w.root === root)),
      onPlanned: (p) => seen.push('planned ' + p.summary.evictCount),
      beforeApply: async () => { seen.push('before apply'); },
      stopReason: () => null,
      onOutcome: (v, outcome) => seen.push(outcome + ' ' + v.entry.name),
    });
    console.log(JSON.stringify({ seen, applied: res.applied, storeError: res.storeError }));`), [t.cache, t.state]);
  expect(r.stderr).toBe('');
  const out = JSON.parse(r.stdout);
  expect(out.seen).toEqual(['located true', 'planned 2', 'before apply', 'deleted older', 'deleted old']);
  expect(out.applied).toMatchObject({ deleted: ['older', 'old'], skipped: [], failed: [], interrupted: false });
  expect(out.storeError).toBeNull();
  expect(fs.readdirSync(t.cache).sort()).toEqual(['dir', 'recent']);
  const history = await runCli(['history', t.cache, '--json', '--now', NOW], { stateDir: t.state });
  expect((JSON.parse(history.stdout) as { evictions: { name: string }[] }).evictions.map((e) => e.name).sort()).toEqual(['old', 'older']);
});

it('errors are the exported classes: a bad option, a second run holding the lock', () => {
  const r = runModule(pkg.project, 'errors.mjs', script(`
    const name = async (f) => { try { await f(); return 'resolved'; } catch (e) { return e.constructor.name + ': ' + (e instanceof cs.UsageError) + ' ' + (e instanceof cs.LockedError); } };
    const plan = cs.planOptionsFrom({});
    const results = [
      await name(() => cs.planCache({ root: root + '/missing', stateDir, plan })),
      await name(() => cs.planOptionsFrom({ strategy: 'nope' })),
      await name(() => cs.cacheStatus({ root, stateDir, layout: 'nope' })),
    ];
    let inner;
    await cs.cleanCache({ root, stateDir, clock, plan }, { beforeApply: async () => { inner = await name(() => cs.cleanCache({ root, stateDir, clock, plan })); } });
    console.log(JSON.stringify([...results, inner]));`), [t.cache, t.state]);
  expect(r.stderr).toBe('');
  // The library words no flag: an unknown layout is the registry's own error, which the CLI words for --layout.
  expect(JSON.parse(r.stdout)).toEqual(['UsageError: true false', 'UsageError: true false', 'UnknownNameError: true false', 'LockedError: false true']);
});

it('the examples of docs/api.md run against the package', () => {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'api.md'), 'utf8');
  const examples = new Map([...doc.matchAll(/```js (\S+)\n([\s\S]*?)```/g)].map((m) => [m[1]!, m[2]!]));
  expect([...examples.keys()]).toEqual(['plan-example', 'clean-example']);
  const env = { CACHESWEEP_STATE_DIR: t.state };
  const plan = runModule(pkg.project, 'plan-example.mjs', examples.get('plan-example')!, [t.cache], env);
  expect(plan).toEqual({ code: 0, stderr: '', stdout: '4 entries; evict 2 (1204224 bytes)\n1. older: over-threshold\n2. old: over-threshold\n' });
  // The clean example runs on the real clock: a cache of its own, aged from now.
  const c = tempCache();
  try {
    writeFile(path.join(c.cache, 'a-month-old'), 8192, Date.now() - 30 * DAY);
    writeFile(path.join(c.cache, 'a-day-old'), 8192, Date.now() - DAY);
    const clean = runModule(pkg.project, 'clean-example.mjs', examples.get('clean-example')!, [c.cache], { CACHESWEEP_STATE_DIR: c.state });
    expect(clean).toEqual({ code: 0, stderr: '', stdout: 'evicting 1 of 2 entries\ndeleted a-month-old\ndeleted 1, freed 8192 bytes of 8192 planned\n' });
    expect(fs.readdirSync(c.cache)).toEqual(['a-day-old']);
  } finally {
    c.cleanup();
  }
});

it('its types compile in a TypeScript project, and promise no array of entries', () => {
  fs.writeFileSync(path.join(pkg.project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [path.join(REPO, 'node_modules', '@types')] },
    files: ['use.ts'],
  }));
  fs.writeFileSync(path.join(pkg.project, 'use.ts'), [
    "import { cacheStatus, cleanCache, planCache, planOptionsFrom, type CachePlan, type CleanResult, type PlannedEntry } from 'cachesweep';",
    "const plan: CachePlan = await planCache({ root: '/srv/cache', plan: planOptionsFrom({ strategy: 'lru', threshold: '80%' }) });",
    'const first: PlannedEntry | undefined = plan.at(0);',
    "for (const e of plan.victims()) e.decision satisfies 'evict' | 'keep';",
    "const done: CleanResult = await cleanCache({ root: '/srv/cache', plan: planOptionsFrom({}), lockStaleMs: 60_000 }, { stopReason: () => null });",
    "const figures = (await cacheStatus({ root: '/srv/cache', noAtime: true })).figures.cacheBytes;",
    '// @ts-expect-error the entries are not an array (they will be held in columns)',
    'plan.entries;',
    "// @ts-expect-error options are typed data, not flag strings",
    "await planCache({ root: '/srv/cache', plan: { strategy: 'lru', threshold: '80%' } });",
    "// @ts-expect-error only the package entry is exported",
    "await import('cachesweep/dist/scan/scan.js');",
    'export { first, done, figures };',
  ].join('\n'));
  const tsc = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', pkg.project], { encoding: 'utf8' });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
});

it('refuses imports below the package entry at run time too', () => {
  const r = runModule(pkg.project, 'deep.mjs', "await import('cachesweep/dist/scan/scan.js');\n");
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
});
