/**
 * RTCP payload-specific feedback: picture loss indication (packet type 206 PSFB, FMT 1), RFC 4585
 * §6.3.1 (https://www.rfc-editor.org/rfc/rfc4585#section-6.3.1).
 *
 * ```text
 * |V=2|P| FMT=1   |   PT=206      |          length=2             |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * ```
 * @module
 */
import { RtpError } from '../errors.js';
import { checkUint, type RtcpBodyCodec, type RtcpPacketCommon } from './rtcp-codec.js';

/**
 * A picture loss indication (RFC 4585 §6.3.1): no FCI.
 *
 * @example
 * ```ts
 * import type { RtcpPictureLossIndication } from '@voip/rtp';
 * const pli: RtcpPictureLossIndication = { type: 'PLI', senderSsrc: 1, mediaSsrc: 2 };
 * ```
 */
export interface RtcpPictureLossIndication extends RtcpPacketCommon {
  readonly type: 'PLI';
  /** SSRC of the packet sender. */
  readonly senderSsrc: number;
  /** SSRC of the media source that should send a key frame. */
  readonly mediaSsrc: number;
}

/** @internal Body codec of PLI. */
export const pictureLossIndicationCodec: RtcpBodyCodec<RtcpPictureLossIndication> = {
  count: () => 1,
  bodyLength: () => 8,
  check(p) {
    checkUint('senderSsrc', p.senderSsrc, 32);
    checkUint('mediaSsrc', p.mediaSsrc, 32);
  },
  write(p, _out, view, o) {
    view.setUint32(o, p.senderSsrc);
    view.setUint32(o + 4, p.mediaSsrc);
  },
  read(_bytes, view, start, end) {
    // RFC 4585 §6.3.1: "PLI does not require parameters", so the FCI is empty.
    if (end - start !== 8) {
      throw new RtpError('BAD_RTCP_PACKET', `PLI body must be 8 bytes, got ${end - start}`, start);
    }
    return { type: 'PLI', senderSsrc: view.getUint32(start), mediaSsrc: view.getUint32(start + 4) };
  },
};
