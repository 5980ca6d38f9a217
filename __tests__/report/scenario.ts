/** A realistic plan for the report tests: 240 entries, 12 victims, 183.2 GiB, disk 91.3% -> 78.9% (target 80%). */
import { planOptionsFrom } from '../../src/config/options.js';
import { buildPlan } from '../../src/plan/build.js';
import type { Plan } from '../../src/plan/types.js';
import { diskOf, makeEntry, makeInput, usageOf } from '../helpers/fixtures.js';
import { DAY, GiB, HOUR, MINUTE, MiB } from '../helpers/units.js';

export function bigPlan(): Plan {
  const victims = Array.from({ length: 12 }, (_, i) =>
    makeEntry(`image-${String(i + 1).padStart(2, '0')}.qcow2`, { bytes: i < 11 ? 15 * GiB : 18.2 * GiB, idleMs: (40 - i) * DAY }),
  );
  const rest = Array.from({ length: 224 }, (_, i) => makeEntry(`layer-${String(i).padStart(3, '0')}`, { bytes: 100 * MiB, idleMs: 2 * DAY - i * MINUTE }));
  const safety = [
    makeEntry('busy.qcow2', { bytes: 20 * GiB, idleMs: 50 * DAY }),
    makeEntry('golden.qcow2', { bytes: 30 * GiB, idleMs: 60 * DAY }),
    makeEntry('incoming.part', { bytes: GiB, idleMs: HOUR, partial: true }),
    makeEntry('current', { kind: 'symlink', bytes: 0, idleMs: 90 * DAY, unknownWhy: 'symlink (never followed)' }),
  ];
  const entries = [...rest, ...victims, ...safety];
  const total = 1477.5 * GiB;
  const used = Math.round(0.913 * total);
  const usage = usageOf(entries, {
    'busy.qcow2': { inUse: ['backing file of instance 1f2e'], hits: 7 },
    'layer-000': { hits: 3 },
  });
  return buildPlan(
    makeInput(entries, { usage, disk: diskOf(used, total - used), root: '/var/lib/nova/instances/_base' }),
    planOptionsFrom({ strategy: 'lru', threshold: '85%', protect: ['golden.*'] }),
  );
}
