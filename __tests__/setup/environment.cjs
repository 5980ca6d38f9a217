// The node test environment, and one thing more: when a test file is done (after its own afterAll hooks, which may
// still use its directories), the temporary directories helpers/cache.ts's tempDir made for it are removed. Every
// test file's caches were left in /tmp: hundreds per run, gigabytes on a developer's machine.
const fs = require('node:fs');
// jest-environment-node is jest's own default environment, installed with jest 29 (package-lock.json).
const { TestEnvironment } = require('jest-environment-node');

/** Mount points of this mount namespace (mountinfo's octal escapes decoded). */
function mountPoints() {
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split(' ')[4].replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8))));
}

class CachesweepEnvironment extends TestEnvironment {
  async teardown() {
    const dirs = this.global.cachesweepTempDirs;
    if (dirs instanceof Set && dirs.size > 0) {
      const mounts = mountPoints();
      for (const dir of dirs) {
        // A mount still on or below it is left alone: a recursive removal would go through a bind mount into what it
        // shows (safety.test.ts binds a directory from outside the cache into it).
        if (mounts.some((m) => m === dir || m.startsWith(`${dir}/`))) continue;
        try {
          fs.rmSync(dir, { recursive: true, force: true });
        } catch {
          // chattr +i left by a failed test, or the like: left for /tmp's own cleaning
        }
      }
    }
    await super.teardown();
  }
}

module.exports = CachesweepEnvironment;
