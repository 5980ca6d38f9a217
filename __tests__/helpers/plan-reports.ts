import type { Plan } from '../../src/plan/types.js';
import { planCsvChunks } from '../../src/report/csv.js';
import type { PlanDocExtra } from '../../src/report/json.js';
import { planMarkdownChunks } from '../../src/report/markdown.js';

/** A plan's streamed CSV report, its chunks joined. */
export const csvText = (plan: Plan, extra: PlanDocExtra): string => [...planCsvChunks(plan, extra)].join('');

/** A plan's streamed Markdown report, its chunks joined. */
export const markdownText = (plan: Plan, extra: PlanDocExtra): string => [...planMarkdownChunks(plan, extra)].join('');
