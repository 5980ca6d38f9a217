import path from 'node:path';
import { novaFamilyOf } from '../scan/layouts/nova.js';
import type { Entry } from '../shared/types.js';
import { ChainFollower } from './chain-follow.js';
import { addReason, newSurvey, type Survey, type Unreadable } from './chain-survey.js';
import { capReasons, EntryIndex } from './entry-index.js';
import { walkInstanceDirs } from './instance-walk.js';
import { COPY_NAMES, KernelCopies } from './kernel-copies.js';
import type { UsageProvider, UsageSignal } from './signal.js';

export { MAX_CHAIN_DEPTH } from './chain-follow.js';

export interface BackingChainOptions {
  /** Real path of the cache root: never walked as an instance directory. */
  root: string;
  /** Directories holding instance disks (absolute). */
  instancesDirs: readonly string[];
  /**
   * The cache is Nova's image cache: keep at least what Nova's cleaner keeps (backing files by file name, kernel and
   * ramdisk copies by content, image families together). Default false.
   */
  nova?: boolean;
  /** Do not treat every entry as in use when a disk cannot be read (warnings still name it). */
  ignoreUnreadable: boolean;
  warn: (line: string) => void;
}

const more = (n: number): string => `backing file of ${n} more image${n === 1 ? '' : 's'}`;

/**
 * In use because an instance disk (or an image in the cache) backs onto it: every qcow2 disk under the instance
 * directories is parsed and its backing chain followed to the end, across formats and directories. For Nova's
 * cache, also what Nova's own cleaner keeps (see ChainFollower.byName, KernelCopies, and the families below).
 */
export class BackingChainDetector implements UsageProvider {
  readonly name = 'backing-chains';
  private readonly follower: ChainFollower;
  private readonly kernels = new KernelCopies();

  constructor(private readonly opts: BackingChainOptions) {
    this.follower = new ChainFollower(opts.root, opts.nova === true);
  }

  collect(entries: readonly Entry[]): UsageSignal[] {
    const s = this.survey(entries, true);
    for (const w of s.warnings) this.opts.warn(w);
    const signals: UsageSignal[] = [];
    for (const [name, reasons] of s.reasons) signals.push({ name, inUse: capReasons(reasons, 3, more) });
    const all = this.allInUse(s.unreadable);
    if (all) signals.push({ name: null, inUse: [all] });
    return signals;
  }

  recheck(entry: Entry): string[] {
    return this.recheckMany([entry]).get(entry.name) ?? [];
  }

  /** One walk of the instance directories, every disk's chain followed once, for a batch of victims. */
  recheckMany(entries: readonly Entry[]): Map<string, string[]> {
    const s = this.survey(entries, false);
    const all = this.allInUse(s.unreadable);
    const out = new Map<string, string[]>();
    for (const e of entries) {
      const reasons = [...(s.reasons.get(e.name) ?? []), ...(all ? [all] : [])];
      if (reasons.length > 0) out.set(e.name, capReasons(reasons, 3, more));
    }
    return out;
  }

  private allInUse(unreadable: Unreadable[]): string | null {
    if (unreadable.length === 0 || this.opts.ignoreUnreadable) return null;
    const first = unreadable[0]!;
    const others = unreadable.length > 1 ? ` and ${unreadable.length - 1} more` : '';
    return `an instance disk could not be read (${first.label}${others}): every entry is kept this run (--ignore-unreadable-disks to override)`;
  }

  /** Walk every instance directory and follow every disk's chain; `withCacheHeads`: also chains starting inside the cache. */
  private survey(entries: readonly Entry[], withCacheHeads: boolean): Survey {
    const index = new EntryIndex(this.opts.root, entries);
    const s = newSurvey();
    const walked = walkInstanceDirs(this.opts.instancesDirs, this.opts.root);
    s.unreadable.push(...walked.unreachable);
    s.warnings.push(...walked.warnings);
    for (const disk of walked.disks) this.follower.follow(disk.path, disk.label, index, s, { strict: true });
    if (walked.disks.length === 0 && this.opts.instancesDirs.length > 0 && s.unreadable.length === 0) {
      // Legitimate on an idle host, but also what a container that mounts only _base sees: say it, never silently.
      s.warnings.push(
        `no instance disks found under ${this.opts.instancesDirs.join(', ')}: no base image is protected as a backing file this run (if instances run here, make their directory visible or give --instances-dir)`,
      );
    }
    if (this.opts.nova) {
      this.kernels.match(walked.disks.filter((d) => COPY_NAMES.has(path.basename(d.path))), entries, s);
      keepFamilies(entries, s);
    }
    if (withCacheHeads) {
      let refused = 0;
      for (const e of entries) {
        if (e.kind !== 'file' || e.partial || e.unknown || e.apparentBytes < 512) continue;
        refused += this.follower.follow(e.path, `${e.name} (in the cache)`, index, s, { strict: false, cacheEntry: e }) ? 0 : 1;
      }
      if (refused > 0) {
        s.warnings.push(`${refused} cache file(s) were not checked for backing files: reading them would update their access time (run as their owner or as root)`);
      }
    }
    return s;
  }
}

/**
 * Nova keeps `<sha1>`, `<sha1>_<size>` and `<sha1>_sm` together: an instance's image_ref names the image, and
 * _find_base_file marks every file of it in use. An entry of a family some instance uses is kept with its siblings.
 */
function keepFamilies(entries: readonly Entry[], s: Survey): void {
  if (s.families.size === 0) return;
  for (const e of entries) {
    const family = novaFamilyOf(e.name);
    if (family === null || s.reasons.has(e.name)) continue;
    const used = s.families.get(family);
    if (used !== undefined && used !== e.name) {
      addReason(s, e.name, `the same image as ${used}, which an instance uses (Nova keeps <sha1>, <sha1>_<size> and <sha1>_sm together)`);
    }
  }
}
