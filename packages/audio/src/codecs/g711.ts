/**
 * G.711 μ-law (PCMU) and A-law (PCMA), ITU-T G.711 (https://www.itu.int/rec/T-REC-G.711), RTP payload
 * types 0 and 8 (RFC 3551 §4.5.14, https://www.rfc-editor.org/rfc/rfc3551#section-4.5.14): 16-bit
 * linear PCM at 8 kHz in, one byte per sample out.
 *
 * Decoding is one lookup in a 256-entry table of G.711's reconstruction values (§2 μ-law: bias 33,
 * 8 segments; §3 A-law: 8 segments, even bits inverted). Encoding is one lookup per sample in a table
 * built once: by default a 64K-entry table of the decision values of G.711 Tables 1 and 2, or, on request,
 * the 16K-entry table over the top 14 bits with decision levels halfway between adjacent reconstruction
 * values that ffmpeg's `pcm_mulaw` / `pcm_alaw` encoders use (byte-identical to ffmpeg).
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
 * Where a G.711 encoder puts the decision levels between adjacent codes.
 *
 * - `'g711-tables'` (the default): exactly at the decision values of ITU-T G.711 Table 1 (A-law) and
 *   Table 2 (μ-law). A 16-bit sample is placed on the tables' scale by its value (÷ 8 for A-law's 13-bit
 *   scale, ÷ 4 for μ-law's 14-bit one; negative samples by their magnitude, so the code is symmetric
 *   about zero), and a sample on a decision value takes the code above it. The npm package `alawmulaw`
 *   encodes the same way, code for code.
 * - `'midpoints'`: halfway between the two adjacent reconstruction values, over the sample's top 14 bits,
 *   which is how ffmpeg builds the tables of its `pcm_mulaw` / `pcm_alaw` encoders: byte-identical to
 *   ffmpeg for every 16-bit input. It differs from the G.711 tables on 851 (μ-law) and 849 (A-law) of the
 *   65536 sample values, always by one adjacent code: at the edges between segments, where the midpoint
 *   lies a quarter step above the table's decision value (and gives the nearer reconstruction value), and
 *   on negative samples just below a decision value, which the top-14-bit index rounds down onto it.
 */
export type G711DecisionLevels = 'g711-tables' | 'midpoints';

/** Options of {@link createG711Codec}. */
export interface G711Options {
  /** Where the encoder's decision levels lie (default `'g711-tables'`). */
  readonly decisionLevels?: G711DecisionLevels;
}

/**
 * The `'midpoints'` table, 16K entries over the 14-bit value `(sample + 32768) >> 2`: each index gets the
 * code whose reconstruction value is nearest, the decision levels at the midpoints between adjacent
 * reconstruction values. `mask` is the code of the smallest positive step (0xff for μ-law, 0xd5 for
 * A-law); the negative half differs in the sign bit only.
 */
