#!/usr/bin/env node
// man/cachesweep.1, generated from the command definitions --help shows (src/cli/help/man-page.ts, as built into
// dist/): `npm run gen:man` writes it. `--check [FILE]` writes nothing: it makes the text in memory, compares it
// with FILE (default man/cachesweep.1) and exits 1 naming the first difference, which is how the test suite keeps
// the file current (__tests__/cli/help/man-page.test.ts), as gen-json-schema.mjs does for docs/plan.schema.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = path.join(REPO, 'man', 'cachesweep.1');

async function manText() {
  const built = (p) => {
    const f = path.join(REPO, 'dist', p);
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run npm run build first`);
    return import(pathToFileURL(f).href);
  };
  const { manPage } = await built('cli/help/man-page.js');
  const { cliDefinition } = await built('cli/help/definitions.js');
  const { VERSION } = await built('cli/version.js');
  return manPage(cliDefinition(), VERSION);
}

const args = process.argv.slice(2);
const text = await manText();
if (args[0] === '--check') {
  const file = args[1] ?? FILE;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== text) {
    const a = current.split('\n');
    const b = text.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    console.error(`${path.relative(process.cwd(), file) || file} is not what the command definitions generate (first difference at line ${line + 1}): run npm run gen:man`);
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  fs.writeFileSync(FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), FILE)}`);
}
