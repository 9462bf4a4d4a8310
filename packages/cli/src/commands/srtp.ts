/**
 * `voip srtp decrypt` and `voip srtp encrypt`: SRTP ⇄ RTP for captures, given the SDES key
 * (RFC 3711, RFC 4568). Input and output as classic pcap or hex, one datagram per line.
 * @module
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { resolveSrtpSuite, type SrtpKeyingMaterial } from '@voip/srtp';
import { numberOption, parseCommandArgs, stringOption } from '../args.js';
import type { CliCommand } from '../command.js';
import { CliError, CliUsageError, describeFsError, escapeControlCharacters } from '../errors.js';
import { parseHexLines } from '../hex-io.js';
import { HexSink } from '../hex-sink.js';
import { readStdinText, type CliIo } from '../io.js';
import { parseKeySpec } from '../key-spec.js';
import { LinkType, readPcapFile } from '../pcap/pcap-file.js';
import { PcapWriter } from '../pcap/pcap-writer.js';
import { buildUdpFrame, decodeUdpFrame, describeSkips, maxUdpPayload, replaceUdpPayload, type SkipReason } from '../pcap/udp-frame.js';
import { ProgressLine, formatBar, formatBytes } from '../progress.js';
import { AtomicOutput } from '../atomic-output.js';
import {
  DEFAULT_MAX_STREAMS,
  SrtpTranscoder,
  type SrtpTranscoderOptions,
  type SsrcCounts,
  type TranscodeResult,
  type UntrackedCounts,
} from '../srtp-transcoder.js';

/** Summary lines for SSRCs that only failed, unless --verbose. */
const FAILED_SSRC_LINES = 10;

