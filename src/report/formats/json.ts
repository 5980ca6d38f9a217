import type { ReportFormat } from './format.js';

/** The document itself, as `--json` prints it (for plans: the schema-1 document that `report merge` reads). */
const asJson = (doc: object): string => `${JSON.stringify(doc, null, 2)}\n`;

export const jsonFormat: ReportFormat = {
  name: 'json',
  extensions: ['.json'],
  render: { plan: asJson, fleet: asJson, simulate: asJson, schedule: asJson },
};
