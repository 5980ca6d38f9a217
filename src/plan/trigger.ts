import type { Figures, PlanInput, TriggerSpec } from './types.js';

/** Is the trigger reached in these figures? Percent as df computes Use%, size on cache bytes, min-free on available. */
export function isReached(t: TriggerSpec, f: Figures): boolean {
  switch (t.kind) {
    case 'percent':
      return f.diskUsedPercent >= t.threshold;
    case 'size':
      return f.cacheBytes >= t.threshold;
    case 'min-free':
      return f.diskAvailableBytes < t.threshold;
    case 'none':
      return false;
  }
}

/** Bytes that must be freed from these figures to meet the target (0 when met). */
export function bytesToTarget(t: TriggerSpec, f: Figures): number {
  switch (t.kind) {
    case 'percent': {
      const total = f.diskUsedBytes + f.diskAvailableBytes;
      if (total <= 0) return 0;
      // The most bytes that may stay used, checked with the very formula afterFreeing reports (no float drift).
      let keep = Math.min(f.diskUsedBytes, Math.floor((t.target * total) / 100));
      while (keep > 0 && usedPercent(keep, total) > t.target) keep--;
      while (keep < f.diskUsedBytes && usedPercent(keep + 1, total) <= t.target) keep++;
      return Math.max(0, f.diskUsedBytes - keep);
    }
    case 'size':
      return Math.max(0, f.cacheBytes - t.target);
    case 'min-free':
      return Math.max(0, t.target - f.diskAvailableBytes);
    case 'none':
      return 0;
  }
}

/** The figures after `freed` bytes are gone. */
export function afterFreeing(f: Figures, freed: number): Figures {
  const used = Math.max(0, f.diskUsedBytes - freed);
  const avail = f.diskAvailableBytes + Math.min(freed, f.diskUsedBytes);
  const total = used + avail;
  return {
    cacheBytes: Math.max(0, f.cacheBytes - freed),
    diskUsedBytes: used,
    diskAvailableBytes: avail,
    diskUsedPercent: total > 0 ? usedPercent(used, total) : 0,
  };
}

/** df's Use% of `used` bytes out of `total` (= used + available). Multiplying first keeps whole percentages exact. */
function usedPercent(used: number, total: number): number {
  return (used * 100) / total;
}

/** The cache's and the disk's figures as the scan found them, before any deletion. */
export function figuresBefore(input: PlanInput): Figures {
  return {
    cacheBytes: input.cacheBytes,
    diskUsedBytes: input.disk.usedBytes,
    diskUsedPercent: input.disk.usedPercent,
    diskAvailableBytes: input.disk.availableBytes,
  };
}
