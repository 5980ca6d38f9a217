/**
 * spreadPoints places every point where the implementation before it did: the same spiral steps, the same floats.
 * The oracle is that implementation, kept as it was (each point walks its spiral from step 0).
 */
import fc from 'fast-check';
import { spreadPoints } from '../../src/report/scatter.js';

type P = { x: number; y: number };

function oracle(points: readonly P[], gap: number): P[] {
  const grid = new Map<string, P[]>();
  const key = (cx: number, cy: number): string => `${cx},${cy}`;
  const free = (x: number, y: number): boolean => {
    const cx = Math.floor(x / gap);
    const cy = Math.floor(y / gap);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of grid.get(key(cx + dx, cy + dy)) ?? []) if ((q.x - x) ** 2 + (q.y - y) ** 2 < gap * gap) return false;
      }
    }
    return true;
  };
  const golden = Math.PI * (3 - Math.sqrt(5));
  return points.map((p) => {
    let at = { x: p.x, y: p.y };
    for (let k = 1; !free(at.x, at.y) && k < 5000; k++) {
      const r = gap * 0.62 * Math.sqrt(k);
      at = { x: p.x + r * Math.cos(k * golden), y: p.y + r * Math.sin(k * golden) };
    }
    const cell = key(Math.floor(at.x / gap), Math.floor(at.y / gap));
    grid.set(cell, [...(grid.get(cell) ?? []), at]);
    return at;
  });
}

const coord = fc.double({ min: -50, max: 800, noNaN: true });
/** Points as charts get them: equal ones (entries of one size and idle time), near ones, a few anywhere. */
const pointSet = fc
  .tuple(
    fc.array(fc.record({ x: coord, y: coord }), { minLength: 1, maxLength: 4 }), // cluster centres
    fc.array(
      fc.tuple(fc.nat(3), fc.constantFrom('same', 'near', 'dense', 'far', 'again'), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })),
      { maxLength: 250 },
    ),
  )
  .map(([centres, specs]) => {
    const out: P[] = [];
    for (const [c, how, u, v] of specs) {
      const at = centres[c % centres.length]!;
      if (how === 'same') out.push({ x: at.x, y: at.y });
      else if (how === 'near') out.push({ x: at.x + u * 0.5, y: at.y + v * 0.5 });
      else if (how === 'dense') out.push({ x: at.x + u * 20, y: at.y + v * 20 });
      else if (how === 'far') out.push({ x: at.x + u * 400, y: at.y + v * 400 });
      else out.push({ ...(out[Math.floor(Math.abs(u) * out.length)] ?? at) }); // an exact copy of an earlier point
    }
    return out;
  });

test('places every point where the step-0 walk did: duplicates, near and dense clusters, any gap', () => {
  fc.assert(
    fc.property(pointSet, fc.oneof(fc.constant(9), fc.double({ min: 0.5, max: 30, noNaN: true }), fc.constantFrom(0, 1e-9)), (pts, gap) => {
      expect(spreadPoints(pts, gap)).toEqual(oracle(pts, gap));
    }),
    { numRuns: 150 },
  );
});

test('a point whose whole spiral is taken stays on its last step, as before, and so do the equal ones after it', () => {
  // a lattice one gap apart: each lattice point is free where it is (a neighbour exactly a gap away is not within it),
  // and every place within 43.8 gaps (the spiral's 5,000 steps of 0.62 gap * sqrt(k)) is within 0.71 gap of one
  const lattice: P[] = [];
  for (let x = -45; x <= 45; x++) for (let y = -45; y <= 45; y++) lattice.push({ x, y });
  const pts = [...lattice, { x: 0.5, y: 0.5 }, { x: 0.5, y: 0.5 }, { x: 0.25, y: 0.5 }, { x: 0.5, y: 0.5 }];
  const got = spreadPoints(pts, 1);
  expect(got).toEqual(oracle(pts, 1));
  expect(got.slice(0, lattice.length)).toEqual(lattice);
  expect(got.at(-1)).toEqual(got.at(-3));
});

test('signed zero, infinities and NaN go where they went', () => {
  const pts = [{ x: -0, y: 0 }, { x: 0, y: -0 }, { x: -0, y: -0 }, { x: Infinity, y: 1 }, { x: Infinity, y: 1 }, { x: NaN, y: 2 }, { x: NaN, y: 2 }, { x: 1, y: -Infinity }];
  for (const gap of [9, 0, NaN]) expect(spreadPoints(pts, gap)).toEqual(oracle(pts, gap));
});
