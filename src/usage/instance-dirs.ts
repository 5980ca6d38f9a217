import fs from 'node:fs';
import { instanceWhy, markOf } from '../scan/recognise.js';
import type { Entry, ScanResult } from '../shared/types.js';
import type { UsageProvider, UsageSignal } from './signal.js';

export interface InstanceDirsOptions {
  /** The scan the entries come from: it noted, by names alone, which directory entries look like instances. */
  scan?: ScanResult;
}

/**
 * In use because the entry is (or holds) a Nova instance directory: a `disk` file beside `libvirt.xml`,
 * `console.log` or `disk.info`. Recognised by names alone in every layout, so that pointing cachesweep one level too
 * high, or at a generic directory holding instances, never deletes one: a stopped instance holds no open file, so no
 * other detector would see it. Nothing is opened or read.
 */
export class InstanceDirsDetector implements UsageProvider {
  readonly name = 'instance-dirs';

  constructor(private readonly opts: InstanceDirsOptions) {}

  collect(entries: readonly Entry[]): UsageSignal[] {
    const out: UsageSignal[] = [];
    for (const e of entries) {
      if (e.kind !== 'dir') continue;
      const facts = this.opts.scan?.dirFacts?.get(e.name);
      const found = facts ? facts.instance : findInstance(e.path);
      if (found) out.push({ name: e.name, inUse: [reason(e, found)] });
    }
    return out;
  }

  /** Looked at again (names only): an instance directory may have been created in the entry since the scan. */
  recheck(entry: Entry): string[] {
    if (entry.kind !== 'dir') return [];
    const found = findInstance(entry.path);
    return found ? [reason(entry, found)] : [];
  }
}

function reason(e: Entry, found: { at: string; why: string }): string {
  return found.at === '.'
    ? `a Nova instance directory (${found.why}): never evicted`
    : `holds a Nova instance directory (${e.name}/${found.at}: ${found.why}): never evicted`;
}

/** The first directory under `top` (itself first) that looks like an instance: readdir with file types, no stat. */
function findInstance(top: string): { at: string; why: string } | undefined {
  const stack: string[] = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(rel === '' ? top : `${top}/${rel}`, { withFileTypes: true });
    } catch {
      continue; // unreadable or gone: the scan and the re-check of the entry itself deal with that
    }
    let marks = 0;
    for (const d of dirents) {
      const isDir = d.isDirectory();
      marks |= markOf(d.name, isDir);
      if (isDir) stack.push(rel === '' ? d.name : `${rel}/${d.name}`);
    }
    const why = instanceWhy(marks);
    if (why !== null) return { at: rel === '' ? '.' : rel, why };
  }
  return undefined;
}
