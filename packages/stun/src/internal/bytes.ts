/**
 * Byte helpers shared by the codec. Not exported from the package.
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 encodes `text`. */
export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  const n = text.length;
  if (n <= 64) {
    // ASCII fast path for the short strings STUN carries (usernames, SOFTWARE).
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) {
        return encoder.encode(text);
      }
      out[i] = c;
    }
    return out;
  }
  return encoder.encode(text);
}

/** Decodes strict UTF-8; throws TypeError on invalid input (callers map it to StunError). */
export function utf8Decode(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n <= 64) {
    // ASCII fast path; anything else goes through the strict decoder.
    let s = '';
    for (let i = 0; i < n; i++) {
      const c = bytes[i]!;
      if (c > 0x7f) {
        return decoder.decode(bytes);
      }
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(bytes);
}

/**
 * Compares `a[aOff..aOff+len)` with `b[bOff..bOff+len)` in time that depends only on `len`.
 * Both ranges must be in bounds.
 */
export function constantTimeEqual(a: Uint8Array, aOff: number, b: Uint8Array, bOff: number, len: number): boolean {
  let diff = 0;
  for (let i = 0; i < len; i++) {
    diff |= (a[aOff + i] as number) ^ (b[bOff + i] as number);
  }
  return diff === 0;
}

/**
 * Reads the big-endian 32-bit unsigned integer at `offset` (in bounds). Single fields are read with this
 * helper; a codec reading many fields of one message makes one {@link viewOf} for it; the hash kernels
 * keep their word loads inline in the round loop.
 */
export function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

/** A DataView over exactly the bytes of `bytes` (honours byteOffset). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Throws a TypeError unless `value` is a Uint8Array. */
export function assertBytes(value: unknown, name: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`"${name}" expected Uint8Array, got ${typeof value}`);
  }
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`"${name}" expected ${length} bytes, got ${value.length}`);
  }
}
