/**
 * WAV files: RIFF with a PCM `fmt ` chunk and 16-bit little-endian samples (the Microsoft RIFF
 * "WAVE" format; WAVE_FORMAT_PCM = 1, or WAVE_FORMAT_EXTENSIBLE with the PCM sub-format).
 * @module
 */
import { CliError } from './errors.js';

/** Decoded 16-bit PCM audio. Stereo samples are interleaved. */
export interface WavAudio {
  readonly sampleRate: number;
  readonly channels: number;
  readonly samples: Int16Array;
}

const RIFF = 0x52494646; // "RIFF"
const WAVE = 0x57415645; // "WAVE"
const FMT = 0x666d7420; // "fmt "
const DATA = 0x64617461; // "data"
const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Serializes 16-bit PCM as a canonical 44-byte-header WAV file.
 * @param audio - sample rate, channel count and interleaved samples
 * @returns the file bytes
 * @throws {RangeError} when the rate or channel count is out of range
 * @example
 * ```ts
 * import { serializeWav } from '@voip/cli';
 * const file = serializeWav({ sampleRate: 8000, channels: 1, samples: new Int16Array(8000) });
 * ```
 */
export function serializeWav(audio: WavAudio): Uint8Array<ArrayBuffer> {
  const { sampleRate, channels, samples } = audio;
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffffffff) {
    throw new RangeError(`"sampleRate" expected an integer from 1, got ${sampleRate}`);
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 0xffff) {
    throw new RangeError(`"channels" expected an integer from 1 to 65535, got ${channels}`);
  }
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, RIFF);
  view.setUint32(4, 36 + dataBytes, true);
  view.setUint32(8, WAVE);
  view.setUint32(12, FMT);
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  view.setUint32(36, DATA);
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    view.setInt16(44 + i * 2, samples[i] ?? 0, true);
  }
  return out;
}

/**
 * Parses a 16-bit PCM WAV file: walks the RIFF chunks, skipping unknown ones (`LIST`, `fact`...).
 * @param bytes - the file
 * @returns rate, channels and samples (a copy)
 * @throws {CliError} `BAD_INPUT` when it is not RIFF/WAVE, not PCM, not 16-bit, or truncated
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseWav } from '@voip/cli';
 * const { sampleRate, samples } = parseWav(readFileSync('call.wav'));
 * ```
 */
export function parseWav(bytes: Uint8Array): WavAudio {
  const bad = (why: string): CliError => new CliError('BAD_INPUT', `not a 16-bit PCM WAV file: ${why}`);
  if (bytes.length < 12) {
    throw bad('shorter than a RIFF header');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== RIFF || view.getUint32(8) !== WAVE) {
    throw bad('no RIFF/WAVE header');
  }
  let fmt: { channels: number; sampleRate: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = view.getUint32(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === FMT) {
      if (size < 16 || body + 16 > bytes.length) {
        throw bad('truncated fmt chunk');
      }
      let format = view.getUint16(body, true);
      if (format === WAVE_FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        format = view.getUint16(body + 24, true); // first two bytes of the sub-format GUID
      }
      const bits = view.getUint16(body + 14, true);
      if (format !== WAVE_FORMAT_PCM) {
        throw bad(`format tag ${format} is not PCM`);
      }
      if (bits !== 16) {
        throw bad(`${bits} bits per sample`);
      }
      fmt = { channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true) };
      if (fmt.channels === 0) {
        throw bad('zero channels');
      }
    } else if (id === DATA) {
      if (fmt === undefined) {
        throw bad('data chunk before fmt chunk');
      }
      // A streaming writer may leave size 0 or 0xffffffff: take what is there.
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      const count = Math.floor((end - body) / 2);
      const samples = new Int16Array(count);
      for (let i = 0; i < count; i++) {
        samples[i] = view.getInt16(body + i * 2, true);
      }
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, samples };
    }
    offset = body + size + (size & 1); // chunks are padded to even length
  }
  throw bad('no data chunk');
}
