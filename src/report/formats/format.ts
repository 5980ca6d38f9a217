import type { Plan } from '../../plan/types.js';
import type { FleetDoc } from '../fleet.js';
import type { PlanDocExtra } from '../json.js';
import type { PlanDoc } from '../plan-schema.js';
import type { ScheduleDoc } from '../schedule-doc.js';
import type { SimDoc } from '../sim-doc.js';

/** The documents reports are made of, by what makes them: plan and clean, `report merge`, `simulate` (capacities or schedules). */
export interface ReportDocs {
  plan: PlanDoc;
  fleet: FleetDoc;
  simulate: SimDoc;
  /** `simulate --every` / `--recommend`: schedules instead of capacities. */
  schedule: ScheduleDoc;
}

export type ReportKind = keyof ReportDocs;

/** What a plan's document is made of (planToJson's arguments): what a streamed plan report reads instead of the document. */
export interface PlanSource {
  plan: Plan;
  extra: PlanDocExtra;
}

/**
 * A report format: the file extensions that ask for it, and a renderer for each document it can show. A format
 * without a renderer for a document is refused for it (Markdown has none for simulate) before anything runs.
 * To add a format, write one file that exports one of these and add it to the list in registry.ts.
 *
 * A plan report may instead be streamed (`stream.plan`): written in pieces straight from the plan, without its
 * document or its whole text, which at a million entries are hundreds of megabytes. Used when present.
 */
export interface ReportFormat {
  /** Short name, as tests and messages may use it: `md`. */
  name: string;
  /** Lower case, dot included; the first one is the one help texts name (`.md`, then `.markdown`). */
  extensions: readonly [string, ...string[]];
  render: { [K in ReportKind]?: (doc: ReportDocs[K]) => string };
  stream?: { plan: (src: PlanSource) => Iterable<string> };
  /**
   * Does a file that begins with `head` (its first bytes, as latin1 text) hold a report this format writes? A report
   * replaces its file whole, even on a dry run, so an existing file is replaced only then (or when it is empty):
   * `--report /etc/cachesweep/cachesweep.json` (a config file typed for --config) was replaced by a plan, as root.
   */
  isOwn(head: string): boolean;
}
