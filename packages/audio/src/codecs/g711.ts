/**
 * G.711 μ-law (PCMU) and A-law (PCMA), ITU-T G.711 (https://www.itu.int/rec/T-REC-G.711), RTP payload
 * types 0 and 8 (RFC 3551 §4.5.14, https://www.rfc-editor.org/rfc/rfc3551#section-4.5.14): 16-bit
 * linear PCM at 8 kHz in, one byte per sample out.
 *
 * Decoding is one lookup in a 256-entry table of G.711's reconstruction values (§2 μ-law: bias 33,
 * 8 segments; §3 A-law: 8 segments, even bits inverted). Encoding is one lookup per sample in a
 * 16K-entry table over the sample's top 14 bits, built from the decision levels halfway between
 * adjacent reconstruction values, as ffmpeg builds its `pcm_mulaw` / `pcm_alaw` tables: the output is
 * byte-identical to ffmpeg's for every 16-bit input.
 * @module
 */
import type { AudioCodec, AudioDecoder, AudioEncoder } from '../audio-codec.js';

const MULAW_BIAS = 0x84; // 33 in 14-bit units, in 16-bit units

/** G.711 §2: μ-law code → linear (16-bit scale). */
function mulawDecodeOne(code: number): number {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + MULAW_BIAS) << ((u & 0x70) >> 4);
  return (u & 0x80) !== 0 ? MULAW_BIAS - t : t - MULAW_BIAS;
}

/** G.711 §3: A-law code → linear (16-bit scale). */
function alawDecodeOne(code: number): number {
  const a = code ^ 0x55;
  const seg = (a & 0x70) >> 4;
  const t = seg === 0 ? ((a & 0x0f) << 4) + 8 : (((a & 0x0f) << 4) + 0x108) << (seg - 1);
  return (a & 0x80) !== 0 ? t : -t;
}

const MULAW_DECODE = Int16Array.from({ length: 256 }, (_, i) => mulawDecodeOne(i));
const ALAW_DECODE = Int16Array.from({ length: 256 }, (_, i) => alawDecodeOne(i));

/**
 * A 16K encode table over the 14-bit value `(sample + 32768) >> 2`: each magnitude gets the code whose
 * reconstruction value is nearest, the decision levels lying at the midpoints between adjacent
 * reconstruction values (G.711 Tables 1 and 2). `mask` is the code of the smallest positive step
 * (0xff for μ-law, 0xd5 for A-law); the negative half differs in the sign bit only. This is the table
 * ffmpeg's `pcm_mulaw` / `pcm_alaw` encoders use, so the output matches theirs byte for byte.
 */
function buildEncodeTable(decode: Int16Array, mask: number): Uint8Array {
  const table = new Uint8Array(16384);
  const zero = 8192;
  table[zero] = mask;
  let j = 1;
  for (let i = 0; i < 127; i++) {
    const midpoint = (Math.abs(decode[i ^ mask]!) + Math.abs(decode[(i + 1) ^ mask]!) + 4) >> 3;
    for (; j < midpoint; j++) {
      table[zero - j] = i ^ (mask ^ 0x80);
      table[zero + j] = i ^ mask;
    }
  }
  for (; j < zero; j++) {
    table[zero - j] = 127 ^ (mask ^ 0x80);
    table[zero + j] = 127 ^ mask;
  }
  table[0] = table[1]!;
  return table;
}

/** The encode tables, built on first use (16 KiB each). */
let mulawEncodeTable: Uint8Array | undefined;
let alawEncodeTable: Uint8Array | undefined;

function mulawTable(): Uint8Array {
  return (mulawEncodeTable ??= buildEncodeTable(MULAW_DECODE, 0xff));
}

function alawTable(): Uint8Array {
  return (alawEncodeTable ??= buildEncodeTable(ALAW_DECODE, 0xd5));
}

function encodeWith(table: Uint8Array, pcm: Int16Array, out: Uint8Array | undefined): Uint8Array {
  const n = pcm.length;
  if (out !== undefined && out.length < n) {
    throw new RangeError(`"out" must hold ${n} bytes, it holds ${out.length}`);
  }
  const dst = out === undefined ? new Uint8Array(n) : out.subarray(0, n);
  for (let i = 0; i < n; i++) {
    dst[i] = table[(pcm[i]! + 32768) >> 2]!;
  }
  return dst;
}

function decodeWith(table: Int16Array, payload: Uint8Array, out: Int16Array | undefined): Int16Array {
  const n = payload.length;
  if (out !== undefined && out.length < n) {
    throw new RangeError(`"out" must hold ${n} samples, it holds ${out.length}`);
  }
  const dst = out === undefined ? new Int16Array(n) : out.subarray(0, n);
  for (let i = 0; i < n; i++) {
    dst[i] = table[payload[i]!]!;
  }
  return dst;
}

function g711Codec(encodingName: 'PCMU' | 'PCMA', staticPayloadType: number, encodeTable: () => Uint8Array, decodeTable: Int16Array): AudioCodec {
  // G.711 is stateless: one encoder and one decoder object serve every stream.
  const encoder: AudioEncoder = {
    encode: (pcm, out) => encodeWith(encodeTable(), pcm, out),
    reset: () => undefined,
  };
  const decoder: AudioDecoder = {
    decode: (payload, out) => decodeWith(decodeTable, payload, out),
    reset: () => undefined,
  };
  return Object.freeze({
    encodingName,
    clockRate: 8000,
    sampleRate: 8000,
    channels: 1,
    staticPayloadType,
    encodedLength: (samples: number) => samples,
    decodedLength: (bytes: number) => bytes,
    createEncoder: () => encoder,
    createDecoder: () => decoder,
  });
}

/**
 * G.711 μ-law, `PCMU/8000`, static payload type 0 (RFC 3551 §4.5.14, ITU-T G.711 §2). Bit-exact with
 * ffmpeg's `pcm_mulaw` for every 16-bit sample and every code.
 * @example
 * ```ts
 * import { PCMU } from '@voip/audio';
 * const payload = PCMU.createEncoder().encode(new Int16Array(160)); // 20 ms, 160 bytes of 0xff
 * const pcm = PCMU.createDecoder().decode(payload); // 160 samples of 0
 * ```
 */
export const PCMU: AudioCodec = g711Codec('PCMU', 0, mulawTable, MULAW_DECODE);

/**
 * G.711 A-law, `PCMA/8000`, static payload type 8 (RFC 3551 §4.5.14, ITU-T G.711 §3). Bit-exact with
 * ffmpeg's `pcm_alaw` for every 16-bit sample and every code.
 * @example
 * ```ts
 * import { PCMA } from '@voip/audio';
 * const payload = PCMA.createEncoder().encode(new Int16Array(160)); // 160 bytes of 0xd5
 * const pcm = PCMA.createDecoder().decode(payload); // 160 samples of 8
 * ```
 */
export const PCMA: AudioCodec = g711Codec('PCMA', 8, alawTable, ALAW_DECODE);
