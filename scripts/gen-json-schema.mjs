#!/usr/bin/env node
// docs/plan.schema.json, generated from the zod declaration of the plan document (src/report/plan-schema.ts, as
// built into dist/): `npm run gen:json-schema` writes it. `--check [FILE]` writes nothing: it makes the text in
// memory, compares it with FILE (default docs/plan.schema.json) and exits 1 naming the difference, which is how
// the test suite keeps the file current (__tests__/report/json-schema.test.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { zodToJsonSchema } from 'zod-to-json-schema';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = path.join(REPO, 'docs', 'plan.schema.json');

async function schemaText() {
  const built = path.join(REPO, 'dist', 'report', 'plan-schema.js');
  if (!fs.existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  const { planDocSchema, PLAN_DOC_DEFINITIONS, SCHEMA_VERSION } = await import(pathToFileURL(built).href);
  const generated = zodToJsonSchema(planDocSchema, {
    target: 'jsonSchema7',
    definitions: PLAN_DOC_DEFINITIONS,
    // Objects accept fields they do not list: schema 1 may gain fields, and a reader ignores what it does not know.
    removeAdditionalStrategy: 'strict',
  });
  const { $schema, ...rest } = generated;
  const doc = {
    $schema,
    title: `cachesweep plan document, schema ${SCHEMA_VERSION}`,
    description:
      'What `cachesweep plan --json`, `clean --json` and `--report FILE.json` write, and what `report merge` reads. ' +
      'The meaning of each field: docs/json-schema.md. Generated from src/report/plan-schema.ts by npm run gen:json-schema; do not edit.',
    ...rest,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const args = process.argv.slice(2);
const text = await schemaText();
if (args[0] === '--check') {
  const file = args[1] ?? FILE;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== text) {
    const a = current.split('\n');
    const b = text.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    console.error(`${path.relative(process.cwd(), file) || file} is not what src/report/plan-schema.ts generates (first difference at line ${line + 1}): run npm run gen:json-schema`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), FILE)}`);
}
