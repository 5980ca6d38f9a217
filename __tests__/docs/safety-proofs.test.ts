import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/paths.js';
import { proofProblems, proofsIn } from './safety-proofs.js';

// docs/safety.md names, for every rule, the tests that prove it. A renamed or removed test must not leave the
// page pointing at nothing: each cited file exists and declares each cited test name.
const DOC = path.join(REPO, 'docs', 'safety.md');
const read = (rel: string): string | null => {
  const p = path.join(REPO, rel);
  return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null;
};

describe('docs/safety.md: the tests behind each rule', () => {
  const text = fs.readFileSync(DOC, 'utf8');

  test('cites tests', () => {
    expect(proofsIn(text).length).toBeGreaterThan(30);
  });

  test('every cited test exists under that name', () => {
    expect(proofProblems(text, read)).toEqual([]);
  });
});

describe('the check finds what is wrong (so its silence above means something)', () => {
  const files: Record<string, string> = { '__tests__/a.test.ts': "it('keeps a', () => {});\ntest(`drops b`, () => {});\nit('Nova\\'s way', () => {});" };
  const readFake = (rel: string): string | null => files[rel] ?? null;

  test('reads every name after a link on its line', () => {
    expect(proofsIn('- [a](../__tests__/a.test.ts): "keeps a"; "drops b"\n- nothing here\n')).toEqual([
      { file: '__tests__/a.test.ts', name: 'keeps a' },
      { file: '__tests__/a.test.ts', name: 'drops b' },
    ]);
  });

  test('accepts names in any quotes, escaped apostrophes included', () => {
    expect(proofProblems('- [a](../__tests__/a.test.ts): "keeps a"; "drops b"; "Nova\'s way"', readFake)).toEqual([]);
  });

  test('a missing file, a missing name, a link with no name', () => {
    expect(proofProblems('- [x](../__tests__/x.test.ts): "y"\n- [a](../__tests__/a.test.ts): "keeps c"\n- [a](../__tests__/a.test.ts)\n', readFake)).toEqual([
      'line 1: __tests__/x.test.ts does not exist',
      'line 2: __tests__/a.test.ts has no test named "keeps c"',
      'line 3: __tests__/a.test.ts is cited without a test name',
    ]);
  });
});
