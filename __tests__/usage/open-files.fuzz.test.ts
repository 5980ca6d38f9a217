/**
 * Fuzzing the /proc/PID/maps parser (a mapped file keeps its entry in use even after its descriptor is closed).
 * The properties: any text never throws and gives whole, non-negative devices and inodes; lines built from random
 * fields in the kernel's format (show_map_vma: `%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu `, padding, the path)
 * give every file-backed mapping (inode not 0) once, with its device, inode and path (spaces and ` (deleted)` kept).
 */
import fc from 'fast-check';
import { makedev } from '../../src/usage/proc-dev.js';
import { parseProcMaps } from '../../src/usage/proc-maps.js';

const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0');

const arbMap = fc.record({
  start: fc.nat(),
  len: fc.integer({ min: 1, max: 2 ** 20 }),
  perms: fc.constantFrom('r--p', 'r-xp', 'rw-s', '---p', 'rwxs'),
  offset: fc.nat(),
  major: fc.nat({ max: 0xfff }),
  minor: fc.nat({ max: 0xfffff }),
  ino: fc.oneof(fc.constant(0), fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
  path: fc.oneof(
    fc.constant(''),
    fc.constantFrom('[heap]', '[stack]', '[vdso]', '[anon:x]'),
    fc.array(fc.stringMatching(/^[a-zA-Z0-9._ -]{1,8}$/), { minLength: 1, maxLength: 3 }).map((a) => `/${a.join('/')}`),
    fc.stringMatching(/^[a-z0-9]{1,8}$/).map((s) => `/var/lib/nova/instances/_base/${s} (deleted)`),
  ),
});

describe('parseProcMaps (fuzz)', () => {
  test('any text: whole, non-negative devices and inodes, never an exception', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(' ', '\n', '08:01', 'fe:00 ', '1234', '/x', '00400000-00452000 r-xp 00000000 ')), { maxLength: 30 }), (parts) => {
        for (const m of parseProcMaps(parts.join(''))) {
          expect(Number.isFinite(m.dev) && m.dev >= 0).toBe(true);
          expect(Number.isInteger(m.ino) && m.ino > 0).toBe(true);
          if (m.path !== null) expect(m.path.startsWith('/')).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('regression found by fuzzing: inode 0 written with more zeros is still an anonymous mapping', () => {
    expect(parseProcMaps('00400000-00452000 r-xp 00000000 08:01 00\n00400000-00452000 r-xp 00000000 08:01 000 /x\n')).toEqual([]);
  });

  test('lines in the kernel format give every file-backed mapping once, with its path', () => {
    fc.assert(
      fc.property(fc.array(arbMap, { maxLength: 12 }), fc.boolean(), (maps, upper) => {
        const lines = maps.map((m) => {
          const head = `${hex(m.start, 8)}-${hex(m.start + m.len, 8)} ${m.perms} ${hex(m.offset, 8)} ${upper ? hex(m.major, 2).toUpperCase() : hex(m.major, 2)}:${hex(m.minor, 2)} ${m.ino} `;
          return m.path === '' ? head : `${head.padEnd(73, ' ')}${m.path}`;
        });
        const want: { dev: number; ino: number; path: string | null }[] = [];
        const seen = new Set<string>();
        for (const m of maps) {
          if (m.ino === 0) continue;
          const k = `${m.major}:${m.minor}:${m.ino}`;
          if (seen.has(k)) continue;
          seen.add(k);
          want.push({ dev: makedev(m.major, m.minor), ino: m.ino, path: m.path.startsWith('/') ? m.path : null });
        }
        expect(parseProcMaps(`${lines.join('\n')}\n`)).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });
});
