import path from 'node:path';
import { UsageError } from '../shared/errors.js';
import { hostMyIp, hostName } from './my-ip.js';
import { asNumber, describeOslo, OsloConf, type HostValue, type OptDef, type OsloSource } from './oslo-conf.js';
import { readOsloFiles } from './oslo-files.js';
import type { OsloFile } from './oslo-ini.js';

const PYBASEDIR_UNKNOWN =
  "instances_path is not set, nor state_path: Nova's default is $pybasedir/instances, inside Nova's Python installation, " +
  'which cachesweep cannot know; set instances_path (or state_path: distribution packages set /var/lib/nova) in [DEFAULT]';

/** Host facts Nova's defaults use; tests give fixed ones. */
export interface NovaHost {
  myIp(): HostValue;
  hostname(): HostValue;
}
export const THIS_HOST: NovaHost = { myIp: hostMyIp, hostname: hostName };

/**
 * The options cachesweep reads, declared as Nova declares them (nova/conf/imagecache.py, paths.py, compute.py,
 * netconf.py): the same groups, deprecated names and groups, types, minimums and defaults.
 */
export function novaOpts(host: NovaHost = THIS_HOST): OptDef[] {
  return [
    { name: 'pybasedir', group: 'DEFAULT', type: 'str', default: { unknown: PYBASEDIR_UNKNOWN } },
    { name: 'state_path', group: 'DEFAULT', type: 'str', default: '$pybasedir' },
    { name: 'instances_path', group: 'DEFAULT', type: 'str', default: '$state_path/instances' },
    { name: 'my_ip', group: 'DEFAULT', type: 'str', default: { host: () => host.myIp() } },
    { name: 'host', group: 'DEFAULT', type: 'str', default: { host: () => host.hostname() } },
    ...IMAGE_CACHE_OPTS,
  ];
}

/** [image_cache], nova/conf/imagecache.py (precache_concurrency left out: it is about precaching, not cleaning). */
export const IMAGE_CACHE_OPTS: readonly OptDef[] = [
  { name: 'manager_interval', group: 'image_cache', type: 'int', default: 2400n, min: -1, deprecated: [{ group: 'DEFAULT', name: 'image_cache_manager_interval' }] },
  { name: 'subdirectory_name', group: 'image_cache', type: 'str', default: '_base', deprecated: [{ group: 'DEFAULT', name: 'image_cache_subdirectory_name' }] },
  { name: 'remove_unused_base_images', group: 'image_cache', type: 'bool', default: true, deprecated: [{ group: 'DEFAULT' }] },
  { name: 'remove_unused_original_minimum_age_seconds', group: 'image_cache', type: 'int', default: 86400n, deprecated: [{ group: 'DEFAULT' }] },
  { name: 'remove_unused_resized_minimum_age_seconds', group: 'image_cache', type: 'int', default: 3600n, deprecated: [{ group: 'libvirt' }] },
];

/** Options a line in the wrong place is looked for: the image-cache ones and the paths (host is in many groups). */
const PLACED = (opts: OptDef[]): OptDef[] => opts.filter((o) => o.group === 'image_cache' || o.name === 'instances_path' || o.name === 'state_path' || o.name === 'my_ip');

/** A value with where it came from. */
export interface NovaSetting<T> {
  value: T;
  source: OsloSource;
}

/** What cachesweep takes from nova.conf. */
export interface NovaConf {
  /** The files read, in order (later ones win). */
  files: string[];
  /** `[DEFAULT] instances_path`. */
  instancesPath: NovaSetting<string>;
  subdirectoryName: NovaSetting<string>;
  /** instances_path joined with subdirectory_name, as Nova joins them. */
  cacheDir: string;
  /** Seconds between runs of Nova's image cache manager: -1 off; 0 is run as every 60 s (oslo.service's default spacing). */
  managerInterval: NovaSetting<number>;
  removeUnusedBaseImages: NovaSetting<boolean>;
  /** Ages in seconds as Nova compares them (negative: anything is old enough). */
  originalMinAge: NovaSetting<number>;
  resizedMinAge: NovaSetting<number>;
  /** Further options the values above were worked out from (state_path, my_ip, ...), for config --print. */
  also: { name: string; value: string; source: OsloSource }[];
  /** Things the operator should hear: lines Nova does not read, my_ip guessed as 127.0.0.1. */
  warnings: string[];
}

