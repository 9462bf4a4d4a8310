/**
 * @voip/rtp: RTP and RTCP packets (RFC 3550, RFC 8285, RFC 4585, RFC 5104), RTCP statistics, and a
 * multiplexer serving many calls on one UDP socket.
 * @module
 */
export { RtpError, isRtpError, CodecNegotiationError, isCodecNegotiationError } from './errors.js';
export type { RtpErrorCode, CodecNegotiationErrorCode } from './errors.js';
export {
  RTP_FIXED_HEADER_LENGTH,
  parseRtpPacket,
  rtpPacketByteLength,
  serializeRtpPacketInto,
  serializeRtpPacket,
} from './packet/rtp-packet.js';
export type { RtpHeaderExtension, RtpPacket, RtpPacketInit } from './packet/rtp-packet.js';
export { cloneRtpPacket } from './packet/clone-rtp-packet.js';
export {
  ONE_BYTE_EXTENSION_PROFILE,
  TWO_BYTE_EXTENSION_PROFILE,
  headerExtensionForm,
  parseHeaderExtensionElements,
  getHeaderExtensionElement,
  buildHeaderExtension,
  setHeaderExtensionElement,
  removeHeaderExtensionElement,
} from './packet/header-extension.js';
export type { RtpHeaderExtensionElement } from './packet/header-extension.js';
export { RtpPayloadType, RTP_STATIC_PAYLOAD_FORMATS, getStaticPayloadFormat } from './packet/payload-type.js';
export type { StaticPayloadFormat } from './packet/payload-type.js';
export { RTP_MIN_LENGTH, RTCP_MIN_LENGTH, isRtpOrRtcp, isRtcpPacket, isRtpPacket } from './packet/demux.js';
export { RTCP_REPORT_BLOCK_LENGTH } from './rtcp/rtcp-report-block.js';
export type { RtcpReportBlock } from './rtcp/rtcp-report-block.js';
export type { RtcpPacketCommon } from './rtcp/rtcp-codec.js';
export type { RtcpSenderReport } from './rtcp/rtcp-sender-report.js';
export type { RtcpReceiverReport } from './rtcp/rtcp-receiver-report.js';
export { RtcpSdesItemType } from './rtcp/rtcp-source-description.js';
export type { RtcpSourceDescription, RtcpSdesChunk, RtcpSdesItem } from './rtcp/rtcp-source-description.js';
export type { RtcpBye } from './rtcp/rtcp-bye.js';
export type { RtcpApp } from './rtcp/rtcp-app.js';
export { nackSequenceNumbers, nackItemsFor } from './rtcp/rtcp-generic-nack.js';
export type { RtcpGenericNack, RtcpNackItem } from './rtcp/rtcp-generic-nack.js';
export type { RtcpPictureLossIndication } from './rtcp/rtcp-picture-loss-indication.js';
export type { RtcpFullIntraRequest, RtcpFirEntry } from './rtcp/rtcp-full-intra-request.js';
export type { RtcpUnknown } from './rtcp/rtcp-unknown.js';
export {
  RtcpPacketType,
  readRtcpPacket,
  parseRtcpPacket,
  rtcpPacketByteLength,
  serializeRtcpPacketInto,
  serializeRtcpPacket,
} from './rtcp/rtcp-packet.js';
export type { RtcpPacket } from './rtcp/rtcp-packet.js';
export {
  parseRtcpCompound,
  rtcpCompoundByteLength,
  serializeRtcpCompoundInto,
  serializeRtcpCompound,
} from './rtcp/rtcp-compound.js';
export type { ParseRtcpCompoundOptions } from './rtcp/rtcp-compound.js';
export { MIN_SEQUENTIAL, MAX_DROPOUT, MAX_MISORDER, RtpSequenceTracker } from './statistics/sequence.js';
export { RtpReceiverStatistics } from './statistics/receiver-statistics.js';
export type { RtpReceiverStatisticsOptions, RtpReceivedPacketInfo } from './statistics/receiver-statistics.js';
export { RtpSenderStatistics } from './statistics/sender-statistics.js';
export type { RtpSenderStatisticsOptions } from './statistics/sender-statistics.js';
export {
  NTP_UNIX_EPOCH_OFFSET_SECONDS,
  ntpTimestampFromUnixMs,
  unixMsFromNtpTimestamp,
  ntpMiddle32,
} from './statistics/ntp-time.js';

// --- multiplexer and calls ---
export type { TransportAddress, DatagramHandler, DatagramTransport } from './transport/transport.js';
export type { SrtpUnprotectResult, SrtpUnprotectIntoResult, SrtpSendContext, SrtpReceiveContext } from './call/srtp-context.js';
export { normalizeIpAddress, transportAddressKey } from './transport/address-key.js';
export { SILENT_LOGGER } from './transport/logger.js';
export type { RtpLogger } from './transport/logger.js';
export { RtpMultiplexer } from './transport/multiplexer.js';
export type { RtpMultiplexerOptions, RtpMultiplexerStats } from './transport/multiplexer.js';
export { RtpCall } from './call/rtp-call.js';
export type {
  CallSignalling,
  CallSignallingFunction,
  RtpCallDtmfOptions,
  RtpCallEnd,
  RtpCallOptions,
  RtpSendPacket,
} from './call/rtp-call.js';
export type { RtpCallRtcpOptions } from './call/call-rtcp.js';
export type { RtpLatching } from './call/source-latch.js';
export type { RtpDeliveryOutcome, RtpRoutedCall } from './transport/call-route.js';
export type {
  RtpCallStatistics,
  RtpSourceStatistics,
  RemoteReceptionReport,
  RemoteBye,
} from './call/call-statistics.js';
export { formatRtpmap } from './call/media-description.js';
export type { MediaDescription, CallerId, SdpFormats } from './call/media-description.js';
export { RTCP_MIN_INTERVAL_MS, rtcpIntervalMs } from './statistics/report-interval.js';
export type { RtcpIntervalInput } from './statistics/report-interval.js';

// --- RFC 4733 telephone events (DTMF) ---
export { DTMF_DIGITS, dtmfEventCode, dtmfDigit } from './dtmf/dtmf-digit.js';
export type { DtmfDigit } from './dtmf/dtmf-digit.js';
export {
  TELEPHONE_EVENT_LENGTH,
  TELEPHONE_EVENT_MAX_DURATION,
  parseTelephoneEvent,
  parseTelephoneEvents,
  telephoneEventByteLength,
  serializeTelephoneEventInto,
  serializeTelephoneEvent,
} from './dtmf/telephone-event.js';
export type { TelephoneEvent, TelephoneEventInit } from './dtmf/telephone-event.js';
export { DtmfSender } from './dtmf/dtmf-sender.js';
export type { DtmfSenderOptions, DtmfPlannedPacket, DtmfPlan } from './dtmf/dtmf-sender.js';
export { DtmfReceiver } from './dtmf/dtmf-receiver.js';
export type {
  DtmfPayloadFormat,
  DtmfDigitStart,
  DtmfDigitEnd,
  DtmfEndReason,
  DtmfReceivedPacket,
  DtmfReceiveOutcome,
  DtmfReceiveResult,
  DtmfReceiverStats,
  DtmfReceiverOptions,
} from './dtmf/dtmf-receiver.js';
