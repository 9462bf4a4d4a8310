/** Test helpers: hex strings (whitespace ignored, so vectors paste in RFC layout) to bytes and back. */
export function hex(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) {
    throw new Error(`bad hex: ${text}`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Copies `bytes` into a larger buffer after `prefix` junk bytes and returns the view (offset decode). */
export function atOffset(bytes: Uint8Array, prefix = 3, suffix = 5): Uint8Array {
  const big = new Uint8Array(prefix + bytes.length + suffix).fill(0xff);
  big.set(bytes, prefix);
  return big.subarray(prefix, prefix + bytes.length);
}
