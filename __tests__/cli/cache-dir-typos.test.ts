/**
 * A cache directory that does not exist as typed, but nearly: a trailing newline (`"$(cat file)"` keeps none, but
 * `"$(printf '%s\n' ...)"`, `read` without -r and hand-edited unit files do), or a `~` the shell did not expand. The
 * error line was made one line, so the newline became a space and `/srv/cache does not exist` was said of a
 * directory that exists (through the BUILT cli).
 */
import fs from 'node:fs';
import path from 'node:path';
import { snapshot } from '../helpers/cache.js';
import { cleanup, tempDir } from '../helpers/in-use.js';
import { runCli } from '../helpers/run.js';

afterEach(cleanup);

describe('a cache directory typed nearly right', () => {
  it('a trailing newline is shown escaped, and the directory meant is named; nothing changes', async () => {
    const root = path.join(tempDir(), 'cache');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'a.img'), 'x');
    const before = snapshot(path.dirname(root));
    const r = await runCli(['clean', `${root}\n`, '--max-age', '1s']);
    expect({ code: r.code, out: r.stdout, err: r.stderr }).toEqual({
      code: 2,
      out: '',
      err: `cachesweep: cache-dir: ${root}\\x0a does not exist (it has white space at an end; ${root} exists)\n`,
    });
    expect(snapshot(path.dirname(root))).toEqual(before);
  });

  it('an unexpanded ~ says the shell expands it', async () => {
    const r = await runCli(['plan', '~/cache', '--max-age', '1d'], { cwd: tempDir() });
    expect({ code: r.code, err: r.stderr }).toEqual({
      code: 2,
      err: 'cachesweep: cache-dir: ~/cache does not exist (~ is expanded by the shell, not by cachesweep: give the full path)\n',
    });
  });
});
