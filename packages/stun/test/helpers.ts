import { readFileSync } from 'node:fs';

/** Hex to bytes, ignoring whitespace, so vectors can be pasted in RFC layout. */
export function hex(s: string): Uint8Array<ArrayBuffer> {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 2 !== 0) {
    throw new Error('odd hex');
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  }
  return out;
}

export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Reads a vector file from test/vectors/ (see test/vectors/README.md for where each value comes from). */
export function vectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}.json`, import.meta.url), 'utf8')) as T;
}

/** `bytes` copied into a larger buffer at offset 3 (with junk around), returned as a view. */
export function atOffset(bytes: Uint8Array): Uint8Array {
  const big = new Uint8Array(bytes.length + 7).fill(0xff);
  big.set(bytes, 3);
  return big.subarray(3, 3 + bytes.length);
}
