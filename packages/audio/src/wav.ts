/**
 * WAV files of 16-bit PCM, mono or stereo: RIFF (`RIFF` size `WAVE`) with a `fmt ` chunk of
 * WAVE_FORMAT_PCM (1), or WAVE_FORMAT_EXTENSIBLE (0xFFFE) with the PCM sub-format, and a `data` chunk
 * of little-endian interleaved samples (Microsoft "Multimedia Programming Interface and Data
 * Specifications 1.0", RIFF WAVE; RFC 2361 lists the format tags).
 * @module
 */
import { AudioError } from './errors.js';

/** 16-bit PCM audio: the sample rate, the channel count and the interleaved samples. */
export interface WavAudio {
  /** Samples per second per channel. */
  readonly sampleRate: number;
  /** 1 (mono) or 2 (stereo). */
  readonly channels: number;
  /** Interleaved samples (left, right, left, ... for stereo). */
  readonly samples: Int16Array;
}

const RIFF = 0x52494646; // "RIFF"
const WAVE = 0x57415645; // "WAVE"
const FMT = 0x666d7420; // "fmt "
const DATA = 0x64617461; // "data"
const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** The size a streaming writer (ffmpeg to a pipe) leaves in a chunk it could not seek back to. */
const UNKNOWN_SIZE = 0xffffffff;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * The canonical 44-byte header of a 16-bit PCM WAV file (RIFF, a 16-byte PCM `fmt ` chunk, `data`)
 * whose `data` chunk holds `dataBytes` bytes. A writer that streams the samples writes a header first
 * and this one, with the final size, at offset 0 when it is done.
 * @param sampleRate - samples per second per channel, an integer 1..2^32-1.
 * @param channels - 1 or 2.
 * @param dataBytes - the size of the samples, bytes (a whole number of sample frames).
 * @returns the 44 header bytes.
 * @throws RangeError for a bad rate or channel count, or a size that is not whole frames or does not fit RIFF.
 * @example
 * ```ts
 * import { encodeWavHeader } from '@voip/audio';
 * const header = encodeWavHeader(8000, 2, 8000 * 2 * 2); // one second of 8 kHz stereo follows
 * ```
 */
export function encodeWavHeader(sampleRate: number, channels: number, dataBytes: number): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffffffff) {
    throw new RangeError(`WAV sample rate must be an integer 1..4294967295, got ${sampleRate}`);
  }
  if (channels !== 1 && channels !== 2) {
    throw new RangeError(`WAV channels must be 1 or 2, got ${channels}`);
  }
  if (!Number.isInteger(dataBytes) || dataBytes < 0 || dataBytes % (channels * 2) !== 0) {
    throw new RangeError(`${dataBytes} data bytes is not a whole number of ${channels}-channel 16-bit frames`);
  }
  if (36 + dataBytes > 0xffffffff) {
    throw new RangeError(`${dataBytes / 2} samples do not fit a RIFF file (4 GiB)`);
  }
  const out = new Uint8Array(44);
  const view = new DataView(out.buffer);
  view.setUint32(0, RIFF);
  view.setUint32(4, 36 + dataBytes, true);
  view.setUint32(8, WAVE);
  view.setUint32(12, FMT);
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true); // byte rate
  view.setUint16(32, channels * 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  view.setUint32(36, DATA);
  view.setUint32(40, dataBytes, true);
  return out;
}

/**
 * Serializes 16-bit PCM as a WAV file with the canonical 44-byte header (RIFF, a 16-byte PCM `fmt `
 * chunk, `data`).
 * @param audio - the sample rate (an integer 1..2^32-1), 1 or 2 channels and the interleaved samples.
 * @returns the file's bytes.
 * @throws RangeError for a bad rate or channel count, or samples that are not whole stereo frames.
 * @example
 * ```ts
 * import { encodeWav } from '@voip/audio';
 * const tone = Int16Array.from({ length: 8000 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
 * const file = encodeWav({ sampleRate: 8000, channels: 1, samples: tone }); // 1 s of 440 Hz
 * ```
 */
export function encodeWav(audio: WavAudio): Uint8Array<ArrayBuffer> {
  const { sampleRate, channels, samples } = audio;
  if (channels === 2 && samples.length % 2 !== 0) {
    throw new RangeError(`${samples.length} samples is not a whole number of ${channels}-channel frames`);
  }
  const dataBytes = samples.length * 2;
  const header = encodeWavHeader(sampleRate, channels, dataBytes);
  const out = new Uint8Array(44 + dataBytes);
  out.set(header);
  const view = new DataView(out.buffer);
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(samples.buffer, samples.byteOffset, dataBytes), 44);
  } else {
    for (let i = 0; i < samples.length; i++) {
      view.setInt16(44 + i * 2, samples[i]!, true);
    }
  }
  return out;
}

