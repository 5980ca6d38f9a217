/**
 * Fuzzing nova.conf (oslo.config ini). The properties:
 *  - any text: an Ini and a NovaConf, or a UsageError that starts with `--nova-conf: FILE` (with `line N` of the
 *    text when a line is to blame) and prints as one line; never another exception, never a hang (substitutions
 *    that multiply are refused: they once took 10^10 steps);
 *  - an ini file written from random sections, keys and values (comments, `=` or `:`, blanks, quotes, CRLF,
 *    continuation lines) parses to those values, the last one of a key winning, each with its line;
 *  - random Nova settings give exactly the cache directory Nova would use (instances_path joined with the
 *    subdirectory, `$state_path` substituted) and the ages in milliseconds; a cache directory is always absolute.
 */
import path from 'node:path';
import fc from 'fast-check';
import { oneLine } from '../../src/cli/term/error-line.js';
import { UsageError } from '../../src/shared/errors.js';
import { novaConfFromIni, parseIni } from '../../src/config/nova-conf.js';

const FILE = '/etc/nova/nova.conf';

function attempt(text: string) {
  try {
    return { ok: true as const, conf: novaConfFromIni(parseIni(text, FILE), FILE) };
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg.startsWith(`--nova-conf: ${FILE}`)).toBe(true);
    const line = /^--nova-conf: \S+ line (\d+):/.exec(msg);
    if (line) expect(Number(line[1])).toBeLessThanOrEqual(text.split(/\r?\n/).length);
    expect(oneLine(msg)).not.toMatch(/[\u0000-\u001f]/);
    return { ok: false as const, message: msg };
  }
}

