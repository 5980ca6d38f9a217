import fs from 'node:fs';
import path from 'node:path';
import yargs, { type Argv } from 'yargs';
import { configurableFlags, META_FLAGS } from '../../../src/cli/args/config-keys.js';
import { commandView } from '../../../src/cli/args/config-middleware.js';
import * as flagModule from '../../../src/cli/args/flags.js';
import * as inUseFlagModule from '../../../src/cli/args/flags-in-use.js';
import { main } from '../../../src/cli/main.js';
import { idleFiles, makeTree, tempDir } from '../../helpers/cache.js';
import { captureOutput } from '../../helpers/ops-fixtures.js';
import { runCliSync } from '../../helpers/run.js';

interface ConfigJson {
  file: string | null;
  profile: string | null;
  root: { value: string; from: string } | null;
  options: Record<string, { value: unknown; from: string }>;
}

async function printConfig(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; doc?: ConfigJson; err: string }> {
  const o = captureOutput();
  const code = await main(['config', '--json', ...args], o, { CACHESWEEP_SYSTEM_CONFIG: '/nonexistent.yaml', ...env });
  return { code, ...(code === 0 ? { doc: JSON.parse(o.stdout.join('')) as ConfigJson } : {}), err: o.stderr.join('\n') };
}

const dir = tempDir();
const cfg = path.join(dir, 'config.yaml');
fs.writeFileSync(
  cfg,
  ['min-age: 1h', 'strategy: size', 'threshold: 90%', 'profiles:', '  nova:', `    root: ${dir}/cache`, '    strategy: lru', '    threshold: 85%', ''].join('\n'),
);
makeTree(path.join(dir, 'cache'), idleFiles({ a: [4096, 48] }));

describe('configuration keys', () => {
  test('every option of every *Flags group in flags.ts and flags-in-use.ts is a key, except --config and --profile', () => {
    const keys = Object.keys(configurableFlags());
    for (const [name, group] of Object.entries({ ...flagModule, ...inUseFlagModule })) {
      if (!name.endsWith('Flags')) continue;
      for (const [k, opt] of Object.entries(group as Record<string, { hidden?: boolean }>)) {
        if (META_FLAGS.includes(k) || opt.hidden) expect(keys).not.toContain(k);
        else expect(keys).toContain(k);
      }
    }
    expect(keys).toEqual(expect.arrayContaining(['strategy', 'min-age', 'protect', 'layout', 'dry-run', 'max-delete', 'report', 'metrics-file', 'log-format']));
  });

  test('hidden flags (test hooks) are not keys; a flag in two groups is one key', () => {
    const keys = configurableFlags([
      { layout: { type: 'string' }, quiet: { type: 'boolean' } },
      { layout: { type: 'string' } },
      { now: { type: 'string', hidden: true } },
    ]);
    expect(Object.keys(keys).sort()).toEqual(['layout', 'quiet']);
  });

  test.each(['clean', 'plan', 'status'])('every flag of %s has a key (flags added outside the groups would not)', (cmd) => {
    const help = runCliSync([cmd, '--help'], { stateDir: false }).stdout;
    const flags = [...new Set([...help.matchAll(/^\s+(?:-\w, )?--([a-z][a-z-]+)\s/gm)].map((m) => m[1]!))];
    expect(flags.length).toBeGreaterThan(cmd === 'status' ? 6 : 15);
    const keys = new Set([...Object.keys(configurableFlags()), ...META_FLAGS, 'help', 'version']);
    expect(flags.filter((f) => !keys.has(f))).toEqual([]);
  });
});

describe('the yargs internals the middleware reads (pinned: a yargs upgrade that changes them fails here)', () => {
  test('declared options and the keys yargs filled from defaults', async () => {
    let seen: ReturnType<typeof commandView> | undefined;
    await yargs(['go', '--b', 'x'])
      .command({
        command: 'go',
        builder: (y: Argv) => y.options({ a: { type: 'string', default: 'd' }, b: { type: 'string', default: 'x' }, c: { type: 'string' } }),
        handler: () => undefined,
      })
      .middleware(((argv: Record<string, unknown>, y: unknown) => {
        seen = commandView(y, argv, {});
      }) as never, true)
      .exitProcess(false)
      .parseAsync();
    expect(seen).toBeDefined();
    expect(seen!.declared.has('a') && seen!.declared.has('b') && seen!.declared.has('c')).toBe(true);
    expect(seen!.isDefaulted('a')).toBe(true);
    expect(seen!.isDefaulted('b')).toBe(false); // given, even though equal to its default
  });
});

