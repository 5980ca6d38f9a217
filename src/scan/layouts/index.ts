import { UnknownNameError } from '../../shared/errors.js';
import { matchName } from '../../shared/nearest.js';
import type { Layout } from '../layout.js';
import { bazelDiskCache } from './bazel-disk-cache.js';
import { ccache } from './ccache.js';
import { generic } from './generic.js';
import { glance } from './glance.js';
import { goBuild } from './go-build.js';
import { nova } from './nova.js';
import { pip } from './pip.js';

/** Every layout by name. A new layout is one file plus one line here. */
export const LAYOUTS: readonly Layout[] = [generic, nova, glance, ccache, goBuild, bazelDiskCache, pip];

export function layoutNames(): string[] {
  return LAYOUTS.map((l) => l.name);
}

/** The named layout, or `auto`: the first specific layout whose detect() accepts the root, else generic. */
export function resolveLayout(name: string, rootBase: string, childNames: readonly string[]): Layout {
  if (name.toLowerCase() === 'auto') {
    return LAYOUTS.find((l) => l !== generic && l.detect?.(rootBase, childNames)) ?? generic;
  }
  return layoutByName(name);
}

/** The layout of that name; `auto` is not a layout but a request to detect one. */
export function layoutByName(name: string): Layout {
  const known = matchName(name, layoutNames()) ?? name;
  const found = LAYOUTS.find((l) => l.name === known);
  if (!found) throw new UnknownNameError('layout', name, ['auto', ...layoutNames()]);
  return found;
}
