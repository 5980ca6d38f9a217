import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { tempDir } from '../helpers/cache.js';
import { REPO } from '../helpers/paths.js';

const require = createRequire(import.meta.url);
const config = require(path.join(REPO, '.dependency-cruiser.cjs')) as IConfiguration;

async function violations(cwd: string): Promise<string[]> {
  const before = process.cwd();
  process.chdir(cwd); // dependency-cruiser resolves paths (and the rules' ^src/ patterns) from the working directory
  try {
    const r = await cruise(['src'], { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden } });
    const out = r.output as ICruiseResult;
    return out.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  } finally {
    process.chdir(before);
  }
}

describe('the layer rule (.dependency-cruiser.cjs, docs/architecture.md)', () => {
  it('holds on src/: every import points down a layer, and no module cycle', async () => {
    expect(await violations(REPO)).toEqual([]);
  });

  // The rule itself must be able to fail: a copy of a few real files with one deliberate upward import.
  it('fails on an upward import, a folder cycle and a plug-in importing its registry', async () => {
    const dir = tempDir('cachesweep-layers-');
    try {
      const write = (rel: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      };
      fs.copyFileSync(path.join(REPO, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
      fs.copyFileSync(path.join(REPO, 'tsconfig.build.json'), path.join(dir, 'tsconfig.build.json'));
      write('src/shared/errors.ts', "export class E extends Error {}\n");
      write('src/cli/main.ts', "import { E } from '../shared/errors.js';\nexport const main = (): E => new E();\n");
      write('src/policy/lru.ts', "import { main } from '../cli/main.js';\nimport { all } from './registry.js';\nexport const lru = { main, all };\n");
      write('src/policy/registry.ts', "export const all = 1;\n");
      write('src/plan/build.ts', "import { u } from '../usage/merge.js';\nexport const b = u;\n");
      write('src/usage/merge.ts', "import { b } from '../plan/build.js';\nexport const u = 1; export const back = b;\n");
      const found = await violations(dir);
      expect(found).toEqual(
        expect.arrayContaining([
          'layer-policy: src/policy/lru.ts -> src/cli/main.ts',
          'plugins-not-registries: src/policy/lru.ts -> src/policy/registry.ts',
          'layer-plan: src/plan/build.ts -> src/usage/merge.ts',
          expect.stringMatching(/^no-circular: src\/(plan|usage)\//),
        ]),
      );
      expect(found).not.toContain('layer-usage: src/usage/merge.ts -> src/plan/build.ts'); // usage sits above plan
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
