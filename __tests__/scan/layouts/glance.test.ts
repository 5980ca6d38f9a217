import fs from 'node:fs';
import { glance } from '../../../src/scan/layouts/glance.js';
import { resolveLayout } from '../../../src/scan/layouts/index.js';
import { scan } from '../../../src/scan/scan.js';
import { buildPlan } from '../../../src/plan/build.js';
import { planOptionsFrom } from '../../../src/config/options.js';
import { mergeUsage } from '../../../src/usage/merge.js';
import { tempCache, writeFile } from '../../helpers/cache.js';
import { DAY, HOUR } from '../../helpers/units.js';

describe('glance layout: names', () => {
  it('leaves cache.db (and its side files) and queue/ alone, descends into incomplete/ and invalid/', () => {
    for (const f of ['cache.db', 'cache.db-journal', 'cache.db-wal', 'cache.db-shm']) expect(glance.topLevel!(f, 'file')).toBe('ignore');
    expect(glance.topLevel!('queue', 'dir')).toBe('ignore');
    expect(glance.topLevel!('incomplete', 'dir')).toBe('descend');
    expect(glance.topLevel!('invalid', 'dir')).toBe('descend');
    expect(glance.topLevel!('6b8f0c6e-1f3a-4c55-9a53-0d6f1a2b3c4d', 'file')).toBe('entry');
  });

  it('classifies images, partial downloads, invalid images and strangers', () => {
    expect(glance.classify('6b8f0c6e', 'file')).toEqual({ class: 'image', partial: false });
    expect(glance.classify('incomplete/6b8f0c6e', 'file')).toEqual({ class: 'incomplete', partial: true });
    expect(glance.classify('invalid/6b8f0c6e', 'file')).toMatchObject({ class: 'invalid', partial: false, expired: expect.stringContaining('invalid/') });
    expect(glance.classify('somedir', 'dir').unknownWhy).toMatch(/not a Glance cache file/);
    expect(glance.classify('incomplete/sub', 'dir').unknownWhy).toMatch(/in incomplete\//);
    expect(glance.classify('link', 'symlink').unknownWhy).toMatch(/symlink/);
  });

  it('is detected by cache.db, or by two of incomplete/ invalid/ queue/, not by one of them alone', () => {
    expect(resolveLayout('auto', 'image-cache', ['cache.db', 'x']).name).toBe('glance');
    expect(resolveLayout('auto', 'image-cache', ['incomplete', 'invalid', 'queue']).name).toBe('glance');
    expect(resolveLayout('auto', 'image-cache', ['incomplete', 'queue']).name).toBe('glance');
    expect(resolveLayout('auto', 'builds', ['queue', 'a.tar']).name).toBe('generic');
    expect(resolveLayout('glance', 'anything', []).name).toBe('glance');
  });
});

describe('glance layout: a plan on a real Glance cache directory', () => {
  const now = Date.UTC(2025, 0, 31, 12);
  let t: ReturnType<typeof tempCache>;
  beforeAll(() => {
    t = tempCache();
    writeFile(`${t.cache}/img-old`, 8192, now - 5 * DAY);
    writeFile(`${t.cache}/img-new`, 8192, { mtimeMs: now - 2 * HOUR, atimeMs: now - HOUR }); // cached, then served
    writeFile(`${t.cache}/incomplete/stalled`, 4096, now - 30 * HOUR);
    writeFile(`${t.cache}/incomplete/downloading`, 4096, now - 2 * HOUR);
    writeFile(`${t.cache}/invalid/bad-checksum`, 4096, now - 2 * HOUR);
    writeFile(`${t.cache}/invalid/just-failed`, 4096, now - 60_000);
    writeFile(`${t.cache}/queue/wanted`, 0, now - DAY);
    writeFile(`${t.cache}/cache.db`, 4096, now - 60_000);
  });
  afterAll(() => t.cleanup());

  it('lists images and incomplete/invalid files, expires invalid ones and stalled downloads, keeps the rest', () => {
    const s = scan(fs.realpathSync(t.cache));
    expect(s.layout).toBe('glance');
    expect(s.entries.map((e) => e.name).sort()).toEqual(['img-new', 'img-old', 'incomplete/downloading', 'incomplete/stalled', 'invalid/bad-checksum', 'invalid/just-failed']);
    const plan = buildPlan(
      { root: s.root, layout: s.layout, entries: s.entries, usage: mergeUsage(s.entries, []), cacheBytes: s.cacheBytes, disk: { usedBytes: 0, availableBytes: 1, usedPercent: 0 }, now },
      planOptionsFrom({ maxAge: '30d' }),
    );
    const d = Object.fromEntries(plan.entries.map((p) => [p.entry.name, `${p.decision} ${p.reason}${p.detail ? `: ${p.detail}` : ''}`]));
    expect(d).toEqual({
      'invalid/bad-checksum': 'evict expired: in invalid/: Glance could not verify it',
      'incomplete/stalled': 'evict expired: stale partial download',
      'invalid/just-failed': 'keep too-young',
      'incomplete/downloading': 'keep partial',
      'img-old': 'keep not-expired',
      'img-new': 'keep not-expired',
    });
  });
});
