import { fleetToMarkdown } from '../fleet-text.js';
import { planMarkdownChunks } from '../markdown.js';
import type { ReportFormat } from './format.js';

/** For a ticket (a plan's streamed). None for simulate: its curves need the HTML page, its figures the CSV. */
export const markdownFormat: ReportFormat = {
  name: 'md',
  extensions: ['.md', '.markdown'],
  render: { fleet: fleetToMarkdown },
  stream: { plan: ({ plan, extra }) => planMarkdownChunks(plan, extra) },
  isOwn: (head) => head.startsWith('# cachesweep '),
};
