import { cacheStatus } from '../../core/api.js';
import { statusOf } from '../../core/results.js';
import { statusToJson } from '../../report/json.js';
import { statusText } from '../../report/status.js';
import { storageJson, storageLines } from '../../report/storage.js';
import { cacheOptionsFrom } from '../args/core-options.js';
import type { StatusArgs } from '../args/flags.js';
import { makePrinter, type Output } from '../term/output.js';
import { toJsonText } from '../../shared/escape.js';

/** Print the inventory: entries, sizes, usage, disk figures. Changes nothing. */
export async function runStatus(args: StatusArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const status = await cacheStatus(cacheOptionsFrom(args));
  const { scan, usage, findings } = statusOf(status);
  if (p.json) {
    p.out(toJsonText(statusToJson(scan, usage, status.figures, status.now, status.storage, findings, status.regret)));
    return 0;
  }
  for (const w of status.warnings) p.warn(w);
  p.out(statusText(scan, usage, status.figures, status.now, p.style, p.chalk, findings, p.width, status.regret));
  for (const l of storageLines(storageJson(status.storage))) p.out(p.wrap(l));
  return 0;
}
