/**
 * Fuzzing config files (YAML, and JSON for a .json name) with the real configurable flags. The properties:
 *  - any text: a ConfigFile, or a UsageError whose message starts with `FILE:LINE:` (LINE a line of the text, or the
 *    one after it) and prints as one line; never another exception, never a hang on an alias bomb;
 *  - a file generated from a random valid option set (defaults, root, profiles) loads to exactly those options,
 *    each key with the line it was written on;
 *  - a random valid file with one key misspelled, duplicated or given a value of the wrong type is refused, naming
 *    the line of that key.
 */
import fc from 'fast-check';
import { configurableFlags } from '../../src/cli/args/config-keys.js';
import { oneLine } from '../../src/cli/term/error-line.js';
import { parseConfigText } from '../../src/config/config-file.js';
import { resolveEffective } from '../../src/config/effective.js';
import { UsageError } from '../../src/shared/errors.js';
import { choicesOf, kindOf, type FlagSpecs } from '../../src/config/flag-spec.js';

/** The real flags, plus a number flag (none is configurable today, the schema supports them). */
const specs: FlagSpecs = { ...configurableFlags(), retries: { type: 'number' } };
// Command-line-only flags are refused in files and never read from variables (__tests__/config/cli-only.test.ts).
const KEYS = Object.keys(specs).filter((k) => !specs[k]!.cliOnly);

function load(text: string, file: string) {
  try {
    return { ok: true as const, file: parseConfigText(text, file, specs) };
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    const m = /^(.*?):(\d+): /.exec(msg);
    expect(m?.[1]).toBe(file);
    const line = Number(m![2]);
    expect(line).toBeGreaterThanOrEqual(1);
    expect(line).toBeLessThanOrEqual(text.split(/\r\n|\r|\n/).length + 1);
    expect(oneLine(msg)).not.toMatch(/[\u0000-\u001f]/);
    return { ok: false as const, message: msg, line };
  }
}

