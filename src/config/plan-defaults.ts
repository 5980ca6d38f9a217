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
   * --warm-grace: 24h, Nova's own floor. Nova never removes an unused original base image younger than
   * remove_unused_original_minimum_age_seconds (default 86400, nova/conf/imagecache.py), so a cleaner taking over
   * from Nova keeps a fresh, never-read image no shorter than Nova would; and a warm-up (`openstack aggregate cache
   * image`) is made for boots within the day. Not longer: under pressure every download nobody has read yet is held
   * for the whole grace, however unwanted (a week of them can hold the disk a week). Not 0: then lru and lfu take a
   * pre-cached image first, having no use to its name. A warm-up for a later boot is `pin --for`
   * (docs/usage.md#protection).
   */
  warmGrace: '24h',
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
