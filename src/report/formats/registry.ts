import path from 'node:path';
import { UnknownNameError } from '../../shared/errors.js';
import { csvFormat } from './csv.js';
import type { PlanDoc } from '../plan-schema.js';
import type { PlanSource, ReportDocs, ReportFormat, ReportKind } from './format.js';
import { htmlFormat } from './html.js';
import { jsonFormat } from './json.js';
import { markdownFormat } from './markdown.js';

export type { PlanSource, ReportDocs, ReportFormat, ReportKind };

/** Report formats by extension, for one list of formats (the one below; a test makes another to add one). */
export interface FormatRegistry {
  readonly formats: readonly ReportFormat[];
  /** The formats that can show this document, in the list's order. */
  formatsFor(kind: ReportKind): ReportFormat[];
  /** Their first extensions (`.json`, `.md`, ...): what help texts list. */
  extensionsFor(kind: ReportKind): string[];
  /** The format a file's extension asks for; UnknownNameError, listing every extension that would do, otherwise. */
  formatOf(file: string, kind: ReportKind): ReportFormat;
  /** The format a file's extension names, for whatever document (undefined: none). */
  byExtension(file: string): ReportFormat | undefined;
}

export function formatRegistry(formats: readonly ReportFormat[]): FormatRegistry {
  const shows = (f: ReportFormat, kind: ReportKind): boolean => f.render[kind] !== undefined || (kind === 'plan' && f.stream !== undefined);
  const formatsFor = (kind: ReportKind): ReportFormat[] => formats.filter((f) => shows(f, kind));
  return {
    formats,
    formatsFor,
    extensionsFor: (kind) => formatsFor(kind).map((f) => f.extensions[0]),
    byExtension: (file) => formats.find((f) => f.extensions.includes(path.extname(file).toLowerCase())),
    formatOf(file, kind) {
      const ext = path.extname(file).toLowerCase();
      const found = formatsFor(kind).find((f) => f.extensions.includes(ext));
      if (found) return found;
      const what = kind === 'plan' ? 'report format' : `${kind} report format`;
      throw new UnknownNameError(what, ext || '(no extension)', formatsFor(kind).flatMap((f) => f.extensions));
    },
  };
}

/** Every report format. Adding one: its file beside this one, and a line here. */
export const REPORT_FORMATS = formatRegistry([
  jsonFormat,
  markdownFormat,
  csvFormat,
  htmlFormat,
]);

/** A document in a format the registry chose for it (formatOf checked that the format can show it). */
export function renderReport<K extends ReportKind>(format: ReportFormat, kind: K, doc: ReportDocs[K]): string {
  const render = format.render[kind] as ((d: ReportDocs[K]) => string) | undefined;
  if (!render) throw new Error(`report format ${format.name} cannot show a ${kind} document`);
  return render(doc);
}

/**
 * A plan's report in a format, in pieces: streamed from the plan when the format can, else rendered whole from the
 * plan's document, which docOf makes (the caller makes it once for every format that needs it).
 */
export function planReport(format: ReportFormat, src: PlanSource, docOf: () => PlanDoc): Iterable<string> {
  return format.stream ? format.stream.plan(src) : [renderReport(format, 'plan', docOf())];
}
