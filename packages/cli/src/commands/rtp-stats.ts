/**
 * `voip rtp stats <capture.pcap>`: one row per RTP stream, like `tshark -q -z rtp,streams`: packets,
 * loss (RFC 3550 A.3), sequence errors, interarrival delta and jitter (RFC 3550 §6.4.1, A.8) with
 * capture timestamps as arrival times and the payload type's clock rate (RFC 3551 §6).
 * @module
 */
import { getStaticPayloadFormat, parseRtpPacket, type RtpPacket } from '@voip/rtp';
import { parseCommandArgs, numberOption } from '../args.js';
import type { CliCommand } from '../command.js';
import { CliUsageError, escapeControlCharacters } from '../errors.js';
import type { CliIo } from '../io.js';
import { readPcapFile, type PcapStreamSource } from '../pcap/pcap-file.js';
import { decodeUdpFrame, describeSkips, type SkipReason } from '../pcap/udp-frame.js';
import { ProgressLine, formatBar, formatBytes } from '../progress.js';
import { RtpStreamTiming } from '../rtp-stream-timing.js';

const OPTIONS = {
  json: { type: 'boolean' },
  'clock-rate': { type: 'string', multiple: true },
  'min-packets': { type: 'string' },
  'max-streams': { type: 'string' },
} as const;

/** Default of `--max-streams` and of `maxStreams` in {@link rtpStreamStats}. */
const DEFAULT_MAX_STREAMS = 1024;
/** Distinct untracked streams counted exactly; beyond, the count is a lower bound. */
const MAX_UNTRACKED_DISTINCT = 1 << 16;

const HELP = `Usage: voip rtp stats <capture.pcap|pcapng> [--json] [--clock-rate <hz> | <pt>=<hz>]...

One row per RTP stream (source and destination address and port, SSRC): payload type, packets, lost
(expected minus received, RFC 3550 A.3), sequence errors (packets not following the previous one),
maximum interarrival delta, and maximum and mean interarrival jitter (RFC 3550 A.8), as
"tshark -q -z rtp,streams" reports them (the JSON adds the mean delta and first/last timestamps).
Like tshark, the maxima and means skip the first packet and marker-bit and comfort-noise packets, and
a mean is over the gaps between packets (divided by packets - 1).
Arrival times are the capture's timestamps; the clock rate comes from the static payload type (RFC 3551 §6); give it for dynamic types (96..127).
RTP is recognised by its header (RFC 7983: first byte 128..191, not RTCP); SRTP streams count too.

Options:
      --json                  the streams as JSON
      --clock-rate <hz>       clock rate for every dynamic payload type; or <pt>=<hz>, repeatable
                              (default: 8000 for unknown dynamic types, flagged in the table)
      --min-packets <n>       hide streams with fewer packets (default 2: skips stray UDP that looks like RTP)
      --max-streams <n>       keep figures for at most n streams (default 1024); a stream of one packet makes
                              room for a new one, the rest are counted in one warning line

Examples:
  voip rtp stats call.pcap
  voip rtp stats call.pcap --clock-rate 111=48000 --clock-rate 96=90000 --json
`;

/** One stream's figures. */
export interface RtpStreamStats {
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  readonly ssrc: number;
  readonly payloadType: number;
  readonly encodingName: string | undefined;
  readonly clockRate: number;
  readonly clockRateGuessed: boolean;
  readonly packets: number;
  readonly lost: number;
  readonly expected: number;
  readonly sequenceErrors: number;
  readonly maxDeltaMs: number;
  readonly meanDeltaMs: number;
  readonly maxJitterMs: number;
  readonly meanJitterMs: number;
  readonly startMicros: number;
  readonly endMicros: number;
}

interface Accumulator {
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  readonly ssrc: number;
  payloadType: number;
  readonly clockRate: number;
  readonly guessed: boolean;
  readonly timing: RtpStreamTiming;
  packets: number;
  sequenceErrors: number;
  lastSeq: number;
  /** Extended sequence numbers (RFC 3550 A.1: cycles × 2^16 + seq), lowest and highest seen. */
  minExt: number;
  maxExt: number;
  lastMicros: number;
  firstMicros: number;
}

function parseClockRates(command: string, items: readonly string[]): { all?: number; byPt: Map<number, number> } {
  const byPt = new Map<number, number>();
  let all: number | undefined;
  for (const item of items) {
    const m = /^(?:(\d+)=)?(\d+)$/.exec(item.trim());
    const pt = m?.[1] === undefined ? undefined : Number(m[1]);
    const hz = m === null ? Number.NaN : Number(m[2]);
    if (m === null || !(hz > 0) || (pt !== undefined && pt > 127)) {
      throw new CliUsageError(`"--clock-rate" expected <hz> or <pt>=<hz> (pt 0..127), got "${item}"`, command);
    }
    if (pt === undefined) {
      all = hz;
    } else {
      byPt.set(pt, hz);
    }
  }
  return all === undefined ? { byPt } : { all, byPt };
}

