/**
 * Throughput of G.711 encode and decode against the npm package `alawmulaw` (6.0.0, pure JavaScript),
 * on a 20 ms frame (160 samples) and on 1 s at 8 kHz (8000 samples), μ-law and A-law. alawmulaw has a
 * whole-array API (a new array per call) and a per-sample API (`encodeSample` / `decodeSample`, here
 * looped into a caller's buffer); ours is measured both writing into a caller's buffer and returning a
 * new array. Our default encoder (G.711's decision values) and alawmulaw's give the same code for every
 * 16-bit sample, and the decoders the same value for every code (test/g711-alawmulaw.test.ts), so both
 * sides do the same work. Before vitest's benchmarks, a table of the same variants timed in turns
 * (medians), as ratios of our time to alawmulaw's. Compare the ratios within one run: the machine is shared.
 */
import alawmulaw from 'alawmulaw';
import { bench, describe } from 'vitest';
import { PCMA, PCMU } from '../src/index.js';
import type { AudioCodec } from '../src/index.js';
import { medianMs } from './turns.js';

/** Speech-like test audio: two tones and a slow envelope, well inside 16 bits. */
function audio(n: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(9000 * Math.sin(i / 3) * (0.6 + 0.4 * Math.sin(i / 900)) + 3000 * Math.sin(i / 11)));
}

const sizes = [
  { label: '160 samples (20 ms)', n: 160 },
  { label: '8000 samples (1 s)', n: 8000 },
];
const laws = [
  { law: 'μ-law', ours: PCMU, peer: alawmulaw.mulaw },
  { law: 'A-law', ours: PCMA, peer: alawmulaw.alaw },
];

function encodeSuite(law: string, ours: AudioCodec, peer: typeof alawmulaw.mulaw, label: string, n: number): void {
  const pcm = audio(n);
  const bytes = new Uint8Array(n);
  const enc = ours.createEncoder();
  describe(`G.711 ${law} encode, ${label}`, () => {
    bench('@voip/audio encode, into out', () => {
      enc.encode(pcm, bytes);
    });
    bench('@voip/audio encode, new array', () => {
      enc.encode(pcm);
    });
    bench('alawmulaw encode (whole array, new array)', () => {
      peer.encode(pcm);
    });
    bench('alawmulaw encodeSample per sample, into out', () => {
      for (let i = 0; i < n; i++) {
        bytes[i] = peer.encodeSample(pcm[i]!);
      }
    });
  });
}

function decodeSuite(law: string, ours: AudioCodec, peer: typeof alawmulaw.mulaw, label: string, n: number): void {
  const payload = ours.createEncoder().encode(audio(n));
  const pcm = new Int16Array(n);
  const dec = ours.createDecoder();
  describe(`G.711 ${law} decode, ${label}`, () => {
    bench('@voip/audio decode, into out', () => {
      dec.decode(payload, pcm);
    });
    bench('@voip/audio decode, new array', () => {
      dec.decode(payload);
    });
    bench('alawmulaw decode (whole array, new array)', () => {
      peer.decode(payload);
    });
    bench('alawmulaw decodeSample per sample, into out', () => {
      for (let i = 0; i < n; i++) {
        pcm[i] = peer.decodeSample(payload[i]!);
      }
    });
  });
}

/** Runs `fn` often enough (about 1 ms) for the timer's resolution. */
function repeated(fn: () => void, n: number): () => void {
  const reps = Math.max(1, Math.round(64000 / n));
  return () => {
    for (let i = 0; i < reps; i++) {
      fn();
    }
  };
}

function turnsTable(): void {
  const rows: Record<string, string | number>[] = [];
  for (const { law, ours, peer } of laws) {
    for (const { label, n } of sizes) {
      const pcm = audio(n);
      const payload = ours.createEncoder().encode(pcm);
      const bytes = new Uint8Array(n);
      const out = new Int16Array(n);
      const enc = ours.createEncoder();
      const dec = ours.createDecoder();
      const [encInto, encNew, peerEnc, peerEncSample, decInto, decNew, peerDec, peerDecSample] = medianMs(
        [
          () => enc.encode(pcm, bytes),
          () => enc.encode(pcm),
          () => peer.encode(pcm),
          () => {
            for (let i = 0; i < n; i++) {
              bytes[i] = peer.encodeSample(pcm[i]!);
            }
          },
          () => dec.decode(payload, out),
          () => dec.decode(payload),
          () => peer.decode(payload),
          () => {
            for (let i = 0; i < n; i++) {
              out[i] = peer.decodeSample(payload[i]!);
            }
          },
        ].map((fn) => repeated(fn, n)),
        500,
      ) as [number, number, number, number, number, number, number, number];
      const r = (a: number, b: number): number => +(a / b).toFixed(2);
      rows.push({
        case: `${law}, ${label}`,
        'encode into / whole array': r(encInto, peerEnc),
        'encode new array / whole array': r(encNew, peerEnc),
        'encode into / per sample': r(encInto, peerEncSample),
        'decode into / whole array': r(decInto, peerDec),
        'decode new array / whole array': r(decNew, peerDec),
        'decode into / per sample': r(decInto, peerDecSample),
      });
    }
  }
  console.log('\nG.711: our time / alawmulaw\'s (timed in turns, medians): ours into a caller\'s buffer or a new array, alawmulaw whole-array or per-sample API');
  console.table(rows);
}

turnsTable();

for (const { law, ours, peer } of laws) {
  for (const { label, n } of sizes) {
    encodeSuite(law, ours, peer, label, n);
    decodeSuite(law, ours, peer, label, n);
  }
}
