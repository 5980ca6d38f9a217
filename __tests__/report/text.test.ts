import { Chalk } from 'chalk';
import type { Applied } from '../../src/apply/apply.js';
import { planOptionsFrom } from '../../src/config/options.js';
import { buildPlan } from '../../src/plan/build.js';
import { appliedText, planTable, summaryLine } from '../../src/report/text.js';
import { diskOf, makeEntry, makeInput, usageOf } from '../helpers/fixtures.js';
import { DAY, GiB, HOUR } from '../helpers/units.js';
import { bigPlan } from './scenario.js';

const ANSI = /\x1b\[/;
const plain = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });

function smallPlan() {
  const entries = [
    makeEntry('ubuntu-22.04.img', { bytes: 2 * GiB, idleMs: 10 * DAY }),
    makeEntry('a', { bytes: 1536, idleMs: 3 * HOUR }),
    makeEntry('busy-with-a-long-name.img', { bytes: 300 * GiB, idleMs: 2 * DAY }),
  ];
  const usage = usageOf(entries, { 'busy-with-a-long-name.img': { inUse: ['open by pid 42'], hits: 1234 } });
  return buildPlan(makeInput(entries, { usage }), planOptionsFrom({}));
}

describe('planTable, plain style', () => {
  const text = planTable(smallPlan(), 'plain', colour);
  const lines = text.split('\n');

  it('has no ANSI codes, even with a colour-capable chalk', () => {
    expect(text).not.toMatch(ANSI);
  });

  it('has a header and one line per entry, victims first', () => {
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^ENTRY\s+CLASS\s+SIZE\s+IDLE\s+HITS\s+DECISION\s+REASON$/);
    expect(lines[1]).toMatch(/^ubuntu-22\.04\.img\s.*\sevict\s+expired: idle 10d, max-age 1d$/);
    expect(lines[2]).toMatch(/^a\s.*\skeep\s+not-expired$/);
    expect(lines[3]).toMatch(/^busy-with-a-long-name\.img\s.*\s1234\s+keep\s+in-use: open by pid 42$/);
  });

  it('aligns the columns: left columns start, right columns end, at the same place on every line', () => {
    const start = (label: string): number => lines[0]!.indexOf(label);
    const end = (label: string): number => start(label) + label.length;
    const rows = lines.slice(1);
    for (const r of rows) {
      expect(r.slice(start('CLASS')).startsWith('file')).toBe(true);
      expect(r.slice(start('DECISION'))).toMatch(/^(evict|keep) /);
      expect(r.slice(start('REASON'))).toMatch(/^[a-z-]+/);
      expect(r[start('CLASS') - 1]).toBe(' ');
    }
    // Size, idle and hits are right-aligned: each ends where its header ends.
    const sizes = ['2.0 GiB', '1.5 KiB', '300.0 GiB'];
    const idles = ['10d', '3h', '2d'];
    const hits = ['0', '0', '1234'];
    rows.forEach((r, i) => {
      expect(r.slice(0, end('SIZE')).endsWith(sizes[i]!)).toBe(true);
      expect(r.slice(0, end('IDLE')).endsWith(idles[i]!)).toBe(true);
      expect(r.slice(0, end('HITS')).endsWith(hits[i]!)).toBe(true);
    });
  });

  it('leaves no trailing blanks', () => {
    for (const l of lines) expect(l).toBe(l.trimEnd());
  });

  it('says so when the cache is empty', () => {
    const empty = buildPlan(makeInput([]), planOptionsFrom({}));
    expect(planTable(empty, 'plain', plain)).toBe('the cache is empty');
  });
});

