/**
 * A count and its noun, singular for one: `1 request`, `66,987 requests`, `1 entry`. Reports said `1 requests` and
 * `deleted 1 entries`; every count a person reads goes through here (or doc.ts's `entries`, the same rule).
 * `show` writes the number (plain digits unless asked: summary lines are grepped).
 */
export function plural(n: number, one: string, many = `${one}s`, show: (n: number) => string = String): string {
  return `${show(n)} ${n === 1 ? one : many}`;
}
