import { planOptionsFrom, type RawPlanFlags } from '../../src/config/options.js';
import { UsageError } from '../../src/shared/errors.js';
import { DAY, GiB, HOUR, MINUTE } from '../helpers/units.js';
import { thrownBy } from '../helpers/errors.js';

/** The UsageError planOptionsFrom throws for these flags (fails the test when it does not throw one). */
function errorOf(raw: RawPlanFlags): UsageError {
  return thrownBy(UsageError, () => planOptionsFrom(raw), `planOptionsFrom(${JSON.stringify(raw)})`);
}

describe('planOptionsFrom defaults', () => {
  it('is the age strategy with no trigger, max-age 24h, min-age 10m, stale partials after 24h, nothing protected', () => {
    const o = planOptionsFrom({});
    expect(o.strategy).toBe('age');
    expect(o.trigger).toEqual({ kind: 'none' });
    expect(o.defaultMaxAgeMs).toBe(DAY);
    expect(o.maxAgeMs).toBeUndefined();
    expect(o.minAgeMs).toBe(10 * MINUTE);
    expect(o.stalePartialAgeMs).toBe(DAY);
    expect(o.halfLifeMs).toBeUndefined();
    expect(o.isProtected('anything')).toBe(false);
    expect(o.isProtected('.hidden')).toBe(false);
  });

  it('defaults the target of a percentage threshold to 5 points below it', () => {
    expect(planOptionsFrom({ strategy: 'lru', threshold: '85%' }).trigger).toEqual({ kind: 'percent', threshold: 85, target: 80 });
    expect(planOptionsFrom({ strategy: 'lru', threshold: '92.5%' }).trigger).toEqual({ kind: 'percent', threshold: 92.5, target: 87.5 });
  });

  it('defaults the target of a size threshold to 90% of it', () => {
    expect(planOptionsFrom({ strategy: 'size', threshold: '500G' }).trigger).toEqual({
      kind: 'size',
      threshold: 500 * GiB,
      target: 450 * GiB,
    });
    expect(planOptionsFrom({ strategy: 'lru', threshold: '10K' }).trigger).toEqual({ kind: 'size', threshold: 10240, target: 9216 });
  });

  it('uses --min-free as both trigger and target', () => {
    expect(planOptionsFrom({ strategy: 'lru', minFree: '20G' }).trigger).toEqual({ kind: 'min-free', threshold: 20 * GiB, target: 20 * GiB });
  });

  it('reads explicit durations', () => {
    const o = planOptionsFrom({ strategy: 'lru', maxAge: '7d', minAge: '1h', stalePartialAge: '2h', halfLife: '3d' });
    expect(o.maxAgeMs).toBe(7 * DAY);
    expect(o.minAgeMs).toBe(HOUR);
    expect(o.stalePartialAgeMs).toBe(2 * HOUR);
    expect(o.halfLifeMs).toBe(3 * DAY);
    expect(o.trigger).toEqual({ kind: 'none' });
  });

  it('takes an explicit target in the unit of the threshold', () => {
    expect(planOptionsFrom({ strategy: 'lru', threshold: '90%', target: '70%' }).trigger).toEqual({ kind: 'percent', threshold: 90, target: 70 });
    expect(planOptionsFrom({ strategy: 'lru', threshold: '1T', target: '800G' }).trigger).toEqual({
      kind: 'size',
      threshold: 1024 * GiB,
      target: 800 * GiB,
    });
    // A target equal to the threshold is allowed: evict just enough to get back under it.
    expect(planOptionsFrom({ strategy: 'lru', threshold: '85%', target: '85%' }).trigger).toEqual({ kind: 'percent', threshold: 85, target: 85 });
  });

  it('lets the age strategy take a threshold (it then only runs while the threshold is reached)', () => {
    const o = planOptionsFrom({ threshold: '85%' });
    expect(o.strategy).toBe('age');
    expect(o.trigger).toMatchObject({ kind: 'percent', threshold: 85 });
  });
});

describe('planOptionsFrom strategies', () => {
  it.each(['age', 'lru', 'size'])('accepts %s', (name) => {
    expect(planOptionsFrom({ strategy: name, threshold: '85%' }).strategy).toBe(name);
  });

  it('refuses an unknown strategy, naming it and the choices', () => {
    const e = errorOf({ strategy: 'fifo', threshold: '85%' });
    expect(e.message).toMatch(/^--strategy: /);
    expect(e.message).toContain("'fifo'");
    for (const n of ['age', 'lru', 'size']) expect(e.message).toContain(n);
  });

  it.each(['lru', 'size'])('refuses the pressure strategy %s with no trigger and no max-age, saying what to add', (name) => {
    const e = errorOf({ strategy: name });
    expect(e.message).toContain(`--strategy ${name}`);
    expect(e.message).toContain('--threshold');
    expect(e.message).toContain('--min-free');
    expect(e.message).toContain('--max-age');
    expect(e.message).not.toContain('\n');
  });

  it.each<[string, RawPlanFlags]>([
    ['--threshold', { threshold: '85%' }],
    ['--min-free', { minFree: '20G' }],
    ['--max-age', { maxAge: '7d' }],
  ])('accepts a pressure strategy with %s', (_flag, extra) => {
    expect(() => planOptionsFrom({ strategy: 'lru', ...extra })).not.toThrow();
  });
});

