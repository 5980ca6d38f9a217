import fs from 'node:fs';
import path from 'node:path';
import { isInside } from './paths.js';

/**
 * The operating system's own trees: refused as a cache root, and so is everything below them. `plan /usr/bin`
 * evicted 577 of 1537 entries. /opt holds installed packages (FHS: their variable data goes to /var/opt); a cache
 * kept there is the rare case the override is for.
 */
export const SYSTEM_TREES: readonly string[] = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/proc', '/run', '/sbin', '/sys', '/usr',
  // The package managers' and the init system's own state, the system's logs, mail and crontabs.
  '/var/lib/apt', '/var/lib/dnf', '/var/lib/dpkg', '/var/lib/pacman', '/var/lib/rpm', '/var/lib/systemd', '/var/lib/yum',
  '/var/log', '/var/mail', '/var/spool/cron',
];

/**
 * Directories whose every child is someone's own directory, refused itself (a cache below it is allowed): a
 * service's state in /var/lib (/var/lib/mysql, /var/lib/docker; /var/lib/nova/instances/_base is fine), a home
 * in /home (also for users the password database does not list, from LDAP).
 */
export const OWNERS_PARENTS: readonly string[] = ['/home', '/var/lib'];

/**
 * Directories that hold other things' directories: refused themselves, while a cache below them is allowed
 * (/var/cache/apt/archives, /var/lib/nova/instances/_base, /var/spool/squid, /srv/cache, /mnt/scratch/ci-cache).
 * /srv is the site's data (FHS), where shared caches and artifact directories live.
 */
export const CONTAINERS: readonly string[] = [
  '/', '/home', '/media', '/mnt', '/root', '/srv', '/tmp', '/var', '/var/cache', '/var/lib', '/var/spool', '/var/tmp',
];

/** Where a path is on its filesystem: the mount's device (`major:minor`) and the path from that filesystem's root. */
export interface MountLocation {
  device: string;
  fsPath: string;
}

interface MountRow {
  device: string;
  root: string;
  point: string;
}

/** Undo the octal escapes of /proc/self/mountinfo (`\040` space, `\012` newline, `\134` backslash). */
const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

/** The rows of a mountinfo text, in the kernel's order (a later mount on the same point hides an earlier one). */
export function parseMountinfo(text: string): MountRow[] {
  const rows: MountRow[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 5 || f[2] === undefined || f[3] === undefined || f[4] === undefined) continue;
    rows.push({ device: f[2], root: unescape(f[3]), point: unescape(f[4]) });
  }
  return rows;
}

/**
 * Where a real path lies on its filesystem, from the mount that holds it (the deepest mount point above it, the last
 * one listed for that point): a bind mount of /usr at /mnt/u makes /mnt/u/bin the filesystem's /usr/bin. Null when
 * no mount holds it (no /proc).
 */
export function mountLocation(real: string, rows: readonly MountRow[]): MountLocation | null {
  let best: MountRow | undefined;
  for (const r of rows) if (isInside(real, r.point) && (!best || r.point.length >= best.point.length)) best = r;
  if (!best) return null;
  const below = path.relative(best.point, real);
  return { device: best.device, fsPath: path.join(best.root, below) };
}

/** The home directories of the password database (the `passwd` file's sixth field), absolute ones only. */
export function homesOf(passwd: string): string[] {
  const homes = new Set<string>();
  for (const line of passwd.split('\n')) {
    const home = line.split(':')[5];
    if (home !== undefined && path.isAbsolute(home)) homes.add(path.resolve(home));
  }
  return [...homes];
}

/** Where the facts come from (tests point them at their own files). */
export interface SystemFacts {
  mountinfo?: string;
  passwd?: string;
  /** Home directories known besides the password database (the running user's $HOME). */
  homes?: readonly string[];
}

/** Why a directory is the system's: a sentence about it, and whether a directory below it may be a cache. */
export interface SystemDirectory {
  why: string;
  belowAllowed: boolean;
}

/**
 * Why the directory at `real` (a real path, `st` its stat) is the system's and not a cache, or null. Compared by
 * identity, not by name: a directory refused itself by device and inode (a bind mount of / at /mnt/x is /), one
 * inside a system tree by its place on its filesystem (a bind mount of /usr/bin is /usr/bin).
 */
export function systemDirectory(real: string, st: fs.Stats, facts: SystemFacts = {}): SystemDirectory | null {
  const rows = parseMountinfo(readText(facts.mountinfo ?? '/proc/self/mountinfo'));
  const passwd = readText(facts.passwd ?? '/etc/passwd');
  const itself = [...SYSTEM_TREES, ...CONTAINERS, ...homesOf(passwd), ...(facts.homes ?? [])];
  for (const dir of itself) {
    const d = statOrNull(dir);
    if (d && d.dev === st.dev && d.ino === st.ino) {
      const alias = realOrSelf(dir) === real ? '' : ', reached through a bind mount';
      return { why: `${real} is ${dir === real ? '' : `${dir}, `}${describe(dir)}${alias}`, belowAllowed: !SYSTEM_TREES.includes(dir) };
    }
  }
  const here = mountLocation(real, rows);
  for (const parent of OWNERS_PARENTS) {
    const parentReal = realOrSelf(parent);
    const there = statOrNull(parent) ? mountLocation(parentReal, rows) : null;
    const byMount = here && there && here.device === there.device && path.dirname(here.fsPath) === there.fsPath && here.fsPath !== there.fsPath;
    if ((path.dirname(real) === parentReal && real !== parentReal) || byMount) {
      const alias = path.dirname(real) === parentReal ? '' : ', reached through a mount';
      const owner = parent === '/home' ? "a user's home" : "a service's own directory";
      return { why: `${real} is ${owner} in ${parent}${alias}`, belowAllowed: true };
    }
  }
  for (const tree of SYSTEM_TREES) {
    const treeReal = realOrSelf(tree);
    if (isInside(real, treeReal)) return { why: `${real} is ${real === treeReal ? '' : `inside ${tree}, `}${describe(tree)}`, belowAllowed: false };
    const there = statOrNull(tree) ? mountLocation(treeReal, rows) : null;
    if (here && there && here.device === there.device && isInside(here.fsPath, there.fsPath)) {
      return { why: `${real} is inside ${tree}, ${describe(tree)}, reached through a mount`, belowAllowed: false };
    }
  }
  return null;
}

function describe(dir: string): string {
  if (SYSTEM_TREES.includes(dir)) return 'a directory of the operating system';
  if (CONTAINERS.includes(dir)) return 'a system directory holding other directories';
  return "a user's home directory";
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
