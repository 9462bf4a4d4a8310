/**
 * What a call needs from the negotiated SDP (RFC 4566 §5.14 `m=` line, §6 `a=rtpmap`, RFC 5761 §5.1
 * `a=rtcp-mux`, RFC 3605 `a=rtcp`), and who is calling. The SIP/SDP layer fills these in; this package
 * parses no SDP. https://www.rfc-editor.org/rfc/rfc4566#section-6, https://www.rfc-editor.org/rfc/rfc5761#section-5.1
 * @module
 */

/**
 * One payload format a call can receive, with the remote media endpoint it was negotiated for.
 * A call carrying several formats (say PCMU and telephone-event) holds one description per format;
 * the first one names the remote endpoint.
 *
 * @example
 * ```ts
 * import type { MediaDescription } from '@voip/rtp';
 * const pcmu: MediaDescription = {
 *   payloadType: 0, encodingName: 'PCMU', clockRate: 8000,
 *   remoteAddress: '192.0.2.10', remotePort: 40000, rtcpMux: false,
 * };
 * ```
 */
export interface MediaDescription {
  /** RTP payload type, 0..127 (RFC 3551 §6 static, 96..127 dynamic). */
  readonly payloadType: number;
  /** Encoding name as in `a=rtpmap`, e.g. `PCMU`, `opus`, `telephone-event`. */
  readonly encodingName: string;
  /** RTP clock rate in Hz, e.g. 8000, 48000. */
  readonly clockRate: number;
  /** Audio channels when the rtpmap gives them (`opus/48000/2`). */
  readonly channels?: number;
  /** The remote `c=` address, a literal IP. Unknown when the INVITE carried no SDP. */
  readonly remoteAddress?: string;
  /** The remote `m=` port. */
  readonly remotePort?: number;
  /** The remote RTCP port from `a=rtcp` (RFC 3605); default remote port + 1 (RFC 3550 §11). */
  readonly remoteRtcpPort?: number;
  /** `a=rtcp-mux` was agreed: RTCP shares the RTP port (RFC 5761 §5.1.1). Default false. */
  readonly rtcpMux?: boolean;
}

/**
 * Who is calling, as the signalling layer reports it (the SIP `From` header's display name and URI).
 *
 * @example
 * ```ts
 * import type { CallerId } from '@voip/rtp';
 * const caller: CallerId = { displayName: 'Alice', uri: 'sip:alice@example.com' };
 * ```
 */
export interface CallerId {
  /** Display name, if any. */
  readonly displayName?: string;
  /** The caller's URI, e.g. `sip:alice@example.com` or `tel:+15551234567`. */
  readonly uri: string;
}

/**
 * The SDP lines a call contributes to its answer: the `m=` format list and one rtpmap per format.
 * @example
 * ```ts
 * import type { SdpFormats } from '@voip/rtp';
 * const f: SdpFormats = { formats: [0], rtpmaps: ['a=rtpmap:0 PCMU/8000'] };
 * ```
 */
export interface SdpFormats {
  /** Payload types for the `m=` line, in preference order. */
  readonly formats: readonly number[];
  /** `a=rtpmap:` attribute lines, e.g. `a=rtpmap:111 opus/48000/2` (RFC 4566 §6). */
  readonly rtpmaps: readonly string[];
}

/**
 * Formats the `a=rtpmap` value of one description (RFC 4566 §6): `<pt> <name>/<rate>[/<channels>]`.
 *
 * @param media - The payload format.
 * @returns E.g. `0 PCMU/8000` or `111 opus/48000/2`.
 * @throws {RangeError} When the payload type is outside 0..127 or the clock rate is not a positive integer.
 * @example
 * ```ts
 * import { formatRtpmap } from '@voip/rtp';
 * formatRtpmap({ payloadType: 111, encodingName: 'opus', clockRate: 48000, channels: 2 }); // '111 opus/48000/2'
 * ```
 */
export function formatRtpmap(media: MediaDescription): string {
  validateMediaDescription(media);
  const channels = media.channels !== undefined && media.channels !== 1 ? `/${media.channels}` : '';
  return `${media.payloadType} ${media.encodingName}/${media.clockRate}${channels}`;
}

/**
 * Checks the fields a call relies on.
 * @throws {RangeError} Worded like `"payloadType" expected 0..127, got 200`.
 * @internal
 */
export function validateMediaDescription(media: MediaDescription): void {
  const { payloadType, clockRate, remotePort, remoteRtcpPort } = media;
  if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) {
    throw new RangeError(`"payloadType" expected 0..127, got ${payloadType}`);
  }
  if (!Number.isInteger(clockRate) || clockRate <= 0) {
    throw new RangeError(`"clockRate" expected a positive integer, got ${clockRate}`);
  }
  for (const [name, port] of [
    ['remotePort', remotePort],
    ['remoteRtcpPort', remoteRtcpPort],
  ] as const) {
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      throw new RangeError(`"${name}" expected 1..65535, got ${port}`);
    }
  }
}
