import { OpenFilesDetector } from '../open-files.js';
import type { Detector } from './detector.js';

export const openFiles: Detector = {
  name: 'open-files',
  summary: 'a process holds open, maps, or has as its current or root directory any inode of the entry, by any path (Linux)',
  make: (ctx) => (ctx.platform === 'linux' ? new OpenFilesDetector({ root: ctx.root, scan: ctx.scan, warn: ctx.warn }) : null),
};
