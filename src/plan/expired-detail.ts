import { formatDuration } from '../shared/units.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * The detail of an entry expired by max-age, `idle 12d3h, max-age 1d`, made once per minute of idle time and
 * max-age rather than once per victim: formatDuration shows the two leading units, so from an hour of idle time on
 * its text depends on the whole minutes only. A plan of a million entries then shares a few thousand strings
 * instead of building one per victim. Pure: the same text as formatting each one.
 */
export function expiredDetails(): (idleMs: number, maxAgeMs: number) => string {
  const byMaxAge = new Map<number, { text: string; byMinute: Map<number, string> }>();
  return (idleMs, maxAgeMs) => {
    let m = byMaxAge.get(maxAgeMs);
    if (!m) byMaxAge.set(maxAgeMs, (m = { text: formatDuration(maxAgeMs), byMinute: new Map() }));
    if (!(idleMs >= HOUR)) return `idle ${formatDuration(idleMs)}, max-age ${m.text}`;
    const minute = Math.floor(idleMs / MINUTE);
    let text = m.byMinute.get(minute);
    if (text === undefined) m.byMinute.set(minute, (text = `idle ${formatDuration(idleMs)}, max-age ${m.text}`));
    return text;
  };
}
