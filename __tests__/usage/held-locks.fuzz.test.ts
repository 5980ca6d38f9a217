/**
 * Fuzzing the /proc/locks parser. The properties:
 *  - any text: a list of locks with integer fields, never an exception;
 *  - a line built from random fields in the kernel's format (fs/locks.c lock_get_status) parses back to those
 *    fields; a waiter (`N: -> ...`, at any depth) gives nothing;
 *  - a holder line in a shape the parser does not know (fields dropped, cut short, extra fields, tabs, CR) still
 *    gives a lock on its inode as long as the line holds its MAJOR:MINOR:INODE field: an unknown line must never drop
 *    a lock on a real inode (see the comment on parseProcLocks for the decision);
 *  - end to end: every entry whose inode a holder line names is in use, whatever else the table holds.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { scan } from '../../src/scan/scan.js';
import { HeldLocksDetector, parseProcLocks } from '../../src/usage/held-locks.js';
import { mergeUsage } from '../../src/usage/merge.js';
import { makedev } from '../../src/usage/proc-dev.js';
import { cleanup, tempDir } from '../helpers/in-use.js';

afterAll(cleanup);

const RUNS = 3000;

interface Fields {
  id: number;
  type: string;
  mode: string;
  access: string;
  pid: number;
  major: number;
  minor: number;
  ino: number;
  range: string;
}

const hex = (n: number, upper: boolean): string => {
  const t = n.toString(16).padStart(2, '0');
  return upper ? t.toUpperCase() : t;
};

/** The kernel's own spellings (padded as it pads them), and words a future kernel might print. */
const arbKind = fc.oneof(
  fc.constantFrom(
    { type: 'POSIX', mode: 'ADVISORY' },
    { type: 'OFDLCK', mode: 'ADVISORY' },
    { type: 'ACCESS', mode: 'ADVISORY' },
    { type: 'FLOCK', mode: 'ADVISORY' },
    { type: 'LEASE', mode: 'ACTIVE' },
    { type: 'LEASE', mode: 'BREAKING' },
    { type: 'LEASE', mode: 'BREAKER' },
    { type: 'DELEG', mode: 'ACTIVE' },
    { type: 'UNKNOWN', mode: 'UNKNOWN' },
    { type: 'POSIX', mode: 'MANDATORY' },
  ),
  fc.record({ type: fc.stringMatching(/^[A-Z]{1,8}$/), mode: fc.stringMatching(/^[A-Z*]{1,10}$/) }),
);