/** The RTP packet in a UDP payload, or undefined when it is not RTP (RFC 7983 §7, RFC 5761 §4). */
function rtpPacketOf(p: Uint8Array): RtpPacket | undefined {
  const b0 = p[0] ?? 0;
  const b1 = p[1] ?? 0;
  // RTP/RTCP is 128..191 in the first byte; 192..223 in the second is RTCP.
  if (b0 < 128 || b0 > 191 || (b1 >= 192 && b1 <= 223) || p.length < 12) {
    return undefined;
  }
  try {
    return parseRtpPacket(p);
  } catch {
    return undefined;
  }
}

/** Adds one packet to its stream's figures: sequence (RFC 3550 A.1, A.3) and timing. */
function countPacket(s: Accumulator, packet: RtpPacket, micros: number): void {
  if (s.packets > 0 && packet.sequenceNumber !== ((s.lastSeq + 1) & 0xffff)) {
    s.sequenceErrors++;
  }
  // Extend the 16-bit sequence number to the candidate nearest the highest seen (wraps both ways).
  let ext = s.maxExt - (s.maxExt & 0xffff) + packet.sequenceNumber;
  if (ext - s.maxExt > 0x8000) {
    ext -= 0x10000;
  } else if (s.maxExt - ext > 0x8000) {
    ext += 0x10000;
  }
  s.maxExt = Math.max(s.maxExt, ext);
  s.minExt = Math.min(s.minExt, ext);
  s.packets++;
  s.lastSeq = packet.sequenceNumber;
  s.lastMicros = micros;
  // Milliseconds since the stream's first packet: small numbers keep sub-microsecond precision.
  s.timing.add((micros - s.firstMicros) / 1000, packet.timestamp, packet.marker, packet.payloadType);
}

/**
 * Computes per-stream statistics for a capture.
 * @param path - a classic pcap file, or a stream of one
 * @param options - clock rates and a progress callback
 * @returns the streams in order of first packet
 * @throws {CliError} `IO` or `BAD_INPUT` for an unreadable or non-pcap file; {RangeError} for a bad `maxStreams`
 * @example
 * ```ts
 * import { rtpStreamStats } from '@voip/cli';
 * for (const s of await rtpStreamStats('call.pcap')) console.log(s.ssrc, s.packets, s.lost, s.maxJitterMs);
 * ```
 */
export async function rtpStreamStats(
  path: string | PcapStreamSource,
  options: {
    readonly clockRates?: { readonly all?: number; readonly byPt: ReadonlyMap<number, number> };
    readonly onProgress?: (done: number, total: number) => void;
    /** Called once at the end with each warning (skipped frames, a truncated capture, untracked streams). */
    readonly onWarning?: (message: string) => void;
    /**
     * Figures for at most this many streams (default 1024): when full, the oldest stream with a single
     * packet gives way to a new one; other new streams are only counted, in one warning.
     */
    readonly maxStreams?: number;
  } = {},
): Promise<RtpStreamStats[]> {
  const streams = new Map<string, Accumulator>();
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  if (!Number.isInteger(maxStreams) || maxStreams < 1) {
    throw new RangeError(`"maxStreams" expected a positive integer, got ${maxStreams}`);
  }
  /** Tracked streams of one packet so far, oldest first. */
  const singles = new Set<string>();
  const untrackedKeys = new Set<string>();
  let untrackedExact = true;
  let untrackedPackets = 0;
  const noteUntracked = (key: string, packets: number): void => {
    untrackedPackets += packets;
    if (untrackedKeys.size < MAX_UNTRACKED_DISTINCT) {
      untrackedKeys.add(key);
    } else if (!untrackedKeys.has(key)) {
      untrackedExact = false;
    }
  };
  const rates = options.clockRates ?? { byPt: new Map<number, number>() };
  const skips = new Map<SkipReason, number>();
  const reading = readPcapFile(path, {
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    onTrailingBytes: (n) => options.onWarning?.(`the capture ends inside a record: ${n} byte(s) ignored`),
  });
  for await (const rec of reading) {
    const d = decodeUdpFrame(rec.data, rec.linkType);
    if (!d.ok) {
      skips.set(d.reason, (skips.get(d.reason) ?? 0) + 1);
      continue;
    }
    const packet = rtpPacketOf(d.datagram.payload);
    if (packet === undefined) {
      continue;
    }
    const g = d.datagram;
    const key = `${g.src}|${g.srcPort}|${g.dst}|${g.dstPort}|${packet.ssrc}`;
    let s = streams.get(key);
    const micros = rec.timestampMicros + (rec.nanoseconds % 1000) / 1000;
    if (s === undefined && streams.size >= maxStreams) {
      const victim = singles.values().next();
      if (victim.done === true) {
        noteUntracked(key, 1);
        continue;
      }
      streams.delete(victim.value);
      singles.delete(victim.value);
      noteUntracked(victim.value, 1);
    }
    if (s === undefined) {
      const known = rates.byPt.get(packet.payloadType) ?? getStaticPayloadFormat(packet.payloadType)?.clockRate ?? rates.all;
      const clockRate = known ?? 8000;
      s = {
        src: g.src,
        srcPort: g.srcPort,
        dst: g.dst,
        dstPort: g.dstPort,
        ssrc: packet.ssrc,
        payloadType: packet.payloadType,
        clockRate,
        guessed: known === undefined,
        timing: new RtpStreamTiming(clockRate),
        packets: 0,
        sequenceErrors: 0,
        lastSeq: -1,
        minExt: packet.sequenceNumber,
        maxExt: packet.sequenceNumber,
        lastMicros: micros,
        firstMicros: micros,
      };
      streams.set(key, s);
    }
    countPacket(s, packet, micros);
    if (s.packets === 1) {
      singles.add(key);
    } else if (s.packets === 2) {
      singles.delete(key);
    }
  }
  const skipped = describeSkips(skips);
  if (skipped !== undefined) {
    options.onWarning?.(skipped);
  }
  if (untrackedPackets > 0) {
    options.onWarning?.(
      `${untrackedExact ? '' : 'at least '}${untrackedKeys.size} more RTP streams with ${untrackedPackets} packets not tracked (over --max-streams ${maxStreams})`,
    );
  }
  return [...streams.values()].map((s) => {
    // Like tshark: expected from the lowest to the highest extended sequence number (RFC 3550 A.3),
    // so a stream lossy from its first packets (never out of A.1 probation) still shows its loss.
    const expected = s.maxExt - s.minExt + 1;
    return {
      src: s.src,
      srcPort: s.srcPort,
      dst: s.dst,
      dstPort: s.dstPort,
      ssrc: s.ssrc,
      payloadType: s.payloadType,
      encodingName: getStaticPayloadFormat(s.payloadType)?.encodingName,
      clockRate: s.clockRate,
      clockRateGuessed: s.guessed,
      packets: s.packets,
      lost: expected - s.packets,
      expected,
      sequenceErrors: s.sequenceErrors,
      maxDeltaMs: s.timing.maxDeltaMs,
      meanDeltaMs: s.timing.meanDeltaMs,
      maxJitterMs: s.timing.maxJitterMs,
      meanJitterMs: s.timing.meanJitterMs,
      startMicros: s.firstMicros,
      endMicros: s.lastMicros,
    };
  });
}

