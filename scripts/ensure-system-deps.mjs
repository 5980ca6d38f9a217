#!/usr/bin/env node
// pretest: make sure the system tools the tests use are installed. As root, install what is missing with
// apt-get (after apt-get update); otherwise stop with one line naming the package to install.
import { execFileSync, spawnSync } from 'node:child_process';

/** command the tests run -> Debian package that provides it */
const NEEDED = [
  ['flock', 'util-linux'],
  ['mount', 'mount'],
  ['umount', 'mount'],
  ['chattr', 'e2fsprogs'],
  ['df', 'coreutils'],
  ['unshare', 'util-linux'],
  ['qemu-img', 'qemu-utils'],
  ['python3', 'python3'], // full python3 (mmap, sqlite3): builds a Glance cache.db as Glance does, maps files
  ['setpriv', 'util-linux'],
  ['prlimit', 'util-linux'], // a deletion under a descriptor limit lower than the tree's depth
  // Glance's xattr cache driver: tests set user.hits with setfattr, as Glance's driver leaves them
  ['setfattr', 'attr'],
  // shared storage detected from a real filesystem: a FUSE mount (bindfs) in a private mount namespace
  ['bindfs', 'bindfs'],
  ['mountpoint', 'util-linux'],
  // the nova.conf fuzz test compares cachesweep's reading with the real oslo.config's (Debian's python3, not a pyenv one)
  ['/usr/bin/python3 -c "import oslo_config"', 'python3-oslo.config'],
  // the HTML report's end-to-end test opens it in headless chromium (via playwright-core, never `npx playwright install`)
  ['chromium', 'chromium'],
  // the terminal-width tests run the CLI on a pseudo-terminal: script -qec 'stty cols 80; cachesweep ...' /dev/null
  ['script', 'bsdutils'],
  ['stty', 'coreutils'],
  // `completion bash|zsh|fish`: each script is run in its own shell (__tests__/cli/help/completion.test.ts)
  ['bash', 'bash'],
  ['zsh', 'zsh'],
  ['fish', 'fish'],
  // the man page is rendered with man-db's man and groff, which must give no warning
  ['man', 'man-db'],
  ['groff', 'groff-base'],
  // the ccache and go-build layouts' tests build real caches with the real tools, clean them, and build again
  ['ccache', 'ccache'],
  ['gcc', 'gcc'],
  ['go', 'golang-go'],
];

// A command name, or a whole shell test (it has a space) such as a Python import.
const has = (cmd) => spawnSync('sh', ['-c', cmd.includes(' ') ? cmd : `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const missing = [...new Set(NEEDED.filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg))];
if (missing.length === 0) process.exit(0);
if (process.getuid?.() !== 0) {
  console.error(`pretest: install ${missing.join(' ')} (e.g. sudo apt-get install -y ${missing.join(' ')}), then run npm test again`);
  process.exit(1);
}
try {
  console.error(`pretest: installing ${missing.join(' ')} with apt-get`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
} catch {
  console.error(`pretest: could not install ${missing.join(' ')} with apt-get; install it and run npm test again`);
  process.exit(1);
}
const still = NEEDED.filter(([cmd]) => !has(cmd)).map(([cmd]) => cmd);
if (still.length > 0) {
  console.error(`pretest: still missing after install: ${still.join(', ')}`);
  process.exit(1);
}