const OPTIONS = {
  key: { type: 'string', short: 'k', multiple: true },
  suite: { type: 'string', short: 's' },
  roc: { type: 'string' },
  'srtcp-tag-length': { type: 'string' },
  ssrc: { type: 'string', multiple: true },
  rtcp: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'input-format': { type: 'string' },
  'output-format': { type: 'string' },
  'keep-failed': { type: 'boolean' },
  'max-streams': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

const DECRYPT_EXAMPLES = `  voip srtp decrypt call.pcap -o plain.pcap --key "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"
  voip srtp decrypt call.pcap -o plain.pcap -k "inline:<caller key>" -k "inline:<callee key>" --roc 1
  voip srtp decrypt packets.hex --suite AEAD_AES_128_GCM --key <base64 of 28 bytes>
  tshark -r call.pcapng -w - | voip srtp decrypt - --input-format pcap -o plain.pcap -k @key.txt
`;

const ENCRYPT_EXAMPLES = `  voip srtp encrypt plain.pcap -o secure.pcap --key "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"
  voip srtp encrypt plain.pcap -o secure.pcap --key @key.txt --roc 1
  voip srtp encrypt packets.hex --suite AEAD_AES_128_GCM --key <base64 of 28 bytes>
  voip srtp encrypt packets.hex -o secure.pcap --output-format pcap --key @key.txt
`;

function help(direction: 'decrypt' | 'encrypt'): string {
  const from = direction === 'decrypt' ? 'SRTP/SRTCP' : 'RTP/RTCP';
  const to = direction === 'decrypt' ? 'RTP/RTCP' : 'SRTP/SRTCP';
  return `Usage: voip srtp ${direction} <input> [-o <output>] --key <key> [options]

Turns ${from} in a capture into ${to}, given the SDES key (RFC 4568 a=crypto).${
    direction === 'decrypt'
      ? `
Wireshark cannot decrypt SDES-keyed SRTP by itself: decrypt, then open the output in Wireshark.
Replay protection is OFF on this receive side, so a capture with duplicate packets decrypts fully.`
      : ''
  }

Input: pcap or pcapng (Ethernet with VLAN tags, Linux cooked SLL/SLL2, raw IP; IPv4 and IPv6; UDP) or
hex text, one datagram per line ("#" comments, spaces and 0x are ignored); "-" reads stdin (hex unless
--input-format pcap). Output: classic pcap with the input's link layer (from hex: Ethernet, 127.0.0.1
ports 5004 -> 5006, RTCP 5005 -> 5007, 20 ms apart), or hex. Other UDP and non-UDP
frames pass through unchanged; lengths and checksums are recomputed for rewritten packets.

Options:
  -k, --key <key>          ${direction === 'decrypt' ? 'a' : 'the (one)'} key: a whole "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:..." line (it
                           names the suite), the attribute value, "inline:<base64>[|2^31][|1:4]", or
                           bare base64 key||salt; "@file" reads any of these from a file.${
                             direction === 'decrypt'
                               ? `
                           Repeat it for the two directions of a call: each new SSRC is tried with
                           every key.`
                               : ''
                           }
  -s, --suite <name>       suite when the key does not name one (default AES_CM_128_HMAC_SHA1_80)
      --roc <n>            ${direction === 'decrypt' ? 'initial rollover counter of every SSRC (capture started mid-call)' : 'rollover counter to start every SSRC with (a call already under way)'}, default 0
      --srtcp-tag-length <n>
                           SRTCP tag bytes of the _32 suites: ${
                             direction === 'decrypt'
                               ? `auto (default: 10 as RFC 4568 says, or 4 as ffmpeg 5.1
                           and libav-derived peers send it, told apart by each packet's length
                           and fixed by the first that authenticates), 10 or 4`
                               : `10 (RFC 4568, default) or 4, as ffmpeg 5.1 (Debian 12) and
                           libav-derived peers expect it`
                           }
      --ssrc <ssrc>        only these SSRCs (decimal or 0x hex; repeatable); others pass unchanged
      --rtcp <rule>        how RTCP is recognised: "pt" (default; second byte 192..223, RFC 5761 §4,
                           works with and without rtcp-mux) or "odd-port" (RFC 3550 §11)
  -o, --output <file>      where to write (default: stdout for hex; required for pcap)
      --input-format <f>   pcap (pcap or pcapng) or hex (default: detected from the file)
      --output-format <f>  pcap or hex (default: the input's)
      --keep-failed        keep packets that fail ${direction === 'decrypt' ? 'authentication' : 'protection'}, unchanged (default: drop them)
      --max-streams <n>    per-SSRC counts for at most n SSRCs (default ${DEFAULT_MAX_STREAMS}); the rest are summed
                           in one line. A stream that ${direction === 'decrypt' ? 'authenticates' : 'is protected'} displaces one that only failed.
  -v, --verbose            one line per failed packet (default: the first 5, then a summary) and per SSRC
                           (default: every SSRC with a success, the first ${FAILED_SSRC_LINES} that only failed)

Exit code: 0 when every ${from} packet was ${direction}ed, 1 when any failed or none was found, 2 usage.

Examples:
${direction === 'decrypt' ? DECRYPT_EXAMPLES : ENCRYPT_EXAMPLES}`;
}

type Format = 'pcap' | 'hex';

function formatOption(command: string, value: string | undefined, name: string): Format | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (value !== 'pcap' && value !== 'hex') {
    throw new CliUsageError(`"--${name}" expected pcap or hex, got "${value}"`, command);
  }
  return value;
}

function parseSsrc(command: string, text: string): number {
  const t = text.trim();
  const n = /^0x[0-9a-f]{1,8}$/i.test(t) ? Number.parseInt(t, 16) : /^\d+$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new CliUsageError(`"--ssrc" expected a 32-bit number (decimal or 0x hex), got "${text}"`, command);
  }
  return n;
}

function detectFormat(path: string): Format {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new CliError('IO', describeFsError(e, path), { cause: e });
  }
  const head = new Uint8Array(4);
  let n: number;
  try {
    n = readSync(fd, head, 0, 4, 0);
  } catch (e) {
    throw new CliError('IO', describeFsError(e, path), { cause: e });
  } finally {
    closeSync(fd);
  }
  const magic = n === 4 ? ((head[0] ?? 0) << 24) | ((head[1] ?? 0) << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0) : 0;
  const known = [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a].map((m) => m | 0);
  return known.includes(magic | 0) ? 'pcap' : 'hex';
}

/**
 * `--srtcp-tag-length`: `auto` (decrypt's default: each _32-suite packet is checked against the one tag
 * length its size allows, 10 or 4, and the first authentic one fixes it), 10, or 4 when every key is of a
 * _32 suite (the SRTP tag is 4 bytes). Encrypt writes 10 unless told 4.
 */
