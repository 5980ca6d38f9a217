import type { Applied } from '../../../src/apply/apply.js';
import { EXIT } from '../../../src/cli/exit-codes.js';
import { exitCodeOf } from '../../../src/cli/term/report-plan.js';
import type { Plan } from '../../../src/plan/types.js';

const plan = (shortfallBytes: number): Plan =>
  ({ summary: { entries: 1, evictCount: 1, evictBytes: 1, keepCount: 0, keepBytes: 0, shortfallBytes } }) as unknown as Plan;
const applied = (over: Partial<Applied> = {}): Applied => ({ deleted: [], skipped: [], failed: [], freedBytes: 0, interrupted: false, ...over });
const failed = [{ name: 'x', error: 'EPERM' }];

describe('exitCodeOf', () => {
  it.each<[string, Plan, Applied | undefined, NodeJS.Signals | undefined, number]>([
    ['a clean plan', plan(0), undefined, undefined, EXIT.OK],
    ['a clean run', plan(0), applied(), undefined, EXIT.OK],
    ['a shortfall (dry run)', plan(10), undefined, undefined, EXIT.SHORTFALL],
    ['a shortfall (applied)', plan(10), applied(), undefined, EXIT.SHORTFALL],
    ['a failed eviction', plan(0), applied({ failed }), undefined, EXIT.PARTIAL_FAILURE],
    ['a failed eviction and a shortfall', plan(10), applied({ failed }), undefined, EXIT.PARTIAL_FAILURE],
    ['a lost lock', plan(0), applied({ interrupted: true }), undefined, EXIT.PARTIAL_FAILURE],
    ['SIGTERM', plan(10), applied({ interrupted: true, failed }), 'SIGTERM', 143],
    ['SIGINT', plan(0), applied({ interrupted: true }), 'SIGINT', 130],
    ['a signal after the last deletion', plan(0), applied(), 'SIGTERM', EXIT.OK],
  ])('%s', (_name, p, a, signal, code) => {
    expect(exitCodeOf(p, a, signal)).toBe(code);
  });

  const unreadable = [{ entry: 'd', path: 'd/sub', error: 'EACCES' }];
  it.each<[string, Plan, Applied | undefined, NodeJS.Signals | undefined, number]>([
    ['an unreadable entry (dry run)', plan(0), undefined, undefined, EXIT.PARTIAL_FAILURE],
    ['an unreadable entry (applied)', plan(0), applied(), undefined, EXIT.PARTIAL_FAILURE],
    ['an unreadable entry and a shortfall', plan(10), applied(), undefined, EXIT.PARTIAL_FAILURE],
    ['an unreadable entry and SIGINT', plan(0), applied({ interrupted: true }), 'SIGINT', 130],
    ['an unreadable entry and a signal after the last deletion', plan(0), applied(), 'SIGTERM', EXIT.PARTIAL_FAILURE],
  ])('%s', (_name, p, a, signal, code) => {
    expect(exitCodeOf(p, a, signal, unreadable)).toBe(code);
  });
});
