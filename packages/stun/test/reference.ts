/** Slow, obviously-correct references used to cross-check the optimised code. */

/** Bitwise CRC-32 (reflected, polynomial 0xEDB88320), no table. */
export function zlibCrc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) {
      crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
    }
  }
  return (crc ^ 0xffffffff) >>> 0;
}
