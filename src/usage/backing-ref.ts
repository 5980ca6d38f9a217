/**
 * Where a backing file (or external data file) name written in an image points, the way QEMU reads it:
 * a name with a ':' before its first '/' is a protocol (`file:` is a local path, `json:{...}` names its files,
 * `nbd:`, `rbd:`, `http:` ... are not local files); an absolute name is used as is; a relative name is relative
 * to the directory of the image that names it, joined as a string (QEMU's path_combine), so `..` is resolved by
 * the kernel through symlinks, not lexically. Pure.
 */
export type BackingRef = { kind: 'local'; paths: string[] } | { kind: 'remote'; what: string };

export function resolveBackingRef(imagePath: string, name: string): BackingRef {
  if (name.startsWith('json:')) return { kind: 'local', paths: jsonFilenames(name.slice(5)).map((f) => relativeTo(imagePath, f)) };
  const slash = name.indexOf('/');
  const colon = name.indexOf(':');
  if (colon >= 0 && (slash < 0 || colon < slash)) {
    const protocol = name.slice(0, colon);
    if (protocol === 'file') return { kind: 'local', paths: [relativeTo(imagePath, name.slice(colon + 1))] };
    return { kind: 'remote', what: `${protocol}: ${name}` };
  }
  return { kind: 'local', paths: [relativeTo(imagePath, name)] };
}

function relativeTo(imagePath: string, name: string): string {
  if (name.startsWith('/')) return name;
  const cut = imagePath.lastIndexOf('/');
  const dir = cut < 0 ? '.' : cut === 0 ? '' : imagePath.slice(0, cut);
  return `${dir}/${name}`;
}

/** Every `filename` string in a `json:{...}` backing name: the local files it opens. Unparsable JSON names nothing safe. */
function jsonFilenames(text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`backing file name json:... is not valid JSON`);
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
  if (out.length === 0) throw new Error('backing file name json:... names no local file (no "filename")');
  return out;
}
