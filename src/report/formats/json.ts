import type { ReportFormat } from './format.js';
import { planJsonChunks, type PlanDocExtra } from '../json.js';
import type { Plan } from '../../plan/types.js';
import { toJsonText } from '../../shared/escape.js';

/**
 * The document itself, as `--json` prints it (for plans: the schema-1 document that `report merge` reads), its
 * strings in the one escape form (shared/escape.ts).
 */
const asJson = (doc: object): string => `${toJsonText(doc)}\n`;

/** A plan's: the same text, streamed as `--json` streams it. */
function* planJson(plan: Plan, extra: PlanDocExtra): Generator<string> {
  yield* planJsonChunks(plan, extra);
  yield '\n';
}

export const jsonFormat: ReportFormat = {
  name: 'json',
  extensions: ['.json'],
  render: { plan: asJson, fleet: asJson, simulate: asJson, schedule: asJson },
  stream: { plan: ({ plan, extra }) => planJson(plan, extra) },
  // Every document opens with its schema number (plan, fleet, simulate and schedule alike); a config file never does.
  isOwn: (head) => /^\{\s*"schema": \d+,\n/.test(head),
};