describe('nova.conf (fuzz)', () => {
  test('any text: a NovaConf with an absolute cache directory, or a UsageError naming the file', () => {
    const fragment = fc.oneof(
      fc.constantFrom('[DEFAULT]', '[image_cache]', '[', ']', '\n', '\r\n', ' ', '\t', '=', ':', '#', ';', '"', "'", '$', '${', '}', '$$'),
      fc.constantFrom('instances_path', 'state_path', 'subdirectory_name', 'image_cache_subdirectory_name', 'remove_unused_base_images'),
      fc.constantFrom('remove_unused_original_minimum_age_seconds', 'remove_unused_resized_minimum_age_seconds', '$state_path', '${state_path}'),
      fc.constantFrom('/var/lib/nova', 'true', 'no', '86400', '-1', '1e3', '..', '/'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const r = attempt(parts.join(''));
        if (!r.ok) return;
        expect(path.isAbsolute(r.conf.cacheDir)).toBe(true);
        expect(path.isAbsolute(r.conf.instancesPath)).toBe(true);
        for (const ms of [r.conf.originalMaxAgeMs, r.conf.resizedMaxAgeMs]) if (ms !== undefined) expect(Number.isInteger(ms) && ms >= 0).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  test('substitutions that multiply are refused, not computed', () => {
    for (const n of [5, 8, 9]) {
      const lines = ['[DEFAULT]'];
      for (let i = 0; i < n; i++) lines.push(`v${i} = ${`$v${i + 1}`.repeat(10)}`);
      lines.push(`v${n} = xxxxxxxxxx`, 'instances_path = /a/$v0');
      expect(attempt(lines.join('\n'))).toMatchObject({ ok: false, message: expect.stringMatching(/expand to more than|nest too deep/) });
    }
    // Regression: the same name used many times is fine (it is expanded once).
    expect(attempt(`[DEFAULT]\nx = /srv\ninstances_path = $x${'/$x'.repeat(100)}`)).toMatchObject({ ok: true });
  });

  test('an ini written from random sections, keys and values parses back, the last value of a key winning', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);
    const value = fc.oneof(fc.stringMatching(/^[^\r\n]{0,20}$/).map((v) => v.trim()), fc.constantFrom('', 'a = b', 'x: y', '#not a comment', '$$'));
    const arbIni = fc.array(
      fc.record({
        section: fc.oneof(fc.constantFrom('DEFAULT', 'image_cache', 'Image_Cache', 'libvirt'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,8}$/)),
        items: fc.array(
          fc.record({
            key,
            value,
            sep: fc.constantFrom(' = ', '=', ': ', ':', '\t=\t'),
            quote: fc.constantFrom('', '"', "'"),
            cont: fc.option(fc.stringMatching(/^[a-z0-9]{1,8}$/), { nil: undefined }),
            comment: fc.boolean(),
          }),
          { maxLength: 5 },
        ),
      }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(arbIni, fc.constantFrom('\n', '\r\n'), (sections, eol) => {
        const lines: string[] = [];
        const want = new Map<string, Map<string, { value: string; line: number }>>();
        for (const s of sections) {
          lines.push(`[${s.section}]`);
          const sec = s.section === 'DEFAULT' ? 'DEFAULT' : s.section.toLowerCase();
          const m = want.get(sec) ?? new Map();
          want.set(sec, m);
          for (const it of s.items) {
            if (it.comment) lines.push(lines.length % 2 ? '# a comment' : '; another');
            // A value that starts with a separator or holds one before its own key is still the value (split at the first).
            const k = it.key.replace(/-/g, '_');
            lines.push(`${it.key}${it.sep}${it.quote}${it.value}${it.quote}`);
            let v = it.value;
            if (it.quote === '' && v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]!)) v = v.slice(1, -1);
            const line = lines.length;
            if (it.cont !== undefined) {
              lines.push(`    ${it.cont}`);
              v += `\n${it.cont}`;
            }
            m.set(k, { value: v, line });
          }
          lines.push('');
        }
        // Keys holding ':' or '=' are not generated, so the first separator is the one written.
        const ini = parseIni(lines.join(eol), FILE);
        for (const [sec, m] of want) {
          for (const [k, v] of m) expect(ini.get(sec)?.get(k)).toEqual(v);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('random Nova settings give the cache directory and ages Nova would use', () => {
    const seg = fc.stringMatching(/^[a-z0-9_.-]{1,8}$/).filter((s) => s !== '.' && s !== '..');
    const arbDir = fc.array(seg, { minLength: 1, maxLength: 3 }).map((a) => `/${a.join('/')}`);
    fc.assert(
      fc.property(
        fc.record({
          statePath: fc.option(arbDir, { nil: undefined }),
          instancesPath: fc.option(fc.oneof(arbDir, arbDir.map((d) => `$state_path${d}`), arbDir.map((d) => `\${state_path}${d}`)), { nil: undefined }),
          subdir: fc.option(seg, { nil: undefined }),
          subdirIn: fc.constantFrom('image_cache', 'DEFAULT'),
          original: fc.option(fc.nat({ max: 10 ** 9 }), { nil: undefined }),
          resized: fc.option(fc.nat({ max: 10 ** 9 }), { nil: undefined }),
          remove: fc.option(fc.constantFrom('true', 'False', 'yes', 'OFF', '1', '0'), { nil: undefined }),
        }),
        (s) => {
          const def: string[] = ['[DEFAULT]'];
          const cache: string[] = ['[image_cache]'];
          if (s.statePath) def.push(`state_path = ${s.statePath}`);
          if (s.instancesPath) def.push(`instances_path = ${s.instancesPath}`);
          if (s.subdir) (s.subdirIn === 'image_cache' ? cache : def).push(`${s.subdirIn === 'image_cache' ? 'subdirectory_name' : 'image_cache_subdirectory_name'} = ${s.subdir}`);
          if (s.original !== undefined) cache.push(`remove_unused_original_minimum_age_seconds = ${s.original}`);
          if (s.resized !== undefined) def.push(`remove_unused_resized_minimum_age_seconds = ${s.resized}`);
          if (s.remove) cache.push(`remove_unused_base_images = ${s.remove}`);
          const conf = novaConfFromIni(parseIni([...def, '', ...cache, ''].join('\n'), FILE), FILE);
          const state = s.statePath ?? '/var/lib/nova';
          const inst = (s.instancesPath ?? '$state_path/instances').replace(/\$\{?state_path\}?/, state);
          expect(conf.instancesPath).toBe(path.normalize(inst));
          expect(conf.cacheDir).toBe(path.resolve(inst, s.subdir ?? '_base'));
          expect(conf.originalMaxAgeMs).toBe(s.original === undefined ? undefined : s.original * 1000);
          expect(conf.resizedMaxAgeMs).toBe(s.resized === undefined ? undefined : s.resized * 1000);
          expect(conf.removeUnusedBaseImages).toBe(s.remove === undefined ? true : ['true', 'yes', '1'].includes(s.remove.toLowerCase()));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
