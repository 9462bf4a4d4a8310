/**
 * The RTCP side of one {@link RtpCall}: per-source receiver statistics and sender statistics
 * (RFC 3550 §6.4, A.1, A.3, A.8), the periodic report timer (§6.2, §6.3), building SR/RR + SDES
 * CNAME (+ BYE) compounds (§6.1, §6.5.1, §6.6), and taking in the remote's reports.
 * Internal to the call; not exported from the package.
 * @module
 */
import type { RemoteBye, RemoteReceptionReport, RtpCallStatistics, RtpSourceStatistics } from './call-statistics.js';
import { safeLog, type RtpLogger } from '../transport/logger.js';
import type { MediaDescription } from './media-description.js';
import { ntpMiddle32, ntpTimestampFromUnixMs } from '../statistics/ntp-time.js';
import { clipUtf8 } from '../rtcp/rtcp-codec.js';
import { RtpReceiverStatistics } from '../statistics/receiver-statistics.js';
import { rtcpIntervalMs } from '../statistics/report-interval.js';
import { parseRtcpCompound, serializeRtcpCompound } from '../rtcp/rtcp-compound.js';
import type { RtcpPacket } from '../rtcp/rtcp-packet.js';
import type { RtcpReportBlock } from '../rtcp/rtcp-report-block.js';
import { RtcpSdesItemType } from '../rtcp/rtcp-source-description.js';
import type { RtpPacket } from '../packet/rtp-packet.js';
import type { RtpDeliveryOutcome } from '../transport/call-route.js';
import { RtpSenderStatistics } from '../statistics/sender-statistics.js';
import type { TransportAddress } from '../transport/transport.js';

/**
 * RTCP settings of a call (RFC 3550 §6.2, https://www.rfc-editor.org/rfc/rfc3550#section-6.2).
 * @example
 * ```ts
 * import type { RtpCallRtcpOptions } from '@voip/rtp';
 * const rtcp: RtpCallRtcpOptions = { minIntervalMs: 5000, sessionBandwidth: 64_000, cname: 'alice@example.com' };
 * ```
 */
export interface RtpCallRtcpOptions {
  /** Send periodic reports. Default true. BYE on hang-up is sent either way. */
  readonly enabled?: boolean;
  /** Minimum report interval in ms. Default 5000 (RFC 3550 §6.2); tests may use tens of ms. */
  readonly minIntervalMs?: number;
  /** Session bandwidth in bits/s; RTCP gets 5% of it (§6.2). Default 64000. */
  readonly sessionBandwidth?: number;
  /** SDES CNAME (§6.5.1). Default: a random identifier (RFC 7022 §4.2 short-term CNAME). */
  readonly cname?: string;
}

/** At most this many remote SSRCs are tracked per call, so a remote cannot grow our memory. */
const MAX_SOURCES = 32;
/** RFC 3550 §6.4.1: at most 31 report blocks in one SR/RR. */
const MAX_REPORT_BLOCKS = 31;
/** IPv4 + UDP header octets, counted in the average RTCP size (§6.3.1). */
const UDP_IP_OVERHEAD = 28;

interface Source {
  readonly ssrc: number;
  readonly clockRate: number;
  readonly stats: RtpReceiverStatistics;
  packets: number;
  ended: boolean;
  /** Heard from since our last report (RFC 3550 §6.3.3 `senders`, §6.4.1 report blocks). */
  heard: boolean;
}

type DropCounter = 'malformed' | 'authFailed' | 'latchRejected' | 'unexpected' | 'handlerErrors';

const DROP_COUNTER: Partial<Record<RtpDeliveryOutcome, DropCounter>> = {
  malformed: 'malformed',
  'auth-failed': 'authFailed',
  'latch-rejected': 'latchRejected',
  unexpected: 'unexpected',
  'handler-error': 'handlerErrors',
};

/** What {@link CallRtcp} needs from its call. */
export interface CallRtcpInit {
  readonly ssrc: number;
  readonly media: readonly MediaDescription[];
  readonly options: RtpCallRtcpOptions;
  /** Protects and sends one compound; false when there is no destination yet. */
  readonly send: (compound: Uint8Array) => boolean;
  readonly logger: RtpLogger;
}

