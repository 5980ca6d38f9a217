/**
 * Every reason code the plan document may carry is in both tables of the docs (strategies.md, reports.md) with its
 * decision, and nothing else is: `excluded` (--include) was missing from reports.md. The code list is the schema's
 * (src/report/plan-schema.ts); the helper the integration tests check documents with is held to the same list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REASONS as SCHEMA_REASONS } from '../../src/report/plan-schema.js';
import { EVICT_REASONS, REASONS as CHECKED } from '../helpers/json.js';
import { REPO } from '../helpers/paths.js';

/** `| evict | \`expired\` | ...` rows of a markdown file, as reason -> decision. */
function table(file: string): Map<string, string> {
  const text = fs.readFileSync(path.join(REPO, 'docs', file), 'utf8');
  const rows = [...text.matchAll(/^\| (evict|keep) \| `([a-z-]+)` \|/gm)];
  return new Map(rows.map((m) => [m[2]!, m[1]!]));
}

const expected = new Map(SCHEMA_REASONS.map((r) => [r as string, EVICT_REASONS.includes(r) ? 'evict' : 'keep']));

it.each([['strategies.md'], ['reports.md']])('%s lists every reason code with its decision, and no other', (file) => {
  expect(Object.fromEntries(table(file))).toEqual(Object.fromEntries(expected));
});

it('the documents the integration tests check may carry any documented code', () => {
  expect([...CHECKED].sort()).toEqual([...SCHEMA_REASONS].sort());
});
