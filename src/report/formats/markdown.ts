import { fleetToMarkdown } from '../fleet-text.js';
import { planToMarkdown } from '../markdown.js';
import type { ReportFormat } from './format.js';

/** For a ticket. None for simulate: its curves need the HTML page, its figures the CSV. */
export const markdownFormat: ReportFormat = {
  name: 'md',
  extensions: ['.md', '.markdown'],
  render: { plan: planToMarkdown, fleet: fleetToMarkdown },
  isOwn: (head) => head.startsWith('# cachesweep '),
};
