import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ago, makeCache, removeDir, snapshot, type NodeSpec } from '../../helpers/cache.js';
import { DAY, HOUR } from '../../helpers/units.js';
import { describeRun, parseJson, runCli } from '../../helpers/run.js';
import { resolveLayout } from '../../../src/scan/layouts/index.js';
import { scan } from '../../../src/scan/scan.js';

// The bazel-disk-cache and pip layouts on trees in their tools' documented formats, and how each deep layout is
// detected. (ccache and go-build are built by the real tools in __tests__/integration/real-caches.test.ts.)

const now = Date.now();
const old = { mtimeMs: ago(10 * DAY, now), atimeMs: ago(10 * DAY, now) };
const fresh = { mtimeMs: ago(HOUR, now), atimeMs: ago(HOUR, now) };
const hex = (s: string, n: number): string => crypto.createHash('sha256').update(s).digest('hex').slice(0, n);

/** `{a: {b: {c: leaf}}}` for a path a/b/c. */
function nest(parts: string[], leaf: Record<string, NodeSpec>): Record<string, NodeSpec> {
  let spec: Record<string, NodeSpec> = leaf;
  for (const p of [...parts].reverse()) spec = { [p]: { ...old, dir: spec } };
  return spec;
}
/** Merge specs of trees that share directories. */
function merge(...specs: Record<string, NodeSpec>[]): Record<string, NodeSpec> {
  const out: Record<string, NodeSpec> = {};
  for (const s of specs) {
    for (const [k, v] of Object.entries(s)) {
      const had = out[k];
      out[k] = had && 'dir' in had && 'dir' in v ? { ...had, dir: merge(had.dir, v.dir) } : v;
    }
  }
  return out;
}

let roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) removeDir(r);
});

describe('bazel-disk-cache', () => {
  // Bazel 6+: ac/<first two hex>/<sha256> and cas/<first two hex>/<sha256>; tmp/ for writes in progress, gc/lock.
  const blob = (store: string, seed: string, t = old): Record<string, NodeSpec> => {
    const h = hex(seed, 64);
    return { [store]: { ...old, dir: { [h.slice(0, 2)]: { ...old, dir: { [h]: { size: 3000, ...t } } } } } };
  };
  const tree = (): Record<string, NodeSpec> =>
    merge(blob('ac', 'old-action'), blob('cas', 'old-blob'), blob('cas', 'fresh-blob', fresh), {
      tmp: { ...old, dir: { 'upload-1234': { size: 500, ...old } } },
      gc: { ...old, dir: { lock: { size: 0, ...old } } },
    });

  it('is detected by ac/ and cas/; every file under them is an entry, classed by its store; tmp/ and gc/ are not entries', () => {
    const root = makeCache(tree());
    roots.push(root);
    const s = scan(root);
    expect(s.layout).toBe('bazel-disk-cache');
    expect(s.entries.map((e) => [e.name.split('/')[0], e.class, e.kind, e.unknown])).toEqual([
      ['ac', 'ac', 'file', false],
      ['cas', 'cas', 'file', false],
      ['cas', 'cas', 'file', false],
    ]);
  });

  it('a clean evicts the idle files, removes the shards it emptied, and keeps ac/, cas/, tmp/ and gc/', async () => {
    const root = makeCache(tree());
    roots.push(root);
    const r = await runCli(['clean', root, '--max-age', '2d', '--json']);
    expect({ code: r.code, run: describeRun(r) }).toMatchObject({ code: 0 });
    expect(parseJson(r).summary.evictCount).toBe(2);
    const fh = hex('fresh-blob', 64);
    expect([...snapshot(root).keys()].sort()).toEqual(['.', 'ac', 'cas', `cas/${fh.slice(0, 2)}`, `cas/${fh.slice(0, 2)}/${fh}`, 'gc', 'gc/lock', 'tmp', 'tmp/upload-1234']);
  });
});