describe('planTable, table style', () => {
  it('colours the decisions when the colour level is above 0', () => {
    const text = planTable(smallPlan(), 'table', colour);
    expect(text).toMatch(ANSI);
    expect(text).toContain(colour.red.bold('evict'));
    expect(text).toContain(colour.green('keep'));
  });

  it('is a bordered table holding every entry', () => {
    const text = planTable(smallPlan(), 'table', plain);
    expect(text).not.toMatch(ANSI);
    expect(text).toMatch(/^┌/);
    for (const n of ['ubuntu-22.04.img', 'busy-with-a-long-name.img', 'in-use: open by pid 42']) expect(text).toContain(n);
  });
});

describe('summaryLine', () => {
  it('reads like the design’s example', () => {
    expect(summaryLine(bigPlan(), false)).toBe('evict 12 of 240 entries, 183.2 GiB; disk 91.3% -> 78.9% (threshold 85%, target 80%)');
  });

  it('says "would evict" on a dry run', () => {
    expect(summaryLine(bigPlan(), true)).toMatch(/^would evict 12 of 240 entries, 183\.2 GiB; /);
  });

  it('says when the threshold is not reached', () => {
    const entries = [makeEntry('a', { bytes: GiB })];
    const p = buildPlan(makeInput(entries, { disk: diskOf(50 * GiB, 50 * GiB) }), planOptionsFrom({ strategy: 'lru', threshold: '85%' }));
    expect(summaryLine(p, true)).toBe('would evict 0 of 1 entry, 0 B; disk 50.0% -> 50.0% (threshold 85%, target 80%, not reached)');
  });

  it('shows the cache size for a size threshold', () => {
    const entries = [makeEntry('a', { bytes: 60 * GiB, idleMs: 3 * DAY }), makeEntry('b', { bytes: 60 * GiB })];
    const p = buildPlan(makeInput(entries), planOptionsFrom({ strategy: 'lru', threshold: '100G' }));
    expect(summaryLine(p, false)).toBe('evict 1 of 2 entries, 60.0 GiB; cache 120.0 GiB -> 60.0 GiB (threshold 100.0 GiB, target 90.0 GiB)');
  });

  it('shows free space for --min-free', () => {
    const entries = [makeEntry('a', { bytes: 10 * GiB })];
    const p = buildPlan(makeInput(entries, { disk: diskOf(95 * GiB, 5 * GiB) }), planOptionsFrom({ strategy: 'lru', minFree: '20G' }));
    expect(summaryLine(p, false)).toBe('evict 1 of 1 entry, 10.0 GiB; free 5.0 GiB -> 15.0 GiB (min-free 20.0 GiB); SHORTFALL 5.0 GiB: the target cannot be met');
  });

  it('shows the max-age of the age strategy', () => {
    const entries = [makeEntry('a', { bytes: GiB, idleMs: 2 * DAY })];
    const p = buildPlan(makeInput(entries, { disk: diskOf(50 * GiB, 50 * GiB) }), planOptionsFrom({ maxAge: '36h' }));
    expect(summaryLine(p, false)).toBe('evict 1 of 1 entry, 1.0 GiB; disk 50.0% -> 49.0% (max-age 1d12h)');
  });

  it('has no ANSI codes', () => {
    expect(summaryLine(bigPlan(), false)).not.toMatch(ANSI);
  });
});

describe('appliedText', () => {
  it('counts what happened and lists every skip and failure', () => {
    const a: Applied = {
      deleted: ['a', 'b'],
      skipped: [{ name: 'c', why: 'changed since the scan (mtime)' }],
      failed: [{ name: 'd', error: 'EACCES: permission denied' }],
      freedBytes: 3 * GiB,
      interrupted: false,
    };
    expect(appliedText(a)).toBe(
      ['deleted 2 entries, 3.0 GiB; skipped 1; failed 1', 'skipped c: changed since the scan (mtime)', 'failed d: EACCES: permission denied'].join('\n'),
    );
    expect(appliedText({ ...a, skipped: [], failed: [], interrupted: true })).toBe('deleted 2 entries, 3.0 GiB; skipped 0; failed 0; interrupted');
  });
});
