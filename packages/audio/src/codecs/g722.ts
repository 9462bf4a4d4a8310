/**
 * G.722, ITU-T G.722 (https://www.itu.int/rec/T-REC-G.722) in its 64 kbit/s mode (mode 1): 16 kHz
 * linear PCM is split by a 24-tap quadrature mirror filter (§3.2) into a low and a high sub-band at
 * 8 kHz each; the low band is coded by a 6-bit and the high band by a 2-bit adaptive differential PCM
 * quantizer (§3.3 to §3.6, blocks 1L to 6L, 1H to 4H). One byte per pair of input samples: the two high
 * band bits on top, the six low band bits below (§3.7).
 *
 * RTP: static payload type 9, `G722/8000`. The RTP clock rate is 8000 although the codec samples at
 * 16 kHz, an error in RFC 1890 kept for compatibility (RFC 3551 §4.5.2,
 * https://www.rfc-editor.org/rfc/rfc3551#section-4.5.2): a 20 ms frame is 320 samples, 160 bytes and
 * a timestamp step of 160.
 *
 * Every arithmetic step is the specification's 16-bit fixed point one (saturating adds, `>> 15`
 * multiplies), so the bitstream and the decoded PCM are the ones of the ITU-T reference, and of
 * ffmpeg's `g722` encoder and decoder (tested against ffmpeg).
 * @module
 */
import type { AudioCodec, AudioDecoder, AudioEncoder } from '../audio-codec.js';

/** §3.2: the QMF coefficients h0..h11 (h23-i = hi). */
const QMF = [3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11] as const;
/** Table 7/G.722 (Q6): the low band decision levels, scaled by 1/8. */
const Q6 = [0, 35, 72, 110, 150, 190, 233, 276, 323, 370, 422, 473, 530, 587, 650, 714, 786, 858, 940, 1023, 1121, 1219, 1339, 1458, 1612, 1765, 1980, 2195, 2557, 2919] as const;
/** QUANTL: the 6-bit code for quantizer interval `mil` of a negative (ILN) and a non-negative (ILP) difference. */
const ILN = [0, 63, 62, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4] as const;
const ILP = [0, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32] as const;
/** Table 9/G.722 (QM4): 4-bit inverse quantizer outputs (the predictor and scale factor are driven by 4 bits). */
const QM4 = [0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0] as const;
/** Table 8/G.722 (QM6): 6-bit inverse quantizer outputs (the decoder's low band output in mode 1). */
const QM6 = [
  -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576, -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776,
  -2400, -2032, -1688, -1360, -1040, -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456, 4944, 4464, 4008, 3576, 3168, 2776, 2400,
  2032, 1688, 1360, 1040, 728, 432, 136, -432, -136,
] as const;
/** Table 11/G.722 (QM2): the high band inverse quantizer outputs. */
const QM2 = [-7408, -1616, 7408, 1616] as const;
/** LOGSCL: the 4-bit code's interval (RIL4) and its log scale factor multiplier (WL). */
const RL42 = [0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0] as const;
const WL = [-60, -30, 58, 172, 334, 538, 1198, 3042] as const;
/** LOGSCH: the high band code's interval (RIH2) and multiplier (WH). */
const RH2 = [2, 1, 2, 1] as const;
const WH = [0, -214, 798] as const;
/** Table 14/G.722 (ILB): the antilog table of SCALEL / SCALEH. */
const ILB = [
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834, 2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838,
  3922, 4008,
] as const;

/** Saturates to the 16-bit two's complement range, as the specification's arithmetic does. */
function sat(x: number): number {
  return x > 32767 ? 32767 : x < -32768 ? -32768 : x;
}

/** Limits a reconstructed sub-band signal to 15 bits (blocks 6L and 4H, LIMIT). */
function limit15(x: number): number {
  return x > 16383 ? 16383 : x < -16384 ? -16384 : x;
}

/** The state of one sub-band's ADPCM coder: scale factor and the adaptive pole-zero predictor (block 4). */
class Band {
  /** Log scale factor (NBL / NBH). */
  nb = 0;
  /** Quantizer scale factor (DETL / DETH). */
  det: number;
  /** Predicted signal value (SL / SH), its pole (SP) and zero (SZ) parts. */
  s = 0;
  sz = 0;
  /** Reconstructed signal r(n-1), r(n-2); partial reconstruction p(n-1), p(n-2). */
  r1 = 0;
  r2 = 0;
  p1 = 0;
  p2 = 0;
  /** Pole predictor coefficients a1, a2. */
  a1 = 0;
  a2 = 0;
  /** Zero predictor coefficients b1..b6 and the past quantized differences d(n-1)..d(n-6). */
  readonly b = new Int32Array(6);
  readonly d = new Int32Array(6);

  readonly #initialDet: number;

  constructor(initialDet: number) {
    this.#initialDet = initialDet;
    this.det = initialDet;
  }

