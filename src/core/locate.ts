import fs from 'node:fs';
import path from 'node:path';
import { wrongRootByConfig, type ConfiguredCache } from '../scan/wrong-root.js';
import { UsageError } from '../shared/errors.js';
import { realPathSoFar } from '../sys/paths.js';
import { resolveRoot } from './root.js';
import { assertStateDirUsable, assertStateOutsideRoot, resolveStateDir, stateDirSource } from './state-dir.js';

/** Which cache, and where the tool keeps its state for it: plain data, as given (paths are checked by locate). */
export interface Where {
  /** The cache directory, as the user named it (a symlink is followed: its real path is the root). */
  root: string;
  /** The lock and the usage store's directory; default CACHESWEEP_STATE_DIR, else /var/lib/cachesweep for root, else XDG state. */
  stateDir?: string;
  /** Accept a system or home directory as the cache (the CLI's --i-know-this-is-a-system-directory). Default false. */
  allowSystemDirectory?: boolean;
  /**
   * Image caches the services' configuration names (`--nova-conf`, `--glance-conf`): a root above one of them is
   * refused, whatever its names look like. Paths as configured (symlinks are resolved here).
   */
  configuredCaches?: readonly ConfiguredCache[];
}

/** The cache root and the tool's state directory, validated. */
export interface Located {
  /** Real path of the cache root. */
  root: string;
  /** The root as it was named (may be a symlink); in-use detectors look beside both. */
  namedRoot: string;
  rootDev: number;
  stateDir: string;
}

/** Validate the root and the state directory. Nothing is read below the root yet, nothing is written. */
export function locate(where: Where, env: NodeJS.ProcessEnv = process.env): Located {
  const root = resolveRoot(where.root, { allowSystemDirectory: where.allowSystemDirectory === true });
  const wrong = wrongRootByConfig(root, (where.configuredCaches ?? []).map(realCache));
  if (wrong !== null) throw new UsageError(wrong);
  const stateDir = resolveStateDir(where.stateDir, env);
  const source = stateDirSource(where.stateDir, env);
  assertStateOutsideRoot(stateDir, root, source);
  assertStateDirUsable(stateDir, source);
  return { root, namedRoot: where.root ? path.resolve(where.root) : root, rootDev: fs.lstatSync(root).dev, stateDir };
}

function realCache(c: ConfiguredCache): ConfiguredCache {
  return { ...c, cacheDir: realPathSoFar(c.cacheDir), ...(c.instancesPath !== undefined ? { instancesPath: realPathSoFar(c.instancesPath) } : {}) };
}
