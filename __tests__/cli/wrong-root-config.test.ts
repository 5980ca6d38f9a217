/**
 * No wrong root, by configuration: with --nova-conf or --glance-conf, a root that is Nova's instances_path, or a
 * directory above it or above Glance's image_cache_dir, is refused with exit 2 and one line naming the cache, before
 * anything is read below it, also where the names alone do not give it away (a subdirectory_name other than _base,
 * an xattr-driver Glance cache without cache.db or incomplete/, a root two levels up). Through the built binary.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { snapshot } from '../helpers/cache.js';
import { age, cleanup, qcow2Over, rawImage, tempDir } from '../helpers/in-use.js';
import { describeRun, runCli } from '../helpers/run.js';
import { DAY } from '../helpers/units.js';

afterAll(cleanup);

function ageAll(dir: string, ms: number): void {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) ageAll(p, ms);
    age(p, ms);
  }
}

/**
 * /top/nova/instances with the cache in `images/` (subdirectory_name = images) and a stopped instance whose
 * directory holds only its disk: no `_base`, no `locks/`, nothing the name rules recognise.
 */
function novaHost() {
  const top = tempDir('cachesweep-wrongroot-conf-');
  const state = path.join(top, 'nova');
  const inst = path.join(state, 'instances');
  const cache = path.join(inst, 'images');
  rawImage(path.join(cache, 'a'.repeat(40)));
  qcow2Over(path.join(inst, '11111111-aaaa-4000-8000-000000000001', 'disk'), path.join(cache, 'a'.repeat(40)), 'raw');
  const conf = path.join(tempDir('cachesweep-etc-'), 'nova.conf');
  fs.writeFileSync(conf, `[DEFAULT]\nstate_path = ${state}\n[image_cache]\nsubdirectory_name = images\n`);
  ageAll(state, 3 * DAY);
  return { top, state, inst, cache, conf };
}

const NOVA_SAID = (conf: string): string => `(instances_path and subdirectory_name as ${conf} set them)`;

describe("Nova's instances_path from --nova-conf", () => {
  it('the names alone do not tell (the check cannot pass by them): without --nova-conf the same root is planned', async () => {
    const { inst } = novaHost();
    const r = await runCli(['plan', inst, '--max-age', '1h']);
    expect(r.code).toBe(0);
  });

  it.each([['clean'], ['plan'], ['status']])('%s of instances_path is refused with exit 2, one line naming the cache; nothing changes', async (cmd) => {
    const { state, inst, cache, conf } = novaHost();
    const before = snapshot(state);
    const r = await runCli([cmd, inst, '--nova-conf', conf, ...(cmd === 'status' ? [] : ['--max-age', '1h'])]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([`cachesweep: ${inst} is Nova's instances directory; its image cache is ${cache} ${NOVA_SAID(conf)}`]);
    expect(snapshot(state)).toEqual(before);
    expect(fs.existsSync(r.stateDir!)).toBe(false);
  });

  it('a directory above instances_path is refused too, naming both', async () => {
    const { state, inst, cache, conf } = novaHost();
    const before = snapshot(state);
    const r = await runCli(['clean', state, '--nova-conf', conf, '--max-age', '1h']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`cachesweep: ${state} holds Nova's instances directory ${inst}; its image cache is ${cache} ${NOVA_SAID(conf)}`);
    expect(snapshot(state)).toEqual(before);
  });

  it('instances_path reached through a symbolic link is the same directory', async () => {
    const { top, inst, cache, conf } = novaHost();
    const link = path.join(top, 'link-to-instances');
    fs.symlinkSync(inst, link);
    const r = await runCli(['clean', link, '--nova-conf', conf, '--max-age', '1h']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`cachesweep: ${inst} is Nova's instances directory; its image cache is ${cache} ${NOVA_SAID(conf)}`);
  });

  it('the cache itself is cleaned as before', async () => {
    const { cache, conf } = novaHost();
    const r = await runCli(['clean', cache, '--nova-conf', conf, '--json']);
    expect(r.code).toBe(0);
    // the stopped instance's disk backs onto the only image: it stays
    expect(fs.readdirSync(cache)).toEqual(['a'.repeat(40)]);
  });
});

/**
 * /top/glance holding the image cache of the xattr driver (images and their user.hits attributes, no cache.db, no
 * incomplete/ yet) beside the file store's images/: nothing by name says which one is the cache.
 */
function glanceHost() {
  const top = tempDir('cachesweep-wrongroot-conf-');
  const lib = path.join(top, 'glance');
  const cache = path.join(lib, 'image-cache');
  const image = path.join(cache, '6c3b1f0e-1111-4000-8000-000000000001');
  rawImage(image);
  execFileSync('setfattr', ['-n', 'user.hits', '-v', '3', image]);
  rawImage(path.join(lib, 'images', '6c3b1f0e-1111-4000-8000-000000000001'));
  const conf = path.join(tempDir('cachesweep-etc-'), 'glance-api.conf');
  fs.writeFileSync(conf, `[DEFAULT]\nimage_cache_dir = ${cache}\nimage_cache_driver = xattr\n`);
  ageAll(lib, 3 * DAY);
  return { top, lib, cache, conf };
}

const GLANCE_SAID = (conf: string): string => `(image_cache_dir: ${conf} line 2 ([DEFAULT] image_cache_dir))`;

describe("Glance's image_cache_dir from --glance-conf", () => {
  it('the names alone do not tell: without --glance-conf the same root is planned, the store\'s images as entries', async () => {
    const { lib } = glanceHost();
    const r = await runCli(['plan', lib, '--max-age', '1h']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/images/);
  });

  it.each([['one level up', 1], ['two levels up', 2]])('a directory %s is refused with exit 2 naming the cache; nothing changes', async (_, up) => {
    const { top, lib, cache, conf } = glanceHost();
    const root = up === 1 ? lib : top;
    const before = snapshot(top);
    const r = await runCli(['clean', root, '--glance-conf', conf, '--max-age', '1h']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([`cachesweep: ${root} holds Glance's image cache; its image cache is ${cache} ${GLANCE_SAID(conf)}`]);
    expect(snapshot(top)).toEqual(before);
    expect(snapshot(top).get(path.join('glance', 'images'))).toBeDefined();
  });

  it('the cache itself is planned as before', async () => {
    const { cache, conf } = glanceHost();
    const r = await runCli(['plan', cache, '--glance-conf', conf]);
    expect(r.code).toBe(0);
    expect(describeRun(r)).not.toMatch(/holds Glance's image cache/);
  });
});