  reset(): void {
    this.nb = 0;
    this.det = this.#initialDet;
    this.s = this.sz = this.r1 = this.r2 = this.p1 = this.p2 = this.a1 = this.a2 = 0;
    this.b.fill(0);
    this.d.fill(0);
  }

  /** LOGSCL/SCALEL (low band, `shift` 8, limit 18432) or LOGSCH/SCALEH (high band, 10, 22528). */
  adaptScale(step: number, max: number, shift: number): void {
    let nb = ((this.nb * 127) >> 7) + step;
    nb = nb < 0 ? 0 : nb > max ? max : nb;
    this.nb = nb;
    const e = shift - (nb >> 11);
    const m = ILB[(nb >> 6) & 31]!;
    this.det = (e < 0 ? m << -e : m >> e) << 2;
  }

  /** Block 4: reconstruction, predictor adaptation (UPPOL1, UPPOL2, UPZERO) and the next prediction. */
  predict(dq: number): void {
    const r0 = sat(this.s + dq); // RECONS
    const p0 = sat(this.sz + dq); // PARREC
    const sg0 = p0 < 0;
    const sg1 = this.p1 < 0;
    const sg2 = this.p2 < 0;
    // UPPOL2
    const wd1 = sat(this.a1 * 4);
    let wd2 = sg0 === sg1 ? -wd1 : wd1;
    if (wd2 > 32767) {
      wd2 = 32767;
    }
    let a2 = (wd2 >> 7) + (sg0 === sg2 ? 128 : -128) + ((this.a2 * 32512) >> 15);
    a2 = a2 > 12288 ? 12288 : a2 < -12288 ? -12288 : a2;
    // UPPOL1
    let a1 = sat((sg0 === sg1 ? 192 : -192) + ((this.a1 * 32640) >> 15));
    const lim = sat(15360 - a2);
    a1 = a1 > lim ? lim : a1 < -lim ? -lim : a1;
    // UPZERO, then DELAYZ
    const step = dq === 0 ? 0 : 128;
    const negative = dq < 0;
    const { b, d } = this;
    for (let i = 0; i < 6; i++) {
      b[i] = sat(((d[i]! < 0) === negative ? step : -step) + ((b[i]! * 32640) >> 15));
    }
    for (let i = 5; i > 0; i--) {
      d[i] = d[i - 1]!;
    }
    d[0] = dq;
    // DELAYA
    this.r2 = this.r1;
    this.r1 = r0;
    this.p2 = this.p1;
    this.p1 = p0;
    this.a1 = a1;
    this.a2 = a2;
    // FILTEP, FILTEZ, PREDIC
    const sp = sat(((a1 * sat(this.r1 * 2)) >> 15) + ((a2 * sat(this.r2 * 2)) >> 15));
    let sz = 0;
    for (let i = 0; i < 6; i++) {
      sz += (b[i]! * sat(d[i]! * 2)) >> 15;
    }
    this.sz = sat(sz);
    this.s = sat(sp + this.sz);
  }
}

/** The low band's 4-bit driven update shared by the encoder and decoder (INVQAL, LOGSCL, SCALEL, block 4). */
function updateLow(band: Band, code6: number): void {
  const ril = code6 >> 2;
  const dlt = (band.det * QM4[ril]!) >> 15;
  band.adaptScale(WL[RL42[ril]!], 18432, 8);
  band.predict(dlt);
}

/** The high band's update (INVQAH, LOGSCH, SCALEH, block 4); returns the quantized difference. */
function updateHigh(band: Band, code2: number): number {
  const dh = (band.det * QM2[code2]!) >> 15;
  band.adaptScale(WH[RH2[code2]!], 22528, 10);
  band.predict(dh);
  return dh;
}

/**
 * The QMF over a 24-sample window stored twice over in `x` (a ring of 24 at `pos`, mirrored at
 * `pos + 24` so the window is contiguous): returns the two partial sums, the one over the even taps
 * counted from the newest sample in `out[0]` and the odd ones in `out[1]`.
 */
function qmf(x: Int32Array, start: number, out: Int32Array): void {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < 12; i++) {
    odd += x[start + 2 * i]! * QMF[i]!;
    even += x[start + 2 * i + 1]! * QMF[11 - i]!;
  }
  out[0] = even;
  out[1] = odd;
}

/** The 24-sample QMF delay line, as a ring of 24 mirrored into 48 cells so each window is contiguous. */
class QmfDelay {
  private readonly x = new Int32Array(48);
  private pos = 0;
  readonly sums = new Int32Array(2);

  /** Pushes the pair (older `a`, newer `b`) and computes the QMF sums over the last 24 samples. */
  push(a: number, b: number): void {
    const { x } = this;
    x[this.pos] = x[this.pos + 24] = a;
    x[this.pos + 1] = x[this.pos + 25] = b;
    this.pos = (this.pos + 2) % 24;
    qmf(x, this.pos, this.sums);
  }

