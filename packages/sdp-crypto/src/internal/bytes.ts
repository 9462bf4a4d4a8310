/**
 * Byte helpers: fresh key material from the platform CSPRNG (Web Crypto `getRandomValues`, present in
 * Node 20 and browsers; RFC 3711 §8.1 wants master keys random and never reused) and a constant-time
 * comparison for key material. Not exported from the package.
 * @module
 */

/** `n` random bytes from `globalThis.crypto.getRandomValues`. */
export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array<ArrayBuffer>) => unknown } }).crypto;
  if (c === undefined || typeof c.getRandomValues !== 'function') {
    throw new Error('@voip/sdp-crypto needs globalThis.crypto.getRandomValues (Web Crypto) to generate keys');
  }
  const out = new Uint8Array(n);
  c.getRandomValues(out);
  return out;
}

/** Constant-time equality of two byte arrays (lengths are public). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    return false;
  }
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    diff |= (a[i] as number) ^ (b[i] as number);
  }
  return diff === 0;
}
