import type { FleetDoc } from './fleet.js';
import { fleetToHtml } from './fleet-html.js';
import { fleetToCsv, fleetToMarkdown } from './fleet-text.js';
import type { ReportFormat } from './formats.js';

/** Render a fleet document in a report format (chosen, like plan reports, by the file's extension). */
export function renderFleet(format: ReportFormat, doc: FleetDoc): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(doc, null, 2)}\n`;
    case 'md':
      return fleetToMarkdown(doc);
    case 'csv':
      return fleetToCsv(doc);
    case 'html':
      return fleetToHtml(doc);
  }
}
