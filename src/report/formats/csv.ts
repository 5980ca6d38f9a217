import { planToCsv } from '../csv.js';
import { fleetToCsv } from '../fleet-text.js';
import { scheduleToCsv } from '../schedule-csv.js';
import { simToCsv } from '../sim-csv.js';
import type { ReportFormat } from './format.js';

/** RFC 4180, a row per entry (plan), node (fleet) or strategy and capacity (simulate), schedule (simulate --every); formulas neutralised. */
export const csvFormat: ReportFormat = {
  name: 'csv',
  extensions: ['.csv'],
  render: { plan: planToCsv, fleet: fleetToCsv, simulate: simToCsv, schedule: scheduleToCsv },
};
