/** The shells `completion` has a script for; `completion`'s argument takes one of them. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Printed as the last candidate where a file name may come: the shell scripts complete file names there. */
export const PATH_MARK = ':path';
