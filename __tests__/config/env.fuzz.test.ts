/**
 * Fuzzing CACHESWEEP_<FLAG> variables with the real configurable flags. The properties:
 *  - any values: the layer, or a UsageError whose message starts with the variable's name and prints as one line;
 *    never another exception; a value that loads has the flag's type (booleans true/false, numbers finite, lists
 *    arrays of strings, choices one of them);
 *  - variables written from a random valid option set load to exactly those options, each from its variable.
 */
import fc from 'fast-check';
import { configurableFlags } from '../../src/cli/args/config-keys.js';
import { oneLine } from '../../src/cli/term/error-line.js';
import { envLayer } from '../../src/config/env.js';
import { UsageError } from '../../src/shared/errors.js';
import { choicesOf, envVarOf, kindOf, type FlagSpecs } from '../../src/config/flag-spec.js';

const specs: FlagSpecs = { ...configurableFlags(), retries: { type: 'number' } };
// Command-line-only flags are refused in files and never read from variables (__tests__/config/cli-only.test.ts).
const KEYS = Object.keys(specs).filter((k) => !specs[k]!.cliOnly);

const arbRaw = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.fullUnicodeString({ maxLength: 6 }),
  fc.constantFrom('1', '0', 'true', 'FALSE', 'Yes', 'off', ' on', '', ' ', '[', '[]', '["a"]', '["a",1]', '[null]', '[["x"]]', '[{"a":1}]', '{"a":1}'),
  fc.constantFrom('1e999', 'Infinity', 'NaN', '0x10', '-0', '1e3', ' 7 ', '\n', 'json', 'auto', 'text', '10m', '85%'),
);

describe('envLayer (fuzz)', () => {
  test('any values: typed values, or a UsageError naming the variable', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), arbRaw, { maxKeys: 6 }), (byKey) => {
        const env = Object.fromEntries(Object.entries(byKey).map(([k, v]) => [envVarOf(k), v]));
        let layer;
        try {
          layer = envLayer(specs, { ...env, CACHESWEEP_NOT_A_FLAG: 'x', PATH: '/bin' });
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
          const msg = (err as Error).message;
          expect(Object.keys(env).some((v) => msg.startsWith(`${v}: `))).toBe(true);
          expect(oneLine(msg)).not.toMatch(/[\u0000-\u001f]/);
          return;
        }
        for (const [k, v] of Object.entries(layer.values)) {
          expect(layer.variables[k]).toBe(envVarOf(k));
          expect(byKey[k]).not.toBe('');
          const choices = choicesOf(specs[k]!);
          if (choices) expect(choices).toContain(v);
          switch (kindOf(specs[k]!)) {
            case 'boolean':
              expect(typeof v).toBe('boolean');
              break;
            case 'number':
              expect(Number.isFinite(v)).toBe(true);
              break;
            case 'list':
              expect(Array.isArray(v) && (v as unknown[]).every((x) => typeof x === 'string')).toBe(true);
              break;
            default:
              expect(typeof v).toBe('string');
          }
        }
        // Empty variables count as unset; nothing else is dropped silently.
        expect(Object.keys(layer.values).sort()).toEqual(Object.keys(byKey).filter((k) => byKey[k] !== '').sort());
      }),
      { numRuns: 3000 },
    );
  });

  test('variables written from random valid options load to exactly those options', () => {
    const text = fc.string({ minLength: 1, maxLength: 10 }).filter((t) => !t.trim().startsWith('['));
    const valueFor = (k: string): fc.Arbitrary<{ raw: string; want: unknown }> => {
      const spec = specs[k]!;
      const choices = choicesOf(spec);
      if (choices) return fc.constantFrom(...(choices as string[])).map((c) => ({ raw: c, want: c }));
      switch (kindOf(spec)) {
        case 'boolean':
          return fc.tuple(fc.boolean(), fc.nat({ max: 3 }), fc.boolean()).map(([b, i, up]) => {
            const w = (b ? ['1', 'true', 'yes', 'on'] : ['0', 'false', 'no', 'off'])[i]!;
            return { raw: up ? w.toUpperCase() : w, want: b };
          });
        case 'number':
          return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((x) => ({ raw: String(x), want: Object.is(x, -0) ? 0 : x }));
        case 'list':
          return fc.oneof(
            fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }).map((a) => ({ raw: JSON.stringify(a), want: a })),
            text.map((t) => ({ raw: t, want: [t] })),
          );
        default:
          return text.map((t) => ({ raw: t, want: t }));
      }
    };
    const arbSet = fc
      .uniqueArray(fc.constantFrom(...KEYS), { maxLength: 8 })
      .chain((keys) => fc.tuple(fc.constant(keys), fc.tuple(...keys.map(valueFor))));
    fc.assert(
      fc.property(arbSet, ([keys, vals]) => {
        const env = Object.fromEntries(keys.map((k, i) => [envVarOf(k), vals[i]!.raw]));
        const layer = envLayer(specs, env);
        expect(layer.values).toEqual(Object.fromEntries(keys.map((k, i) => [k, vals[i]!.want])));
      }),
      { numRuns: 2000 },
    );
  });
});
