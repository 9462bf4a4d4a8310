/** Shared pieces of the interop tests: a media stream near the sequence wrap, a lossy network. */
import { prng, rtp } from './helpers.js';

export const SSRC_A = 0x1234abcd;
export const SSRC_B = 0x0badf00d;

/** Two interleaved streams starting close to 65535 so both ROCs roll over, at different times. */
export function wrappingStream(count = 250): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    for (const [ssrc, start] of [
      [SSRC_A, 65400],
      [SSRC_B, 65500],
    ] as const) {
      const seq = (start + i) & 0xffff;
      const n = 20 + ((i * 13) % 160);
      out.push(
        rtp({
          seq,
          ssrc,
          pt: 0,
          marker: i % 50 === 0,
          ...(i % 7 === 0 ? { csrcs: [i, i + 1] } : {}),
          ...(i % 11 === 0 ? { extension: { profile: 0xbede, data: Uint8Array.from([0x10, i & 0xff, 0, 0]) } } : {}),
          ...(i % 13 === 0 ? { padding: 4 } : {}),
          payload: Uint8Array.from({ length: n }, (_, k) => (k * 7 + i) & 0xff),
        }),
      );
    }
  }
  return out;
}

/** RTCP receiver reports, the same bytes for every report of one SSRC (so indices alone differ). */
export function rtcpStream(count = 20): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    for (const ssrc of [SSRC_A, SSRC_B]) {
      const b = new Uint8Array(32);
      const dv = new DataView(b.buffer);
      b[0] = 0x81;
      b[1] = 201;
      dv.setUint16(2, 7);
      dv.setUint32(4, ssrc);
      for (let k = 8; k < 32; k++) {
        b[k] = (k * 5 + (ssrc & 0xff)) & 0xff;
      }
      out.push(b);
    }
  }
  return out;
}

/** Seeded loss (about 7%) and reordering (neighbour swaps and short jumps) of a packet list, as
 * [original index, packet] pairs. */
export function lossyNetwork<T>(packets: readonly T[], seed: number): [number, T][] {
  const rand = prng(seed);
  const kept: [number, T][] = [];
  packets.forEach((p, i) => {
    if (rand() >= 0.07) {
      kept.push([i, p]);
    }
  });
  for (let i = 0; i + 3 < kept.length; i++) {
    const r = rand();
    if (r < 0.08) {
      [kept[i], kept[i + 1]] = [kept[i + 1]!, kept[i]!];
    } else if (r < 0.11) {
      const [x] = kept.splice(i, 1);
      kept.splice(i + 3, 0, x!);
    }
  }
  return kept;
}
