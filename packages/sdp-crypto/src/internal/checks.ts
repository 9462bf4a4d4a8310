/**
 * Runtime checks on caller input that TypeScript cannot make for JavaScript callers.
 * @module
 */

/** The default lifetime floor of both sides of the offer/answer: 2^20 packets (as Asterisk). */
export const DEFAULT_MIN_LIFETIME: bigint = 1n << 20n;

/** An integer option as a bigint, or a TypeError naming it. */
export function toBigInt(v: number | bigint, what: string): bigint {
  if (typeof v === 'bigint') {
    return v;
  }
  if (typeof v === 'number' && Number.isInteger(v)) {
    return BigInt(v);
  }
  throw new TypeError(`"${what}" expected an integer number or bigint, got ${String(v)}`);
}

/** `Array.isArray` without narrowing to `any[]` (keeps the element type the caller declared). */
export function isList(x: unknown): boolean {
  return Array.isArray(x);
}
