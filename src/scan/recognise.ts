/**
 * What a directory is, told by the names of its children alone (nothing opened, nothing read): a Nova instance
 * directory, or a Glance image cache. The scan notes these while it lists directories anyway, so that an instance
 * is never evicted and a wrong root is refused whatever the layout. Pure.
 */

const DISK = 1;
const LIBVIRT_XML = 2;
const CONSOLE_LOG = 4;
const DISK_INFO = 8;
const CACHE_DB = 16;
const INCOMPLETE = 32;
const INVALID = 64;
const QUEUE = 128;

/** Bits of one child name; OR them over a directory's children and ask instanceWhy / looksLikeGlanceCache. */
export function markOf(name: string, isDir: boolean): number {
  switch (name) {
    case 'disk':
      return isDir ? 0 : DISK;
    case 'libvirt.xml':
      return isDir ? 0 : LIBVIRT_XML;
    case 'console.log':
      return isDir ? 0 : CONSOLE_LOG;
    case 'disk.info':
      return isDir ? 0 : DISK_INFO;
    case 'cache.db':
      return isDir ? 0 : CACHE_DB;
    case 'incomplete':
      return isDir ? INCOMPLETE : 0;
    case 'invalid':
      return isDir ? INVALID : 0;
    case 'queue':
      return isDir ? QUEUE : 0;
    default:
      return 0;
  }
}

/**
 * `disk beside libvirt.xml` when the marks are those of a Nova instance directory, else null. A `disk` alone is not
 * enough (a build cache may well hold a file named disk); Nova always writes one of these three beside it.
 */
export function instanceWhy(marks: number): string | null {
  if ((marks & DISK) === 0) return null;
  if (marks & LIBVIRT_XML) return 'disk beside libvirt.xml';
  if (marks & CONSOLE_LOG) return 'disk beside console.log';
  if (marks & DISK_INFO) return 'disk beside disk.info';
  return null;
}

/**
 * Glance creates incomplete/, invalid/ and queue/ when its cache starts, and its sqlite driver keeps cache.db:
 * two of the directories, or cache.db with one of them. cache.db alone is not enough (many programs name a file so).
 */
export function looksLikeGlanceCache(marks: number): boolean {
  const dirs = (marks & INCOMPLETE ? 1 : 0) + (marks & INVALID ? 1 : 0) + (marks & QUEUE ? 1 : 0);
  return dirs >= 2 || (dirs === 1 && (marks & CACHE_DB) !== 0);
}
