import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout the tests run in. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built CLI (npm test builds it first: pretest); run it through helpers/run.ts. */
export const BIN = path.join(REPO, 'bin', 'cachesweep');
