import { UsageError } from '../../src/shared/errors.js';
import { glanceConfFrom } from '../../src/config/glance-conf.js';
import { parseOsloIni } from '../../src/config/oslo-ini.js';
import { glanceFlagValues } from '../../src/cli/args/glance-conf-args.js';

const conf = (...texts: string[]) => glanceConfFrom(texts.map((t, i) => parseOsloIni(t, `g${i + 1}.conf`, '--glance-conf')));

describe('glance-api.conf as Glance declares its cache options', () => {
  it("Glance's defaults: no cache directory, 10 GiB, 24 h, the centralized_db driver, cache.db", () => {
    const c = conf('[DEFAULT]\n');
    expect(c).toMatchObject({
      cacheDir: { value: null, source: { kind: 'default' } },
      maxSize: { value: 10 * 1024 ** 3 },
      stallTime: { value: 86400 },
      driver: { value: 'centralized_db' },
      effectiveDriver: 'centralized_db',
      sqliteDb: { value: 'cache.db' },
      warnings: [],
    });
  });
  it('values from [DEFAULT], later files winning; elsewhere not read, with a warning', () => {
    const c = conf('[DEFAULT]\nimage_cache_dir = /var/lib/glance/image-cache\nimage_cache_max_size = 100\n', '[DEFAULT]\nimage_cache_max_size = 200\n[glance_store]\nimage_cache_stall_time = 5\n');
    expect([c.cacheDir.value, c.maxSize.value, c.stallTime.value]).toEqual(['/var/lib/glance/image-cache', 200, 86400]);
    expect(c.maxSize.source).toMatchObject({ file: 'g2.conf', line: 2 });
    expect(c.warnings).toEqual([expect.stringMatching(/^g2\.conf line 4: \[glance_store\] image_cache_stall_time is not read by Glance \(it reads \[DEFAULT\] image_cache_stall_time\)/)]);
  });
  it('the driver: any case passes oslo, but only the lower-case module name loads; others fall back to sqlite', () => {
    expect(conf('[DEFAULT]\nimage_cache_driver = xattr\n').effectiveDriver).toBe('xattr');
    const upper = conf('[DEFAULT]\nimage_cache_driver = XATTR\n');
    expect(upper.effectiveDriver).toBe('sqlite');
    expect(upper.warnings).toEqual([expect.stringMatching(/falls back to the sqlite driver/)]);
    expect(() => conf('[DEFAULT]\nimage_cache_driver = memcached\n')).toThrow(new UsageError("--glance-conf: g1.conf line 2: image_cache_driver = 'memcached' is not one of centralized_db, sqlite, xattr"));
    expect(() => conf('[DEFAULT]\nimage_cache_max_size = -1\n')).toThrow(/is less than 0, which Glance refuses/);
    expect(() => conf('[DEFAULT]\nimage_cache_dir = relative\n')).toThrow(/is not an absolute path/);
  });
});

describe("the flags glance-api.conf stands for: Glance's pruner and cleaner", () => {
  const c = conf('[DEFAULT]\nimage_cache_max_size = 1000\nimage_cache_stall_time = 600\n');
  const none = () => false;
  it('lru, prune above max size down to it, stall time as stale-partial-age; given flags are left alone', () => {
    expect(glanceFlagValues(c, none, undefined)).toEqual({ layout: 'glance', strategy: 'lru', threshold: '1000B', target: '1000B', 'stale-partial-age': '600s' });
    expect(glanceFlagValues(c, (k) => k === 'strategy', 'age')).toEqual({ layout: 'glance', threshold: '1000B', 'stale-partial-age': '600s' });
    expect(glanceFlagValues(c, (k) => k === 'threshold', undefined)).toEqual({ layout: 'glance', strategy: 'lru', 'stale-partial-age': '600s' });
    expect(glanceFlagValues(c, (k) => k === 'min-free', undefined)).not.toHaveProperty('threshold');
    const zero = conf('[DEFAULT]\nimage_cache_max_size = 0\nimage_cache_stall_time = 0\n');
    expect(glanceFlagValues(zero, none, undefined)).toMatchObject({ threshold: '1B', target: '0B', 'stale-partial-age': '0' });
  });
});
