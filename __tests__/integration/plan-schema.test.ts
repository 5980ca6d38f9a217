import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { planDocSchema } from '../../src/report/plan-schema.js';
import { ago, makeTree, removeDir, tempDir } from '../helpers/cache.js';
import { REPO } from '../helpers/paths.js';
import { assertBuilt, describeRun, runCli, type RunResult } from '../helpers/run.js';
import { DAY, HOUR } from '../helpers/units.js';
import { nobodyCopy, oldDir, oldFile, runAsNobody } from '../helpers/faults.js';
import { expectValidPlanDocument, PLAN_SCHEMA_FILE, planSchemaErrors } from '../helpers/plan-schema.js';
import { requireRoot } from '../helpers/tmpfs.js';

// docs/plan.schema.json is generated from the zod declaration (src/report/plan-schema.ts), and every document the
// built CLI writes, in every situation that changes its shape, is valid against it and declares nothing it lacks.

const made: string[] = [];
const immutable: string[] = [];
afterAll(() => {
  for (const f of immutable) execFileSync('chattr', ['-i', f]);
  made.forEach(removeDir);
});
beforeAll(() => {
  requireRoot('the plan document tests (chattr, setpriv)');
  assertBuilt();
});

const GEN = path.join(REPO, 'scripts', 'gen-json-schema.mjs');

describe('docs/plan.schema.json', () => {
  test('is what the zod declaration generates (npm run gen:json-schema)', () => {
    const r = spawnSync(process.execPath, [GEN, '--check'], { encoding: 'utf8', cwd: REPO });
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });

  test('a file that is not is named, with the command that makes it', () => {
    const dir = tempDir();
    made.push(dir);
    const stale = path.join(dir, 'plan.schema.json');
    fs.writeFileSync(stale, fs.readFileSync(PLAN_SCHEMA_FILE, 'utf8').replace('"capped"', '"kept"'));
    const r = spawnSync(process.execPath, [GEN, '--check', stale], { encoding: 'utf8', cwd: REPO });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/plan\.schema\.json is not what src\/report\/plan-schema\.ts generates \(first difference at line \d+\): run npm run gen:json-schema/);
  });
});

/** Each document, by what made it. */
const docs = new Map<string, Record<string, any>>();

function keep(what: string, r: RunResult, codes: number[]): void {
  if (!codes.includes(r.code ?? -1)) throw new Error(`${what}: ${describeRun(r)}`);
  docs.set(what, JSON.parse(r.stdout) as Record<string, any>);
}

