/**
 * An entry's name (relative to the root, '/'-separated) and the directories above it, nearest first: `a/b/c` gives
 * `a/b/c`, `a/b`, `a`. A pin or a --protect glob on a directory covers every entry below it, at any depth
 * (`--entries files` made `wheels/ab/…/x.whl` an entry, and a pin on `wheels` must still keep it). Pure.
 */
export function selfAndAbove(name: string): string[] {
  const out = [name];
  for (let i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) out.push(name.slice(0, i));
  return out;
}
