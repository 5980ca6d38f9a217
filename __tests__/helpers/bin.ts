import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI (npm test builds it first: pretest). */
export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/cachesweep');

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run bin/cachesweep synchronously, as a user would (not a TTY). */
export function runBin(args: string[], env: NodeJS.ProcessEnv = {}): BinResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Run bin/cachesweep in the background; resolves when it exits. */
export function runBinAsync(args: string[]): Promise<BinResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fresh temporary directory holding `cache/` and `state/` paths (state not created). */
export function tempCache(prefix = 'cachesweep-test-'): { dir: string; cache: string; state: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const cache = path.join(dir, 'cache');
  fs.mkdirSync(cache);
  return { dir, cache, state: path.join(dir, 'state'), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A file of `bytes` random-ish bytes (real allocated blocks) with mtime and atime set to `timeMs`. */
export function writeFile(p: string, bytes: number, timeMs: number): void {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4096) buf[i] = (i / 4096) % 251;
  fs.writeFileSync(p, buf);
  fs.utimesSync(p, timeMs / 1000, timeMs / 1000);
}

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
