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
