import path from 'node:path';
import { planToCsv } from './csv.js';
import type { PlanDoc } from './plan-schema.js';
import { planToHtml } from './html.js';
import { planToMarkdown } from './markdown.js';

export type ReportFormat = 'json' | 'md' | 'csv' | 'html';

const BY_EXTENSION: Record<string, ReportFormat> = {
  '.json': 'json',
  '.md': 'md',
  '.markdown': 'md',
  '.csv': 'csv',
  '.html': 'html',
  '.htm': 'html',
};

/** The report format a file name asks for, by its extension; undefined when there is none. */
export function reportFormatOf(file: string): ReportFormat | undefined {
  return BY_EXTENSION[path.extname(file).toLowerCase()];
}

/** Render a plan document in a report format. JSON is the --json document itself. */
export function renderReport(format: ReportFormat, doc: PlanDoc): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(doc, null, 2)}\n`;
    case 'md':
      return planToMarkdown(doc);
    case 'csv':
      return planToCsv(doc);
    case 'html':
      return planToHtml(doc);
  }
}