describe('parseConfigText on random text (fuzz)', () => {
  const fragment = fc.oneof(
    fc.constantFrom(...KEYS, 'root', 'profiles', 'nova', '__proto__', 'constructor'),
    fc.constantFrom(': ', ':', '\n', '\r\n', '  ', '\t', '- ', '? ', '&a ', '*a', '<<: *a', '!!binary ', '!!js/function ', '---\n', '...\n', '%YAML 1.2\n'),
    fc.constantFrom('{', '}', '[', ']', ',', '"', "'", '#', '|', '>', '10m', '85%', 'true', 'null', '~', '1e999', '0x10', '\uFEFF', '\u0000'),
    fc.string({ maxLength: 8 }),
  );
  const arbText = fc.array(fragment, { maxLength: 40 }).map((a) => a.join(''));

  test.each(['/etc/cachesweep/config.yaml', '/etc/cachesweep/config.json'])('%s: a ConfigFile or a UsageError naming the file and a line', (file) => {
    fc.assert(
      fc.property(arbText, (text) => {
        const r = load(text, file);
        if (!r.ok) return;
        // What loads holds only known keys, each with a line of the text.
        for (const layer of [r.file.defaults, ...Object.values(r.file.profiles)]) {
          for (const [k, line] of Object.entries(layer.lines)) {
            expect(KEYS).toContain(k);
            expect(line).toBeGreaterThanOrEqual(1);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('regressions found by fuzzing: an alias to no anchor is a usage error naming its line, not an internal error', () => {
    const r = load('min-age: 10m\n<<: *a\n', '/etc/cs.yaml');
    expect(r).toMatchObject({ ok: false, line: 2 });
    expect(load('<<: *a', '/etc/cs.yaml')).toMatchObject({ ok: false, line: 1 });
  });

  test('regressions found by fuzzing: profile names that are Object properties', () => {
    // A profile named __proto__ vanished in validation; it is refused by name.
    for (const [text, file] of [
      ['profiles:\n  nova: {}\n  __proto__:\n    quiet: true\n', '/etc/cs.yaml'],
      ['{"profiles": {"__proto__": {"quiet": true}}}', '/etc/cs.json'],
    ] as const) {
      expect(load(text, file)).toMatchObject({ ok: false, message: expect.stringMatching(/'__proto__' cannot be a profile name/) });
    }
    // --profile toString found Object.prototype.toString: an internal error instead of "no profile".
    const f = parseConfigText('profiles:\n  nova: {}\n', '/etc/cs.yaml', specs);
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(() => resolveEffective({ specs, cli: {}, env: { values: {}, variables: {} }, file: f, profile: name })).toThrow(
        new UsageError(`--profile: no profile '${name}' in /etc/cs.yaml (profiles: nova)`),
      );
    }
    // A profile that is really called constructor works.
    const g = parseConfigText('profiles:\n  constructor:\n    quiet: true\n', '/etc/cs.yaml', specs);
    expect(resolveEffective({ specs, cli: {}, env: { values: {}, variables: {} }, file: g, profile: 'constructor' }).settings.quiet).toMatchObject({ value: true });
  });

  test('alias bombs are refused, not expanded', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'protect: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]'].join('\n');
    const r = load(bomb, '/etc/cs.yaml');
    expect(r.ok).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** A YAML/JSON-safe string: printable, no surrogate halves, no C1 controls (JSON quoting of it is valid YAML). */
const arbText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.stringMatching(/^[0-9]{1,4}[smhdw%GMK]?$/),
  fc.constantFrom('10m', '85%', '1.5T', 'yes', 'no', 'null', '~', 'true', '0x10', '1e3', '#x', '- a', 'a: b', ' lead', 'trail ', "it's", '"q"', 'ünï', '\\'),
);

type Value = string | number | boolean | string[];
/** A valid value for a flag, as written in the file (`written`) and as loaded (`loaded`). */
function arbValueFor(key: string): fc.Arbitrary<{ written: unknown; loaded: Value }> {
  const spec = specs[key]!;
  const choices = choicesOf(spec);
  if (choices) return fc.constantFrom(...(choices as string[])).map((c) => ({ written: c, loaded: c }));
  switch (kindOf(spec)) {
    case 'boolean':
      return fc.boolean().map((b) => ({ written: b, loaded: b }));
    case 'number':
      return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((x) => (Object.is(x, -0) ? 0 : x)).map((x) => ({ written: x, loaded: x }));
    case 'list':
      return fc.oneof(
        fc.array(arbText, { maxLength: 3 }).map((a) => ({ written: a, loaded: a })),
        arbText.map((t) => ({ written: t, loaded: [t] })),
      );
    default:
      // A number stands for its text (max-delete: 100).
      return fc.oneof(arbText.map((t) => ({ written: t, loaded: t })), fc.nat().map((k) => ({ written: k, loaded: String(k) })));
  }
}

const arbLayer = fc
  .uniqueArray(fc.constantFrom(...KEYS), { maxLength: 8 })
  .chain((keys) => fc.tuple(fc.constant(keys), fc.tuple(...keys.map(arbValueFor))))
  .map(([keys, vals]) => keys.map((k, i) => ({ key: k, ...vals[i]! })));
const arbRoot = fc.option(fc.oneof(fc.constantFrom('/var/lib/nova/instances/_base', '/srv/cache', 'rel/dir'), arbText), { nil: undefined });
const arbProfileName = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.constantFrom('nova', 'glance', 'a b', '1', 'ünï', 'constructor', 'toString', 'hasOwnProperty'));
const arbFile = fc.record({
  top: arbLayer,
  root: arbRoot,
  profiles: fc.option(fc.uniqueArray(fc.record({ name: arbProfileName, layer: arbLayer, root: arbRoot }), { maxLength: 3, selector: (p) => p.name }), { nil: undefined }),
  comments: fc.boolean(),
  flowLists: fc.boolean(),
});
type FileSpec = typeof arbFile extends fc.Arbitrary<infer T> ? T : never;
type Layer = FileSpec['top'];

/** Write the file as YAML, by hand, remembering the line of each key. */
function toYaml(f: FileSpec): { text: string; lines: Map<string, number> } {
  const out: string[] = [];
  const lines = new Map<string, number>();
  const q = (v: unknown): string => JSON.stringify(v);
  const writeLayer = (layer: Layer, root: string | undefined, indent: string, at: string): void => {
    if (root !== undefined) {
      out.push(`${indent}root: ${q(root)}`);
      lines.set(`${at}root`, out.length);
    }
    for (const { key, written } of layer) {
      if (f.comments) out.push(`${indent}# ${key}`);
      if (Array.isArray(written) && !f.flowLists && written.length > 0) {
        out.push(`${indent}${key}:`);
        lines.set(`${at}${key}`, out.length);
        for (const item of written) out.push(`${indent}  - ${q(item)}`);
      } else {
        out.push(`${indent}${key}: ${q(written)}`);
        lines.set(`${at}${key}`, out.length);
      }
    }
  };
  writeLayer(f.top, f.root, '', '');
  if (f.profiles !== undefined) {
    out.push('profiles:');
    for (const p of f.profiles) {
      out.push(`  ${q(p.name)}:${p.layer.length === 0 && p.root === undefined ? ' {}' : ''}`);
      lines.set(`profile:${p.name}`, out.length);
      writeLayer(p.layer, p.root, '    ', `${p.name}.`);
    }
    if (f.profiles.length === 0) out[out.length - 1] = 'profiles: {}';
  }
  return { text: `${out.join('\n')}\n`, lines };
}

function toJson(f: FileSpec): string {
  const layer = (l: Layer, root: string | undefined) => ({ ...(root !== undefined ? { root } : {}), ...Object.fromEntries(l.map((x) => [x.key, x.written])) });
  const doc: Record<string, unknown> = layer(f.top, f.root);
  if (f.profiles !== undefined) doc.profiles = Object.fromEntries(f.profiles.map((p) => [p.name, layer(p.layer, p.root)]));
  return JSON.stringify(doc, null, 2);
}

const loadedValues = (l: Layer): Record<string, Value> => Object.fromEntries(l.map((x) => [x.key, x.loaded]));

describe('parseConfigText on files generated from random valid options (fuzz)', () => {
  test('YAML: loads to exactly the options written, each with its line', () => {
    fc.assert(
      fc.property(arbFile, (f) => {
        const { text, lines } = toYaml(f);
        const r = parseConfigText(text, '/etc/cs.yaml', specs);
        expect(r.defaults.values).toEqual(loadedValues(f.top));
        expect(r.defaults.root?.value).toBe(f.root);
        for (const { key } of f.top) expect(r.defaults.lines[key]).toBe(lines.get(key));
        if (f.root !== undefined) expect(r.defaults.root!.line).toBe(lines.get('root'));
        expect(Object.keys(r.profiles).sort()).toEqual((f.profiles ?? []).map((p) => p.name).sort());
        for (const p of f.profiles ?? []) {
          const got = r.profiles[p.name]!;
          expect(got.values).toEqual(loadedValues(p.layer));
          expect(got.root?.value).toBe(p.root);
          expect(got.line).toBe(lines.get(`profile:${p.name}`));
          for (const { key } of p.layer) expect(got.lines[key]).toBe(lines.get(`${p.name}.${key}`));
        }
      }),
      { numRuns: 500 },
    );
  });

  test('JSON: loads to exactly the options written', () => {
    fc.assert(
      fc.property(arbFile, (f) => {
        const r = parseConfigText(toJson(f), '/etc/cs.json', specs);
        expect(r.defaults.values).toEqual(loadedValues(f.top));
        expect(r.defaults.root?.value).toBe(f.root);
        for (const p of f.profiles ?? []) expect(r.profiles[p.name]!.values).toEqual(loadedValues(p.layer));
        expect(Object.keys(r.profiles).length).toBe(f.profiles?.length ?? 0);
      }),
      { numRuns: 500 },
    );
  });

  test('one key misspelled, duplicated or of the wrong type: refused, naming the line of that key', () => {
    const wrongFor = (key: string): unknown[] => {
      const spec = specs[key]!;
      if (choicesOf(spec)) return ['not-a-choice', 3, true, null];
      switch (kindOf(spec)) {
        case 'boolean':
          return ['yes', 1, null, ['true']];
        case 'number':
          return ['10', null, true, [1]];
        case 'list':
          return [{ a: 1 }, null, [['x']], [true]];
        default:
          return [true, null, ['a'], { a: 1 }, 1.5e300 * 1e10];
      }
    };
    fc.assert(
      fc.property(arbFile, fc.nat(), fc.constantFrom('misspell', 'duplicate', 'wrong-type'), fc.nat(), (f, pick, how, w) => {
        fc.pre(f.top.length > 0);
        const victim = f.top[pick % f.top.length]!;
        const { text, lines } = toYaml(f);
        const all = text.split('\n');
        const at = lines.get(victim.key)! - 1;
        const line = all[at]!;
        if (how === 'misspell') all[at] = line.replace(`${victim.key}:`, `${victim.key}x:`);
        let dupAt = at + 1;
        while (all[dupAt]?.startsWith('  - ')) dupAt++;
        if (how === 'duplicate') all.splice(dupAt, 0, `${victim.key}: ${JSON.stringify(victim.written)}`);
        else {
          const bad = wrongFor(victim.key);
          all[at] = `${victim.key}: ${JSON.stringify(bad[w % bad.length]) ?? 'null'}`;
          // A block list that followed the key would now be a second value: drop its items.
          while (all[at + 1]?.startsWith('  - ')) all.splice(at + 1, 1);
        }
        const r = load(all.join('\n'), '/etc/cs.yaml');
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.line).toBe(how === 'duplicate' ? dupAt + 1 : at + 1);
        if (how !== 'duplicate') expect(r.message).toContain(victim.key);
      }),
      { numRuns: 500 },
    );
  });
});
