/**
 * CRC-32 (ISO HDLC, the one zlib and Ethernet use, which RFC 5389 §15.5 names) with a precomputed table.
 * Not exported from the package.
 * @module
 */

const TABLE = /* @__PURE__ */ (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    t[n] = c;
  }
  return t;
})();

/**
 * Continues a CRC-32 over `data[from..to)`. Start with `crc = 0`; the result is the final CRC (u32).
 */
export function crc32(data: Uint8Array, from: number, to: number, crc = 0): number {
  let c = ~crc;
  for (let i = from; i < to; i++) {
    c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  }
  return ~c >>> 0;
}
