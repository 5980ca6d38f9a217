import { resolveBackingRef } from '../../src/usage/backing-ref.js';

describe('resolveBackingRef: backing names read the way QEMU reads them', () => {
  it('an absolute name is used as is', () => {
    expect(resolveBackingRef('/i/u/disk', '/var/lib/nova/instances/_base/abc')).toEqual({ kind: 'local', paths: ['/var/lib/nova/instances/_base/abc'] });
  });
  it('a relative name is joined to the directory of the image as a string (the kernel resolves ..)', () => {
    expect(resolveBackingRef('/i/u/disk', '../_base/abc')).toEqual({ kind: 'local', paths: ['/i/u/../_base/abc'] });
    expect(resolveBackingRef('disk', 'base')).toEqual({ kind: 'local', paths: ['./base'] });
    expect(resolveBackingRef('/disk', 'base')).toEqual({ kind: 'local', paths: ['/base'] });
  });
  it('file: is a local path; other protocols are not local files', () => {
    expect(resolveBackingRef('/i/u/disk', 'file:/srv/base')).toEqual({ kind: 'local', paths: ['/srv/base'] });
    // QEMU opens a relative file: name relative to its working directory, not the image's: not known, an error.
    expect(() => resolveBackingRef('/i/u/disk', 'file:base')).toThrow(/relative to QEMU's working directory/);
    expect(resolveBackingRef('/i/u/disk', 'nbd://host:10809/x')).toEqual({ kind: 'remote', what: 'nbd: nbd://host:10809/x' });
    expect(resolveBackingRef('/i/u/disk', 'rbd:pool/image')).toMatchObject({ kind: 'remote' });
  });
  it('a colon after the first slash is part of a file name', () => {
    expect(resolveBackingRef('/i/u/disk', 'dir/a:b')).toEqual({ kind: 'local', paths: ['/i/u/dir/a:b'] });
  });
  it('json: names give their filename fields; unusable ones are errors', () => {
    const name = 'json:{"driver":"qcow2","file":{"driver":"file","filename":"/srv/base.qcow2"}}';
    expect(resolveBackingRef('/i/u/disk', name)).toEqual({ kind: 'local', paths: ['/srv/base.qcow2'] });
    expect(() => resolveBackingRef('/i/u/disk', 'json:{nope')).toThrow(/not valid JSON/);
    expect(() => resolveBackingRef('/i/u/disk', 'json:{"driver":"nbd"}')).toThrow(/names no local file/);
  });
});
