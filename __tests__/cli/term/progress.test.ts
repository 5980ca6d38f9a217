import { makeProgress } from '../../../src/cli/term/progress.js';
import { captureOutput } from '../../helpers/ops-fixtures.js';

function clockAt(times: number[]): () => number {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)]!;
}

describe('progress', () => {
  test('nothing when stderr is not a terminal (piped), under --quiet, --json, --format json or --log-format', () => {
    for (const [tty, opts] of [
      [false, {}],
      [true, { quiet: true }],
      [true, { json: true }],
      [true, { format: 'json' }],
      [true, { logFormat: 'json' }],
    ] as const) {
      const o = captureOutput({ stderrIsTTY: tty });
      const p = makeProgress(o, { ...opts, delayMs: 0, everyMs: 0, clock: () => 0 });
      p.scan(1, 2);
      p.apply(1, 2);
      p.end();
      expect(o.raw).toEqual([]);
      expect(o.stderr).toEqual([]);
    }
  });

  test('on a terminal: nothing for a short phase, then a line redrawn in place, cleared at the end', () => {
    const o = captureOutput({ stderrIsTTY: true });
    // phase starts at 0; ticks at 100 (too early), 600, 650 (too soon after 600), 800, then the last tick always draws
    const p = makeProgress(o, { delayMs: 500, everyMs: 100, clock: clockAt([0, 100, 600, 650, 800, 810]) });
    p.scan(1, 10);
    p.scan(2, 10);
    p.scan(3, 10);
    p.scan(4, 10);
    p.scan(5, 10);
    p.scan(10, 10);
    p.end();
    expect(o.raw).toEqual(['\r\x1b[Kscanning 3/10 (30%)', '\r\x1b[Kscanning 5/10 (50%)', '\r\x1b[Kscanning 10/10 (100%)', '\r\x1b[K']);
  });

  test('a quick run draws nothing, not even the clearing sequence', () => {
    const o = captureOutput({ stderrIsTTY: true });
    const p = makeProgress(o, { delayMs: 500, clock: () => 0 });
    p.apply(1, 1);
    p.end();
    expect(o.raw).toEqual([]);
  });
});