/**
 * Parses a 16-bit PCM WAV file, mono or stereo. Walks the RIFF chunks, skipping the ones it does not
 * need (`LIST`, `fact`, ...; odd-sized chunks are padded to even length). A `data` size of 0 or
 * 0xFFFFFFFF (left by a writer that streamed to a pipe) means "to the end of the file".
 *
 * The samples are a zero-copy view of `bytes` when the data is 2-byte aligned in memory on a
 * little-endian machine (copy them, `samples.slice()`, to keep them past a reuse of `bytes`); a copy
 * otherwise.
 * @param bytes - the file.
 * @returns the sample rate, channel count and interleaved samples.
 * @throws AudioError `BAD_WAV` (with the offset) for bytes that are not a well-formed RIFF/WAVE file
 *   (no RIFF/WAVE header, no `fmt ` or `data` chunk, a `fmt ` or `data` chunk running past the end,
 *   data that is not whole sample frames); `UNSUPPORTED_WAV` for a WAVE file that is not 16-bit PCM
 *   with 1 or 2 channels.
 * @example
 * ```ts
 * import { decodeWav, encodeWav } from '@voip/audio';
 * const file = encodeWav({ sampleRate: 16000, channels: 2, samples: new Int16Array(640) });
 * const { sampleRate, channels, samples } = decodeWav(file); // 16000 2 (640 samples, 320 frames)
 * ```
 */
export function decodeWav(bytes: Uint8Array): WavAudio {
  const bad = (why: string, offset: number): AudioError => new AudioError('BAD_WAV', `not a WAV file: ${why}`, offset);
  if (bytes.length < 12) {
    throw bad(`${bytes.length} bytes is shorter than a RIFF header (12)`, 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0) !== RIFF || view.getUint32(8) !== WAVE) {
    throw bad('no RIFF/WAVE header', 0);
  }
  let fmt: { channels: number; sampleRate: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = view.getUint32(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === FMT) {
      if (size < 16 || body + size > bytes.length) {
        throw bad(`fmt chunk of ${size} bytes (at least 16, within the file)`, offset);
      }
      fmt = readFmt(view, body, size);
    } else if (id === DATA) {
      if (fmt === undefined) {
        throw bad('data chunk before the fmt chunk', offset);
      }
      const streamed = size === 0 || size === UNKNOWN_SIZE;
      if (!streamed && body + size > bytes.length) {
        throw bad(`data chunk of ${size} bytes runs past the end of the file (${bytes.length - body} there)`, offset);
      }
      const end = streamed ? bytes.length : body + size;
      const frameBytes = 2 * fmt.channels;
      // A streamed file may end mid-frame (the writer was stopped): drop the partial frame.
      const length = streamed ? end - body - ((end - body) % frameBytes) : end - body;
      if (length % frameBytes !== 0) {
        throw bad(`data chunk of ${length} bytes is not a whole number of ${frameBytes}-byte frames`, offset);
      }
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, samples: samplesAt(bytes, view, body, length >> 1) };
    }
    if (size === UNKNOWN_SIZE) {
      break;
    }
    offset = body + size + (size & 1);
  }
  throw bad(fmt === undefined ? 'no fmt chunk' : 'no data chunk', offset);
}

function readFmt(view: DataView, body: number, size: number): { channels: number; sampleRate: number } {
  let format = view.getUint16(body, true);
  if (format === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40) {
      throw new AudioError('BAD_WAV', `not a WAV file: WAVE_FORMAT_EXTENSIBLE fmt chunk of ${size} bytes (40 needed)`, body - 8);
    }
    format = view.getUint16(body + 24, true); // the first two bytes of the sub-format GUID
  }
  const channels = view.getUint16(body + 2, true);
  const sampleRate = view.getUint32(body + 4, true);
  const bits = view.getUint16(body + 14, true);
  const unsupported = (why: string): AudioError => new AudioError('UNSUPPORTED_WAV', `unsupported WAV file: ${why} (16-bit PCM, mono or stereo, only)`, body - 8);
  if (format !== WAVE_FORMAT_PCM) {
    throw unsupported(`format tag 0x${format.toString(16)} is not PCM`);
  }
  if (bits !== 16) {
    throw unsupported(`${bits} bits per sample`);
  }
  if (channels !== 1 && channels !== 2) {
    throw unsupported(`${channels} channels`);
  }
  if (sampleRate === 0) {
    throw new AudioError('BAD_WAV', 'not a WAV file: sample rate 0', body - 4);
  }
  return { channels, sampleRate };
}

function samplesAt(bytes: Uint8Array, view: DataView, body: number, count: number): Int16Array {
  const start = bytes.byteOffset + body;
  if (LITTLE_ENDIAN && start % 2 === 0) {
    return new Int16Array(bytes.buffer, start, count);
  }
  const samples = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    samples[i] = view.getInt16(body + i * 2, true);
  }
  return samples;
}
