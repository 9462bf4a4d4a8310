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
export { RTCP_REPORT_BLOCK_LENGTH } from './rtcp-report-block.js';
export type { RtcpReportBlock } from './rtcp-report-block.js';
export type { RtcpPacketCommon } from './internal/rtcp-codec.js';
export type { RtcpSenderReport } from './rtcp-sender-report.js';
export type { RtcpReceiverReport } from './rtcp-receiver-report.js';
export { RtcpSdesItemType } from './rtcp-source-description.js';
export type { RtcpSourceDescription, RtcpSdesChunk, RtcpSdesItem } from './rtcp-source-description.js';
export type { RtcpBye } from './rtcp-bye.js';
export type { RtcpApp } from './rtcp-app.js';
export { nackSequenceNumbers, nackItemsFor } from './rtcp-generic-nack.js';
export type { RtcpGenericNack, RtcpNackItem } from './rtcp-generic-nack.js';
export type { RtcpPictureLossIndication } from './rtcp-picture-loss-indication.js';
export type { RtcpFullIntraRequest, RtcpFirEntry } from './rtcp-full-intra-request.js';
export type { RtcpUnknown } from './rtcp-unknown.js';
export {
  RtcpPacketType,
  readRtcpPacket,
  parseRtcpPacket,
  rtcpPacketByteLength,
  serializeRtcpPacketInto,
  serializeRtcpPacket,
} from './rtcp-packet.js';
export type { RtcpPacket } from './rtcp-packet.js';
export {
  parseRtcpCompound,
  rtcpCompoundByteLength,
  serializeRtcpCompoundInto,
  serializeRtcpCompound,
} from './rtcp-compound.js';
export type { ParseRtcpCompoundOptions } from './rtcp-compound.js';
export { MIN_SEQUENTIAL, MAX_DROPOUT, MAX_MISORDER, RtpSequenceTracker } from './sequence.js';
export { RtpReceiverStatistics } from './receiver-statistics.js';
export type { RtpReceiverStatisticsOptions, RtpReceivedPacketInfo } from './receiver-statistics.js';
export { RtpSenderStatistics } from './sender-statistics.js';
export type { RtpSenderStatisticsOptions } from './sender-statistics.js';
export {
  NTP_UNIX_EPOCH_OFFSET_SECONDS,
  ntpTimestampFromUnixMs,
  unixMsFromNtpTimestamp,
  ntpMiddle32,
} from './ntp-time.js';

// --- multiplexer and calls ---
export type { TransportAddress, DatagramHandler, DatagramTransport } from './transport.js';
export type { SrtpUnprotectResult, SrtpSendContext, SrtpReceiveContext } from './srtp-context.js';
export { normalizeIpAddress, transportAddressKey } from './address-key.js';
export { SILENT_LOGGER } from './logger.js';
export type { RtpLogger } from './logger.js';
export { RtpMultiplexer } from './multiplexer.js';
export type { RtpMultiplexerOptions, RtpMultiplexerCounters } from './multiplexer.js';
export { RtpCall } from './rtp-call.js';
export type {
  RtpCallEnd,
  RtpCallOptions,
  RtpCallRtcpOptions,
  RtpDeliveryOutcome,
  RtpLatching,
  RtpSendPacket,
} from './rtp-call-options.js';
export type {
  RtpCallStatistics,
  RtpSourceStatistics,
  RemoteReceptionReport,
  RemoteBye,
} from './call-statistics.js';
export { formatRtpmap } from './media-description.js';
export type { MediaDescription, CallerId, SdpFormats } from './media-description.js';
export { CodecNegotiationError, isCodecNegotiationError } from './call-signalling.js';
export type { CallSignalling, CallSignallingFunction, CodecNegotiationErrorCode } from './call-signalling.js';
export { RTCP_MIN_INTERVAL_MS, rtcpIntervalMs } from './report-interval.js';
export type { RtcpIntervalInput } from './report-interval.js';
