import { formatLogLine, type LogEvent } from '../../src/report/log-line.js';

const ev: LogEvent = { event: 'evicted', level: 'info', root: '/c', entry: 'a b"c', bytes: 10, reason: 'expired', detail: undefined, msg: 'evicted a b"c (10 B, expired)' };
const t = new Date(Date.UTC(2025, 0, 1));

describe('formatLogLine', () => {
  test('json: one object per line with time, level, event, msg and the fields', () => {
    const line = formatLogLine(ev, 'json', t);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ time: '2025-01-01T00:00:00.000Z', event: 'evicted', level: 'info', root: '/c', entry: 'a b"c', bytes: 10, reason: 'expired', msg: 'evicted a b"c (10 B, expired)' });
  });

  test('text: time level event key=value, quoted where needed, msg last', () => {
    expect(formatLogLine(ev, 'text', t)).toBe('2025-01-01T00:00:00.000Z info evicted root=/c entry="a b\\"c" bytes=10 reason=expired msg="evicted a b\\"c (10 B, expired)"');
  });

  test('text never spans lines', () => {
    expect(formatLogLine({ ...ev, entry: 'x\ny' }, 'text', t)).not.toContain('\n');
  });
});
