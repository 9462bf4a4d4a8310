/**
 * The shape every audio codec of this package has, so that `AudioCall` and the codec table can treat
 * G.711, G.722 and L16 alike. Encoders and decoders are separate objects because some codecs (G.722)
 * keep state between frames: one encoder per sending stream, one decoder per receiving stream.
 * @module
 */

/** Turns PCM frames into RTP payloads. Stateful codecs remember the previous frame. */
export interface AudioEncoder {
  /**
   * Encodes `pcm` (samples at the codec's `sampleRate`) into a payload. Writes into `out` when given
   * (it must hold `codec.encodedLength(pcm.length)` bytes) and returns the written view: `out` itself
   * when it is exactly that long (nothing allocated), else a view of its start.
   */
  encode(pcm: Int16Array, out?: Uint8Array): Uint8Array;
  /** Forgets the state carried between frames (a new talkspurt after a gap, an SSRC change). */
  reset(): void;
}

/** Turns RTP payloads into PCM frames. Stateful codecs remember the previous frame. */
export interface AudioDecoder {
  /**
   * Decodes `payload` into samples at the codec's `sampleRate`. Writes into `out` when given (it must
   * hold `codec.decodedLength(payload.length)` samples) and returns the written view: `out` itself
   * when it is exactly that long (nothing allocated), else a view of its start.
   */
  decode(payload: Uint8Array, out?: Int16Array): Int16Array;
  /** Forgets the state carried between frames. */
  reset(): void;
}

/**
 * One audio codec as SDP names it (`a=rtpmap:<pt> <encodingName>/<clockRate>`), RFC 3551 §4.5.
 * @example
 * ```ts
 * import type { AudioCodec } from '@voip/audio';
 * function describe(codec: AudioCodec): string {
 *   return `${codec.encodingName}/${codec.clockRate} (PCM at ${codec.sampleRate} Hz)`;
 * }
 * ```
 */
export interface AudioCodec {
  /** The SDP encoding name, upper case: `PCMU`, `PCMA`, `G722`, `L16`. */
  readonly encodingName: string;
  /** The RTP timestamp clock rate (8000 for G.722 although it samples at 16 kHz, RFC 3551 §4.5.2). */
  readonly clockRate: number;
  /** The PCM sample rate the codec encodes from and decodes to. */
  readonly sampleRate: number;
  /** Channels per sample frame (1 for every telephony codec here). */
  readonly channels: number;
  /** The static RTP payload type of RFC 3551 Table 4, or `undefined` for a dynamic one. */
  readonly staticPayloadType: number | undefined;
  /** Payload bytes for `samples` PCM samples. */
  encodedLength(samples: number): number;
  /** PCM samples in a payload of `bytes` bytes. */
  decodedLength(bytes: number): number;
  /** A fresh encoder (its own state). */
  createEncoder(): AudioEncoder;
  /** A fresh decoder (its own state). */
  createDecoder(): AudioDecoder;
}
