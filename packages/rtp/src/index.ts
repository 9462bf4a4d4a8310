/**
 * @voip/rtp: RTP and RTCP packets (RFC 3550, RFC 8285, RFC 4585, RFC 5104), RTCP statistics, and a
 * multiplexer serving many calls on one UDP socket.
 * @module
 */
export { RtpError, isRtpError } from './errors.js';
export type { RtpErrorCode } from './errors.js';
export {
  RTP_FIXED_HEADER_LENGTH,
  parseRtpPacket,
  rtpPacketByteLength,
  serializeRtpPacketInto,
  serializeRtpPacket,
} from './rtp-packet.js';
export type { RtpHeaderExtension, RtpPacket, RtpPacketInit } from './rtp-packet.js';
export {
  ONE_BYTE_EXTENSION_PROFILE,
  TWO_BYTE_EXTENSION_PROFILE,
  headerExtensionForm,
  parseHeaderExtensionElements,
  getHeaderExtensionElement,
  buildHeaderExtension,
  setHeaderExtensionElement,
  removeHeaderExtensionElement,
} from './header-extension.js';
export type { RtpHeaderExtensionElement } from './header-extension.js';
export { RtpPayloadType, RTP_STATIC_PAYLOAD_FORMATS, getStaticPayloadFormat } from './payload-type.js';
export type { StaticPayloadFormat } from './payload-type.js';
export { RTP_MIN_LENGTH, RTCP_MIN_LENGTH, isRtpOrRtcp, isRtcpPacket, isRtpPacket } from './demux.js';

// --- multiplexer and calls ---
export type { TransportAddress, DatagramHandler, DatagramTransport } from './transport.js';
export type { SrtpUnprotectResult, SrtpSendContext, SrtpReceiveContext } from './srtp-context.js';
