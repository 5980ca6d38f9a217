/**
 * Where a backing file (or external data file) name written in an image points, the way QEMU reads it:
 * a name with a ':' before its first '/' is a protocol (`file:` is a local path, `json:{...}` names its files,
 * `nbd:`, `rbd:`, `http:` ... are not local files); an absolute name is used as is; a relative name is relative
 * to the directory of the image that names it, joined as a string (QEMU's path_combine), so `..` is resolved by
 * the kernel through symlinks, not lexically. Pure.
 *
 * What cannot be told for sure is a BackingRefError (the chain is then unreadable and every entry is kept), never a
 * guess that could name the wrong file or none: a protocol not listed here (`blkdebug::/path`, `fat:/dir` do open
 * local files), and a relative name after `file:` or in `json:` (QEMU opens those relative to its own working
 * directory, which is not known here).
 */
export type BackingRef = { kind: 'local'; paths: string[] } | { kind: 'remote'; what: string };

export class BackingRefError extends Error {
  override readonly name = 'BackingRefError';
}

/** Protocols whose name is a local path. */
const LOCAL_PROTOCOLS = new Set(['file', 'host_device', 'host_cdrom']);
/** Protocols that open no local file (network block devices, PCI devices, null devices). */
const NOT_FILES = new Set([
  'nbd', 'nbd+tcp', 'nbd+unix', 'rbd', 'http', 'https', 'ftp', 'ftps', 'iscsi', 'iser', 'gluster', 'gluster+tcp',
  'gluster+unix', 'gluster+rdma', 'ssh', 'nfs', 'sheepdog', 'vxhs', 'nvme', 'null-co', 'null-aio',
]);

export function resolveBackingRef(imagePath: string, name: string): BackingRef {
  if (name.startsWith('json:')) {
    return { kind: 'local', paths: jsonFilenames(name.slice(5)).map((f) => absoluteOnly(f, name)) };
  }
  const slash = name.indexOf('/');
  const colon = name.indexOf(':');
  if (colon >= 0 && (slash < 0 || colon < slash)) {
    const protocol = name.slice(0, colon);
    if (LOCAL_PROTOCOLS.has(protocol)) return { kind: 'local', paths: [absoluteOnly(name.slice(colon + 1), name)] };
    if (NOT_FILES.has(protocol)) return { kind: 'remote', what: `${protocol}: ${name}` };
    throw new BackingRefError(`backing file name '${name}' uses the protocol '${protocol}:', which cachesweep does not follow`);
  }
  return { kind: 'local', paths: [relativeTo(imagePath, name)] };
}

function relativeTo(imagePath: string, name: string): string {
  if (name.startsWith('/')) return name;
  const cut = imagePath.lastIndexOf('/');
  const dir = cut < 0 ? '.' : cut === 0 ? '' : imagePath.slice(0, cut);
  return `${dir}/${name}`;
}

/** A name QEMU opens as is, relative to its own working directory when not absolute: only absolute ones are known. */
function absoluteOnly(file: string, name: string): string {
  if (!file.startsWith('/')) throw new BackingRefError(`backing file name '${name}' names '${file}' relative to QEMU's working directory, which is not known`);
  return file;
}

/** Every `filename` string in a `json:{...}` backing name: the local files it opens. Unparsable JSON names nothing safe. */
function jsonFilenames(text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new BackingRefError(`backing file name json:... is not valid JSON`);
  }
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if ((k === 'filename' || k.endsWith('.filename')) && typeof x === 'string') out.push(x);
        else visit(x);
      }
    }
  };
  visit(doc);
  if (out.length === 0) throw new BackingRefError('backing file name json:... names no local file (no "filename")');
  return out;
}
