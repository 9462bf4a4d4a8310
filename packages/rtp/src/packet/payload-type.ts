/**
 * RTP payload types: the static assignments of RFC 3551 §6 (https://www.rfc-editor.org/rfc/rfc3551#section-6)
 * and common dynamic numbers seen in practice (Opus 111, RFC 7587).
 * @module
 */

/**
 * Well-known RTP payload type numbers. Values below 96 are static (RFC 3551 §6, Tables 4 and 5);
 * `OPUS` (111) is dynamic and only conventional: the SDP `a=rtpmap` decides (RFC 7587).
 *
 * @example
 * ```ts
 * import { RtpPayloadType } from '@voip/rtp';
 * const pt: number = RtpPayloadType.PCMU; // 0
 * ```
 */
export const RtpPayloadType: {
  readonly PCMU: 0;
  readonly GSM: 3;
  readonly G723: 4;
  readonly DVI4_8000: 5;
  readonly DVI4_16000: 6;
  readonly LPC: 7;
  readonly PCMA: 8;
  readonly G722: 9;
  readonly L16_STEREO: 10;
  readonly L16_MONO: 11;
  readonly QCELP: 12;
  readonly CN: 13;
  readonly MPA: 14;
  readonly G728: 15;
  readonly DVI4_11025: 16;
  readonly DVI4_22050: 17;
  readonly G729: 18;
  readonly CELB: 25;
  readonly JPEG: 26;
  readonly NV: 28;
  readonly H261: 31;
  readonly MPV: 32;
  readonly MP2T: 33;
  readonly H263: 34;
  readonly OPUS: 111;
} = {
  PCMU: 0,
  GSM: 3,
  G723: 4,
  DVI4_8000: 5,
  DVI4_16000: 6,
  LPC: 7,
  PCMA: 8,
  G722: 9,
  L16_STEREO: 10,
  L16_MONO: 11,
  QCELP: 12,
  CN: 13,
  MPA: 14,
  G728: 15,
  DVI4_11025: 16,
  DVI4_22050: 17,
  G729: 18,
  CELB: 25,
  JPEG: 26,
  NV: 28,
  H261: 31,
  MPV: 32,
  MP2T: 33,
  H263: 34,
  OPUS: 111,
} as const;

/**
 * One row of the RFC 3551 §6 static payload type tables.
 *
 * @example
 * ```ts
 * import { getStaticPayloadFormat, type StaticPayloadFormat } from '@voip/rtp';
 * const pcma: StaticPayloadFormat | undefined = getStaticPayloadFormat(8);
 * ```
 */
export interface StaticPayloadFormat {
  /** Payload type number, 0..95. */
  readonly payloadType: number;
  /** Encoding name as used in SDP `a=rtpmap` (RFC 3551 §6). */
  readonly encodingName: string;
  /** RTP timestamp clock rate in Hz. */
  readonly clockRate: number;
  /** Audio channels, when the table fixes them. */
  readonly channels?: number;
  /** Media type column: A, V or AV. */
  readonly media: 'audio' | 'video' | 'audio/video';
}

const audio = (payloadType: number, encodingName: string, clockRate: number, channels?: number): StaticPayloadFormat =>
  Object.freeze(
    channels === undefined
      ? { payloadType, encodingName, clockRate, media: 'audio' as const }
      : { payloadType, encodingName, clockRate, channels, media: 'audio' as const },
  );
const video = (payloadType: number, encodingName: string): StaticPayloadFormat =>
  Object.freeze({ payloadType, encodingName, clockRate: 90_000, media: 'video' as const });

/**
 * The static payload types of RFC 3551 §6 (Table 4 audio, Table 5 video), in payload type order.
 * MPA (14) has no fixed channel count in the table, so `channels` is absent there.
 *
 * @example
 * ```ts
 * import { RTP_STATIC_PAYLOAD_FORMATS } from '@voip/rtp';
 * const names = RTP_STATIC_PAYLOAD_FORMATS.map((f) => f.encodingName);
 * ```
 */
export const RTP_STATIC_PAYLOAD_FORMATS: readonly StaticPayloadFormat[] = Object.freeze([
  audio(0, 'PCMU', 8000, 1),
  audio(3, 'GSM', 8000, 1),
  audio(4, 'G723', 8000, 1),
  audio(5, 'DVI4', 8000, 1),
  audio(6, 'DVI4', 16_000, 1),
  audio(7, 'LPC', 8000, 1),
  audio(8, 'PCMA', 8000, 1),
  // RFC 3551 §4.5.2: G.722 samples at 16 kHz but its RTP clock rate is 8000 for historical reasons.
  audio(9, 'G722', 8000, 1),
  audio(10, 'L16', 44_100, 2),
  audio(11, 'L16', 44_100, 1),
  audio(12, 'QCELP', 8000, 1),
  audio(13, 'CN', 8000, 1),
  audio(14, 'MPA', 90_000),
  audio(15, 'G728', 8000, 1),
  audio(16, 'DVI4', 11_025, 1),
  audio(17, 'DVI4', 22_050, 1),
  audio(18, 'G729', 8000, 1),
  video(25, 'CelB'),
  video(26, 'JPEG'),
  video(28, 'nv'),
  video(31, 'H261'),
  video(32, 'MPV'),
  Object.freeze({ payloadType: 33, encodingName: 'MP2T', clockRate: 90_000, media: 'audio/video' as const }),
  video(34, 'H263'),
]);

const BY_TYPE: ReadonlyMap<number, StaticPayloadFormat> = new Map(
  RTP_STATIC_PAYLOAD_FORMATS.map((f) => [f.payloadType, f]),
);

/**
 * Looks up a static payload type of RFC 3551 §6. Dynamic (96..127), reserved and unassigned numbers
 * give `undefined`: their meaning comes from SDP.
 * @param payloadType - the 7-bit RTP payload type.
 * @returns the table row, or `undefined`.
 * @example
 * ```ts
 * import { getStaticPayloadFormat } from '@voip/rtp';
 * getStaticPayloadFormat(8)?.clockRate; // 8000
 * ```
 */
export function getStaticPayloadFormat(payloadType: number): StaticPayloadFormat | undefined {
  return BY_TYPE.get(payloadType);
}