function buildMidpointTable(decode: Int16Array, mask: number): Uint8Array {
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

/**
 * The `'g711-tables'` table, 64K entries over `sample + 32768`: the code of the interval, by the
 * Recommendation's decision values, that holds the sample's magnitude. In 16-bit units the decision values
 * of the 128 intervals of one sign are `lower[k]`; `mask` is as above (the code of interval 0, positive).
 */
function buildTableDecisions(lower: Int32Array, mask: number): Uint8Array {
  const table = new Uint8Array(65536);
  let k = 0;
  for (let magnitude = 0; magnitude <= 32768; magnitude++) {
    while (k < 127 && lower[k + 1]! <= magnitude) {
      k++;
    }
    if (magnitude <= 32767) {
      table[32768 + magnitude] = k ^ mask;
    }
    if (magnitude >= 1) {
      table[32768 - magnitude] = k ^ (mask ^ 0x80);
    }
  }
  return table;
}

/**
 * G.711 Table 2 (μ-law) in 16-bit units: the first interval is 0 alone, up to the decision value 1; then
 * 15 intervals of step 2 to 31; then seven segments of 16 intervals, the step doubling from 4 (×4 for
 * the 14-bit scale).
 */
function mulawDecisionValues(): Int32Array {
  const lower = new Int32Array(128);
  for (let i = 1; i < 16; i++) {
    lower[i] = 4 * (2 * i - 1);
  }
  let start = 31;
  for (let segment = 1; segment < 8; segment++) {
    const step = 2 << segment;
    for (let i = 0; i < 16; i++) {
      lower[16 * segment + i] = 4 * (start + i * step);
    }
    start += 16 * step;
  }
  return lower;
}

/**
 * G.711 Table 1 (A-law) in 16-bit units: the first two segments of 16 intervals of step 2 from 0, then
 * six segments with the step doubling from 4 (×8 for the 13-bit scale).
 */
function alawDecisionValues(): Int32Array {
  const lower = new Int32Array(128);
  let start = 0;
  for (let segment = 0; segment < 8; segment++) {
    const step = segment < 2 ? 2 : 2 << (segment - 1);
    for (let i = 0; i < 16; i++) {
      lower[16 * segment + i] = 8 * (start + i * step);
    }
    start += 16 * step;
  }
  return lower;
}

/** An encode table and how a sample indexes it. */
interface EncodeTable {
  readonly table: Uint8Array;
  /** Right shift of `sample + 32768` (2: 16K entries over the top 14 bits; 0: 64K entries). */
  readonly shift: number;
}

/** The encode tables, built on first use (16 KiB or 64 KiB each). */
const encodeTables = new Map<string, EncodeTable>();

function encodeTable(encodingName: 'PCMU' | 'PCMA', decisions: G711DecisionLevels): EncodeTable {
  const key = `${encodingName}/${decisions}`;
  let t = encodeTables.get(key);
  if (t === undefined) {
    const mask = encodingName === 'PCMU' ? 0xff : 0xd5;
    if (decisions === 'midpoints') {
      t = { table: buildMidpointTable(encodingName === 'PCMU' ? MULAW_DECODE : ALAW_DECODE, mask), shift: 2 };
    } else {
      t = { table: buildTableDecisions(encodingName === 'PCMU' ? mulawDecisionValues() : alawDecisionValues(), mask), shift: 0 };
    }
    encodeTables.set(key, t);
  }
  return t;
}

function encodeWith({ table, shift }: EncodeTable, pcm: Int16Array, out: Uint8Array | undefined): Uint8Array {
  const n = pcm.length;
  if (out !== undefined && out.length < n) {
    throw new RangeError(`"out" must hold ${n} bytes, it holds ${out.length}`);
  }
  const dst = out === undefined ? new Uint8Array(n) : out.length === n ? out : out.subarray(0, n);
  if (shift === 0) {
    for (let i = 0; i < n; i++) {
      dst[i] = table[pcm[i]! + 32768]!;
    }
  } else {
    for (let i = 0; i < n; i++) {
      dst[i] = table[(pcm[i]! + 32768) >> 2]!;
    }
  }
  return dst;
}

function decodeWith(table: Int16Array, payload: Uint8Array, out: Int16Array | undefined): Int16Array {
  const n = payload.length;
  if (out !== undefined && out.length < n) {
    throw new RangeError(`"out" must hold ${n} samples, it holds ${out.length}`);
  }
  const dst = out === undefined ? new Int16Array(n) : out.length === n ? out : out.subarray(0, n);
  for (let i = 0; i < n; i++) {
    dst[i] = table[payload[i]!]!;
  }
  return dst;
}

/**
 * A G.711 codec object: `PCMU` (μ-law) or `PCMA` (A-law), with the encoder's decision levels chosen
 * ({@link G711DecisionLevels}). {@link PCMU} and {@link PCMA} are these with the defaults; the decoder is
 * the same for every option (G.711's reconstruction values).
 * @param encodingName - `'PCMU'` or `'PCMA'`.
 * @param options - where the encoder's decision levels lie.
 * @returns a frozen, stateless `AudioCodec` (one encoder and one decoder object serve every stream).
 * @throws RangeError for another encoding name or an unknown `decisionLevels`.
 * @example
 * ```ts
 * import { createG711Codec } from '@voip/audio';
 * // Byte-identical to ffmpeg's pcm_mulaw encoder (for comparing captures with ffmpeg's output).
 * const PCMU_LIKE_FFMPEG = createG711Codec('PCMU', { decisionLevels: 'midpoints' });
 * const payload = PCMU_LIKE_FFMPEG.createEncoder().encode(new Int16Array(160));
 * ```
 */
export function createG711Codec(encodingName: 'PCMU' | 'PCMA', options: G711Options = {}): AudioCodec {
  if (encodingName !== 'PCMU' && encodingName !== 'PCMA') {
    throw new RangeError(`G.711 encoding name must be 'PCMU' or 'PCMA', got ${String(encodingName)}`);
  }
  const { decisionLevels = 'g711-tables' } = options;
  if (decisionLevels !== 'g711-tables' && decisionLevels !== 'midpoints') {
    throw new RangeError(`G.711 decisionLevels must be 'g711-tables' or 'midpoints', got ${String(decisionLevels)}`);
  }
  const decodeTable = encodingName === 'PCMU' ? MULAW_DECODE : ALAW_DECODE;
  // G.711 is stateless: one encoder and one decoder object serve every stream. The encode table is
  // looked up once and built by the first `createEncoder()` (a stream's setup), not by its first frame.
  let table: EncodeTable | undefined;
  const encoder: AudioEncoder = {
    encode: (pcm, out) => encodeWith((table ??= encodeTable(encodingName, decisionLevels)), pcm, out),
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
    staticPayloadType: encodingName === 'PCMU' ? 0 : 8,
    encodedLength: (samples: number) => samples,
    decodedLength: (bytes: number) => bytes,
    createEncoder: () => {
      table ??= encodeTable(encodingName, decisionLevels);
      return encoder;
    },
    createDecoder: () => decoder,
  });
}

/**
 * G.711 μ-law, `PCMU/8000`, static payload type 0 (RFC 3551 §4.5.14, ITU-T G.711 §2). Encodes by the
 * decision values of G.711 Table 2 exactly (see {@link G711DecisionLevels}; {@link createG711Codec} makes
 * one byte-identical to ffmpeg's `pcm_mulaw`); decodes every code to its Table 2 value, as ffmpeg does.
 * @example
 * ```ts
 * import { PCMU } from '@voip/audio';
 * const payload = PCMU.createEncoder().encode(new Int16Array(160)); // 20 ms, 160 bytes of 0xff
 * const pcm = PCMU.createDecoder().decode(payload); // 160 samples of 0
 * ```
 */
export const PCMU: AudioCodec = createG711Codec('PCMU');

/**
 * G.711 A-law, `PCMA/8000`, static payload type 8 (RFC 3551 §4.5.14, ITU-T G.711 §3). Encodes by the
 * decision values of G.711 Table 1 exactly (see {@link G711DecisionLevels}; {@link createG711Codec} makes
 * one byte-identical to ffmpeg's `pcm_alaw`); decodes every code to its Table 1 value, as ffmpeg does.
 * @example
 * ```ts
 * import { PCMA } from '@voip/audio';
 * const payload = PCMA.createEncoder().encode(new Int16Array(160)); // 160 bytes of 0xd5
 * const pcm = PCMA.createDecoder().decode(payload); // 160 samples of 8
 * ```
 */
export const PCMA: AudioCodec = createG711Codec('PCMA');
