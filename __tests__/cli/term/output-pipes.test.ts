import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertBuilt, REPO } from '../../helpers/run.js';

/**
 * A child that prints `lines` lines of 250 bytes on stderr through the CLI's Output (as log lines are printed),
 * then says on stdout how much stderr still held queued in memory.
 */
const CHILD = (lines: number): string => `
  const { processOutput } = await import(${JSON.stringify(pathToFileURL(path.join(REPO, 'dist', 'cli', 'term', 'output.js')).href)});
  const o = processOutput();
  for (let i = 0; i < ${lines}; i++) o.err('x'.repeat(249));
  o.out(JSON.stringify({ queued: process.stderr.writableLength }));
`;

function run(lines: number, reader: 'slow' | 'gone'): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD(lines)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  if (reader === 'gone') child.stderr.destroy();
  else {
    // A reader slower than the writer: nothing taken for a while, then everything.
    child.stderr.pause();
    setTimeout(() => child.stderr.resume(), 300);
  }
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout })));
}

describe('stdout and stderr into a pipe', () => {
  beforeAll(assertBuilt);

  test('a line is written when it is printed, not queued in memory while the reader lags (log lines of a million victims)', async () => {
    const r = await run(20_000, 'slow'); // 5 MB, 80 times what a pipe holds
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ queued: 0 });
  });

  test('a reader that goes away does not stop the run or hang it', async () => {
    const r = await run(20_000, 'gone');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ queued: expect.any(Number) });
  });
});