function table(rows: readonly RtpStreamStats[]): string {
  const head = ['Src addr', 'Port', 'Dst addr', 'Port', 'SSRC', 'Payload', 'Pkts', 'Lost', 'Seq err', 'Max delta(ms)', 'Max jitter(ms)', 'Mean jitter(ms)'];
  const body = rows.map((r) => [
    r.src,
    String(r.srcPort),
    r.dst,
    String(r.dstPort),
    `0x${r.ssrc.toString(16).padStart(8, '0')}`,
    `${r.encodingName ?? `PT ${r.payloadType}`}${r.clockRateGuessed ? ' (8 kHz?)' : ''}`,
    String(r.packets),
    `${r.lost} (${r.expected > 0 ? ((100 * r.lost) / r.expected).toFixed(1) : '0.0'}%)`,
    String(r.sequenceErrors),
    r.maxDeltaMs.toFixed(3),
    r.maxJitterMs.toFixed(3),
    r.meanJitterMs.toFixed(3),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const fmt = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 || i === 2 || i === 5 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [fmt(head), ...body.map(fmt)].join('\n');
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = 'rtp stats';
  const { values, positionals } = parseCommandArgs(command, argv, OPTIONS, 1);
  const path = positionals[0];
  if (path === undefined) {
    throw new CliUsageError('missing <capture.pcap>', command);
  }
  const clockRates = parseClockRates(command, (values['clock-rate'] as string[] | undefined) ?? []);
  const minPackets = numberOption(command, values, 'min-packets', { min: 1, max: 1e9, integer: true }, 2);
  const maxStreams = numberOption(command, values, 'max-streams', { min: 1, max: 1 << 20, integer: true }, DEFAULT_MAX_STREAMS);
  const progress = new ProgressLine(io);
  const warnings: string[] = [];
  const streams = (
    await rtpStreamStats(path === '-' && io.stdin !== undefined ? { stream: io.stdin, name: 'stdin' } : path, {
      clockRates,
      maxStreams,
      onProgress: (done, total) => progress.update(`${formatBar(done, total)} ${formatBytes(done)}`),
      onWarning: (message) => warnings.push(message),
    })
  ).filter((s) => s.packets >= minPackets);
  progress.done();
  for (const w of warnings) {
    io.stderr.write(`warning: ${escapeControlCharacters(w)}\n`);
  }
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(streams, null, 2)}\n`);
  } else if (streams.length === 0) {
    io.stdout.write('no RTP streams found\n');
  } else {
    io.stdout.write(`${table(streams)}\n`);
  }
  return 0;
}

/** `voip rtp stats`. */
export const rtpStatsCommand: CliCommand = {
  name: 'rtp stats',
  summary: 'per-stream RTP packets, loss, sequence errors and jitter of a capture',
  help: HELP,
  run,
};
