/** Exit codes: documented in docs/exit-codes.md. */
export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  LOCKED: 3,
  PARTIAL_FAILURE: 4,
  SHORTFALL: 5,
  /** 128 + signal number, as shells report it. */
  SIGINT: 130,
  SIGTERM: 143,
} as const;

/**
 * Each code in one line, for the epilogue of --help and the man page's EXIT STATUS; docs/exit-codes.md has the
 * whole story and a test checks that it lists the same codes.
 */
export const EXIT_MEANINGS: Readonly<Record<(typeof EXIT)[keyof typeof EXIT], string>> = {
  [EXIT.OK]: 'done, or nothing to do',
  [EXIT.INTERNAL]: 'internal error (a bug), or a report or metrics file that could not be written after the run',
  [EXIT.USAGE]: 'usage or configuration error; nothing was deleted',
  [EXIT.LOCKED]: 'another run holds the lock on this cache',
  [EXIT.PARTIAL_FAILURE]: 'some entries could not be read or deleted; the rest were done',
  [EXIT.SHORTFALL]: 'the target could not be met, even after evicting every eligible entry',
  [EXIT.SIGINT]: 'clean stopped by SIGINT after the entry it was deleting',
  [EXIT.SIGTERM]: 'clean stopped by SIGTERM after the entry it was deleting',
};
