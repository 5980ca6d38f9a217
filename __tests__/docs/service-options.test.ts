/**
 * docs/nova.md and docs/glance.md list exactly the options cachesweep reads, each in the place (and, for Nova, the
 * deprecated places) the code declares them, which are Nova's and Glance's own declarations
 * (nova/conf/imagecache.py, glance/image_cache/__init__.py): a table that drifts from the code fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GLANCE_OPTS } from '../../src/config/glance-conf.js';
import { novaOpts } from '../../src/config/nova-conf.js';
import { REPO } from '../helpers/run.js';

/** The rows of the first Markdown table after `heading`: cells, backticks kept. */
function tableAfter(file: string, heading: RegExp): string[][] {
  const lines = fs.readFileSync(path.join(REPO, 'docs', file), 'utf8').split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  expect(start).toBeGreaterThanOrEqual(0);
  const first = lines.findIndex((l, i) => i > start && l.startsWith('|'));
  const rows: string[][] = [];
  for (let i = first + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    rows.push(lines[i]!.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

const place = (group: string, name: string): string => `\`[${group}] ${name}\``;

describe('docs/nova.md, "The options read"', () => {
  const rows = tableAfter('nova.md', /^### The options read/);
  const host = { myIp: () => ({ value: '192.0.2.1', detail: 'test' }), hostname: () => ({ value: 'h', detail: 'test' }) };
  // pybasedir is only Nova's default for state_path (cachesweep cannot know it): its row is state_path's
  const opts = novaOpts(host).filter((o) => o.name !== 'pybasedir');

  it('one row per option read, at its current place; no other row', () => {
    expect(rows.map((r) => r[0]).sort()).toEqual(opts.map((o) => place(o.group, o.name)).sort());
  });

  it("each row names exactly the deprecated places Nova declares (and says 'none' when there are none)", () => {
    for (const o of opts) {
      const row = rows.find((r) => r[0] === place(o.group, o.name))!;
      const declared = (o.deprecated ?? []).map((d) => place(d.group ?? o.group, d.name ?? o.name));
      const said = [...row[1]!.matchAll(/`\[[^\]]+\] [a-z_]+`/g)].map((m) => m[0]);
      expect({ option: o.name, deprecated: said }).toEqual({ option: o.name, deprecated: declared });
      if (declared.length === 0) expect(row[1]).toBe('none');
    }
  });
});

describe('docs/glance.md, the glance-api.conf options', () => {
  const rows = tableAfter('glance.md', /^## glance-api\.conf/);

  it('one row per option read (all in [DEFAULT], as the text says); no other row', () => {
    expect(GLANCE_OPTS.every((o) => o.group === 'DEFAULT' && !o.deprecated)).toBe(true);
    expect(rows.map((r) => r[0]).sort()).toEqual(GLANCE_OPTS.map((o) => `\`${o.name}\``).sort());
  });
});