function srtcpTagLengthOption(
  command: string,
  direction: 'encrypt' | 'decrypt',
  raw: string | undefined,
  keys: readonly SrtpKeyingMaterial[],
): 4 | 10 | 'auto' | undefined {
  if (raw === undefined) {
    return direction === 'decrypt' ? 'auto' : undefined;
  }
  const value = raw.trim();
  if (value === 'auto') {
    if (direction === 'encrypt') {
      throw new CliUsageError('"--srtcp-tag-length" auto is for decrypt; encrypt writes 10 or, with 4, the 32-bit tag', command);
    }
    return 'auto';
  }
  if (value === '10') {
    return 10;
  }
  if (value !== '4') {
    throw new CliUsageError(`"--srtcp-tag-length" expected ${direction === 'decrypt' ? 'auto, ' : ''}4 or 10, got "${raw}"`, command);
  }
  for (const k of keys) {
    if (resolveSrtpSuite(k.suite).srtpTagLength !== 4) {
      throw new CliUsageError(`"--srtcp-tag-length" 4 is for the _32 suites, not ${resolveSrtpSuite(k.suite).name}`, command);
    }
  }
  return 4;
}

/** `@path` reads the key from a file (keeps it out of shell history and the process list). */
function readKeyFile(command: string, text: string): string {
  if (!text.startsWith('@')) {
    return text;
  }
  try {
    return readFileSync(text.slice(1), 'utf8').trim();
  } catch (e) {
    throw new CliUsageError(`"--key" ${describeFsError(e, text.slice(1))}`, command);
  }
}

function ssrcHex(ssrc: number): string {
  return `0x${ssrc.toString(16).padStart(8, '0')}`;
}

const hhmmss = (micros: number): string => {
  const d = new Date(Math.floor(micros / 1000));
  return `${d.toISOString().slice(11, 19)}.${String(micros % 1_000_000).padStart(6, '0')}`;
};

function ssrcLine(c: SsrcCounts): string {
  const reasons = Object.entries(c.reasons).map(([k, v]) => `${k} ${v}`).join(', ');
  return `  SSRC ${ssrcHex(c.ssrc)}: RTP ${c.ok} ok, ${c.failed} failed; RTCP ${c.rtcpOk} ok, ${c.rtcpFailed} failed${reasons === '' ? '' : ` (${reasons})`}`;
}

/**
 * The per-SSRC summary, bounded: every SSRC with a success, the first few that only failed (all with
 * `verbose`), then one line for the other failed-only SSRCs and one for the untracked ones.
 */
function ssrcSummary(counts: Iterable<SsrcCounts>, untracked: UntrackedCounts, verbose: boolean): { ok: number; lines: string[] } {
  let ok = untracked.ok;
  const lines: string[] = [];
  let hiddenSsrcs = 0;
  let hiddenPackets = 0;
  let failedOnlyShown = 0;
  for (const c of counts) {
    ok += c.ok + c.rtcpOk;
    if (c.ok + c.rtcpOk === 0 && !verbose && failedOnlyShown >= FAILED_SSRC_LINES) {
      hiddenSsrcs++;
      hiddenPackets += c.failed + c.rtcpFailed;
      continue;
    }
    if (c.ok + c.rtcpOk === 0) {
      failedOnlyShown++;
    }
    lines.push(ssrcLine(c));
  }
  if (hiddenSsrcs > 0) {
    lines.push(`  ... ${hiddenSsrcs} more SSRCs with only failures (${hiddenPackets} packets; --verbose lists them)`);
  }
  if (untracked.packets > 0) {
    const reasons = Object.entries(untracked.reasons).map(([k, v]) => `${k} ${v}`).join(', ');
    lines.push(
      `  ${untracked.ssrcsExact ? '' : 'at least '}${untracked.ssrcs} more SSRCs with ${untracked.packets} packets not tracked (over --max-streams): ${untracked.ok} ok, ${untracked.failed} failed${reasons === '' ? '' : ` (${reasons})`}`,
    );
  }
  return { ok, lines };
}

/** What the command line asks for, checked: the first phase of a run. */
interface RunPlan {
  readonly direction: 'decrypt' | 'encrypt';
  readonly command: string;
  /** As given (`-` for stdin), for messages. */
  readonly input: string;
  /** The file to read (`/dev/stdin` for `-`). */
  readonly path: string;
  readonly output: string | undefined;
  readonly inFormat: Format;
  readonly outFormat: Format;
  readonly verbose: boolean;
  readonly keepFailed: boolean;
  readonly transcoder: SrtpTranscoderOptions;
}

