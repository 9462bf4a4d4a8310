/**
 * CRC-32 (ISO HDLC, the one zlib and Ethernet use, which RFC 5389 §15.5 names) with precomputed
 * tables, four bytes per step ("slicing-by-4"). Not exported from the package.
 * @module
 */

/** T[k][n]: the CRC of byte n followed by k zero bytes; T[0] is the classic byte-wise table. */
const T = /* @__PURE__ */ (() => {
  const t = new Int32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 4; k++) {
      const prev = t[(k - 1) * 256 + n]!;
      t[k * 256 + n] = t[prev & 0xff]! ^ (prev >>> 8);
    }
  }
  return t;
})();

/**
 * Continues a CRC-32 over `data[from..to)`. Start with `crc = 0`; the result is the final CRC (u32).
 */
export function crc32(data: Uint8Array, from: number, to: number, crc = 0): number {
  const t = T;
  let c = ~crc;
  let i = from;
  for (const end4 = to - 3; i < end4; i += 4) {
    c ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    c = t[768 + (c & 0xff)]! ^ t[512 + ((c >>> 8) & 0xff)]! ^ t[256 + ((c >>> 16) & 0xff)]! ^ t[c >>> 24]!;
  }
  for (; i < to; i++) {
    c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  }
  return ~c >>> 0;
}