describe('real documents from the built CLI', () => {
  beforeAll(async () => {
    const work = tempDir();
    made.push(work);
    const root = path.join(work, 'cache');
    const state = path.join(work, 'state');
    fs.mkdirSync(root);
    makeTree(root, {
      'old.img': oldFile(64 * 1024),
      'older.img': { size: 32 * 1024, mtimeMs: ago(20 * DAY) },
      'old-dir': oldDir(3),
      'young.img': { size: 16 * 1024, mtimeMs: ago(HOUR) },
      'fresh.img': { size: 4096 },
      'download.part': { size: 4096, mtimeMs: ago(HOUR) },
      'golden.img': oldFile(),
      'busy.img': oldFile(),
      'pinned.img': oldFile(),
      stuck: oldDir(1),
    });
    fs.symlinkSync('old.img', path.join(root, 'latest.img'));
    fs.linkSync(path.join(root, 'golden.img'), path.join(root, 'golden-copy.img')); // a hard-link group, one member protected
    const list = path.join(work, 'in-use.txt');
    fs.writeFileSync(list, 'busy.img\n');
    const run = (args: string[]) => runCli(args, { stateDir: state });
    expect((await run(['pin', root, 'pinned.img'])).code).toBe(0);
    const common = ['--protect', 'golden*', '--in-use-from', list];
    keep('plan (age)', await run(['plan', root, '--json', ...common]), [0]);
    keep('plan (lru, threshold)', await run(['plan', root, '--json', '--strategy', 'lru', '--threshold', '64K', ...common]), [0, 5]);
    keep('plan (max-delete)', await run(['plan', root, '--json', '--strategy', 'size', '--threshold', '64K', '--max-delete', '1', ...common]), [0, 5]);
    const report = path.join(work, 'plan.json');
    const r = await run(['plan', root, '--report', report, '--strategy', 'gdsf', '--threshold', '1G', ...common]);
    expect(r.code).toBe(0);
    docs.set('plan --report x.json (below threshold)', JSON.parse(fs.readFileSync(report, 'utf8')) as Record<string, any>);
    keep('clean (max-delete)', await run(['clean', root, '--json', '--max-delete', '1', ...common]), [0, 5]);
    const f = path.join(root, 'stuck', 'f0');
    execFileSync('chattr', ['+i', f]);
    immutable.push(f);
    keep('clean (a failed deletion)', await run(['clean', root, '--json', ...common]), [4]);
  });

  test('unreadable entries (as nobody)', async () => {
    const cli = nobodyCopy();
    const work = tempDir();
    made.push(cli.dir, work);
    fs.chmodSync(work, 0o755);
    const root = path.join(work, 'cache');
    fs.mkdirSync(root);
    const state = path.join(work, 'state');
    fs.mkdirSync(state);
    makeTree(root, { ok: oldFile(), secret: oldDir(2) });
    execFileSync('chown', ['-R', 'nobody:nogroup', root, state]);
    execFileSync('chown', ['-R', 'root:root', path.join(root, 'secret')]);
    fs.chmodSync(path.join(root, 'secret'), 0o000);
    const r = await runAsNobody(cli.bin, ['plan', root, '--json', '--state-dir', state]);
    keep('plan (unreadable, as nobody)', r, [4]);
    expect(docs.get('plan (unreadable, as nobody)')!.unreadable).toEqual([{ entry: 'secret', path: 'secret', error: 'EACCES' }]);
  });

  test('every one is valid against the JSON Schema, with no undeclared field, and against the zod schema', () => {
    expect(docs.size).toBe(7);
    for (const [what, doc] of docs) {
      expect({ what, errors: planSchemaErrors(doc) }).toEqual({ what, errors: [] });
      expect({ what, zod: planDocSchema.safeParse(doc).success }).toEqual({ what, zod: true });
    }
  });

  test('between them they have every optional part: applied, failures, the cap, unreadable paths, link groups, many reasons', () => {
    const all = [...docs.values()];
    expect(all.some((d) => d.applied?.deleted.length > 0)).toBe(true);
    expect(all.some((d) => d.applied?.failed.length > 0)).toBe(true);
    expect(all.some((d) => d.summary.cappedCount > 0)).toBe(true);
    expect(all.some((d) => d.unreadable.length > 0)).toBe(true);
    expect(all.some((d) => d.entries.some((e: { linkGroup?: string }) => e.linkGroup === 'golden-copy.img'))).toBe(true);
    const reasons = new Set(all.flatMap((d) => d.entries.map((e: { reason: string }) => e.reason)));
    for (const r of ['expired', 'over-threshold', 'capped', 'below-threshold', 'too-young', 'in-use', 'pinned', 'protected', 'partial', 'unknown']) {
      expect(reasons).toContain(r);
    }
  });

  test('the validation can fail: an undeclared field, an unknown reason, a missing part', () => {
    const doc = docs.get('plan (age)')!;
    expect(planSchemaErrors({ ...doc, extra: 1 })).toEqual([expect.stringContaining('must NOT have additional properties')]);
    expect(planSchemaErrors({ ...doc, extra: 1 }, { closed: false })).toEqual([]); // schema 1 may gain fields
    const bogus = { ...doc, entries: [{ ...doc.entries[0], reason: 'bogus' }] };
    expect(planSchemaErrors(bogus)).toEqual([expect.stringContaining('/entries/0/reason must be equal to one of the allowed values')]);
    expect(planDocSchema.safeParse(bogus).success).toBe(false);
    const { entries: _, ...noEntries } = doc;
    expect(planSchemaErrors(noEntries, { closed: false })).toEqual([expect.stringContaining("must have required property 'entries'")]);
    expectValidPlanDocument(doc);
  });
});