/** Phase 1: parses and checks the arguments; reads the keys. */
function planRun(direction: 'decrypt' | 'encrypt', argv: readonly string[]): RunPlan {
  const command = `srtp ${direction}`;
  const { values, positionals } = parseCommandArgs(command, argv, OPTIONS, 1);
  const input = positionals[0];
  if (input === undefined) {
    throw new CliUsageError('missing <input> (a pcap or hex file, or - for stdin)', command);
  }
  const keyTexts = (values.key as string[] | undefined) ?? [];
  if (keyTexts.length === 0) {
    throw new CliUsageError('missing --key (the a=crypto line or its inline: key)', command);
  }
  if (direction === 'encrypt' && keyTexts.length > 1) {
    throw new CliUsageError('encrypt takes one --key', command);
  }
  const suite = stringOption(values, 'suite');
  const keys: SrtpKeyingMaterial[] = keyTexts.map((k) => parseKeySpec(command, readKeyFile(command, k), suite));
  const roc = values.roc === undefined ? undefined : numberOption(command, values, 'roc', { min: 0, max: 0xffffffff, integer: true }, 0);
  const srtcpTagLength = srtcpTagLengthOption(command, direction, values['srtcp-tag-length'] as string | undefined, keys);
  const ssrcs = new Set(((values.ssrc as string[] | undefined) ?? []).map((s) => parseSsrc(command, s)));
  const rule = stringOption(values, 'rtcp') ?? 'pt';
  if (rule !== 'pt' && rule !== 'odd-port') {
    throw new CliUsageError(`"--rtcp" expected pt or odd-port, got "${rule}"`, command);
  }
  const path = input === '-' ? '/dev/stdin' : input;
  const output = stringOption(values, 'output');
  const explicitOut = formatOption(command, stringOption(values, 'output-format'), 'output-format');
  const explicitIn = formatOption(command, stringOption(values, 'input-format'), 'input-format');
  const needsFile = (f: Format | undefined): boolean => f === 'pcap' && (output === undefined || output === '-');
  if (needsFile(explicitOut) || (explicitOut === undefined && needsFile(explicitIn))) {
    throw new CliUsageError('pcap output needs -o <file>', command);
  }
  const inFormat = explicitIn ?? (input === '-' ? 'hex' : detectFormat(path));
  const outFormat = explicitOut ?? inFormat;
  if (needsFile(outFormat)) {
    throw new CliUsageError('pcap output needs -o <file>', command);
  }
  const maxStreams = numberOption(command, values, 'max-streams', { min: 1, max: 1 << 20, integer: true }, DEFAULT_MAX_STREAMS);
  return {
    direction,
    command,
    input,
    path,
    output,
    inFormat,
    outFormat,
    verbose: values.verbose === true,
    keepFailed: values['keep-failed'] === true,
    transcoder: {
      direction,
      keys,
      ...(roc === undefined ? {} : { rolloverCounter: roc }),
      ...(srtcpTagLength === undefined ? {} : { srtcpTagLength }),
      ssrcs,
      rtcp: rule,
      maxStreams,
    },
  };
}

/** What a run writes to and counts while it goes through the input. */
class RunState {
  readonly plan: RunPlan;
  readonly io: CliIo;
  readonly transcoder: SrtpTranscoder;
  /** Where a file output is written until the run succeeds; undefined for stdout. */
  readonly target: string | undefined;
  readonly hexOut: HexSink | undefined;
  readonly warnings: string[] = [];
  datagrams = 0;
  failures = 0;
  reported = 0;
  #hexClosed = false;

  constructor(plan: RunPlan, io: CliIo, target: string | undefined) {
    this.plan = plan;
    this.io = io;
    this.target = target;
    this.hexOut = plan.outFormat === 'hex' ? (target === undefined ? HexSink.toText(io.stdout) : HexSink.toFile(target)) : undefined;
    this.transcoder = new SrtpTranscoder(plan.transcoder);
  }

