import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Output } from '../../src/cli/term/output.js';
import type { Plan, PlannedEntry } from '../../src/plan/types.js';
import type { Entry, Reason, Usage } from '../../src/shared/types.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(REPO, 'bin', 'cachesweep');

export function tmpDir(prefix = 'cachesweep-ops-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Write a cache: name -> [bytes, idle hours]; files get real data (allocated blocks) and back-dated times. */
export function makeCache(root: string, files: Record<string, [number, number]>, now = Date.now()): void {
  fs.mkdirSync(root, { recursive: true });
  for (const [name, [bytes, idleHours]] of Object.entries(files)) {
    const p = path.join(root, name);
    fs.writeFileSync(p, Buffer.alloc(bytes, 7));
    const t = new Date(now - idleHours * 3_600_000);
    fs.utimesSync(p, t, t);
  }
}

/** Run the built CLI. No system config file, a private state directory, no colour. */
export function runBin(args: string[], env: Record<string, string> = {}, opts: { stateDir?: string } = {}) {
  const stateDir = opts.stateDir ?? tmpDir('cachesweep-state-');
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/root',
      CACHESWEEP_SYSTEM_CONFIG: '/nonexistent/cachesweep.yaml',
      CACHESWEEP_STATE_DIR: stateDir,
      NO_COLOR: '1',
      ...env,
    },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An in-process Output that records what the CLI prints. */
export function captureOutput(opts: { stderrIsTTY?: boolean; stdoutIsTTY?: boolean } = {}): Output & { stdout: string[]; stderr: string[]; raw: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const raw: string[] = [];
  return {
    stdout,
    stderr,
    raw,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    progress: (t) => raw.push(t),
    stdoutIsTTY: opts.stdoutIsTTY ?? false,
    stderrIsTTY: opts.stderrIsTTY ?? false,
    colorLevel: 0,
  };
}

let ino = 1;
/** An entry as the scanner would give it (no disk). */
export function entry(name: string, bytes: number, mtimeMs: number, extra: Partial<Entry> = {}): Entry {
  const i = ino++;
  return {
    name,
    path: `/cache/${name}`,
    kind: 'file',
    class: 'file',
    partial: false,
    unknown: false,
    bytes,
    allocatedBytes: bytes,
    apparentBytes: bytes,
    mtimeMs,
    atimeMs: mtimeMs,
    fingerprint: { dev: 1, ino: i, kind: 'file', apparentBytes: bytes, mtimeMs, nodes: 1 },
    warnings: [],
    ...extra,
  };
}

export function usage(lastUsedMs: number, extra: Partial<Usage> = {}): Usage {
  return { lastUsedMs, hits: 0, inUse: [], pinned: false, ...extra };
}

/** A small hand-made plan for report tests. */
export function samplePlan(now = Date.UTC(2025, 0, 15, 12)): Plan {
  const mk = (name: string, bytes: number, idleH: number, decision: 'evict' | 'keep', reason: Reason, order?: number, detail?: string): PlannedEntry => {
    const e = entry(name, bytes, now - idleH * 3_600_000);
    return {
      entry: e,
      usage: usage(e.mtimeMs),
      idleMs: idleH * 3_600_000,
      decision,
      reason,
      ...(order !== undefined ? { order } : {}),
      ...(detail !== undefined ? { detail } : {}),
    };
  };
  const entries = [
    mk('big-old', 800 * 2 ** 20, 72, 'evict', 'expired', 1, 'idle 3d, max-age 1d'),
    mk('mid', 300 * 2 ** 20, 30, 'evict', 'over-threshold', 2),
    mk('capped-one', 200 * 2 ** 20, 20, 'keep', 'capped', undefined, '--max-delete 2 entries reached'),
    mk('fresh', 10 * 2 ** 20, 0.05, 'keep', 'too-young'),
    mk('keep|pipe*star_<b>', 5 * 2 ** 20, 5, 'keep', 'target-met'),
    mk('golden.keep', 50 * 2 ** 20, 400, 'keep', 'protected'),
  ];
  const sum = (xs: PlannedEntry[]): number => xs.reduce((s, x) => s + x.entry.bytes, 0);
  const victims = entries.filter((e) => e.decision === 'evict');
  const kept = entries.filter((e) => e.decision === 'keep');
  const total = 100 * 2 ** 30;
  const used = 0.9 * total;
  const freed = sum(victims);
  return {
    root: '/var/cache/demo',
    layout: 'generic',
    strategy: 'lru',
    linkGroups: [],
    now,
    trigger: { kind: 'percent', threshold: 85, target: 80, reached: true, maxAgeSeconds: 86400 },
    before: { cacheBytes: sum(entries), diskUsedBytes: used, diskAvailableBytes: total - used, diskUsedPercent: 90 },
    after: { cacheBytes: sum(entries) - freed, diskUsedBytes: used - freed, diskAvailableBytes: total - used + freed, diskUsedPercent: ((used - freed) / total) * 100 },
    entries,
    summary: {
      entries: entries.length,
      evictCount: victims.length,
      evictBytes: freed,
      keepCount: kept.length,
      keepBytes: sum(kept),
      shortfallBytes: 2 ** 30,
      cappedCount: 1,
      cappedBytes: 200 * 2 ** 20,
    },
    notes: [],
  };
}