describe('config --print', () => {
  test('no file: built-in defaults', async () => {
    const r = await printConfig([]);
    expect(r.code).toBe(0);
    expect(r.doc!.file).toBeNull();
    expect(r.doc!.options['min-age']).toMatchObject({ value: '10m', from: 'default' });
  });

  test('file, profile, environment and flags, each where it belongs', async () => {
    const r = await printConfig(['--config', cfg, '--profile', 'nova', '--min-age', '10m'], { CACHESWEEP_MAX_AGE: '3d' });
    expect(r.err).toBe('');
    const o = r.doc!.options;
    expect(o.strategy).toMatchObject({ value: 'lru', from: `profile nova (${cfg} line 7)` });
    expect(o.threshold).toMatchObject({ value: '85%', from: `profile nova (${cfg} line 8)` });
    expect(o['max-age']).toMatchObject({ value: '3d', from: 'CACHESWEEP_MAX_AGE' });
    expect(o['min-age']).toMatchObject({ value: '10m', from: 'command line' }); // explicit, though equal to the default
    expect(r.doc!.root).toMatchObject({ value: `${dir}/cache`, from: `profile nova (${cfg} line 6)` });
  });

  test('CACHESWEEP_CONFIG and CACHESWEEP_PROFILE choose the file and the profile; --no-config reads none', async () => {
    const r = await printConfig([], { CACHESWEEP_CONFIG: cfg, CACHESWEEP_PROFILE: 'nova' });
    expect(r.doc!.profile).toBe('nova');
    const none = await printConfig(['--no-config'], { CACHESWEEP_SYSTEM_CONFIG: cfg });
    expect(none.doc!.file).toBeNull();
  });

  test('the system file is read when present', async () => {
    const r = await printConfig([], { CACHESWEEP_SYSTEM_CONFIG: cfg });
    expect(r.doc!.file).toBe(cfg);
    expect(r.doc!.options.strategy).toMatchObject({ value: 'size', from: `${cfg} line 2` });
  });

  test('a missing --config file is a usage error; a missing system file is not', async () => {
    const r = await printConfig(['--config', path.join(dir, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`cachesweep: --config: ${dir}/nope.yaml does not exist`);
    const env = await printConfig([], { CACHESWEEP_CONFIG: path.join(dir, 'nope.yaml') });
    expect(env.err).toBe(`cachesweep: CACHESWEEP_CONFIG: ${dir}/nope.yaml does not exist`);
  });

  test('a bad value in the file is traced to its file, line and key when the options are checked', async () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'strategy: lru\nthreshold: 85\n');
    const r = await printConfig(['--config', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`cachesweep: --threshold: '85' is ambiguous: add a unit, % for disk use (e.g. 85%) or a size (e.g. 85G) (threshold from ${bad} line 2)`);
  });
});

describe('runs take their options from the config', () => {
  test('plan with a profile needs no cache directory argument', async () => {
    const o = captureOutput();
    const code = await main(['plan', '--config', cfg, '--profile', 'nova', '--json'], o, { CACHESWEEP_SYSTEM_CONFIG: '/nonexistent.yaml' });
    expect(o.stderr).toEqual([]);
    expect(code).toBe(0);
    const doc = JSON.parse(o.stdout.join('')) as { root: string; strategy: string; trigger: { kind: string; threshold: number } };
    expect(doc.root).toBe(fs.realpathSync(path.join(dir, 'cache')));
    expect(doc.strategy).toBe('lru');
    expect(doc.trigger).toMatchObject({ kind: 'percent', threshold: 85 });
  });

  test('without a directory or a profile root, the usage error says so', async () => {
    const o = captureOutput();
    const code = await main(['plan', '--no-config'], o, {});
    expect(code).toBe(2);
    expect(o.stderr.join('')).toMatch(/^cachesweep: cache-dir: missing/);
  });

  test('a config value that yargs would reject is still checked (choices)', async () => {
    const o = captureOutput();
    const code = await main(['plan', dir, '--no-config'], o, { CACHESWEEP_LOG_FORMAT: 'xml' });
    expect(code).toBe(2);
    expect(o.stderr.join('')).toBe("cachesweep: CACHESWEEP_LOG_FORMAT: must be one of text, json, not 'xml'");
  });

  test('status ignores settings of flags it does not have, but the file must still be valid', async () => {
    const o = captureOutput();
    const code = await main(['status', '--config', cfg, '--profile', 'nova', '--json'], o, {});
    expect(code).toBe(0);
  });
});