  /** Counts a failed packet; prints it while under the limit (all with --verbose). */
  reportFailure(where: string, r: Extract<TranscodeResult, { action: 'fail' }>): void {
    this.failures++;
    if (this.plan.verbose || this.reported < 5) {
      this.reported++;
      const what = r.kind === 'rtp' ? `SRTP SSRC ${ssrcHex(r.ssrc)} seq ${r.sequenceNumber ?? '?'}` : `SRTCP SSRC ${ssrcHex(r.ssrc)}`;
      const named = this.plan.direction === 'decrypt' ? what : what.replace('SRTP', 'RTP').replace('SRTCP', 'RTCP');
      this.io.stderr.write(`${escapeControlCharacters(where)}: ${named}: ${r.reason}\n`);
    }
  }

  async closeHex(): Promise<void> {
    if (!this.#hexClosed) {
      this.#hexClosed = true;
      await this.hexOut?.close();
    }
  }
}

/** Phase 2, hex input: one datagram per line; to hex, or to pcap in made-up Ethernet/IPv4/UDP frames. */
async function transcodeHex(state: RunState): Promise<void> {
  const { plan, io, transcoder, target, hexOut } = state;
  let text: string;
  try {
    text = plan.input === '-' ? await readStdinText(io) : readFileSync(plan.path, 'utf8');
  } catch (e) {
    throw new CliError('IO', describeFsError(e, plan.input === '-' ? 'stdin' : plan.input), { cause: e });
  }
  // Hex to pcap: each datagram in an Ethernet/IPv4/UDP frame between 127.0.0.1 ports 5004 and 5006
  // (RTCP between 5005 and 5007), 20 ms apart, so it opens in Wireshark.
  const pcapOut = plan.outFormat === 'pcap' && target !== undefined ? PcapWriter.create(target, LinkType.ETHERNET) : undefined;
  // Written into an Ethernet/IPv4/UDP frame: at most 65,507 bytes fit its length fields.
  const limit = pcapOut === undefined ? undefined : maxUdpPayload({ family: 4, ipOffset: 14, udpOffset: 34 });
  let index = 0;
  const emit = async (bytes: Uint8Array): Promise<void> => {
    await hexOut?.push(bytes);
    if (pcapOut !== undefined) {
      const b1 = bytes[1] ?? 0;
      const odd = b1 >= 192 && b1 <= 223 ? 1 : 0;
      const frame = buildUdpFrame(LinkType.ETHERNET, { src: '127.0.0.1', dst: '127.0.0.1', srcPort: 5004 + odd, dstPort: 5006 + odd }, bytes);
      pcapOut.write(Math.floor(index / 50), (index % 50) * 20_000_000, frame);
    }
    index++;
  };
  try {
    for (const { line, bytes } of parseHexLines(text, plan.input === '-' ? 'stdin' : plan.input)) {
      state.datagrams++;
      const r = transcoder.process(bytes, undefined, limit);
      if (r.action === 'ok') {
        await emit(r.bytes);
      } else if (r.action === 'fail') {
        state.reportFailure(`line ${line}`, r);
        if (plan.keepFailed) {
          await emit(bytes);
        }
      } else {
        await emit(bytes);
      }
    }
  } finally {
    pcapOut?.close();
  }
}

/** Phase 2, pcap or pcapng input: each UDP payload transformed in its frame; other frames copied. */
async function transcodePcap(state: RunState): Promise<void> {
  const { plan, io, transcoder, target, hexOut } = state;
  const progress = new ProgressLine(io);
  const skips = new Map<SkipReason, number>();
  let writer: PcapWriter | undefined;
  let frameNumber = 0;
  const records = readPcapFile(plan.input === '-' && io.stdin !== undefined ? { stream: io.stdin, name: 'stdin' } : plan.path, {
    onProgress: (done, total) => progress.update(`${formatBar(done, total)} ${formatBytes(done)}`),
    onTrailingBytes: (n) => state.warnings.push(`the capture ends inside a record: ${n} byte(s) ignored`),
  });
  try {
    for await (const rec of records) {
      frameNumber++;
      if (writer === undefined && plan.outFormat === 'pcap' && target !== undefined) {
        writer = PcapWriter.create(target, rec.linkType, rec.nanosecond);
      }
      const d = decodeUdpFrame(rec.data, rec.linkType);
      if (!d.ok) {
        skips.set(d.reason, (skips.get(d.reason) ?? 0) + 1);
        writer?.write(rec.seconds, rec.nanoseconds, rec.data, rec.originalLength);
        continue;
      }
      state.datagrams++;
      const g = d.datagram;
      const r = transcoder.process(g.payload, g, writer === undefined ? undefined : maxUdpPayload(g));
      if (r.action === 'ok') {
        writer?.write(rec.seconds, rec.nanoseconds, replaceUdpPayload(rec.data, g, r.bytes));
        await hexOut?.push(r.bytes);
        continue;
      }
      if (r.action === 'fail') {
        progress.clear();
        state.reportFailure(`frame ${frameNumber} ${hhmmss(rec.timestampMicros)} ${g.src}:${g.srcPort} > ${g.dst}:${g.dstPort}`, r);
        if (!plan.keepFailed) {
          continue;
        }
      }
      writer?.write(rec.seconds, rec.nanoseconds, rec.data, rec.originalLength);
      await hexOut?.push(g.payload);
    }
  } finally {
    writer?.close();
  }
  progress.done();
  const skipped = describeSkips(skips);
  if (skipped !== undefined) {
    state.warnings.push(`${skipped}; passed through unchanged`);
  }
  if (writer === undefined && plan.outFormat === 'pcap' && target !== undefined) {
    // An empty capture still gets an (empty) output file.
    PcapWriter.create(target, 1).close();
  }
}

