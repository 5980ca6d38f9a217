import { fleetToHtml } from '../fleet-html.js';
import { planToHtml } from '../html.js';
import { simToHtml } from '../sim-html.js';
import type { ReportFormat } from './format.js';

/** One self-contained page with inline SVG charts (for simulate: the miss-ratio curves). */
export const htmlFormat: ReportFormat = {
  name: 'html',
  extensions: ['.html', '.htm'],
  render: { plan: planToHtml, fleet: fleetToHtml, simulate: simToHtml },
};
