/**
 * The demo's audio: 10 s of music synthesised deterministically at run time, 8 kHz mono 16-bit.
 *
 * Why synthesised and not a shipped WAV: 160 KB of binary in the repository for every clone versus
 * a few lines of code; a synthesised melody is the same on every machine (integer phase arithmetic and
 * a fixed sine table, no Math.random), has music's properties the G.711 codec cares about (harmonics,
 * attack and decay, silences between notes, a wide dynamic range), and is ready in about a millisecond.
 * @module
 */

/** Sample rate of the demo audio (G.711's, RFC 3551 §4.5.14). */
export const DEMO_SAMPLE_RATE = 8000;

// "Ode to Joy" (public domain), as MIDI note numbers and durations in eighths; 0 is a rest.
const MELODY: readonly (readonly [note: number, eighths: number])[] = [
  [64, 2], [64, 2], [65, 2], [67, 2], [67, 2], [65, 2], [64, 2], [62, 2],
  [60, 2], [60, 2], [62, 2], [64, 2], [64, 3], [62, 1], [62, 4],
  [64, 2], [64, 2], [65, 2], [67, 2], [67, 2], [65, 2], [64, 2], [62, 2],
  [60, 2], [60, 2], [62, 2], [64, 2], [62, 3], [60, 1], [60, 4],
];
const EIGHTH_SAMPLES = 1600; // 0.2 s at 8 kHz: 150 quarter notes a minute
const SINE_BITS = 12;
const SINE = Int16Array.from({ length: 1 << SINE_BITS }, (_, i) =>
  Math.round(Math.sin((2 * Math.PI * i) / (1 << SINE_BITS)) * 32767),
);
// Harmonic amplitudes (out of 256): a soft, organ-like timbre.
const HARMONICS: readonly number[] = [256, 96, 64, 24, 16];

function sine(phase: number): number {
  return SINE[(phase >>> (32 - SINE_BITS)) & ((1 << SINE_BITS) - 1)] ?? 0;
}

/**
 * Synthesises the demo's melody: harmonics, an attack/decay/release envelope and a bass line.
 * @param seconds - length; the melody repeats when longer than one pass (about 12.8 s)
 * @returns 8 kHz mono 16-bit samples, identical on every machine
 * @throws {RangeError} when `seconds` is not a positive finite number
 * @example
 * ```ts
 * import { synthesizeDemoAudio } from '@voip/cli';
 * const pcm = synthesizeDemoAudio(10); // 80000 samples
 * ```
 */
export function synthesizeDemoAudio(seconds = 10): Int16Array {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new RangeError(`"seconds" expected a positive number, got ${seconds}`);
  }
  const total = Math.round(seconds * DEMO_SAMPLE_RATE);
  const out = new Int16Array(total);
  let i = 0;
  while (i < total) {
    for (const [note, eighths] of MELODY) {
      const length = eighths * EIGHTH_SAMPLES;
      const freq = 440 * 2 ** ((note - 69) / 12);
      const step = Math.round((freq / DEMO_SAMPLE_RATE) * 2 ** 32) >>> 0;
      const bassStep = Math.round((freq / 4 / DEMO_SAMPLE_RATE) * 2 ** 32) >>> 0;
      let phase = 0;
      let bassPhase = 0;
      for (let n = 0; n < length && i < total; n++, i++) {
        // Envelope in 1/1024: 20 ms attack, decay to 60 %, 40 ms release before the next note.
        const attack = 160;
        const release = 320;
        let env = n < attack ? (n * 1024) / attack : 1024 - Math.min(410, ((n - attack) * 410) / (length / 2));
        if (n > length - release) {
          env = (env * (length - n)) / release;
        }
        let s = 0;
        for (let h = 0; h < HARMONICS.length; h++) {
          s += (sine((phase * (h + 1)) >>> 0) * (HARMONICS[h] ?? 0)) >> 8;
        }
        s += sine(bassPhase) >> 2;
        phase = (phase + step) >>> 0;
        bassPhase = (bassPhase + bassStep) >>> 0;
        // Peak of s is about 1.9 full scale: scale to ~0.45 of full scale after the envelope.
        out[i] = Math.max(-32768, Math.min(32767, Math.round((s * env * 0.24) / 1024)));
      }
    }
  }
  return out;
}
