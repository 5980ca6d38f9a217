import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../shared/errors.js';
import { readBounded } from '../../sys/read-bounded.js';
import { mergeFleet } from '../../report/fleet.js';
import { planDocSchema, type PlanDoc } from '../../report/plan-schema.js';
import { FLEET_HEADERS, fleetRow, totalsLine } from '../../report/fleet-text.js';
import { renderRows } from '../../report/render.js';
import type { MergeArgs } from '../args/flags-merge.js';
import { checkOutputDirs, reportTargets } from '../args/run-flags.js';
import { makePrinter, type Output } from '../term/output.js';
import { writeReports } from '../term/write-atomic.js';
import { toJsonText, unescapeStrings } from '../../shared/escape.js';

/** The JSON files to merge: files as given, directories searched for *.json (sorted). */
export function inputFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = fs.statSync(p);
      if (st.isDirectory()) walk(p);
      else if (name.toLowerCase().endsWith('.json')) out.push(p);
    }
  };
  for (const a of args) {
    let st: fs.Stats;
    try {
      st = fs.statSync(a);
    } catch {
      throw new UsageError(`report merge: ${a} does not exist`);
    }
    if (st.isDirectory()) walk(a);
    else out.push(a);
  }
  return out;
}

/** A node's JSON plan holds every entry: 256 MiB is about a million entries (and half of what one string may hold). */
const MERGE_INPUT_LIMIT = 256 * 1024 * 1024;

/** Read and check one node's JSON plan; a usage error naming the file when it is not one. */
export function readNodeDoc(file: string): PlanDoc | 'fleet' {
  let data: unknown;
  try {
    data = JSON.parse(readBounded(file, { label: 'report merge', limit: MERGE_INPUT_LIMIT }).toString('utf8'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`report merge: ${file}: not JSON (${(err as Error).message})`);
  }
  if (data !== null && typeof data === 'object' && (data as { command?: unknown }).command === 'fleet') return 'fleet';
  // Its strings are in the escape form (toJsonText): back to names here, escaped once again on the way out.
  const parsed = planDocSchema.safeParse(unescapeStrings(data));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new UsageError(`report merge: ${file}: not a cachesweep JSON plan (schema 1): ${i.path.join('.') || 'document'}: ${i.message}`);
  }
  return parsed.data;
}

/** `cachesweep report merge A.json B.json ... --report fleet.html`: one fleet report from many nodes' JSON plans. */
export async function runMerge(args: MergeArgs, o: Output, now = Date.now()): Promise<number> {
  const p = makePrinter(o, args);
  const reports = reportTargets(args.report, 'fleet');
  checkOutputDirs({ report: args.report });
  if (!args.files || args.files.length === 0) throw new UsageError("report merge: give the nodes' JSON plans, as files or directories (e.g. cachesweep report merge reports/ --report fleet.html)");
  const files = inputFiles(args.files);
  if (files.length === 0) throw new UsageError('report merge: no JSON plans found (give the files, or directories holding them)');
  const inputs: { file: string; doc: PlanDoc; fallbackName: string }[] = [];
  for (const file of files) {
    const doc = readNodeDoc(file);
    if (doc === 'fleet') {
      p.warn(`${file} is a fleet report, not a node's plan: left out`);
      continue;
    }
    inputs.push({ file, doc, fallbackName: path.basename(file).replace(/\.json$/i, '') });
  }
  const fleet = mergeFleet(inputs, now);
  writeReports(reports, 'fleet', fleet);
  if (p.json) p.out(toJsonText(fleet));
  else {
    p.out(renderRows(FLEET_HEADERS.map((h) => ({ text: h })), fleet.nodes.map((n) => fleetRow(n).map((text) => ({ text }))), p.style, p.chalk));
    p.out(totalsLine(fleet));
  }
  return 0;
}
