/** wrongRootByConfig: the root against the caches the services' configuration names, by path segments. Pure. */
import { wrongRootByConfig, type ConfiguredCache } from '../../src/scan/wrong-root.js';

const nova = (instancesPath: string, cacheDir: string): ConfiguredCache => ({ service: 'nova', cacheDir, instancesPath, said: 'nova.conf' });
const glance = (cacheDir: string): ConfiguredCache => ({ service: 'glance', cacheDir, said: 'glance-api.conf' });

describe('wrongRootByConfig', () => {
  const n = nova('/var/lib/nova/instances', '/var/lib/nova/instances/_base');

  it('instances_path itself, and every directory above it, is refused naming the cache', () => {
    expect(wrongRootByConfig('/var/lib/nova/instances', [n])).toBe(
      "/var/lib/nova/instances is Nova's instances directory; its image cache is /var/lib/nova/instances/_base (nova.conf)",
    );
    expect(wrongRootByConfig('/var/lib/nova', [n])).toBe(
      "/var/lib/nova holds Nova's instances directory /var/lib/nova/instances; its image cache is /var/lib/nova/instances/_base (nova.conf)",
    );
    expect(wrongRootByConfig('/var', [n])).toMatch(/^\/var holds Nova's instances directory/);
  });

  it('the cache, a directory inside it, a sibling with a common prefix, an unrelated directory: not this rule', () => {
    for (const root of ['/var/lib/nova/instances/_base', '/var/lib/nova/instances/_base/sub', '/var/lib/nova/instances2', '/var/lib/nova/instances/_base_old', '/srv/cache']) {
      expect(wrongRootByConfig(root, [n])).toBeNull();
    }
  });

  it('a directory below instances_path that is not an image cache (an instance, locks/) is refused; _base_* is a cache', () => {
    expect(wrongRootByConfig('/var/lib/nova/instances/0b5a3f2e-1c4d-4e5f-8a9b-0c1d2e3f4a5b', [n])).toBe(
      "/var/lib/nova/instances/0b5a3f2e-1c4d-4e5f-8a9b-0c1d2e3f4a5b is inside Nova's instances directory /var/lib/nova/instances, not its image cache /var/lib/nova/instances/_base (nova.conf)",
    );
    expect(wrongRootByConfig('/var/lib/nova/instances/locks', [n])).toMatch(/^\/var\/lib\/nova\/instances\/locks is inside Nova's instances directory/);
    expect(wrongRootByConfig('/var/lib/nova/instances/_base_10.0.0.2', [n])).toBeNull();
  });

  it('an absolute subdirectory_name puts the cache elsewhere: a directory above it is refused as Nova\'s image cache', () => {
    const away = nova('/var/lib/nova/instances', '/srv/nova-cache/images');
    expect(wrongRootByConfig('/srv/nova-cache', [away])).toBe(
      "/srv/nova-cache holds Nova's image cache; its image cache is /srv/nova-cache/images (nova.conf)",
    );
    expect(wrongRootByConfig('/srv/nova-cache/images', [away])).toBeNull();
  });

  it('subdirectory_name = .. makes the cache a parent of instances_path: the cache is still the cache', () => {
    expect(wrongRootByConfig('/var/lib/nova', [nova('/var/lib/nova/instances', '/var/lib/nova')])).toBeNull();
  });

  it("a directory above Glance's image_cache_dir, at any depth, is refused; the cache and what is beside it are not", () => {
    const g = glance('/var/lib/glance/image-cache');
    expect(wrongRootByConfig('/var/lib/glance', [g])).toBe(
      "/var/lib/glance holds Glance's image cache; its image cache is /var/lib/glance/image-cache (glance-api.conf)",
    );
    expect(wrongRootByConfig('/var/lib', [g])).toMatch(/^\/var\/lib holds Glance's image cache/);
    for (const root of ['/var/lib/glance/image-cache', '/var/lib/glance/images', '/var/lib/glance/image-cache-old']) {
      expect(wrongRootByConfig(root, [g])).toBeNull();
    }
  });

  it('no configured cache: nothing to say', () => {
    expect(wrongRootByConfig('/var/lib/nova/instances', [])).toBeNull();
  });
});
