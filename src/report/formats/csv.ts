import { CSV_COLUMNS, planCsvChunks } from '../csv.js';
import { FLEET_CSV_COLUMNS, fleetToCsv } from '../fleet-text.js';
import { SCHEDULE_CSV_COLUMNS, scheduleToCsv } from '../schedule-csv.js';
import { SIM_CSV_COLUMNS, simToCsv } from '../sim-csv.js';
import type { ReportFormat } from './format.js';

/** The header rows the renderers write: a CSV report begins with one of them, whole, then a line end. */
const HEADERS = [CSV_COLUMNS, FLEET_CSV_COLUMNS, SIM_CSV_COLUMNS, SCHEDULE_CSV_COLUMNS].map((cols) => cols.join(','));

/** RFC 4180, a row per entry (plan, streamed), node (fleet) or strategy and capacity (simulate), schedule (simulate --every); formulas neutralised. */
export const csvFormat: ReportFormat = {
  name: 'csv',
  extensions: ['.csv'],
  render: { fleet: fleetToCsv, simulate: simToCsv, schedule: scheduleToCsv },
  stream: { plan: ({ plan, extra }) => planCsvChunks(plan, extra) },
  isOwn: (head) => HEADERS.some((h) => head.startsWith(`${h}\r\n`) || head.startsWith(`${h}\n`)),
};
