import { fleetToHtml } from '../fleet-html.js';
import { planToHtml } from '../html.js';
import { scheduleToHtml } from '../schedule-html.js';
import { simToHtml } from '../sim-html.js';
import type { ReportFormat } from './format.js';

/**
 * One self-contained page with inline SVG charts (for simulate: the miss-ratio curves; for a schedule: what it fetched
 * again and its peak against the interval). A plan's page is made from its whole document, not streamed: its charts
 * place every victim among the others before a line of the page can be written.
 */
export const htmlFormat: ReportFormat = {
  name: 'html',
  extensions: ['.html', '.htm'],
  render: { plan: planToHtml, fleet: fleetToHtml, simulate: simToHtml, schedule: scheduleToHtml },
  isOwn: (head) => head.startsWith('<!doctype html>\n') && head.includes('<title>cachesweep '),
};
