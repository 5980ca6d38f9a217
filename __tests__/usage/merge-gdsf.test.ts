import { mergeUsage } from '../../src/usage/merge.js';
import { fakeEntry } from '../helpers/candidates.js';

describe('merging the GDSF base', () => {
  it('keeps the highest base any source gives, and leaves it unset when none does', () => {
    const es = [fakeEntry('a', 1), fakeEntry('b', 1)];
    const u = mergeUsage(es, [
      { name: 'a', gdsfBase: 2 },
      { name: 'a', gdsfBase: 5, hits: 1 },
      { name: 'a', gdsfBase: 3 },
    ]);
    expect(u.get('a')).toMatchObject({ gdsfBase: 5, hits: 1 });
    expect(u.get('b')!.gdsfBase).toBeUndefined();
  });
});
