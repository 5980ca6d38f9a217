/**
 * A passing `npm test` prints no warnings that are not the tests' own: Node's "VM Modules is an experimental
 * feature" line (jest needs --experimental-vm-modules for ESM) came first in every run, before any result.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/run.js';

it("npm test's node flags run jest's ESM machinery without a warning", () => {
  const script: string = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts.test;
  const jest = /node ((?:--[\w=-]+ )+)node_modules\/jest\/bin\/jest\.js/.exec(script);
  expect(jest).not.toBeNull();
  const flags = jest![1]!.trim().split(' ');
  expect(flags).toContain('--experimental-vm-modules');
  // what jest does with that flag: build a vm.SourceTextModule (Node warns on the first one)
  const r = spawnSync(process.execPath, [...flags, '-e', "new (require('node:vm').SourceTextModule)('export default 1')"], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
});
