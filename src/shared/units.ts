import { UsageError } from './errors.js';

/** A value given with a unit: a share of the filesystem, or a number of bytes. */
export type Amount = { unit: 'percent'; value: number } | { unit: 'bytes'; value: number };

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*(?:([KMGTPE])(?:i?B)?|B)?$/i;
const POWERS: Record<string, number> = { K: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };

/**
 * Parse a size with binary multiples: `512`, `10K`, `50G`, `1.5T`, `2TiB`, `40GB`, `100B`.
 * Returns bytes (rounded down to a whole byte) or throws a UsageError naming the flag.
 */
export function parseSize(text: string, flag = 'size', opts: { requireUnit?: boolean } = {}): number {
  const t = String(text).trim();
  const m = SIZE_RE.exec(t);
  if (!m || (opts.requireUnit && !/[A-Za-z]$/.test(t))) {
    throw new UsageError(
      `${flag}: '${text}' is not a size (use a number with K, M, G, T, e.g. 50G, 1.5T, 512M, 2TiB${opts.requireUnit ? '' : ', or plain bytes'})`,
    );
  }
  const power = m[2] ? POWERS[m[2].toUpperCase()]! : 0;
  // Exact decimal arithmetic: in floating point, 1073741824.17M came out one byte above the exact figure.
  const [int, frac = ''] = m[1]!.split('.');
  const scale = 10n ** BigInt(frac.length);
  const exact = ((BigInt(int!) * scale + BigInt(frac === '' ? '0' : frac)) * 1024n ** BigInt(power)) / scale;
  if (exact > BigInt(Number.MAX_SAFE_INTEGER)) throw new UsageError(`${flag}: '${text}' is too large`);
  return Number(exact);
}

/** Parse `85%` or `85.5%`: a percentage in (0, 100]. */
export function parsePercent(text: string, flag = 'percent'): number {
  const t = String(text).trim();
  const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  if (!m) throw new UsageError(`${flag}: '${text}' is not a percentage (e.g. 85%)`);
  const v = Number(m[1]);
  if (!(v > 0 && v <= 100)) throw new UsageError(`${flag}: '${text}' is out of range (a percentage above 0% and at most 100%)`);
  return v;
}

/**
 * Parse a threshold or target: `85%` (filesystem use) or a size with an explicit unit (`500G`).
 * A bare number is refused as ambiguous.
 */
export function parseAmount(text: string, flag: string): Amount {
  const t = String(text).trim();
  if (/^\d+(?:\.\d+)?$/.test(t)) {
    throw new UsageError(`${flag}: '${text}' is ambiguous: add a unit, % for disk use (e.g. ${t}%) or a size (e.g. ${t}G)`);
  }
  if (t.endsWith('%')) return { unit: 'percent', value: parsePercent(t, flag) };
  if (!SIZE_RE.test(t)) {
    throw new UsageError(`${flag}: '${text}' is neither a percentage (85%) nor a size (500G, 1.5T)`);
  }
  return { unit: 'bytes', value: parseSize(t, flag, { requireUnit: true }) };
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** Parse `90s`, `10m`, `24h`, `7d`, `2w`, or compound `1d12h`; `0` means zero. Returns milliseconds. */
export function parseDuration(text: string, flag = 'duration'): number {
  const t = String(text).trim();
  if (t === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (t.length === 0 || matched !== t.length) {
    throw new UsageError(`${flag}: '${text}' is not a duration (use s, m, h, d or w, e.g. 90s, 10m, 24h, 7d, 1d12h)`);
  }
  if (!Number.isSafeInteger(Math.round(total))) throw new UsageError(`${flag}: '${text}' is too long`);
  return Math.round(total);
}

/** 1536 -> "1.5 KiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const s = i === 0 ? String(v) : v.toFixed(1);
  return `${n < 0 ? '-' : ''}${s} ${units[i]}`;
}

const UNITS: readonly string[] = ['d', 'h', 'm', 's'];

/** 93784000 -> "1d2h". Two most significant units. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  const neg = ms < 0;
  const s = Math.floor(Math.abs(ms) / 1000);
  // days, hours, minutes, seconds: the first that is not 0, and the next one when it is not 0 either
  const v0 = Math.floor(s / 86400);
  const v1 = Math.floor((s % 86400) / 3600);
  const v2 = Math.floor((s % 3600) / 60);
  const v3 = s % 60;
  const first = v0 > 0 ? 0 : v1 > 0 ? 1 : v2 > 0 ? 2 : v3 > 0 ? 3 : -1;
  if (first < 0) return '0s';
  const value = (i: number): number => (i === 0 ? v0 : i === 1 ? v1 : i === 2 ? v2 : v3);
  let out = `${value(first)}${UNITS[first]}`;
  if (first < 3 && value(first + 1) > 0) out += `${value(first + 1)}${UNITS[first + 1]}`;
  return (neg ? '-' : '') + out;
}