/** RTCP state and statistics of one call. */
export class CallRtcp {
  readonly #ssrc: number;
  readonly #media: readonly MediaDescription[];
  readonly #send: (compound: Uint8Array) => boolean;
  readonly #logger: RtpLogger;
  readonly #enabled: boolean;
  readonly #minIntervalMs: number | undefined;
  readonly #rtcpBandwidth: number;
  readonly #cname: string;
  readonly #sendClockRate: number;
  readonly #sender: RtpSenderStatistics;
  readonly #sources = new Map<number, Source>();
  /** The source of the last RTP packet received: the next one is almost always from it too (no map lookup). */
  #lastSource: Source | undefined;
  readonly #drops: Record<DropCounter, number> = {
    malformed: 0,
    authFailed: 0,
    latchRejected: 0,
    unexpected: 0,
    handlerErrors: 0,
  };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  /** `tp` of RFC 3550 §6.3: when we last sent a report (or started), on the monotonic clock. */
  #lastReportAt = 0;
  #initial = true;
  /** Sent RTP since our last report. */
  #weSent = false;
  /** Sent RTP in the interval before that (RFC 3550 §6.4: SR when we sent in either of the two). */
  #weSentBefore = false;
  #averageRtcpSize = UDP_IP_OVERHEAD + 100;
  #packetsReceived = 0;
  #octetsReceived = 0;
  #rtcpSent = 0;
  #rtcpReceived = 0;
  #remoteReport: RemoteReceptionReport | undefined;
  #remoteBye: RemoteBye | undefined;
  #byeReceived = false;

  constructor(init: CallRtcpInit) {
    const { options } = init;
    this.#ssrc = init.ssrc;
    this.#media = init.media;
    this.#send = init.send;
    this.#logger = init.logger;
    this.#enabled = options.enabled ?? true;
    const minIntervalMs = options.minIntervalMs;
    if (minIntervalMs !== undefined && !(minIntervalMs > 0)) {
      throw new RangeError(`"rtcp.minIntervalMs" expected > 0, got ${minIntervalMs}`);
    }
    this.#minIntervalMs = minIntervalMs;
    const sessionBandwidth = options.sessionBandwidth ?? 64_000;
    if (!(sessionBandwidth > 0)) {
      throw new RangeError(`"rtcp.sessionBandwidth" expected > 0 bits/s, got ${sessionBandwidth}`);
    }
    // RFC 3550 §6.2: RTCP gets 5% of the session bandwidth; bits/s to octets/s.
    this.#rtcpBandwidth = (sessionBandwidth * 0.05) / 8;
    this.#cname = options.cname ?? `${randomHex(8)}@voip`;
    this.#sendClockRate = init.media[0]?.clockRate ?? 8000;
    this.#sender = new RtpSenderStatistics({ ssrc: init.ssrc, clockRate: this.#sendClockRate });
  }

  /** Starts the report timer (first report after half the interval, §6.2). Idempotent. */
  start(): void {
    if (this.#enabled && !this.#running) {
      this.#running = true;
      // RFC 3550 §6.3.2: tp = tc (no report yet), tn = tc + T.
      this.#lastReportAt = performance.now();
      this.#armTimer(this.#interval());
    }
  }

  /** Stops the report timer. */
  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  /** A fresh randomised interval T for the session as it is now (RFC 3550 A.7 `rtcp_interval`). */
  #interval(): number {
    return rtcpIntervalMs({
      members: 1 + Math.max(1, this.#sources.size),
      senders: (this.#weSent ? 1 : 0) + this.#heardCount(),
      rtcpBandwidth: this.#rtcpBandwidth,
      weSent: this.#weSent,
      averageRtcpSize: this.#averageRtcpSize,
      initial: this.#initial,
      minIntervalMs: this.#minIntervalMs,
    });
  }

  #armTimer(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#expired();
    }, Math.max(0, ms));
    // The socket keeps the process alive while it is open; the report timer alone must not.
    this.#timer.unref?.();
  }

  /**
   * The report timer expired (RFC 3550 §6.3.6 and A.7 `OnExpire`), with timer reconsideration (§6.3.3):
   * draw a new interval T; send only if tp + T is already past, else wait until tp + T. The interval's
   * e − 3/2 compensation (§6.3.1) is exactly what makes the mean spacing of reports come out at the
   * deterministic interval with this rule (5 s for a two-party call at the minimum).
   */
  #expired(): void {
    const now = performance.now();
    const interval = this.#interval();
    if (this.#lastReportAt + interval > now) {
      this.#armTimer(this.#lastReportAt + interval - now);
      return;
    }
    try {
      this.sendReport(undefined);
    } catch (error) {
      safeLog(this.#logger, 'error', 'could not send RTCP report', { ssrc: this.#ssrc, error });
    }
    this.#lastReportAt = now;
    // The report may have reached code that stopped the call (a loopback transport, a hook).
    if (this.#running) {
      this.#armTimer(this.#interval());
    }
  }

  /** How many sources we heard from since our last report (a flag per source: no Set per call). */
  #heardCount(): number {
    let n = 0;
    for (const source of this.#sources.values()) {
      n += source.heard ? 1 : 0;
    }
    return n;
  }

  /** Counts one dropped datagram; returns the counter's new value. */
  count(outcome: RtpDeliveryOutcome): number {
    const counter = DROP_COUNTER[outcome];
    return counter === undefined ? 0 : ++this.#drops[counter];
  }

  /** Records one RTP packet we sent. */
  sent(packet: { readonly timestamp: number; readonly payload: Uint8Array }, nowMs: number): void {
    this.#sender.sent(packet, nowMs);
    this.#weSent = true;
  }

  /** Records one RTP packet received (RFC 3550 A.1, A.8). */
  received(packet: RtpPacket, nowMs: number): void {
    this.#packetsReceived++;
    this.#octetsReceived += packet.payload.length;
    let source = this.#lastSource;
    if (source === undefined || source.ssrc !== packet.ssrc) {
      source = this.#sources.get(packet.ssrc);
    }
    if (source === undefined) {
      if (this.#sources.size >= MAX_SOURCES) {
        return;
      }
      const clockRate = this.#media.find((m) => m.payloadType === packet.payloadType)?.clockRate ?? this.#sendClockRate;
      source = {
        ssrc: packet.ssrc,
        clockRate,
        stats: new RtpReceiverStatistics({ clockRate, ssrc: packet.ssrc }),
        packets: 0,
        ended: false,
        heard: false,
      };
      this.#sources.set(packet.ssrc, source);
    }
    this.#lastSource = source;
    source.packets++;
    source.stats.receive(packet, nowMs);
    source.heard = true;
  }

  /** Parses a (decrypted) RTCP compound leniently; undefined when malformed. */
  parse(bytes: Uint8Array): RtcpPacket[] | undefined {
    try {
      // Lenient (§6.1 checks off): real peers send non-compound feedback (RFC 5506) and odd orders.
      return parseRtcpCompound(bytes, { strict: false });
    } catch {
      return undefined;
    }
  }

  /** Takes in the remote's RTCP: SRs for LSR/DLSR (A.8, §6.4.1), report blocks about us, BYE (§6.6). */
  rtcpReceived(packets: readonly RtcpPacket[], nowMs: number): void {
    this.#rtcpReceived++;
    for (const packet of packets) {
      switch (packet.type) {
        case 'SR':
          this.#sources.get(packet.ssrc)?.stats.senderReportReceived(packet, nowMs);
          this.#reportBlocksReceived(packet.ssrc, packet.reports, nowMs);
          break;
        case 'RR':
          this.#reportBlocksReceived(packet.ssrc, packet.reports, nowMs);
          break;
        case 'BYE':
          if (packet.ssrcs.includes(this.#ssrc)) {
            // Our own SSRC coming back (a reflected or looped packet): nobody left.
            break;
          }
          this.#byeReceived = true;
          for (const ssrc of packet.ssrcs) {
            const source = this.#sources.get(ssrc);
            if (source !== undefined) {
              source.ended = true;
            }
          }
          this.#remoteBye = { ssrcs: [...packet.ssrcs], reason: packet.reason };
          safeLog(this.#logger, 'debug', 'RTCP BYE received', { ssrc: this.#ssrc, bye: this.#remoteBye });
          break;
        default:
          break;
      }
    }
  }

  /**
   * Whether the remote has left (RFC 3550 §6.6): a BYE arrived that does not name our own SSRC, and every
   * remote source heard from so far has sent a BYE (so a BYE for an old SSRC while a new one talks does
   * not end the call).
   */
  remoteHasLeft(): boolean {
    if (!this.#byeReceived) {
      return false;
    }
    for (const source of this.#sources.values()) {
      if (!source.ended) {
        return false;
      }
    }
    return true;
  }

  /** The remote's last BYE (its SSRCs and reason), if any. */
  get remoteBye(): RemoteBye | undefined {
    return this.#remoteBye;
  }

  #reportBlocksReceived(reporterSsrc: number, reports: readonly RtcpReportBlock[], nowMs: number): void {
    for (const block of reports) {
      if (block.ssrc === this.#ssrc) {
        // RFC 3550 §6.4.1: RTT = A − LSR − DLSR, in 1/65536 s, when the remote has seen one of our SRs.
        let roundTripTimeMs: number | undefined;
        if (block.lastSenderReport !== 0) {
          const arrival = ntpMiddle32(ntpTimestampFromUnixMs(nowMs));
          const rtt = (arrival - block.lastSenderReport - block.delaySinceLastSenderReport) | 0;
          roundTripTimeMs = (Math.max(0, rtt) / 65536) * 1000;
        }
        this.#remoteReport = {
          roundTripTimeMs,
          reporterSsrc,
          fractionLost: block.fractionLost / 256,
          cumulativeLost: block.cumulativeLost,
          highestSequence: block.highestSequence,
          jitter: block.jitter,
          jitterMs: (block.jitter / this.#sendClockRate) * 1000,
          receivedAtMs: nowMs,
        };
      }
    }
  }

  /**
   * Builds and sends one compound: SR if we sent RTP since the report before last, else RR (§6.4), then SDES
   * CNAME (§6.1 requires it in every compound), then BYE when `bye` is given (§6.6). A BYE goes out at
   * once, without the BYE back-off of §6.3.7, which the RFC waives for sessions of fewer than 50 members:
   * a call tracks at most 32 remote sources, so its session never reaches 50.
   * @returns False when there was no destination.
   */
  sendReport(bye: { readonly reason: string | undefined } | undefined): boolean {
    const nowMs = wallClockMs();
    const blocks: RtcpReportBlock[] = [];
    for (const source of this.#sources.values()) {
      // §6.4.1: one block per source we received RTP from since our last report.
      if (!source.ended && source.heard && blocks.length < MAX_REPORT_BLOCKS) {
        blocks.push(source.stats.reportBlock(nowMs));
      }
    }
    const packets: RtcpPacket[] = [
      this.#weSent || this.#weSentBefore
        ? this.#sender.senderReport(nowMs, blocks)
        : { type: 'RR', ssrc: this.#ssrc, reports: blocks },
      { type: 'SDES', chunks: [{ ssrc: this.#ssrc, items: [{ type: RtcpSdesItemType.CNAME, text: this.#cname }] }] },
    ];
    if (bye !== undefined) {
      const reason = bye.reason === undefined ? undefined : clipUtf8(bye.reason, 255).text;
      packets.push(reason === undefined ? { type: 'BYE', ssrcs: [this.#ssrc] } : { type: 'BYE', ssrcs: [this.#ssrc], reason });
    }
    const compound = serializeRtcpCompound(packets);
    if (!this.#send(compound)) {
      return false;
    }
    this.#rtcpSent++;
    this.#initial = false;
    this.#weSentBefore = this.#weSent;
    this.#weSent = false;
    for (const source of this.#sources.values()) {
      source.heard = false;
    }
    // §6.3.3: avg_rtcp_size = 1/16 * packet_size + 15/16 * avg_rtcp_size.
    this.#averageRtcpSize = (compound.length + UDP_IP_OVERHEAD) / 16 + (15 / 16) * this.#averageRtcpSize;
    return true;
  }

  /** The call's statistics snapshot. */
  statistics(latchedAddress: TransportAddress | undefined): RtpCallStatistics {
    const sources: RtpSourceStatistics[] = [];
    let main: RtpSourceStatistics | undefined;
    let mainPackets = -1;
    let packetsLost = 0;
    for (const source of this.#sources.values()) {
      const { stats } = source;
      const entry: RtpSourceStatistics = {
        ssrc: source.ssrc,
        packetsReceived: source.packets,
        packetsLost: stats.packetsLost,
        extendedHighestSequence: stats.extendedHighestSequence,
        jitter: stats.jitter,
        jitterMs: (stats.jitter / source.clockRate) * 1000,
        ended: source.ended,
      };
      sources.push(entry);
      packetsLost += entry.packetsLost;
      if (source.packets > mainPackets) {
        main = entry;
        mainPackets = source.packets;
      }
    }
    return {
      ssrc: this.#ssrc,
      packetsSent: this.#sender.packetsSent,
      octetsSent: this.#sender.octetsSent,
      packetsReceived: this.#packetsReceived,
      octetsReceived: this.#octetsReceived,
      packetsLost,
      jitter: main?.jitter ?? 0,
      jitterMs: main?.jitterMs ?? 0,
      rtcpSent: this.#rtcpSent,
      rtcpReceived: this.#rtcpReceived,
      ...this.#drops,
      latchedAddress,
      sources,
      remoteReport: this.#remoteReport,
      remoteBye: this.#remoteBye,
    };
  }
}

/** Wall-clock milliseconds with sub-millisecond resolution (for jitter and NTP timestamps). */
export function wallClockMs(): number {
  return TIME_ORIGIN_MS + performance.now();
}

/** `performance.timeOrigin`, read once: the getter makes a new number object on every read. */
const TIME_ORIGIN_MS = performance.timeOrigin;

/** A random 32-bit value from the platform CSPRNG (SSRCs must be unpredictable, RFC 3550 §8.1). */
export function randomUint32(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}

function randomHex(bytes: number): string {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
}
