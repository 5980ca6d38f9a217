/**
 * docs/architecture.md promises that a strategy, a layout, an in-use detector and a report format are each one new
 * file plus their import and name in a registry's list, and that the help text follows. This test does exactly that
 * to a copy of src/, compiles the copy and runs it: if the promise breaks (a second place must be edited), this fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, writeFile } from '../helpers/cache.js';
import { REPO } from '../helpers/paths.js';
import { runCliSync } from '../helpers/run.js';
import { DAY, KiB } from '../helpers/units.js';

const STRATEGY = `import type { Strategy } from './strategy.js';

/** Most recently used first: the opposite of lru (a plug-in written by the architecture test). */
export const mru: Strategy = {
  name: 'mru',
  trigger: 'pressure',
  description: 'most recently used first (test plug-in)',
  rank: (cands) => [...cands].sort((a, b) => b.usage.lastUsedMs - a.usage.lastUsedMs || (a.entry.name < b.entry.name ? -1 : 1)),
};
`;
const LAYOUT = `import type { Layout } from '../layout.js';

/** Entries ending in .blob are blobs; anything else is unknown (a plug-in written by the architecture test). */
export const blobs: Layout = {
  name: 'blobs',
  description: 'a cache of *.blob files (test plug-in)',
  classify: (name) => (name.endsWith('.blob') ? { class: 'blob', partial: false } : { class: 'unknown', partial: false, unknownWhy: 'not a blob' }),
};
`;
const DETECTOR = `import type { Detector } from './detector.js';

/** An entry is in use while a file "<name>.busy" stands beside it (a plug-in written by the architecture test). */
export const busyMarker: Detector = {
  name: 'busy-marker',
  summary: 'a <name>.busy file stands beside the entry (test plug-in)',
  make: () => ({
    name: 'busy-marker',
    collect: (entries) => entries.filter((e) => entries.some((o) => o.name === e.name + '.busy')).map((e) => ({ name: e.name, inUse: ['marked busy'] })),
  }),
};
`;

const FORMAT = `import type { ReportFormat } from './format.js';

/** One line per entry: its decision and name (a plug-in written by the architecture test). Plans only. */
export const lines: ReportFormat = {
  name: 'lines',
  extensions: ['.lines'],
  render: { plan: (doc) => doc.entries.map((e) => \`\${e.decision} \${e.name}\\n\`).join('') },
  isOwn: (head) => /^(keep|evict) /.test(head),
};
`;

/** Add `name` to the list `listStart` opens in `file`, and import it from `from`: the "one line" of a registry. */
function register(file: string, listStart: RegExp, name: string, from: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!listStart.test(text)) throw new Error(`${file}: the registry list ${listStart} is gone: update docs/architecture.md and this test`);
  fs.writeFileSync(file, `import { ${name} } from '${from}';\n${text.replace(listStart, (m) => `${m}${name}, `)}`);
}

describe('docs/architecture.md: one file and one registry line per extension', () => {
  it('a new strategy, layout, in-use detector and report format work, and appear in --help, after exactly those edits', () => {
    const dir = tempDir('cachesweep-extend-');
    try {
      for (const f of ['src', 'bin']) fs.cpSync(path.join(REPO, f), path.join(dir, f), { recursive: true });
      for (const f of ['package.json', 'tsconfig.json', 'tsconfig.build.json']) fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
      fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
      if (fs.existsSync(path.join(REPO, 'build'))) fs.symlinkSync(path.join(REPO, 'build'), path.join(dir, 'build'));

      fs.writeFileSync(path.join(dir, 'src/policy/mru.ts'), STRATEGY);
      register(path.join(dir, 'src/policy/registry.ts'), /export const STRATEGIES: readonly Strategy\[\] = \[/, 'mru', './mru.js');
      fs.writeFileSync(path.join(dir, 'src/scan/layouts/blobs.ts'), LAYOUT);
      register(path.join(dir, 'src/scan/layouts/index.ts'), /export const LAYOUTS: readonly Layout\[\] = \[/, 'blobs', './blobs.js');
      fs.writeFileSync(path.join(dir, 'src/usage/detectors/busy-marker.ts'), DETECTOR);
      register(path.join(dir, 'src/usage/detectors/registry.ts'), /export const DETECTORS: readonly Detector\[\] = \[/, 'busyMarker', './busy-marker.js');
      fs.writeFileSync(path.join(dir, 'src/report/formats/lines.ts'), FORMAT);
      register(path.join(dir, 'src/report/formats/registry.ts'), /export const REPORT_FORMATS = formatRegistry\(\[/, 'lines', './lines.js');

      const tsc = spawnSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, encoding: 'utf8' });
      expect(tsc.stdout + tsc.stderr).toBe('');
      const bin = path.join(dir, 'bin/cachesweep');
      const help = runCliSync(['plan', '--help'], { bin, stateDir: false }).stdout;
      expect(help).toMatch(/mru/);
      expect(help).toMatch(/blobs/);
      expect(help).toMatch(/busy-marker/);
      expect(help).toMatch(/format by extension: \.lines \.json/);

      const cache = path.join(dir, 'cache');
      for (const [n, daysAgo] of [['a.blob', 9], ['b.blob', 5], ['c.blob', 3], ['c.blob.busy', 3]] as const) {
        writeFile(path.join(cache, n), 64 * KiB, Date.now() - daysAgo * DAY);
      }
      const report = path.join(dir, 'plan.lines');
      const args = ['plan', cache, '--strategy', 'mru', '--layout', 'blobs', '--threshold', '1K', '--target', '1K', '--json', '--report', report];
      const r = runCliSync(args, { bin, stateDir: path.join(dir, 'state') });
      const doc = JSON.parse(r.stdout) as { strategy: string; layout: string; entries: { name: string; decision: string; reason: string; class: string }[] };
      const by = Object.fromEntries(doc.entries.map((e) => [e.name, e]));
      expect([doc.strategy, doc.layout]).toEqual(['mru', 'blobs']);
      expect(by['c.blob']).toEqual(expect.objectContaining({ decision: 'keep', reason: 'in-use' })); // the detector
      expect(by['c.blob.busy']).toEqual(expect.objectContaining({ decision: 'keep', reason: 'unknown' })); // the layout
      // the strategy: most recent first, so b (5 days) goes before a (9 days)
      expect(doc.entries.filter((e) => e.decision === 'evict').map((e) => e.name)).toEqual(['b.blob', 'a.blob']);
      // the report format: written for a plan; refused, with the extensions that would do, where it renders nothing
      expect(fs.readFileSync(report, 'utf8')).toBe(doc.entries.map((e) => `${e.decision} ${e.name}\n`).join(''));
      const sim = runCliSync(['simulate', '--trace', path.join(dir, 't.csv'), '--capacity', '1M', '--report', path.join(dir, 's.lines')], { bin, stateDir: false });
      expect(sim.stderr).toMatch(/unknown simulate report format '\.lines' \(choose \.json, \.csv, \.html, \.htm\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
