import fs from 'node:fs';
import type { DiskFigures } from '../shared/types.js';

/** Figures of the filesystem holding `p`, computed as `df` does: Use% = used / (used + available), root reserve excluded. */
export function diskFigures(p: string): DiskFigures {
  const s = fs.statfsSync(p, { bigint: true });
  const used = (s.blocks - s.bfree) * s.bsize;
  const avail = s.bavail * s.bsize;
  const total = used + avail;
  return {
    usedBytes: Number(used),
    availableBytes: Number(avail),
    usedPercent: total > 0n ? Number((used * 1_000_000n) / total) / 10_000 : 0,
  };
}
