import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { removeDir, tempDir } from '../helpers/cache.js';
import { DAY } from '../helpers/units.js';
import { describeRun, parseJson, runCli } from '../helpers/run.js';

// The ccache and go-build layouts on caches the real tools build (Debian's ccache and golang-go), cleaned by the
// built CLI, then used again by the same tools: a rebuild hits what was kept and misses what was evicted.

/** Every node under `dir` made `ageMs` old (mtime and atime): the cache as left after days of idleness. */
function ageTree(dir: string, ageMs: number): void {
  const t = (Date.now() - ageMs) / 1000;
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) ageTree(p, ageMs);
    fs.utimesSync(p, t, t);
  }
}

/** Paths of the files below `dir` (relative), sorted. */
function filesUnder(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...filesUnder(dir, r));
    else out.push(r);
  }
  return out.sort();
}

type Planned = { name: string; decision: string; reason: string; class: string };

describe('ccache', () => {
  let work: string;
  let cacheDir: string;
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, CCACHE_DIR: cacheDir, CCACHE_NOHASHDIR: '1', CCACHE_SLOPPINESS: 'time_macros' });
  const ccache = (...args: string[]): string => execFileSync('ccache', args, { cwd: path.join(work, 'src'), env: env(), encoding: 'utf8' });
  const compile = (n: string): void => void ccache('gcc', '-c', `${n}.c`, '-o', `${n}.o`);
  const stat = (name: string): number => Number(new RegExp(`^${name}\\t(\\d+)$`, 'm').exec(ccache('--print-stats'))![1]);

  beforeAll(() => {
    work = tempDir();
    cacheDir = path.join(work, 'ccache');
    fs.mkdirSync(path.join(work, 'src'));
    for (const n of ['a', 'b', 'c']) fs.writeFileSync(path.join(work, 'src', `${n}.c`), `int ${n}(int x) { return x * 3 + ${n.charCodeAt(0)}; }\n`);
  });
  afterAll(() => removeDir(work));

  it('a clean evicts the idle results and manifests, keeps what ccache keeps, and a rebuild hits the kept and misses the evicted', async () => {
    ccache('--max-size', '1G'); // ccache writes its ccache.conf
    for (const n of ['a', 'b', 'c']) compile(n);
    expect(stat('files_in_cache')).toBe(6); // a manifest and a result per source
    ageTree(cacheDir, 10 * DAY);
    compile('b'); // a hit: ccache sets the times of b's manifest and result
    expect(stat('direct_cache_hit')).toBe(1);
    const own = filesUnder(cacheDir).filter((f) => !/[RM]$/.test(f));
    expect(own).toEqual(expect.arrayContaining(['ccache.conf']));
    expect(own.some((f) => f.endsWith('/stats'))).toBe(true);

    const r = await runCli(['clean', cacheDir, '--max-age', '2d', '--json']);
    expect({ code: r.code, run: describeRun(r) }).toMatchObject({ code: 0 });
    const doc = parseJson(r);
    expect(doc.layout).toBe('ccache');
    const entries = doc.entries as Planned[];
    expect(entries.map((e) => e.class).sort()).toEqual(['manifest', 'manifest', 'manifest', 'result', 'result', 'result']);
    expect(entries.filter((e) => e.decision === 'evict')).toHaveLength(4);
    expect(entries.filter((e) => e.decision === 'keep').map((e) => e.reason)).toEqual(['too-young', 'too-young']); // used a moment ago
    // ccache.conf, stats files, CACHEDIR.TAG, tmp/: none of them an entry, all still there (stats files may be rewritten)
    expect(filesUnder(cacheDir).filter((f) => !/[RM]$/.test(f))).toEqual(own);

    // ccache's counters still count the evicted files until it recounts them (ccache --cleanup recounts every shard).
    expect(stat('files_in_cache')).toBe(6);
    ccache('--cleanup');
    expect(stat('files_in_cache')).toBe(2);

    ccache('--zero-stats');
    compile('b');
    compile('a');
    expect({ hits: stat('direct_cache_hit'), misses: stat('cache_miss') }).toEqual({ hits: 1, misses: 1 });
  });
});

describe('go-build', () => {
  let work: string;
  let gocache: string;
  const go = (...args: string[]): string =>
    execFileSync('go', args, {
      cwd: path.join(work, 'm'),
      encoding: 'utf8',
      // Standard library only, nothing fetched: no proxy, no network, a private GOPATH and HOME.
      env: { ...process.env, GOCACHE: gocache, GOPATH: path.join(work, 'gopath'), HOME: work, GOPROXY: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local', GO111MODULE: 'on' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  /** `go build -x` prints the commands it runs: a package compiled again names itself with `-p`. */
  const compiledBy = (...pkgs: string[]): string[] => {
    const out = execFileSync('sh', ['-c', `go build -x ${pkgs.join(' ')} 2>&1`], {
      cwd: path.join(work, 'm'),
      encoding: 'utf8',
      env: { ...process.env, GOCACHE: gocache, GOPATH: path.join(work, 'gopath'), HOME: work, GOPROXY: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local', GO111MODULE: 'on' },
    });
    return [...out.matchAll(/compile .* -p (example\.com\/m\/\w+)/g)].map((m) => m[1]!).sort();
  };

  beforeAll(() => {
    work = tempDir();
    gocache = path.join(work, 'gocache');
    const m = path.join(work, 'm');
    fs.mkdirSync(path.join(m, 'a'), { recursive: true });
    fs.mkdirSync(path.join(m, 'b'));
    fs.writeFileSync(path.join(m, 'go.mod'), 'module example.com/m\n\ngo 1.19\n');
    fs.writeFileSync(path.join(m, 'a', 'a.go'), 'package a\n\nfunc A() int { return 1 }\n');
    fs.writeFileSync(path.join(m, 'b', 'b.go'), 'package b\n\nfunc B() int { return 2 }\n');
    fs.writeFileSync(path.join(m, 'main.go'), 'package main\n\nimport "example.com/m/b"\n\nfunc main() { println(b.B()) }\n');
  });
  afterAll(() => removeDir(work));

  it('a clean evicts the idle -a and -d files, keeps README, trim.txt and every shard, and a rebuild recompiles only the evicted', async () => {
    expect(compiledBy('./a', './b')).toEqual(['example.com/m/a', 'example.com/m/b']);
    expect(compiledBy('./a', './b')).toEqual([]); // all cached now
    ageTree(gocache, 10 * DAY);
    go('build', '-o', path.join(work, 'prog'), '.'); // uses b (Go refreshes an hour-old mtime), not a

    const r = await runCli(['clean', gocache, '--max-age', '2d', '--json']);
    expect({ code: r.code, run: describeRun(r) }).toMatchObject({ code: 0 });
    const doc = parseJson(r);
    expect(doc.layout).toBe('go-build');
    const entries = doc.entries as Planned[];
    expect(new Set(entries.map((e) => e.class))).toEqual(new Set(['action', 'output']));
    expect(entries.filter((e) => e.decision === 'evict').length).toBeGreaterThan(0);
    expect(entries.filter((e) => e.decision === 'keep').length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(gocache, 'README'))).toBe(true);
    const shards = fs.readdirSync(gocache).filter((n) => /^[0-9a-f]{2}$/.test(n));
    expect(shards).toHaveLength(256); // even the ones the clean emptied: go writes into them without creating them

    expect(compiledBy('./a', './b')).toEqual(['example.com/m/a']);
  });
});
