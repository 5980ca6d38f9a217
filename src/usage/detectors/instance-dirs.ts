import { InstanceDirsDetector } from '../instance-dirs.js';
import type { Detector } from './detector.js';

export const instanceDirs: Detector = {
  name: 'instance-dirs',
  summary: 'a directory entry that is, or holds, a Nova instance directory (a disk file beside libvirt.xml, console.log or disk.info), in every layout',
  make: (ctx) => new InstanceDirsDetector({ scan: ctx.scan }),
};
