import { parseDuration } from '../../shared/units.js';
import { historyText, historyToJson, pinLines } from '../../report/history.js';
import { openStoreSnapshot } from '../../usage/store/open.js';
import { listEvictions, listPins, type PinRow } from '../../usage/store/read.js';
import { readOlderEvictions, type OlderEvictions } from '../../usage/store/regret.js';
import { nowFrom } from '../args/clock.js';
import type { HistoryArgs } from '../args/flags-store.js';
import { makePrinter, type Output } from '../term/output.js';
import { locate } from '../../core/locate.js';
import { whereFrom } from '../args/core-options.js';
import { toJsonText } from '../../shared/escape.js';

/** Past evictions of a cache root, from the usage store. Reads a snapshot: writes nothing, creates nothing. */
export async function runHistory(args: HistoryArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const now = nowFrom(args);
  const sinceMs = args.since !== undefined ? now - parseDuration(args.since, '--since') : null;
  const where = locate(whereFrom(args));
  const store = openStoreSnapshot(where.stateDir);
  let rows: ReturnType<typeof listEvictions> = [];
  let pins: PinRow[] = [];
  let older: OlderEvictions | null = null;
  try {
    if (store) {
      rows = listEvictions(store, where.root, sinceMs ?? 0);
      pins = listPins(store, where.root);
      older = readOlderEvictions(store, where.root, sinceMs ?? 0);
    }
  } finally {
    store?.close();
  }
  if (p.json) p.out(toJsonText(historyToJson(where.root, rows, sinceMs, now, pins, older)));
  else {
    p.out(historyText(rows, sinceMs, p.style, p.chalk, p.width, older));
    for (const l of pinLines(pins, sinceMs, now)) p.out(p.wrap(l));
  }
  return 0;
}
