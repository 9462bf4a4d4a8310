/**
 * Byte helpers shared by the transforms; not exported from the package.
 * @module
 */

/**
 * Compares `a[aOff..aOff+n)` with `b[bOff..bOff+n)` in time that depends only on `n` (RFC 3711 §9.5
 * asks implementations not to leak tag bytes through timing).
 */
export function constantTimeEqual(a: Uint8Array, aOff: number, b: Uint8Array, bOff: number, n: number): boolean {
  let diff = 0;
  for (let i = 0; i < n; i++) {
    diff |= a[aOff + i]! ^ b[bOff + i]!;
  }
  return diff === 0;
}

/**
 * Reads a big-endian u16 at `off` (caller checked the bounds). Header fields are read with these
 * helpers; the cipher and hash kernels keep their word loads inline in the block loop.
 */
export function readU16(b: Uint8Array, off: number): number {
  return (b[off]! << 8) | b[off + 1]!;
}

/** Reads a big-endian u32 at `off` (caller checked the bounds). */
export function readU32(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

/** Writes `v` as a big-endian u32 at `off`. */
export function writeU32(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 24;
  b[off + 1] = (v >>> 16) & 0xff;
  b[off + 2] = (v >>> 8) & 0xff;
  b[off + 3] = v & 0xff;
}

/** Copies `src[srcOff..srcOff+n)` to `dst[dstOff..)`; a plain loop, which beats `set(subarray())` for
 * the short runs of a packet header and allocates no view. Handles `src === dst` with the same offset. */
export function copyBytes(src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number, n: number): void {
  if (src === dst && srcOff === dstOff) {
    return;
  }
  if (n > 64) {
    dst.set(src.subarray(srcOff, srcOff + n), dstOff);
    return;
  }
  for (let i = 0; i < n; i++) {
    dst[dstOff + i] = src[srcOff + i]!;
  }
}

/** Throws the house-style RangeError when `b` is not `n` bytes long. */
export function expectLength(name: string, b: Uint8Array, ...n: number[]): void {
  if (!(b instanceof Uint8Array)) {
    throw new TypeError(`"${name}" expected Uint8Array, got ${typeof b}`);
  }
  if (!n.includes(b.length)) {
    throw new RangeError(`"${name}" expected ${n.join(' or ')} bytes, got ${b.length}`);
  }
}