describe('planOptionsFrom triggers and targets', () => {
  it('refuses a target above the threshold', () => {
    expect(errorOf({ strategy: 'lru', threshold: '80%', target: '85%' }).message).toMatch(/--target 85% is above --threshold 80%/);
    expect(errorOf({ strategy: 'size', threshold: '100G', target: '200G' }).message).toMatch(/--target 200G is above --threshold 100G/);
  });

  it('refuses a target in another unit than the threshold', () => {
    expect(errorOf({ strategy: 'lru', threshold: '85%', target: '500G' }).message).toMatch(/^--target: '500G' must be a percentage/);
    expect(errorOf({ strategy: 'lru', threshold: '500G', target: '80%' }).message).toMatch(/^--target: '80%' must be a size/);
  });

  it('refuses --target without --threshold', () => {
    expect(errorOf({ strategy: 'lru', target: '80%', maxAge: '7d' }).message).toMatch(/--target needs --threshold/);
  });

  it('refuses --target with --min-free', () => {
    expect(errorOf({ strategy: 'lru', minFree: '20G', target: '80%' }).message).toMatch(/--target/);
  });

  it('refuses --threshold together with --min-free', () => {
    const e = errorOf({ strategy: 'lru', threshold: '85%', minFree: '20G' });
    expect(e.message).toContain('--threshold');
    expect(e.message).toContain('--min-free');
  });

  it('refuses a --target for the age strategy (it has no target)', () => {
    expect(errorOf({ threshold: '85%', target: '80%' }).message).toMatch(/^--target: .*age strategy/);
  });

  it.each<[string, RawPlanFlags, RegExp]>([
    ['bare threshold', { strategy: 'lru', threshold: '85' }, /^--threshold: '85' is ambiguous/],
    ['bare decimal threshold', { strategy: 'lru', threshold: '85.5' }, /^--threshold: '85.5' is ambiguous/],
    ['bare target', { strategy: 'lru', threshold: '85%', target: '80' }, /^--target: '80' is ambiguous/],
  ])('refuses a %s as ambiguous', (_what, raw, re) => {
    expect(errorOf(raw).message).toMatch(re);
  });

  it.each<[RawPlanFlags, RegExp]>([
    [{ strategy: 'lru', threshold: '101%' }, /^--threshold: '101%'/],
    [{ strategy: 'lru', threshold: '0%' }, /^--threshold: '0%'/],
    [{ strategy: 'lru', threshold: '50X' }, /^--threshold: '50X'/],
    [{ strategy: 'lru', threshold: '-1G' }, /^--threshold: '-1G'/],
    [{ strategy: 'lru', threshold: '0G' }, /^--threshold: '0G'/],
    [{ strategy: 'lru', minFree: '0' }, /^--min-free: '0'/],
    [{ strategy: 'lru', minFree: 'lots' }, /^--min-free: 'lots'/],
    [{ maxAge: '7x' }, /^--max-age: '7x'/],
    [{ minAge: '-10m' }, /^--min-age: '-10m'/],
    [{ stalePartialAge: '1 day' }, /^--stale-partial-age: '1 day'/],
    [{ halfLife: '0' }, /^--half-life: '0'/],
  ])('refuses %j naming the flag and the value', (raw, re) => {
    expect(errorOf(raw).message).toMatch(re);
  });
});

describe('planOptionsFrom --protect', () => {
  it('matches globs against the entry name relative to the root', () => {
    const o = planOptionsFrom({ protect: ['ubuntu-*.img', 'images/*.qcow2'] });
    expect(o.isProtected('ubuntu-22.04.img')).toBe(true);
    expect(o.isProtected('xubuntu-22.04.img')).toBe(false);
    expect(o.isProtected('images/base.qcow2')).toBe(true);
    expect(o.isProtected('other/base.qcow2')).toBe(false);
    expect(o.isProtected('base.qcow2')).toBe(false);
    // Not an absolute path: the name is relative to the root.
    expect(o.isProtected('/var/cache/test/ubuntu-22.04.img')).toBe(false);
  });

  it('matches dot files too', () => {
    const o = planOptionsFrom({ protect: ['*'] });
    expect(o.isProtected('.keep')).toBe(true);
    expect(o.isProtected('plain')).toBe(true);
    const hidden = planOptionsFrom({ protect: ['*.lock'] });
    expect(hidden.isProtected('.cache.lock')).toBe(true);
    expect(hidden.isProtected('cache.lockfile')).toBe(false);
  });

  it('takes several globs (any of them protects), braces and character classes', () => {
    const o = planOptionsFrom({ protect: ['golden-{a,b}', '[0-9]*'] });
    expect(o.isProtected('golden-a')).toBe(true);
    expect(o.isProtected('golden-b')).toBe(true);
    expect(o.isProtected('golden-c')).toBe(false);
    expect(o.isProtected('7f3a')).toBe(true);
    expect(o.isProtected('f3a7')).toBe(false);
  });

  it('ignores empty globs (an empty glob protects nothing, and does not protect everything)', () => {
    const o = planOptionsFrom({ protect: [''] });
    expect(o.isProtected('a')).toBe(false);
    expect(o.isProtected('')).toBe(false);
  });
});
