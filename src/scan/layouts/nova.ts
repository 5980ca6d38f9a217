import type { WriterCheck } from '../../shared/types.js';
import type { Classification, Layout } from '../layout.js';

const HOUR = 3_600_000;
/** Nova's defaults: remove_unused_original_minimum_age_seconds (originals, swap, ephemeral) and _resized_. */
export const NOVA_ORIGINAL_MAX_AGE_MS = 24 * HOUR;
export const NOVA_RESIZED_MAX_AGE_MS = 1 * HOUR;

/**
 * Nova reads every image it downloads right after writing it: images.fetch_to_raw (nova/virt/images.py), which both
 * a boot (imagebackend.Image.cache) and a pre-cache (driver.cache_image, for `openstack aggregate cache image`) go
 * through, runs the format inspector and `qemu-img info` on `<sha1>.part`, and after a conversion `qemu-img info` on
 * `<sha1>.converted`, before renaming it to `<sha1>`. Under relatime that first read sets the atime just after the
 * mtime (about a second on a test host), so an image nobody has booted looks read once, and the warm rule would
 * never see a pre-cached image. A read within this long of the last write is that inspection, not a use: seconds in
 * practice; ten minutes leave room for the Glance API call between download and inspection (IMAGE_API.get) on a
 * loaded host. The counterexample, a boot within those minutes, backs its disk onto the image (in use, decided
 * first) and Nova's image cache manager then touches the image on each pass. Originals only: the one class Nova
 * downloads; resized copies, swap and ephemeral files are made on the host for an instance.
 */
export const NOVA_DOWNLOAD_CHECK: WriterCheck = { withinMs: 10 * 60_000, what: "Nova's inspection of its download" };

/** Classes of the nova layout whose age follows remove_unused_original_minimum_age_seconds. */
export const NOVA_ORIGINAL_CLASSES = ['original', 'swap', 'ephemeral'] as const;
/**
 * Classes whose age follows remove_unused_resized_minimum_age_seconds. Nova's _remove_base_file gives every base
 * file that is not a bare `<sha1>` the resized age, `<sha1>_sm` included.
 */
export const NOVA_RESIZED_CLASSES = ['resized', 'sm'] as const;

const ORIGINAL = /^[0-9a-f]{40}$/;
const RESIZED = /^[0-9a-f]{40}_\d+$/;
/** `<sha1>_sm`: the naming of old releases (Folsom and before); no longer created, still removed by Nova when unused. */
const SM = /^[0-9a-f]{40}_sm$/;
const SWAP = /^swap_\d+$/;
const EPHEMERAL = /^ephemeral_\d+_[A-Za-z0-9]+$/;
/** Nova downloads to `<name>.part` and converts to `<name>.converted`, then renames into place. */
const PARTIAL = /\.(part|converted)$/;
/** Image info files older Nova releases wrote beside each base image: Nova's, but not images (kept as unknown). */
const LEGACY_INFO = /^[0-9a-f]{40}(_\d+)?\.info$/;

/** The class of a Nova base-image name, or null when Nova does not make such names. Pure. */
export function novaClassOf(name: string): 'original' | 'resized' | 'sm' | 'swap' | 'ephemeral' | 'partial' | null {
  if (ORIGINAL.test(name)) return 'original';
  if (RESIZED.test(name)) return 'resized';
  if (SM.test(name)) return 'sm';
  if (SWAP.test(name)) return 'swap';
  if (EPHEMERAL.test(name)) return 'ephemeral';
  if (PARTIAL.test(name)) return 'partial';
  return null;
}

/** The image a base file belongs to: `<sha1>`, `<sha1>_<size>` and `<sha1>_sm` are one family, as in Nova. Pure. */
export function novaFamilyOf(name: string): string | null {
  return ORIGINAL.test(name) || RESIZED.test(name) || SM.test(name) ? name.slice(0, 40) : null;
}

/**
 * Nova's image cache (`instances/_base`): originals named by the sha1 of the image id, resized copies
 * `<sha1>_<size>`, `<sha1>_sm` of older releases, `swap_<MiB>`, `ephemeral_<GiB>_<fs hash>`, downloads in progress `*.part` / `*.converted`.
 * Anything else is not Nova's and is left alone (kept, reason `unknown`).
 */
export const nova: Layout = {
  name: 'nova',
  description: 'Nova instances/_base: <sha1> originals and swap/ephemeral (24h), <sha1>_<size> resized and <sha1>_sm (1h), *.part/*.converted partial; anything else unknown',
  classify(name, kind): Classification {
    if (kind === 'symlink') return { class: 'symlink', partial: false, unknownWhy: 'symlink (never followed)' };
    const cls = novaClassOf(name);
    if (cls === null) return { class: 'unknown', partial: false, unknownWhy: 'not a name Nova gives base images' };
    if (kind !== 'file') return { class: cls, partial: cls === 'partial', unknownWhy: `a ${kind === 'dir' ? 'directory' : 'special file'} where Nova keeps only files` };
    switch (cls) {
      case 'partial':
        return { class: 'partial', partial: true };
      case 'resized':
      case 'sm':
        return { class: cls, partial: false, defaultMaxAgeMs: NOVA_RESIZED_MAX_AGE_MS };
      case 'original':
        return { class: cls, partial: false, defaultMaxAgeMs: NOVA_ORIGINAL_MAX_AGE_MS, writerCheck: NOVA_DOWNLOAD_CHECK };
      default:
        return { class: cls, partial: false, defaultMaxAgeMs: NOVA_ORIGINAL_MAX_AGE_MS };
    }
  },
  detect(rootBase, childNames) {
    if (rootBase !== '_base' && !rootBase.startsWith('_base_')) return false;
    const novaNames = childNames.filter((n) => novaClassOf(n) !== null || LEGACY_INFO.test(n)).length;
    return novaNames * 2 > childNames.length;
  },
};
