import type { EntryKind, WriterCheck } from '../shared/types.js';

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
  /** The software that writes entries of this class reads each one itself right after: that read is not a use. */
  writerCheck?: WriterCheck;
}

/** What to do with a direct child of the root. */
export type TopLevelRole = 'entry' | 'descend' | 'ignore';

/**
 * What a node below the root is: an entry; a container whose children are looked at in turn (never evicted itself);
 * the cache's own file or directory that is never an entry nor removed but counts in the cache's size (`keep`, e.g.
 * ccache.conf); or not the cache's at all, neither listed nor counted (`ignore`, e.g. Glance's queue/).
 */
export type NodeRole = 'entry' | 'descend' | 'keep' | 'ignore';

/**
 * How deep entries are when the layout's own rule is set aside (--entries files, --depth N): `files`, every
 * non-directory at any depth; `depth`, the nodes N levels down (and whatever non-directory stands shallower).
 */
export type EntryShape = { kind: 'files' } | { kind: 'depth'; depth: number };

/** A cache's naming rules. Pure: names in, classes out. */
export interface Layout {
  name: string;
  /** One line for `--help` and docs. */
  description: string;
  /** A direct child of the root: an entry itself (default), a folder whose children are entries, or not the cache's. */
  topLevel?(name: string, kind: EntryKind): TopLevelRole;
  /**
   * A node at any depth (`rel` relative to the root, '/'-separated; depth 1 for a child of the root) whose role the
   * layout fixes whatever the entry shape, or null to let the shape decide. A directory it says to `descend` is one
   * of the cache's own containers (Go's `00`-`ff`, Bazel's `ac/`): never an entry, never removed when emptied.
   */
  fixed?(rel: string, kind: EntryKind, depth: number): 'keep' | 'ignore' | 'descend' | null;
  /** The layout's own entry shape, used unless --entries or --depth sets one: default, each child of the root. */
  shape?(rel: string, kind: EntryKind, depth: number): 'entry' | 'descend';
  /** Classify an entry by its name relative to the root and its kind. */
  classify(name: string, kind: EntryKind): Classification;
  /** For auto-detection: does a root with this base name and these children look like this layout? */
  detect?(rootBase: string, childNames: readonly string[]): boolean;
}
