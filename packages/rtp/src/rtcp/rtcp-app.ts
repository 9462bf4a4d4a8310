/**
 * RTCP application-defined packet (APP, packet type 204), RFC 3550 §6.7 (https://www.rfc-editor.org/rfc/rfc3550#section-6.7).
 *
 * ```text
 * |V=2|P| subtype |   PT=APP=204  |             length            |
 * |                           SSRC/CSRC                           |
 * |                          name (ASCII)                         |
 * |                   application-dependent data ...              |
 * ```
 * @module
 */
import { RtpError } from '../errors.js';
import { checkUint, type RtcpBodyCodec, type RtcpPacketCommon } from './rtcp-codec.js';

/**
 * An RTCP APP packet (RFC 3550 §6.7).
 *
 * @example
 * ```ts
 * import type { RtcpApp } from '@voip/rtp';
 * const app: RtcpApp = { type: 'APP', subtype: 0, ssrc: 1, name: 'TEST', data: new Uint8Array(4) };
 * ```
 */
export interface RtcpApp extends RtcpPacketCommon {
  readonly type: 'APP';
  /** 5-bit subtype. */
  readonly subtype: number;
  /** SSRC or CSRC of the sender. */
  readonly ssrc: number;
  /** Four ASCII characters naming the application. */
  readonly name: string;
  /** Application-dependent data, a multiple of 4 bytes with the padding (a view when parsed). */
  readonly data: Uint8Array;
}

/** @internal Body codec of APP. */
export const appCodec: RtcpBodyCodec<RtcpApp> = {
  count: (p) => p.subtype,
  bodyLength: (p) => 8 + p.data.length,
  check(p) {
    checkUint('subtype', p.subtype, 5);
    checkUint('ssrc', p.ssrc, 32);
    // eslint-disable-next-line no-control-regex -- four octets; parsed non-ASCII octets come back as Latin-1
    if (p.name.length !== 4 || !/^[\x00-\xff]{4}$/.test(p.name)) {
      throw new RangeError(`"name" expected 4 ASCII (or Latin-1) characters, got ${JSON.stringify(p.name)}`);
    }
  },
  write(p, out, view, o) {
    view.setUint32(o, p.ssrc);
    for (let i = 0; i < 4; i++) {
      out[o + 4 + i] = p.name.charCodeAt(i);
    }
    out.set(p.data, o + 8);
  },
  read(bytes, view, start, end, count) {
    if (start + 8 > end) {
      throw new RtpError('BAD_RTCP_PACKET', `APP needs 8 body bytes, has ${end - start}`, start);
    }
    let name = '';
    for (let i = 0; i < 4; i++) {
      // Non-ASCII octets are kept as Latin-1 code points so the packet still round-trips.
      name += String.fromCharCode(bytes[start + 4 + i] as number);
    }
    return { type: 'APP', subtype: count, ssrc: view.getUint32(start), name, data: bytes.subarray(start + 8, end) };
  },
};
