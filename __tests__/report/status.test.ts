import { Chalk } from 'chalk';
import { statusText } from '../../src/report/status.js';
import { statusToJson } from '../../src/report/json.js';
import type { Figures } from '../../src/plan/types.js';
import type { ScanResult } from '../../src/shared/types.js';
import { NOW, makeEntry, usageOf } from '../helpers/fixtures.js';
import { DAY, GiB, HOUR } from '../helpers/units.js';

const entries = [
  makeEntry('base.img', { bytes: 2 * GiB, idleMs: 3 * DAY }),
  makeEntry('busy.img', { bytes: GiB, idleMs: HOUR }),
  makeEntry('x.part', { bytes: 100, partial: true, idleMs: HOUR }),
];
const scan: ScanResult = { root: '/srv/cache', layout: 'generic', entries, cacheBytes: 3 * GiB + 4096, linkGroups: [], warnings: [], unreadable: [] };
const usage = usageOf(entries, { 'busy.img': { inUse: ['open by pid 7'], hits: 2 } });
const disk: Figures = { cacheBytes: scan.cacheBytes, diskUsedBytes: 60 * GiB, diskAvailableBytes: 40 * GiB, diskUsedPercent: 60 };

describe('status report', () => {
  it('lists every entry with its state, and the totals, as plain aligned text', () => {
    const text = statusText(scan, usage, disk, NOW, 'plain', new Chalk({ level: 1 }));
    expect(text).not.toMatch(/\x1b\[/);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ENTRY\s+CLASS\s+SIZE\s+APPARENT\s+LAST USED\s+IDLE\s+HITS\s+BACK\s+FIRST SEEN\s+STATE$/);
    expect(lines[2]).toMatch(/^busy\.img\s.*\s2\s+-\s+in use: open by pid 7$/);
    expect(lines[3]).toMatch(/\spartial$/);
    expect(lines[4]).toBe('3 entries, 3.0 GiB (layout generic); disk 60.0% used, 40.0 GiB available');
  });

  it('is a JSON document of the inventory', () => {
    const doc = JSON.parse(JSON.stringify(statusToJson(scan, usage, disk, NOW)));
    expect(doc).toMatchObject({ schema: 1, command: 'status', root: '/srv/cache', summary: { entries: 3, cacheBytes: 3 * GiB + 4096 } });
    expect(doc.disk).toMatchObject({ diskUsedPercent: 60, diskAvailableBytes: 40 * GiB });
    expect(doc.entries[1]).toMatchObject({ name: 'busy.img', inUse: ['open by pid 7'], hits: 2, idleSeconds: 3600, lastUsed: new Date(NOW - HOUR).toISOString() });
  });
});
