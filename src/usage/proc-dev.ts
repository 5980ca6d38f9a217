/**
 * Device numbers as /proc prints them (/proc/locks, /proc/PID/maps): the kernel's MAJOR:MINOR in hex.
 * stat() reports st_dev in the userspace encoding (glibc's makedev): minor's low 8 bits, then 12 bits of major,
 * then the rest of minor from bit 20, then the rest of major from bit 32. Convert the one into the other so the
 * two can be compared. Pure.
 */
export function devFromProc(majorHex: string, minorHex: string): number {
  return makedev(parseInt(majorHex, 16), parseInt(minorHex, 16));
}

/** glibc's makedev(major, minor), as a number (exact below 2^53). */
export function makedev(major: number, minor: number): number {
  const ma = BigInt(major);
  const mi = BigInt(minor);
  const dev = (mi & 0xffn) | ((ma & 0xfffn) << 8n) | ((mi & ~0xffn) << 12n) | ((ma & ~0xfffn) << 32n);
  return Number(dev);
}
