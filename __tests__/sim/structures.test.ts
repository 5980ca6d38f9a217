import fc from 'fast-check';
import { KeyTable } from '../../src/sim/key-table.js';
import { DList } from '../../src/sim/dlist.js';
import { SlotHeap } from '../../src/sim/heap.js';
import { Slots } from '../../src/sim/slots.js';

describe('KeyTable', () => {
  test('behaves as a Map under any sequence of sets, deletes and gets (clustered and spread ids, negative ones, growth)', () => {
    const key = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 2 ** 40 }).map((k) => k * 4096), fc.constant(2 ** 53 - 1));
    const op = fc.oneof(
      fc.tuple(fc.constant('set' as const), key, fc.integer({ min: 0, max: 1e6 })),
      fc.tuple(fc.constant('del' as const), key, fc.constant(0)),
      fc.tuple(fc.constant('get' as const), key, fc.constant(0)),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const t = new KeyTable(2);
        const m = new Map<number, number>();
        for (const [kind, k, v] of ops) {
          if (kind === 'set') {
            t.set(k, v);
            m.set(k, v);
          } else if (kind === 'del') {
            t.delete(k);
            m.delete(k);
          }
          expect(t.get(k)).toBe(m.get(k) ?? -1);
          expect(t.size).toBe(m.size);
        }
        for (const [k, v] of m) expect(t.get(k)).toBe(v);
        expect([...t.values()].sort((a, b) => a - b)).toEqual([...m.values()].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  test('churn of one insert and one delete per step keeps every live key findable', () => {
    const t = new KeyTable(16);
    const live: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      t.set(i * 7919, i);
      live.push(i * 7919);
      if (live.length > 300) t.delete(live.splice((i * 31) % live.length, 1)[0]!);
    }
    expect(t.size).toBe(300);
    for (const k of live) expect(t.get(k)).toBe(k / 7919);
  });
});

describe('SlotHeap', () => {
  test('pops in (priority, then last request) order under pushes, updates and removals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 60 }), (items) => {
        const s = new Slots(2);
        const h = new SlotHeap(s);
        const slots = items.map(([p], i) => {
          const x = s.alloc(i, 1);
          s.p[x] = p;
          s.t[x] = i;
          h.push(x);
          return x;
        });
        // change some priorities, remove one
        slots.forEach((x, i) => {
          if (items[i]![1] === 0) {
            s.p[x] = 10 - s.p[x]!;
            h.update(x);
          }
        });
        h.remove(slots[0]!);
        const out: [number, number][] = [];
        while (h.n > 0) {
          const x = h.pop();
          out.push([s.p[x]!, s.t[x]!]);
        }
        const expected = slots.slice(1).map((x) => [s.p[x]!, s.t[x]!] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(out).toEqual(expected);
      }),
    );
  });
});

describe('DList', () => {
  test('keeps order, counts and bytes through pushes, moves and removals', () => {
    const s = new Slots(2);
    const l = new DList(s);
    const x = [1, 2, 3, 4].map((k) => s.alloc(k, k * 10));
    for (const y of x) l.pushHead(y);
    l.moveToHead(x[0]!);
    l.remove(x[2]!);
    l.moveToHead(x[3]!);
    expect([...l.fromTail()].map((y) => s.keys[y])).toEqual([2, 1, 4]);
    expect([l.count, l.bytes, s.keys[l.head], s.keys[l.tail]]).toEqual([3, 70, 4, 2]);
  });
});