const arbFields: fc.Arbitrary<Fields> = fc
  .record({
    id: fc.integer({ min: 1, max: 1e9 }),
    kind: arbKind,
    access: fc.constantFrom('READ', 'WRITE', 'UNLCK'),
    pid: fc.oneof(fc.constantFrom(-1, 0), fc.integer({ min: 1, max: 4194304 })),
    major: fc.oneof(fc.nat({ max: 0xfff }), fc.constantFrom(0, 8, 0xfe, 0x103)),
    minor: fc.oneof(fc.nat({ max: 0xfffff }), fc.constantFrom(0, 1, 0x2a)),
    ino: fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
    range: fc.oneof(fc.constant('0 EOF'), fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a} ${b}`), fc.nat().map((a) => `${a} EOF`)),
  })
  .map(({ kind, ...r }) => ({ ...r, type: kind.type, mode: kind.mode }));

/** A line as fs/locks.c prints it (with `upper`, hex digits in upper case; with `blanks`, other runs of blanks). */
function kernelLine(f: Fields, o: { upper: boolean; blanks: string[]; waiterDepth: number }): string {
  const b = (i: number): string => o.blanks[i % o.blanks.length] || ' ';
  const waiter = o.waiterDepth > 0 ? `${' '.repeat(o.waiterDepth - 1)}->${b(7)}` : '';
  return `${f.id}:${b(0)}${waiter}${f.type}${b(1)}${f.mode}${b(2)}${f.access}${b(3)}${f.pid}${b(4)}${hex(f.major, o.upper)}:${hex(f.minor, o.upper)}:${f.ino}${b(5)}${f.range}`;
}

const arbStyle = fc.record({
  upper: fc.boolean(),
  blanks: fc.array(fc.constantFrom(' ', '  ', '\t', ' \t '), { minLength: 8, maxLength: 8 }),
  waiterDepth: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 1 }),
});

describe('parseProcLocks (fuzz)', () => {
  test('any text: locks with whole-number fields, never an exception', () => {
    const noisy = fc.array(
      fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('1: ', '->', ' ', '\t', 'fe:00:', '12', ':', 'EOF', '\r', '-1', 'ffffffffffffffffffff:1:2 ')),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(noisy, (parts) => {
        for (const l of parseProcLocks(parts.join(''))) {
          expect(Number.isInteger(l.pid)).toBe(true);
          for (const n of [l.dev, l.ino]) expect(Number.isFinite(n) && n >= 0).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('a line built from random fields parses back to them; a waiter gives nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbFields, arbStyle), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = lines.map(([f, s]) => kernelLine(f, s)).join(eol) + eol;
        const want = lines
          .filter(([, s]) => s.waiterDepth === 0)
          .map(([f]) => ({ type: f.type, mode: f.mode, access: f.access, pid: f.pid, dev: makedev(f.major, f.minor), ino: f.ino }));
        expect(parseProcLocks(text)).toEqual(want);
      }),
      { numRuns: RUNS },
    );
  });

  test('a holder line in an unknown shape still locks its inode, as long as the line names it', () => {
    const arbMangle = fc.constantFrom('drop-type', 'drop-mode', 'drop-pid', 'drop-range', 'extra-field', 'cut-after-inode', 'cr', 'no-id-blank', 'lower-words');
    fc.assert(
      fc.property(arbFields, arbStyle, arbMangle, (f, s, how) => {
        fc.pre(s.waiterDepth === 0);
        const inode = `${hex(f.major, s.upper)}:${hex(f.minor, s.upper)}:${f.ino}`;
        const parts = [`${f.id}:`, f.type, f.mode, f.access, String(f.pid), inode, f.range];
        const edits: Record<string, () => string> = {
          'drop-type': () => parts.filter((_, i) => i !== 1).join(' '),
          'drop-mode': () => parts.filter((_, i) => i !== 2).join(' '),
          'drop-pid': () => parts.filter((_, i) => i !== 4).join(' '),
          'drop-range': () => parts.slice(0, 6).join(' '),
          'extra-field': () => [...parts.slice(0, 5), 'EXTRA', ...parts.slice(5)].join(' '),
          'cut-after-inode': () => parts.slice(0, 6).join('\t'),
          cr: () => `${parts.join(' ')}\r`,
          'no-id-blank': () => `${f.id}:${parts.slice(1).join(' ')}`,
          'lower-words': () => parts.map((p) => p.toLowerCase()).join(' '),
        };
        const got = parseProcLocks(edits[how]!());
        expect(got.map((l) => [l.dev, l.ino])).toEqual([[makedev(f.major, f.minor), f.ino]]);
      }),
      { numRuns: RUNS },
    );
  });

  test('regressions found by fuzzing', () => {
    // The inode was the last field (no range after it): the line was skipped and the lock lost.
    expect(parseProcLocks('1: POSIX  ADVISORY  WRITE 1234 fe:00:2180945').map((l) => l.ino)).toEqual([2180945]);
    // A field missing before the inode: the line was skipped and the lock lost.
    expect(parseProcLocks('1: FLOCK WRITE 1234 fe:00:77 0 EOF').map((l) => [l.type, l.ino])).toEqual([['UNKNOWN', 77]]);
    // A lock with no inode names no file; a waiter in any shape holds nothing.
    expect(parseProcLocks('1: POSIX  *NOINODE* WRITE 1234 <none>:0 0 EOF\n2: ->FLOCK ADVISORY WRITE 1 fe:00:5 0 EOF')).toEqual([]);
  });
});

describe('HeldLocksDetector on random lock tables (fuzz)', () => {
  test('every entry whose inode a holder line names is in use; entries no line names are not', () => {
    const root = tempDir('cachesweep-locks-');
    for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(root, `img${i}`), 'x');
    const entries = scan(root, { layout: 'generic' }).entries;
    const st = entries.map((e) => fs.statSync(e.path));
    const table = path.join(tempDir('cachesweep-locks-'), 'locks');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 5 }), arbFields, arbStyle), { maxLength: 8 }),
        fc.array(fc.tuple(arbFields, arbStyle), { maxLength: 5 }),
        (onEntries, noise) => {
          const lines: string[] = [];
          const locked = new Set<string>();
          for (const [i, f, s] of onEntries) {
            const dev = st[i]!.dev;
            // Back from st_dev (glibc encoding) to the kernel's MAJOR:MINOR.
            const major = ((dev >> 8) & 0xfff) | Math.floor(dev / 2 ** 32) * 0x1000;
            const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
            lines.push(kernelLine({ ...f, major, minor, ino: st[i]!.ino }, s));
            if (s.waiterDepth === 0) locked.add(entries[i]!.name);
          }
          // Locks on other inodes (of other devices: inode numbers could collide on the same one).
          for (const [f, s] of noise) lines.push(kernelLine({ ...f, major: 0xabc, minor: 0x12345 }, s));
          // Noise first, then the lines on entries, then noise again.
          fs.writeFileSync(table, [...lines.slice(onEntries.length), ...lines].join('\n') + '\n');
          const d = new HeldLocksDetector({ root, locksFile: table, warn: () => undefined });
          const usage = mergeUsage(entries, d.collect(entries));
          for (const e of entries) expect({ name: e.name, inUse: usage.get(e.name)!.inUse.length > 0 }).toEqual({ name: e.name, inUse: locked.has(e.name) });
        },
      ),
      { numRuns: 300 },
    );
  });
});
