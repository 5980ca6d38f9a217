import path from 'node:path';
import { HeldLocksDetector } from '../held-locks.js';
import type { Detector } from './detector.js';

export const heldLocks: Detector = {
  name: 'held-locks',
  summary: "a lock is held on a file of the entry (/proc/locks), or, for Nova, on Nova's lock file for it (Linux)",
  make: (ctx) =>
    ctx.platform === 'linux'
      ? new HeldLocksDetector({ root: ctx.root, novaLockDirs: ctx.nova ? ctx.instancesDirs.map((d) => path.join(d, 'locks')) : [], warn: ctx.warn })
      : null,
};