/** Phase 3: the summary on stderr (stdout stays clean for hex output), then the verdict. */
function finish(state: RunState, fileOut: AtomicOutput | undefined): number {
  const { plan, io, transcoder, failures, reported } = state;
  const { ok, lines } = ssrcSummary(transcoder.counts.values(), transcoder.untracked, plan.verbose);
  // Kept when something was transformed (failed packets are listed); else nothing useful was written.
  if (ok > 0) {
    fileOut?.commit();
  } else {
    fileOut?.discard();
  }
  if (failures > reported) {
    io.stderr.write(`... ${failures - reported} more failures (--verbose lists them all)\n`);
  }
  for (const w of state.warnings) {
    io.stderr.write(`warning: ${escapeControlCharacters(w)}\n`);
  }
  const decrypt = plan.direction === 'decrypt';
  io.stderr.write(
    `${state.datagrams} UDP datagrams: ${ok} ${decrypt ? 'decrypted' : 'encrypted'}, ${failures} failed, ${transcoder.passedThrough} not RTP (passed through)\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`,
  );
  if (ok === 0 && failures === 0) {
    throw new CliError('BAD_INPUT', `no ${decrypt ? 'SRTP/SRTCP' : 'RTP/RTCP'} packets found in "${plan.input}"`);
  }
  if (failures > 0) {
    const hint = decrypt
      ? ok === 0
        ? ': wrong key or suite? (or --roc, if the capture starts mid-call)'
        : ': a missing --key for another SSRC, or corrupted packets'
      : '';
    throw new CliError('BAD_INPUT', `${failures} packet(s) failed${hint}`);
  }
  return 0;
}

async function run(direction: 'decrypt' | 'encrypt', argv: readonly string[], io: CliIo): Promise<number> {
  const plan = planRun(direction, argv);
  // A file output is written under a temporary name and renamed at the end, so a failed run leaves none.
  const fileOut = plan.output !== undefined && plan.output !== '-' ? AtomicOutput.for(plan.output) : undefined;
  const state = new RunState(plan, io, fileOut?.tempPath);
  try {
    await (plan.inFormat === 'hex' ? transcodeHex(state) : transcodePcap(state));
    await state.closeHex();
  } catch (e) {
    try {
      await state.closeHex();
    } catch {
      // The first failure is the one to report.
    }
    fileOut?.discard();
    throw e;
  } finally {
    state.transcoder.dispose();
  }
  return finish(state, fileOut);
}

/** `voip srtp decrypt`. */
export const srtpDecryptCommand: CliCommand = {
  name: 'srtp decrypt',
  summary: 'SRTP capture (pcap or hex) to RTP, given the SDES key',
  help: help('decrypt'),
  run: (argv, io) => run('decrypt', argv, io),
};

/** `voip srtp encrypt`. */
export const srtpEncryptCommand: CliCommand = {
  name: 'srtp encrypt',
  summary: 'RTP capture (pcap or hex) to SRTP, given the SDES key',
  help: help('encrypt'),
  run: (argv, io) => run('encrypt', argv, io),
};
