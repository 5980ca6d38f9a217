import { UnknownNameError, UsageError } from '../../src/shared/errors.js';
import { forFlag } from '../../src/config/flag-errors.js';
import { age } from '../../src/policy/age.js';
import { lru } from '../../src/policy/lru.js';
import { STRATEGIES, getStrategy, strategyNames } from '../../src/policy/registry.js';
import { size } from '../../src/policy/size.js';

describe('strategy registry', () => {
  it('resolves every strategy by name to its implementation', () => {
    expect(getStrategy('age')).toBe(age);
    expect(getStrategy('lru')).toBe(lru);
    expect(getStrategy('size')).toBe(size);
  });

  it('lists every name and alias once', () => {
    const names = strategyNames();
    expect(names).toEqual(expect.arrayContaining(['age', 'lru', 'size']));
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(STRATEGIES).toContain(getStrategy(n));
  });

  it('resolves aliases to the strategy that declares them', () => {
    for (const s of STRATEGIES) for (const a of s.aliases ?? []) expect(getStrategy(a)).toBe(s);
  });

  it('gives every strategy a trigger kind and a description', () => {
    for (const s of STRATEGIES) {
      expect(['expiry', 'pressure']).toContain(s.trigger);
      expect(s.description.length).toBeGreaterThan(10);
    }
    expect(age.trigger).toBe('expiry');
  });

  it.each(['LRU', 'Lru', 'POPULARITY'])('takes %p as the strategy of that name: no two names differ only in case', (name) => {
    expect(strategyNames()).toContain(getStrategy(name).name);
    expect(getStrategy(name)).toBe(getStrategy(name.toLowerCase()));
  });

  it("suggests the nearest name for a typo ('lruu', 'ag')", () => {
    expect(() => getStrategy('lruu')).toThrow(/^unknown strategy 'lruu': did you mean 'lru'\? \(choose /);
    expect(() => getStrategy('ag')).toThrow(/did you mean 'age'\?/);
  });

  it.each(['fifo', '', 'age ', 'toString', 'constructor'])('refuses the unknown name %p with a neutral UsageError listing the choices', (name) => {
    expect(() => getStrategy(name)).toThrow(UnknownNameError);
    expect(() => getStrategy(name)).toThrow(UsageError);
    // The registry does not know which flag named the value: no flag in its message (the config layer adds it).
    expect(() => getStrategy(name)).toThrow(/^unknown strategy '.*'(: did you mean '\w+'\?)? \(choose .*age.*lru.*size/);
    expect(() => forFlag('--strategy', () => getStrategy(name))).toThrow(/^--strategy: unknown strategy '.*'(: did you mean '\w+'\?)? \(choose .*age.*lru.*size/);
  });

  it('leaves errors other than an unknown name alone when wording for a flag', () => {
    const other = new UsageError('something else');
    expect(() => forFlag('--strategy', () => { throw other; })).toThrow(other);
  });
});
