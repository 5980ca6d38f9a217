import { BackingChainDetector } from '../backing-chains.js';
import type { Detector } from './detector.js';

export const backingChains: Detector = {
  name: 'backing-chains',
  summary: 'an image some instance disk backs onto, at any depth of its chain',
  make: (ctx) =>
    ctx.instancesDirs.length === 0
      ? null
      : new BackingChainDetector({
          root: ctx.root,
          instancesDirs: ctx.instancesDirs,
          ignoreUnreadable: ctx.ignoreUnreadableDisks,
          warn: ctx.warn,
        }),
};
