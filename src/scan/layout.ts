import type { EntryKind } from '../shared/types.js';

/** How a layout classifies one entry name. */
export interface Classification {
  class: string;
  partial: boolean;
  /** Set when the layout does not know the name: the entry is kept with reason `unknown`. */
  unknownWhy?: string;
  /** Idle time after which the `age` strategy expires this class, when it differs from the global default. */
  defaultMaxAgeMs?: number;
  /**
   * Set when the layout says the entry is expired whatever its age, strategy or trigger (e.g. Glance's
   * `invalid/`): evicted with reason `expired` and this detail, unless kept for safety (in use, pinned,
   * protected, unknown, younger than --min-age).
   */
  expired?: string;
}

/** What to do with a direct child of the root. */
export type TopLevelRole = 'entry' | 'descend' | 'ignore';

/** A cache's naming rules. Pure: names in, classes out. */
export interface Layout {
  name: string;
  /** One line for `--help` and docs. */
  description: string;
  /** A direct child of the root: an entry itself (default), a folder whose children are entries, or not the cache's. */
  topLevel?(name: string, kind: EntryKind): TopLevelRole;
  /** Classify an entry by its name relative to the root and its kind. */
  classify(name: string, kind: EntryKind): Classification;
  /** For auto-detection: does a root with this base name and these children look like this layout? */
  detect?(rootBase: string, childNames: readonly string[]): boolean;
}
