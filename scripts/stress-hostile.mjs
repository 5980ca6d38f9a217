#!/usr/bin/env node
// Run the deletion races of __tests__/hostile (issue 12, cases 1 and 2) many times against the built CLI:
//   node scripts/stress-hostile.mjs [--runs 10] [--only symlink-swap|symlink-swap-unopened|bind-mount] [--files 30000] [--repo DIR]
// Each run is __tests__/hostile/scenario.sh in its own private mount namespace. A run passes when the attack
// happened (swapped / mounted), no outside file was deleted, the entry failed with the expected reason and the
// exit code was 4. Prints one line per run and a summary; exits 1 when any run failed. As root (it mounts).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const runs = Number(opt('runs', '10'));
const files = Number(opt('files', '30000'));
const repo = path.resolve(opt('repo', path.join(here, '..')));
const only = opt('only', undefined);
const scenario = path.join(here, '..', '__tests__', 'hostile', 'scenario.sh');

const expected = {
  'symlink-swap': { race: 'swapped', entry: 'big', error: /^big\/sub (was replaced during the deletion|is no longer a directory)/ },
  'symlink-swap-unopened': { race: 'swapped', entry: 'big', error: /^big\/sub is no longer a directory/ },
  'bind-mount': { race: 'mounted', entry: 'e6', error: /^e6\/m is a mount point/ },
};
const cases = only ? [only] : Object.keys(expected);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CACHESWEEP_')));

let failures = 0;
const tally = {};
for (let i = 1; i <= runs; i++) {
  for (const c of cases) {
    const t0 = Date.now();
    const p = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', scenario, c, repo, String(files)], { encoding: 'utf8', env, timeout: 300_000 });
    let r;
    try {
      r = JSON.parse(p.stdout.trim().split('\n').pop());
    } catch {
      r = { error: `no result: ${p.error?.message ?? ''} ${p.stderr}` };
    }
    const want = expected[c];
    const failed = r.applied?.failed ?? [];
    const problems = [];
    if (r.error) problems.push(r.error);
    else {
      if (r.race !== want.race) problems.push(`attacker: ${r.race}`);
      if (r.outsideLeft !== r.outsideTotal) problems.push(`${r.outsideTotal - r.outsideLeft} outside files deleted`);
      if (r.exit !== 4) problems.push(`exit ${r.exit}`);
      if (failed.length !== 1 || failed[0].name !== want.entry || !want.error.test(failed[0].error)) problems.push(`failed: ${JSON.stringify(failed)}`);
    }
    const ok = problems.length === 0;
    if (!ok) failures++;
    tally[c] = tally[c] ?? { ok: 0, bad: 0 };
    tally[c][ok ? 'ok' : 'bad']++;
    const detail = ok ? `${r.race}; outside ${r.outsideLeft}/${r.outsideTotal} left; ${failed[0].error.slice(0, 70)}...` : problems.join('; ');
    console.log(`${c} run ${i}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - t0) / 1000).toFixed(1)} s) ${detail}`);
  }
}
for (const [c, t] of Object.entries(tally)) console.log(`${c}: ${t.ok} passed, ${t.bad} failed`);
process.exit(failures > 0 ? 1 : 0);