  reset(): void {
    this.x.fill(0);
    this.pos = 0;
  }
}

class G722Encoder implements AudioEncoder {
  private readonly low = new Band(32);
  private readonly high = new Band(8);
  private readonly delay = new QmfDelay();

  encode(pcm: Int16Array, out?: Uint8Array): Uint8Array {
    const n = pcm.length >> 1;
    if ((pcm.length & 1) !== 0) {
      throw new RangeError(`G.722 encodes pairs of samples; got ${pcm.length} samples`);
    }
    if (out !== undefined && out.length < n) {
      throw new RangeError(`"out" must hold ${n} bytes, it holds ${out.length}`);
    }
    const dst = out === undefined ? new Uint8Array(n) : out.length === n ? out : out.subarray(0, n);
    const { low, high, delay } = this;
    for (let j = 0; j < n; j++) {
      delay.push(pcm[2 * j]!, pcm[2 * j + 1]!);
      const even = delay.sums[0]!;
      const odd = delay.sums[1]!;
      // Block 1L: SUBTRA, QUANTL (§3.3).
      const el = sat(((even + odd) >> 14) - low.s);
      const wd = el >= 0 ? el : -(el + 1);
      let mil = 1;
      while (mil < 30 && wd >= (Q6[mil]! * low.det) >> 12) {
        mil++;
      }
      const il = el < 0 ? ILN[mil]! : ILP[mil]!;
      // Block 1H: SUBTRA, QUANTH (§3.4).
      const eh = sat(((even - odd) >> 14) - high.s);
      const wdh = eh >= 0 ? eh : -(eh + 1);
      const mih = wdh >= (564 * high.det) >> 12 ? 2 : 1;
      const ih = eh < 0 ? (mih === 2 ? 0 : 1) : mih === 2 ? 2 : 3;
      updateLow(low, il);
      updateHigh(high, ih);
      dst[j] = (ih << 6) | il;
    }
    return dst;
  }

  reset(): void {
    this.low.reset();
    this.high.reset();
    this.delay.reset();
  }
}

class G722Decoder implements AudioDecoder {
  private readonly low = new Band(32);
  private readonly high = new Band(8);
  private readonly delay = new QmfDelay();

  decode(payload: Uint8Array, out?: Int16Array): Int16Array {
    const n = payload.length * 2;
    if (out !== undefined && out.length < n) {
      throw new RangeError(`"out" must hold ${n} samples, it holds ${out.length}`);
    }
    const dst = out === undefined ? new Int16Array(n) : out.length === n ? out : out.subarray(0, n);
    const { low, high, delay } = this;
    for (let j = 0; j < payload.length; j++) {
      const code = payload[j]!;
      const il = code & 0x3f;
      const ih = code >> 6;
      // Blocks 5L, 6L: the low band output from all six bits (INVQBL, RECONS, LIMIT).
      const rl = limit15(low.s + ((low.det * QM6[il]!) >> 15));
      updateLow(low, il);
      // Blocks 2H, 4H: the high band output.
      const rh = limit15(high.s + ((high.det * QM2[ih]!) >> 15));
      updateHigh(high, ih);
      // §4.4: the receive QMF.
      delay.push(rl + rh, rl - rh);
      dst[2 * j] = sat(delay.sums[0]! >> 11);
      dst[2 * j + 1] = sat(delay.sums[1]! >> 11);
    }
    return dst;
  }

  reset(): void {
    this.low.reset();
    this.high.reset();
    this.delay.reset();
  }
}

/**
 * G.722 at 64 kbit/s, `G722/8000`, static payload type 9 (RFC 3551 §4.5.2): 16 kHz PCM, one byte per
 * two samples, an RTP clock rate of 8000. Encoders and decoders are stateful (the ADPCM predictors and
 * the QMF delay line run across frames): one per stream. An odd number of samples is a `RangeError`.
 * @example
 * ```ts
 * import { G722 } from '@voip/audio';
 * const encoder = G722.createEncoder();
 * const payload = encoder.encode(new Int16Array(320)); // 20 ms at 16 kHz: 160 bytes
 * const pcm = G722.createDecoder().decode(payload); // 320 samples
 * console.log(payload.length, pcm.length, G722.clockRate); // 160 320 8000
 * ```
 */
export const G722: AudioCodec = Object.freeze({
  encodingName: 'G722',
  clockRate: 8000,
  sampleRate: 16000,
  channels: 1,
  staticPayloadType: 9,
  encodedLength: (samples: number) => samples >> 1,
  decodedLength: (bytes: number) => bytes * 2,
  createEncoder: (): AudioEncoder => new G722Encoder(),
  createDecoder: (): AudioDecoder => new G722Decoder(),
});
