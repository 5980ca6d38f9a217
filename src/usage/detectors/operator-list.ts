import { OperatorListProvider } from '../operator-list.js';
import type { Detector } from './detector.js';

export const operatorList: Detector = {
  name: 'operator-list',
  summary: 'the entry is named in an --in-use-from list (read again at each re-check)',
  make: (ctx) => (ctx.inUseFrom.length === 0 ? null : new OperatorListProvider({ root: ctx.root, files: ctx.inUseFrom, warn: ctx.warn })),
};
