/**
 * Throughput of G.711 on 20 ms frames (160 samples), encode and decode, with and without a caller's
 * output buffer. The npm package `alawmulaw` is not installed here (not in the offline store), so the
 * comparison is with a per-sample computed encoder (the segment search of G.711 done for every sample,
 * no table), written out below as the baseline a table has to beat. Also the resampler on one 20 ms frame.
 */
import { bench, describe } from 'vitest';
import { PCMA, PCMU, Resampler } from '../src/index.js';

const frame = Int16Array.from({ length: 160 }, (_, i) => Math.round(12000 * Math.sin(i / 3)));
const muEnc = PCMU.createEncoder();
const muDec = PCMU.createDecoder();
const aEnc = PCMA.createEncoder();
const aDec = PCMA.createDecoder();
const mulawFrame = muEnc.encode(frame);
const alawFrame = aEnc.encode(frame);
const bytesOut = new Uint8Array(160);
const pcmOut = new Int16Array(160);

/** μ-law by computation, per sample (truncating G.711 segment search). */
function mulawComputed(pcm: Int16Array, out: Uint8Array): Uint8Array {
  for (let i = 0; i < pcm.length; i++) {
    let s = pcm[i]!;
    const sign = s < 0 ? 0x80 : 0;
    s = Math.min(sign !== 0 ? -s : s, 32635) + 0x84;
    const exponent = 31 - Math.clz32(s) - 7;
    out[i] = ~(sign | (exponent << 4) | ((s >> (exponent + 3)) & 0x0f)) & 0xff;
  }
  return out;
}

describe('G.711 μ-law encode, 160 samples', () => {
  bench('@voip/audio PCMU encode (16K table), into out', () => {
    muEnc.encode(frame, bytesOut);
  });
  bench('@voip/audio PCMU encode (16K table), new array', () => {
    muEnc.encode(frame);
  });
  bench('per-sample computation (baseline, no table), into out', () => {
    mulawComputed(frame, bytesOut);
  });
});

describe('G.711 decode, 160 samples', () => {
  bench('@voip/audio PCMU decode (256 table), into out', () => {
    muDec.decode(mulawFrame, pcmOut);
  });
  bench('@voip/audio PCMA decode (256 table), into out', () => {
    aDec.decode(alawFrame, pcmOut);
  });
  bench('@voip/audio PCMU decode, new array', () => {
    muDec.decode(mulawFrame);
  });
});

describe('G.711 A-law encode, 160 samples', () => {
  bench('@voip/audio PCMA encode (16K table), into out', () => {
    aEnc.encode(frame, bytesOut);
  });
});

describe('Resampler, one 20 ms frame', () => {
  const up = new Resampler({ from: 8000, to: 48000 });
  const down = new Resampler({ from: 48000, to: 8000 });
  const wide = new Int16Array(960).map((_, i) => Math.round(12000 * Math.sin(i / 17)));
  bench('8 kHz -> 48 kHz, medium (160 in, 960 out)', () => {
    up.process(frame);
  });
  bench('48 kHz -> 8 kHz, medium (960 in, 160 out)', () => {
    down.process(wide);
  });
});
