import { planCsvChunks } from '../csv.js';
import { fleetToCsv } from '../fleet-text.js';
import { scheduleToCsv } from '../schedule-csv.js';
import { simToCsv } from '../sim-csv.js';
import type { ReportFormat } from './format.js';

/** RFC 4180, a row per entry (plan, streamed), node (fleet) or strategy and capacity (simulate), schedule (simulate --every); formulas neutralised. */
export const csvFormat: ReportFormat = {
  name: 'csv',
  extensions: ['.csv'],
  render: { fleet: fleetToCsv, simulate: simToCsv, schedule: scheduleToCsv },
  stream: { plan: ({ plan, extra }) => planCsvChunks(plan, extra) },
};
