/**
 * The planning defaults, written once: planOptionsFrom applies them to what its caller leaves out (a library call,
 * a test), and the CLI's flag table (src/cli/args/flags.ts) gives them as the flags' defaults, so --help and
 * `config --print` show these very values.
 */
export const PLAN_DEFAULTS = {
  strategy: 'age',
  minAge: '10m',
  stalePartialAge: '24h',
  /**
   * --warm-grace: off until the suites' caches are rewritten for it. Their entries are written and never read, so a
   * default grace keeps every one younger than it as `warm` and changes the order every pressure test expects. The
   * value to give is 1d (docs/strategies.md): Nova itself never removes an unused original base image younger than
   * 24 h (remove_unused_original_minimum_age_seconds = 86400), and a warm-up (`openstack aggregate cache image`) is
   * made for a boot the same day; longer is `pin --for`.
   */
  warmGrace: '0',
  /**
   * How long the age strategy lets an entry sit idle when --max-age is not given. Not a default of --max-age
   * itself: given, --max-age also makes a pressure strategy evict what has been idle that long.
   */
  ageMaxAge: '24h',
  /** --target when not given: this many points below a percentage --threshold, */
  targetPointsBelow: 5,
  /** or this fraction of a size --threshold. */
  targetFractionOfSize: 0.9,
} as const;
