import { diskFigures } from '../../sys/disk.js';
import type { Figures } from '../../plan/types.js';
import { statusToJson } from '../../report/json.js';
import { statusText } from '../../report/status.js';
import { storageJson, storageLines } from '../../report/storage.js';
import type { CliArgs } from '../flags.js';
import { makePrinter, type Output } from '../output.js';
import { prepare } from '../pipeline.js';

/** Print the inventory: entries, sizes, usage, disk figures. Changes nothing. */
export async function runStatus(args: CliArgs, o: Output): Promise<number> {
  const p = makePrinter(o, args);
  const prep = await prepare(args);
  const d = diskFigures(prep.root);
  const disk: Figures = { cacheBytes: prep.scan.cacheBytes, diskUsedBytes: d.usedBytes, diskUsedPercent: d.usedPercent, diskAvailableBytes: d.availableBytes };
  if (p.json) {
    p.out(JSON.stringify(statusToJson(prep.scan, prep.usage, disk, prep.now, prep.storage), null, 2));
    return 0;
  }
  for (const w of prep.scan.warnings) p.warn(w);
  p.out(statusText(prep.scan, prep.usage, disk, prep.now, p.style, p.chalk));
  for (const l of storageLines(storageJson(prep.storage))) p.out(l);
  return 0;
}
