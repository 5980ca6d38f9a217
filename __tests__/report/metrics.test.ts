import type { Applied } from '../../src/apply/apply.js';
import { labelValue, metricsText, previousCounters } from '../../src/report/metrics.js';
import { samplePlan } from '../helpers/ops-fixtures.js';

const plan = samplePlan();
const applied: Applied = { deleted: ['big-old'], skipped: [], failed: [{ name: 'mid', error: 'EIO: boom' }], freedBytes: 800 * 2 ** 20, interrupted: false };

/** Check the text exposition format line by line: every sample belongs to a family announced by HELP and TYPE. */
function checkExposition(text: string): Map<string, { type: string; samples: { labels: string; value: number }[] }> {
  const families = new Map<string, { type: string; samples: { labels: string; value: number }[] }>();
  const lines = text.split('\n');
  expect(lines.pop()).toBe(''); // ends with a newline
  let help: string | undefined;
  for (const line of lines) {
    let m: RegExpExecArray | null;
    if ((m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \S.*$/.exec(line))) {
      expect(families.has(m[1]!)).toBe(false);
      help = m[1];
    } else if ((m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge)$/.exec(line))) {
      expect(m[1]).toBe(help);
      families.set(m[1]!, { type: m[2]!, samples: [] });
    } else if ((m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*",?)*)\} (\S+)$/.exec(line))) {
      const fam = families.get(m[1]!);
      expect(fam).toBeDefined();
      const value = Number(m[3]);
      expect(Number.isFinite(value)).toBe(true);
      fam!.samples.push({ labels: m[2]!, value });
    } else {
      throw new Error(`not a valid exposition line: ${line}`);
    }
  }
  return families;
}

describe('metricsText', () => {
  const text = metricsText({ plan, applied, dryRun: false, exitCode: 4, startedMs: plan.now - 2500, finishedMs: plan.now, version: '1.2.3' });
  const fam = checkExposition(text);
  const one = (name: string, labels = ''): number => {
    const s = fam.get(name)!.samples.find((x) => x.labels === `root="/var/cache/demo"${labels ? `,${labels}` : ''}`);
    if (!s) throw new Error(`no sample ${name}{${labels}}`);
    return s.value;
  };

  test('names: cachesweep_ prefix, base units, _total only on counters', () => {
    for (const [name, f] of fam) {
      expect(name.startsWith('cachesweep_')).toBe(true);
      expect(name.endsWith('_total')).toBe(f.type === 'counter');
      expect(name).not.toMatch(/_(percent|milliseconds|kilobytes|mb|gb)\b/);
    }
  });

  test('run time, duration, exit code', () => {
    expect(one('cachesweep_last_run_timestamp_seconds')).toBe(plan.now / 1000);
    expect(one('cachesweep_last_run_duration_seconds')).toBe(2.5);
    expect(one('cachesweep_last_run_exit_code')).toBe(4);
    expect(one('cachesweep_last_run_dry_run')).toBe(0);
  });

  test('entries and bytes by decision and reason, every reason present', () => {
    expect(one('cachesweep_plan_entries', 'decision="evict",reason="expired"')).toBe(1);
    expect(one('cachesweep_plan_bytes', 'decision="keep",reason="capped"')).toBe(200 * 2 ** 20);
    expect(one('cachesweep_plan_entries', 'decision="keep",reason="in-use"')).toBe(0);
    const total = fam.get('cachesweep_plan_entries')!.samples.reduce((s, x) => s + x.value, 0);
    expect(total).toBe(plan.entries.length);
  });

  test('freed bytes, outcomes, cache size, disk ratio before and after, shortfall, threshold and target as ratios', () => {
    expect(one('cachesweep_freed_bytes')).toBe(800 * 2 ** 20);
    expect(one('cachesweep_evictions', 'outcome="failed"')).toBe(1);
    expect(one('cachesweep_cache_size_bytes')).toBe(plan.before.cacheBytes);
    expect(one('cachesweep_disk_used_ratio', 'when="before"')).toBeCloseTo(0.9);
    // after applying: what was really freed (800 MiB), not the plan's 1100 MiB
    const total = plan.before.diskUsedBytes + plan.before.diskAvailableBytes;
    expect(one('cachesweep_disk_used_ratio', 'when="after"')).toBeCloseTo((plan.before.diskUsedBytes - 800 * 2 ** 20) / total, 6);
    expect(one('cachesweep_shortfall_bytes')).toBe(2 ** 30);
    expect(one('cachesweep_threshold_ratio')).toBe(0.85);
    expect(one('cachesweep_target_ratio')).toBe(0.8);
    expect(one('cachesweep_run_info', 'layout="generic",strategy="lru",version="1.2.3"')).toBe(1);
  });

  test('counters continue from the previous file of the same root', () => {
    const prev = previousCounters(text, '/var/cache/demo');
    expect(prev).toEqual({ cachesweep_runs_total: 1, cachesweep_freed_bytes_total: 800 * 2 ** 20, cachesweep_deleted_entries_total: 1 });
    const again = checkExposition(metricsText({ plan, applied, dryRun: false, exitCode: 0, startedMs: 0, finishedMs: 1, previous: prev }));
    expect(again.get('cachesweep_runs_total')!.samples[0]!.value).toBe(2);
    expect(again.get('cachesweep_freed_bytes_total')!.samples[0]!.value).toBe(1600 * 2 ** 20);
    expect(previousCounters(text, '/other')).toEqual({});
    expect(previousCounters('garbage\ncachesweep_runs_total{root="/var/cache/demo"} NaN\n', '/var/cache/demo')).toEqual({});
  });

  test('a dry run frees nothing and says so', () => {
    const f = checkExposition(metricsText({ plan, dryRun: true, exitCode: 5, startedMs: 0, finishedMs: 0 }));
    expect(f.get('cachesweep_last_run_dry_run')!.samples[0]!.value).toBe(1);
    expect(f.get('cachesweep_freed_bytes')!.samples[0]!.value).toBe(0);
    const after = f.get('cachesweep_disk_used_ratio')!.samples.find((s) => s.labels.includes('after'))!;
    expect(after.value).toBeCloseTo(plan.after.diskUsedPercent / 100);
  });

  test('label values are escaped', () => {
    expect(labelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const weird = { ...plan, root: '/srv/we"ird\\path\n' };
    const f = checkExposition(metricsText({ plan: weird, dryRun: true, exitCode: 0, startedMs: 0, finishedMs: 0 }));
    expect(f.get('cachesweep_cache_size_bytes')!.samples[0]!.labels).toBe('root="/srv/we\\"ird\\\\path\\n"');
  });
});
