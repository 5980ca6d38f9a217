import { novaFamilyOf } from '../scan/layouts/nova.js';
import type { Entry } from '../shared/types.js';

/** A file that could not be followed: nothing it might back onto can be called unused. */
export interface Unreadable {
  label: string;
  why: string;
}

/** What one pass over every instance disk found. */
export interface Survey {
  /** entry name -> reasons it is in use. */
  reasons: Map<string, string[]>;
  unreadable: Unreadable[];
  warnings: string[];
  /**
   * Nova image families in use (the `<sha1>` of `<sha1>`, `<sha1>_<size>`, `<sha1>_sm`) -> the member that is used.
   * Kept apart from `reasons` so that a re-check, which indexes only its victim, still sees a sibling's use.
   */
  families: Map<string, string>;
}

export function newSurvey(): Survey {
  return { reasons: new Map(), unreadable: [], warnings: [], families: new Map() };
}

export function addReason(s: Survey, name: string, reason: string): void {
  const list = s.reasons.get(name);
  if (!list) s.reasons.set(name, [reason]);
  else if (!list.includes(reason)) list.push(reason);
}

/** Note that a member of a Nova image family is used by an instance (the first member seen names the family's use). */
export function useFamily(s: Survey, name: string): void {
  const family = novaFamilyOf(name);
  if (family !== null && !s.families.has(family)) s.families.set(family, name);
}

/** Options of one chain: where it starts, and how strictly problems count. */
export interface FollowOptions {
  /** Instance disks: anything that cannot be read or followed is unreadable (keeps everything). */
  strict: boolean;
  /** The chain starts at this cache entry (a qcow2 image in the cache): it never keeps itself. */
  cacheEntry?: Entry;
}
