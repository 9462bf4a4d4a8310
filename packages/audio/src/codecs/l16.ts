/**
 * L16, RFC 3551 §4.5.11 (https://www.rfc-editor.org/rfc/rfc3551#section-4.5.11): uncompressed signed
 * 16-bit samples in network byte order (big-endian), at any sample rate, the RTP clock running at the
 * sample rate; several channels are interleaved sample by sample (RFC 3551 §4.3). Payload types are
 * dynamic, except the two static ones of RFC 3551 Table 4 at 44100 Hz: 10 (stereo) and 11 (mono).
 * @module
 */
import type { AudioCodec, AudioDecoder, AudioEncoder } from '../audio-codec.js';
import { AudioError } from '../errors.js';

function encodeL16(pcm: Int16Array, channels: number, out: Uint8Array | undefined): Uint8Array {
  if (pcm.length % channels !== 0) {
    throw new RangeError(`L16 with ${channels} channels: ${pcm.length} samples is not a whole number of sample frames`);
  }
  const n = pcm.length * 2;
  if (out !== undefined && out.length < n) {
    throw new RangeError(`"out" must hold ${n} bytes, it holds ${out.length}`);
  }
  const dst = out === undefined ? new Uint8Array(n) : out.length === n ? out : out.subarray(0, n);
  for (let i = 0, o = 0; i < pcm.length; i++, o += 2) {
    const s = pcm[i]!;
    dst[o] = (s >> 8) & 0xff;
    dst[o + 1] = s & 0xff;
  }
  return dst;
}

function decodeL16(payload: Uint8Array, channels: number, out: Int16Array | undefined): Int16Array {
  if (payload.length % (2 * channels) !== 0) {
    throw new AudioError('BAD_PAYLOAD', `L16 with ${channels} channel(s): a payload of ${payload.length} bytes is not a whole number of ${2 * channels}-byte sample frames`, payload.length - (payload.length % (2 * channels)));
  }
  const n = payload.length >> 1;
  if (out !== undefined && out.length < n) {
    throw new RangeError(`"out" must hold ${n} samples, it holds ${out.length}`);
  }
  const dst = out === undefined ? new Int16Array(n) : out.length === n ? out : out.subarray(0, n);
  for (let i = 0, o = 0; i < n; i++, o += 2) {
    dst[i] = ((payload[o]! << 24) | (payload[o + 1]! << 16)) >> 16;
  }
  return dst;
}

/**
 * The L16 codec at `sampleRate` Hz with `channels` interleaved channels (RFC 3551 §4.5.11): big-endian
 * signed 16-bit samples, clock rate = sample rate. `staticPayloadType` is 11 for mono and 10 for stereo
 * at 44100 Hz (RFC 3551 Table 4), otherwise `undefined` (negotiate a dynamic type in SDP,
 * `a=rtpmap:<pt> L16/<rate>[/<channels>]`). Samples counts (`encodedLength`, `decodedLength`, the
 * arrays) count every channel's sample: a stereo frame is two samples.
 * @param sampleRate - samples per second per channel, a positive integer.
 * @param channels - interleaved channels, an integer 1..255 (default 1).
 * @returns the codec; a payload that is not whole sample frames decodes to an `AudioError` `BAD_PAYLOAD`.
 * @throws RangeError for a rate or channel count that is not a positive integer.
 * @example
 * ```ts
 * import { l16 } from '@voip/audio';
 * const wideband = l16(16000);
 * const payload = wideband.createEncoder().encode(new Int16Array(320)); // 20 ms, 640 bytes
 * console.log(wideband.staticPayloadType, l16(44100).staticPayloadType); // undefined 11
 * ```
 */
export function l16(sampleRate: number, channels = 1): AudioCodec {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new RangeError(`L16 sample rate must be a positive integer, got ${sampleRate}`);
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 255) {
    throw new RangeError(`L16 channels must be an integer 1..255, got ${channels}`);
  }
  const staticPayloadType = sampleRate === 44100 && channels <= 2 ? (channels === 1 ? 11 : 10) : undefined;
  const encoder: AudioEncoder = { encode: (pcm, out) => encodeL16(pcm, channels, out), reset: () => undefined };
  const decoder: AudioDecoder = { decode: (payload, out) => decodeL16(payload, channels, out), reset: () => undefined };
  return Object.freeze({
    encodingName: 'L16',
    clockRate: sampleRate,
    sampleRate,
    channels,
    staticPayloadType,
    encodedLength: (samples: number) => samples * 2,
    decodedLength: (bytes: number) => bytes >> 1,
    createEncoder: () => encoder,
    createDecoder: () => decoder,
  });
}
