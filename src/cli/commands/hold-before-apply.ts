import fs from 'node:fs';
import path from 'node:path';

/**
 * TEST HOOK (the hidden `clean --hold-before-apply DIR`), never documented for users: once the plan is built and
 * printed, and before the first deletion, create DIR/planned and wait until DIR/go exists. The wait polls
 * asynchronously, so SIGINT/SIGTERM are still delivered (and end the wait: the run then deletes nothing).
 * It makes "between the plan and the deletion" a deterministic moment for the fault-injection tests.
 */
export async function holdBeforeApply(dir: string | undefined, stopped: () => boolean): Promise<void> {
  if (dir === undefined || dir === '') return;
  fs.writeFileSync(path.join(dir, 'planned'), `${process.pid}\n`);
  const go = path.join(dir, 'go');
  while (!fs.existsSync(go) && !stopped()) await new Promise((r) => setTimeout(r, 20));
}
