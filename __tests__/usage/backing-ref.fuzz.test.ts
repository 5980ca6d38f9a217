/**
 * Fuzzing the reading of backing file names. The properties:
 *  - any name: local absolute paths, a remote reference, or a BackingRefError (the chain is then unreadable and
 *    every entry kept); nothing else is thrown;
 *  - a name without a protocol is the image's directory joined with the name (or the name, when absolute), and
 *    that is the file QEMU opens: checked against `qemu-img info`'s full-backing-filename on real images;
 *  - a json: name gives every absolute filename in it, however deep, and a relative one is an error;
 *  - only the protocols known to open no local file are remote: any other protocol is an error, never "remote".
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { BackingRefError, resolveBackingRef } from '../../src/usage/backing-ref.js';
import { cleanup, qemuImg, tempDir } from '../helpers/in-use.js';
import { returnedOrThrown } from '../helpers/errors.js';

afterAll(cleanup);

const REMOTE = ['nbd', 'rbd', 'http', 'https', 'ftp', 'ftps', 'iscsi', 'gluster', 'ssh', 'nfs', 'nvme'];

function resolveOrError(image: string, name: string) {
  return returnedOrThrown(BackingRefError, () => resolveBackingRef(image, name));
}

const arbSeg = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._ -]{1,10}$/), fc.constantFrom('..', '.', '_base', 'a:b', 'disk', 'x%20y', 'ünï'));
const arbImage = fc.array(arbSeg, { minLength: 1, maxLength: 4 }).map((a) => `/${a.join('/')}`);
const arbPlainName = fc
  .tuple(fc.boolean(), fc.array(arbSeg, { minLength: 1, maxLength: 4 }))
  .map(([abs, a]) => `${abs ? '/' : ''}${a.join('/')}`)
  .filter((n) => {
    const slash = n.indexOf('/');
    const colon = n.indexOf(':');
    return !(colon >= 0 && (slash < 0 || colon < slash)) && !n.startsWith('json:');
  });

describe('resolveBackingRef (fuzz)', () => {
  test('any name: absolute local paths, a remote reference or a BackingRefError', () => {
    const arbName = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.fullUnicodeString({ maxLength: 10 }),
      fc.tuple(fc.constantFrom('json:', 'file:', 'nbd:', 'blkdebug::', 'fat:', 'host_device:', ':', '/', './', '../'), fc.string({ maxLength: 20 })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(arbImage, arbName, (image, name) => {
        const r = resolveOrError(image, name);
        if (r instanceof BackingRefError) return;
        if (r.kind === 'remote') {
          expect(REMOTE.concat(['nbd+tcp', 'nbd+unix', 'iser', 'gluster+tcp', 'gluster+unix', 'gluster+rdma', 'sheepdog', 'vxhs', 'null-co', 'null-aio'])).toContain(name.slice(0, name.indexOf(':')));
          return;
        }
        expect(r.paths.length).toBeGreaterThan(0);
        for (const p of r.paths) expect(p.startsWith('/')).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  test('a name without a protocol: the image directory joined with it, or itself when absolute', () => {
    fc.assert(
      fc.property(arbImage, arbPlainName, (image, name) => {
        const want = name.startsWith('/') ? name : `${path.posix.dirname(image) === '/' ? '' : path.posix.dirname(image)}/${name}`;
        expect(resolveBackingRef(image, name)).toEqual({ kind: 'local', paths: [want] });
      }),
      { numRuns: 3000 },
    );
  });

  test('a json: name gives every absolute filename, at any depth; a relative one is an error', () => {
    const arbFile = fc.oneof(arbImage, arbPlainName);
    const arbNode: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ driver: fc.constantFrom('file', 'qcow2', 'raw', 'host_device'), filename: arbFile }),
        fc.record({ driver: fc.constantFrom('qcow2', 'raw', 'quorum'), file: tie('node') }),
        fc.record({ driver: fc.constant('quorum'), children: fc.array(tie('node'), { maxLength: 3 }) }),
        fc.record({ 'file.filename': arbFile, 'file.driver': fc.constant('file') }),
        fc.record({ driver: fc.constant('nbd'), server: fc.record({ host: fc.constant('h'), port: fc.constant('1') }) }),
      ),
    })).node;
    const filenames = (v: unknown, out: string[] = []): string[] => {
      if (Array.isArray(v)) v.forEach((x) => filenames(x, out));
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if ((k === 'filename' || k.endsWith('.filename')) && typeof x === 'string') out.push(x);
          else filenames(x, out);
        }
      }
      return out;
    };
    fc.assert(
      fc.property(arbImage, arbNode, (image, node) => {
        const names = filenames(node);
        const r = resolveOrError(image, `json:${JSON.stringify(node)}`);
        if (names.length === 0 || names.some((n) => !n.startsWith('/'))) expect(r).toBeInstanceOf(BackingRefError);
        else expect(r).toEqual({ kind: 'local', paths: names });
      }),
      { numRuns: 2000 },
    );
  });

  test('protocols: file:, host_device: local when absolute; the network ones remote; any other an error', () => {
    fc.assert(
      fc.property(arbImage, fc.oneof(fc.constantFrom('file', 'host_device', 'host_cdrom', ...REMOTE, 'blkdebug', 'blkverify', 'fat', 'vvfat', 'quorum', 'throttle'), fc.stringMatching(/^[a-z+_-]{1,8}$/)), arbPlainName, (image, protocol, rest) => {
        const r = resolveOrError(image, `${protocol}:${rest}`);
        if (['file', 'host_device', 'host_cdrom'].includes(protocol)) {
          if (rest.startsWith('/')) expect(r).toEqual({ kind: 'local', paths: [rest] });
          else expect(r).toBeInstanceOf(BackingRefError);
        } else if (REMOTE.includes(protocol)) expect(r).toMatchObject({ kind: 'remote' });
        else if (!['nbd+tcp', 'nbd+unix', 'iser', 'gluster+tcp', 'gluster+unix', 'gluster+rdma', 'sheepdog', 'vxhs', 'null-co', 'null-aio'].includes(protocol)) expect(r).toBeInstanceOf(BackingRefError);
      }),
      { numRuns: 3000 },
    );
  });

  test('regressions found by fuzzing', () => {
    // QEMU opens file:NAME relative to its working directory, not the image's (checked with qemu-img info):
    // the old reading protected a file next to the image that QEMU does not open.
    expect(resolveOrError('/i/u/disk', 'file:base')).toBeInstanceOf(BackingRefError);
    // blkdebug and vvfat open local files: they were "remote", so what they open was not protected.
    expect(resolveOrError('/i/u/disk', 'blkdebug::/var/lib/nova/instances/_base/abc')).toBeInstanceOf(BackingRefError);
    expect(resolveOrError('/i/u/disk', 'fat:rw:/srv/dir')).toBeInstanceOf(BackingRefError);
  });
});

describe('resolveBackingRef against qemu-img (fuzz)', () => {
  test("a plain name resolves to the file QEMU says it opens (full-backing-filename)", () => {
    const dir = tempDir('cachesweep-bref-');
    let i = 0;
    fc.assert(
      fc.property(arbPlainName.filter((n) => Buffer.byteLength(n) < 200 && !n.includes('%')), (name) => {
        const image = path.join(dir, `img${i++}.qcow2`);
        qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', name, '-F', 'raw', image, '1M');
        const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', image], { encoding: 'utf8' })) as { 'full-backing-filename'?: string };
        fs.rmSync(image);
        expect(resolveBackingRef(image, name)).toEqual({ kind: 'local', paths: [info['full-backing-filename']] });
      }),
      { numRuns: 60 },
    );
  });
});