/** oslo.service runs a periodic task whose spacing is 0 at its default interval. */
export const OSLO_DEFAULT_SPACING_S = 60;

/** Interpret nova.conf files (parsed, in the order read). Pure but for the host facts it is given. */
export function novaConfFrom(files: readonly OsloFile[], host: NovaHost = THIS_HOST): NovaConf {
  const opts = novaOpts(host);
  const conf = new OsloConf(files, opts, '--nova-conf', 'Nova');
  const str = (name: string, group = 'image_cache'): NovaSetting<string> => {
    const r = conf.get(group, name);
    return { value: String(r.value), source: r.source };
  };
  const int = (name: string): NovaSetting<number> => {
    const r = conf.get('image_cache', name);
    if (r.value === null) throw new UsageError(`--nova-conf: ${describeOslo(r.source)}: ${name} is empty; Nova reads that as None and fails`);
    return { value: asNumber(r.value)!, source: r.source };
  };
  const bool = conf.get('image_cache', 'remove_unused_base_images');

  const instancesPath = str('instances_path', 'DEFAULT');
  if (!path.isAbsolute(instancesPath.value)) {
    throw new UsageError(`--nova-conf: ${describeOslo(instancesPath.source)}: instances_path '${instancesPath.value}' is not an absolute path`);
  }
  const subdirectoryName = str('subdirectory_name');
  if (subdirectoryName.value === '') {
    throw new UsageError(`--nova-conf: ${describeOslo(subdirectoryName.source)}: subdirectory_name is empty (the cache would be instances_path itself)`);
  }
  const out: NovaConf = {
    files: files.map((f) => f.file),
    instancesPath: { value: path.normalize(instancesPath.value), source: instancesPath.source },
    subdirectoryName,
    cacheDir: path.resolve(instancesPath.value, subdirectoryName.value),
    managerInterval: int('manager_interval'),
    removeUnusedBaseImages: { value: bool.value === true, source: bool.source },
    originalMinAge: int('remove_unused_original_minimum_age_seconds'),
    resizedMinAge: int('remove_unused_resized_minimum_age_seconds'),
    also: [],
    warnings: [...conf.misplaced(PLACED(opts)), ...conf.hostWarnings],
  };
  const shown = new Set(['instances_path', 'subdirectory_name', 'manager_interval', 'remove_unused_base_images', 'remove_unused_original_minimum_age_seconds', 'remove_unused_resized_minimum_age_seconds']);
  for (const key of conf.used) {
    const [group, name] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
    if (shown.has(name)) continue;
    const r = conf.get(group, name);
    out.also.push({ name: group === 'DEFAULT' ? name : `${group}.${name}`, value: String(r.value), source: r.source });
  }
  return out;
}

/** Read nova.conf files and directories (`--nova-conf`, `--nova-conf-dir`) as nova-compute would, and interpret them. */
export function readNovaConf(files: readonly string[], dirs: readonly string[] = [], host: NovaHost = THIS_HOST): NovaConf {
  return novaConfFrom(readOsloFiles(files, dirs, '--nova-conf', '--nova-conf-dir'), host);
}

/** Is Nova's own cleaner deleting base images (its manager runs, and remove_unused_base_images is on)? */
export function novaCleanerRuns(c: NovaConf): boolean {
  return c.managerInterval.value !== -1 && c.removeUnusedBaseImages.value;
}

/** `every 2400 s`, `every 60 s (0 means oslo.service's default)`, `off (-1)` */
export function describeInterval(s: number): string {
  if (s < 0) return 'off (-1)';
  if (s === 0) return `every ${OSLO_DEFAULT_SPACING_S} s (0 means oslo.service's default spacing)`;
  return `every ${s} s`;
}

/** A max-age in ms from Nova's seconds: a negative age makes everything old enough (0); huge ones clamp. */
export function ageMs(seconds: number): number {
  return Math.min(Math.max(0, seconds) * 1000, Number.MAX_SAFE_INTEGER);
}
