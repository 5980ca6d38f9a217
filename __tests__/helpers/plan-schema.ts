import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { REPO } from './paths.js';


/** The JSON Schema of the plan document, generated from src/report/plan-schema.ts (npm run gen:json-schema). */
export const PLAN_SCHEMA_FILE = path.join(REPO, 'docs', 'plan.schema.json');

/** What zod's `datetime({ precision: 3 })` accepts, and Date.prototype.toISOString writes. */
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * The schema with every object closed (`additionalProperties: false`). The published file leaves objects open (schema 1
 * may gain fields); the tests close them, so a field cachesweep writes but the schema does not declare fails here.
 */
function closed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closed);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = closed(v);
  if ('properties' in out) out.additionalProperties = false;
  return out;
}

let validators: { open: ValidateFunction; closed: ValidateFunction } | undefined;

function compile(): { open: ValidateFunction; closed: ValidateFunction } {
  if (!validators) {
    const schema = JSON.parse(fs.readFileSync(PLAN_SCHEMA_FILE, 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: true });
    ajv.addFormat('date-time', ISO);
    validators = { open: ajv.compile(schema), closed: ajv.compile({ ...(closed(schema) as object), $id: 'closed' }) };
  }
  return validators;
}

/** What is wrong with `doc` as a plan document, one line per problem; [] when it is one. */
export function planSchemaErrors(doc: unknown, opts: { closed?: boolean } = {}): string[] {
  const v = compile()[opts.closed === false ? 'open' : 'closed'];
  if (v(doc)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** `doc` is a plan document as docs/plan.schema.json declares it, with no field the schema does not declare. */
export function expectValidPlanDocument(doc: unknown): void {
  expect(planSchemaErrors(doc)).toEqual([]);
}
