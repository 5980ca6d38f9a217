/**
 * The layer rule (docs/architecture.md): folders of src/ in one total order, each importing only folders below it.
 * A total order, not a partial one, so that no two folders can import each other: a folder-level cycle is impossible
 * as long as this passes. `npm test` runs it (__tests__/architecture/layers.test.ts).
 * config sits above core: it turns flags, config files and CACHESWEEP_* variables into the typed options the core
 * takes, so the core (a library) never reads a flag.
 */
const LAYERS = ['shared', 'sys', 'policy', 'scan', 'plan', 'usage', 'apply', 'sim', 'report', 'core', 'config', 'cli'];

const folder = (name) => `^src/${name}/`;
const upward = LAYERS.map((name, i) => ({
  name: `layer-${name}`,
  comment: `src/${name}/ may import only ${LAYERS.slice(0, i).join(', ') || 'nothing else in src/'}`,
  severity: 'error',
  from: { path: folder(name) },
  to: { path: '^src/', pathNot: [folder(name), ...LAYERS.slice(0, i).map(folder)] },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'no import cycle between modules, even inside one folder',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-public-api-inside',
      comment: 'src/index.ts is the package entry for others; nothing inside imports it back (the rimraf circle)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'plugins-not-registries',
      comment: 'a strategy, layout, policy, in-use detector or report format file imports the interface, never the registry that lists it',
      severity: 'error',
      from: { path: '^src/(policy|scan/layouts|sim/policies|usage/detectors|report/formats)/', pathNot: '(registry|index)\\.ts$' },
      to: { path: '^src/(policy/registry|scan/layouts/index|sim/policies/registry|usage/detectors/registry|report/formats/registry)\\.ts$' },
    },
    {
      name: 'no-top-level-files',
      comment: 'every module but the package entry lives in a layer folder',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$', pathNot: '^src/index\\.ts$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.build.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
