import { BackingChainDetector } from '../backing-chains.js';
import type { Detector } from './detector.js';

export const backingChains: Detector = {
  name: 'backing-chains',
  summary: 'an image some instance disk backs onto, at any depth of its chain (nova: also by file name, kernel/ramdisk copies, the whole <sha1> family)',
  make: (ctx) =>
    ctx.instancesDirs.length === 0
      ? null
      : new BackingChainDetector({
          root: ctx.root,
          instancesDirs: ctx.instancesDirs,
          nova: ctx.nova,
          ignoreUnreadable: ctx.ignoreUnreadableDisks,
          warn: ctx.warn,
        }),
};
