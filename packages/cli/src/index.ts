/**
 * `@voip/cli`: the `voip` command line (demo, STUN client and server, SRTP decrypt/encrypt of captures,
 * RTP stream statistics) and the building blocks it is made of, usable from code: run the CLI
 * in-process, read and write classic pcap, G.711, WAV.
 * @module
 */
export { runCli, COMMANDS } from './main.js';
export type { CliCommand } from './command.js';
export { captureIo } from './io.js';
export type { CliIo, CapturedIo, TextSink } from './io.js';
export { CliError, CliUsageError, isCliError, isCliUsageError, escapeControlCharacters } from './errors.js';
export type { CliErrorCode } from './errors.js';

export { runDemo } from './demo/run-demo.js';
export type { DemoOptions, DemoProgress, DemoDirection, DemoRecording, DemoReport } from './demo/run-demo.js';
export type { G711Law } from './demo/demo-types.js';
export { expectedLoss } from './demo/expected-loss.js';
export type { ExpectedLoss } from './demo/expected-loss.js';
export { rtpStreamStats } from './commands/rtp-stats.js';
export type { RtpStreamStats } from './commands/rtp-stats.js';
export { SrtpTranscoder } from './srtp-transcoder.js';
export type { SrtpTranscoderOptions, TranscodeResult, RtcpRule, SsrcCounts, UntrackedCounts } from './srtp-transcoder.js';
export { parseKeySpec, IMPLEMENTED_SUITES } from './key-spec.js';

export {
  LinkType,
  PcapParser,
  readPcapFile,
  parsePcapHeader,
  serializePcapHeader,
  serializePcapRecord,
} from './pcap/pcap-file.js';
export type { PcapHeader, PcapRecord, ReadPcapOptions, PcapStreamSource } from './pcap/pcap-file.js';
export { PcapngParser } from './pcap/pcapng.js';
export { PcapWriter } from './pcap/pcap-writer.js';
export { decodeUdpFrame, replaceUdpPayload, buildUdpFrame, maxUdpPayload } from './pcap/udp-frame.js';
export type { UdpDatagram, FrameDecode, SkipReason, UdpEndpoints } from './pcap/udp-frame.js';

export { synthesizeDemoAudio, DEMO_SAMPLE_RATE } from './demo-audio.js';
export { parseHexLines, toHex } from './hex-io.js';
export type { HexLine } from './hex-io.js';