describe('pip', () => {
  // http-v2/<5 hex levels>/<sha224> with <sha224>.body beside it (pip 23.3+); wheels/ab/cd/ef/<rest>/ with the wheel
  // and origin.json; selfcheck/ for pip's version check.
  const response = (url: string, t = old): Record<string, NodeSpec> => {
    const h = hex(url, 56);
    return nest(['http-v2', ...h.slice(0, 5).split('')], { [h]: { size: 300, ...t }, [`${h}.body`]: { size: 9000, ...t } });
  };
  const wheel = (link: string, t = old): Record<string, NodeSpec> => {
    const h = hex(link, 56);
    return nest(['wheels', h.slice(0, 2), h.slice(2, 4), h.slice(4, 6), h.slice(6)], {
      'pkg-1.0-py3-none-any.whl': { size: 20000, ...t },
      'origin.json': { size: 100, ...t },
    });
  };
  const tree = (): Record<string, NodeSpec> =>
    merge(response('https://pypi.org/simple/old/'), response('https://pypi.org/simple/new/', fresh), wheel('old-sdist'), {
      selfcheck: { ...old, dir: { [`${hex('self', 56)}.json`]: { size: 200, ...old } } },
    });

  it('is detected; a response (its headers and its body) and a built wheel are one entry each; selfcheck/ is kept', () => {
    const root = makeCache(tree());
    roots.push(root);
    const s = scan(root);
    expect(s.layout).toBe('pip');
    expect(s.entries.map((e) => [e.name.split('/')[0], e.name.split('/').length, e.class, e.kind, e.unknown])).toEqual([
      ['http-v2', 6, 'http', 'dir', false],
      ['http-v2', 6, 'http', 'dir', false],
      ['wheels', 5, 'wheel', 'dir', false],
    ]);
    // the 25M of the user's report: the whole cache counts toward a threshold, selfcheck included
    expect(s.cacheBytes).toBeGreaterThan(s.entries.reduce((n, e) => n + e.allocatedBytes, 0));
  });

  it('a clean evicts idle responses with their bodies and idle wheels, removes emptied shards, keeps http-v2/, wheels/ and selfcheck/', async () => {
    const root = makeCache(tree());
    roots.push(root);
    const r = await runCli(['clean', root, '--max-age', '2d', '--json']);
    expect({ code: r.code, run: describeRun(r) }).toMatchObject({ code: 0 });
    expect(parseJson(r).summary.evictCount).toBe(2);
    const h = hex('https://pypi.org/simple/new/', 56);
    const kept = ['http-v2', ...h.slice(0, 5).split('')].map((_, i, a) => a.slice(0, i + 1).join('/'));
    expect([...snapshot(root).keys()].sort()).toEqual(
      ['.', ...kept, `${kept[kept.length - 1]}/${h}`, `${kept[kept.length - 1]}/${h}.body`, 'selfcheck', `selfcheck/${hex('self', 56)}.json`, 'wheels'].sort(),
    );
  });
});

describe('detection of the deep layouts', () => {
  const hexDirs = (n: number): string[] => Array.from({ length: n }, (_, i) => i.toString(16).padStart(2, '0'));
  it.each([
    ['ccache with its ccache.conf', 'ccache', ['0', '7', 'ccache.conf']],
    ['ccache 4 without one: hex shards and tmp/', 'ccache', ['6', '7', '9', 'b', 'd', 'tmp']],
    ['hex shards alone: any sharded cache', 'generic', ['0', '1', 'a']],
    ['ccache-like shards beside a stranger', 'generic', ['0', '1', 'tmp', 'notes.txt']],
    ['Go: README and its 256 shards', 'go-build', ['README', 'trim.txt', ...hexDirs(256)]],
    ['Go shards without README', 'generic', hexDirs(256)],
    ['Bazel: ac/ and cas/', 'bazel-disk-cache', ['ac', 'cas', 'gc', 'tmp']],
    ['Bazel: cas/ alone', 'generic', ['cas']],
    ['pip: http-v2, selfcheck, wheels', 'pip', ['http-v2', 'selfcheck', 'wheels']],
    ['pip: selfcheck alone', 'generic', ['selfcheck']],
  ])('%s -> %s', (_what, layout, children) => {
    expect(resolveLayout('auto', 'cache', children).name).toBe(layout);
  });

  it('a forced layout applies whatever the names (--layout pip on a tree pip did not make: nothing it knows, all kept)', () => {
    const root = makeCache({ stray: { size: 10, ...old }, http: { ...old, dir: { x: { size: 10, ...old } } } });
    roots.push(root);
    const s = scan(root, { layout: 'pip' });
    expect(s.entries.map((e) => [e.name, e.unknown])).toEqual([
      ['http/x', true],
      ['stray', true],
    ]);
    expect(fs.existsSync(path.join(root, 'stray'))).toBe(true);
  });
});
