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
import { DEFAULT_MAX_STREAMS, SrtpTranscoder, type SsrcCounts, type TranscodeResult, type UntrackedCounts } from '../srtp-transcoder.js';

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
                           SRTCP tag bytes of the _32 suites: 10 (RFC 4568, default) or 4, as ffmpeg
                           5.1 (Debian 12) and libav-derived peers send it
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

/** `--srtcp-tag-length`: 10, or 4 when every key is of a _32 suite (the SRTP tag is 4 bytes). */
function srtcpTagLengthOption(command: string, raw: string | undefined, keys: readonly SrtpKeyingMaterial[]): 4 | 10 | undefined {
  if (raw === undefined) {
    return undefined;
  }
  if (raw.trim() === '10') {
    return 10;
  }
  if (raw.trim() !== '4') {
    throw new CliUsageError(`"--srtcp-tag-length" expected 4 or 10, got "${raw}"`, command);
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

async function run(direction: 'decrypt' | 'encrypt', argv: readonly string[], io: CliIo): Promise<number> {
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
  const srtcpTagLength = srtcpTagLengthOption(command, values['srtcp-tag-length'] as string | undefined, keys);
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
  const verbose = values.verbose === true;
  const keepFailed = values['keep-failed'] === true;
  const maxStreams = numberOption(command, values, 'max-streams', { min: 1, max: 1 << 20, integer: true }, DEFAULT_MAX_STREAMS);

  // A file output is written under a temporary name and renamed at the end, so a failed run leaves none.
  const fileOut = output !== undefined && output !== '-' ? AtomicOutput.for(output) : undefined;
  const target = fileOut?.tempPath;
  const hexOut = outFormat === 'hex' ? (target === undefined ? HexSink.toText(io.stdout) : HexSink.toFile(target)) : undefined;
  let hexClosed = false;
  const closeHex = async (): Promise<void> => {
    if (!hexClosed) {
      hexClosed = true;
      await hexOut?.close();
    }
  };
  const transcoder = new SrtpTranscoder({
    direction,
    keys,
    ...(roc === undefined ? {} : { rolloverCounter: roc }),
    ...(srtcpTagLength === undefined ? {} : { srtcpTagLength }),
    ssrcs,
    rtcp: rule,
    maxStreams,
  });
  let reported = 0;
  let failures = 0;
  let datagrams = 0;
  const reportFailure = (where: string, r: Extract<TranscodeResult, { action: 'fail' }>): void => {
    failures++;
    if (verbose || reported < 5) {
      reported++;
      const what = r.kind === 'rtp' ? `SRTP SSRC ${ssrcHex(r.ssrc)} seq ${r.sequenceNumber ?? '?'}` : `SRTCP SSRC ${ssrcHex(r.ssrc)}`;
      io.stderr.write(`${escapeControlCharacters(where)}: ${direction === 'decrypt' ? what : what.replace('SRTP', 'RTP').replace('SRTCP', 'RTCP')}: ${r.reason}\n`);
    }
  };
  const warnings: string[] = [];
  const skips = new Map<SkipReason, number>();
  const progress = new ProgressLine(io);
  try {
    if (inFormat === 'hex') {
      let text: string;
      try {
        text = input === '-' ? await readStdinText(io) : readFileSync(path, 'utf8');
      } catch (e) {
        throw new CliError('IO', describeFsError(e, input === '-' ? 'stdin' : input), { cause: e });
      }
      // Hex to pcap: each datagram in an Ethernet/IPv4/UDP frame between 127.0.0.1 ports 5004 and 5006
      // (RTCP between 5005 and 5007), 20 ms apart, so it opens in Wireshark.
      const pcapOut = outFormat === 'pcap' && target !== undefined ? PcapWriter.create(target, LinkType.ETHERNET) : undefined;
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
        for (const { line, bytes } of parseHexLines(text, input === '-' ? 'stdin' : input)) {
          datagrams++;
          // Written into an Ethernet/IPv4/UDP frame: at most 65,507 bytes fit its length fields.
          const r = transcoder.process(bytes, undefined, pcapOut === undefined ? undefined : maxUdpPayload({ family: 4, ipOffset: 14, udpOffset: 34 }));
          if (r.action === 'ok') {
            await emit(r.bytes);
          } else if (r.action === 'fail') {
            reportFailure(`line ${line}`, r);
            if (keepFailed) {
              await emit(bytes);
            }
          } else {
            await emit(bytes);
          }
        }
      } finally {
        pcapOut?.close();
      }
    } else {
      let writer: PcapWriter | undefined;
      let frameNumber = 0;
      const records = readPcapFile(input === '-' && io.stdin !== undefined ? { stream: io.stdin, name: 'stdin' } : path, {
        onProgress: (done, total) => progress.update(`${formatBar(done, total)} ${formatBytes(done)}`),
        onTrailingBytes: (n) => warnings.push(`the capture ends inside a record: ${n} byte(s) ignored`),
      });
      try {
        for await (const rec of records) {
          frameNumber++;
          if (writer === undefined && outFormat === 'pcap' && target !== undefined) {
            writer = PcapWriter.create(target, rec.linkType, rec.nanosecond);
          }
          const d = decodeUdpFrame(rec.data, rec.linkType);
          if (!d.ok) {
            skips.set(d.reason, (skips.get(d.reason) ?? 0) + 1);
            writer?.write(rec.seconds, rec.nanoseconds, rec.data, rec.originalLength);
            continue;
          }
          datagrams++;
          const g = d.datagram;
          const r = transcoder.process(g.payload, g, writer === undefined ? undefined : maxUdpPayload(g));
          if (r.action === 'ok') {
            writer?.write(rec.seconds, rec.nanoseconds, replaceUdpPayload(rec.data, g, r.bytes));
            if (outFormat === 'hex') {
              await hexOut?.push(r.bytes);
            }
          } else {
            if (r.action === 'fail') {
              progress.clear();
              reportFailure(`frame ${frameNumber} ${hhmmss(rec.timestampMicros)} ${g.src}:${g.srcPort} > ${g.dst}:${g.dstPort}`, r);
              if (!keepFailed) {
                continue;
              }
            }
            writer?.write(rec.seconds, rec.nanoseconds, rec.data, rec.originalLength);
            if (outFormat === 'hex') {
              await hexOut?.push(g.payload);
            }
          }
        }
      } finally {
        writer?.close();
      }
      progress.done();
      const skipped = describeSkips(skips);
      if (skipped !== undefined) {
        warnings.push(`${skipped}; passed through unchanged`);
      }
      if (writer === undefined && outFormat === 'pcap' && target !== undefined) {
        // An empty capture still gets an (empty) output file.
        PcapWriter.create(target, 1).close();
      }
    }
    await closeHex();
  } catch (e) {
    try {
      await closeHex();
    } catch {
      // The first failure is the one to report.
    }
    fileOut?.discard();
    throw e;
  } finally {
    transcoder.dispose();
  }
  // Summary, on stderr so stdout stays clean for hex output.
  const { ok, lines } = ssrcSummary(transcoder.counts.values(), transcoder.untracked, verbose);
  // Kept when something was transformed (failed packets are listed); else nothing useful was written.
  if (ok > 0) {
    fileOut?.commit();
  } else {
    fileOut?.discard();
  }
  if (failures > reported) {
    io.stderr.write(`... ${failures - reported} more failures (--verbose lists them all)\n`);
  }
  for (const w of warnings) {
    io.stderr.write(`warning: ${escapeControlCharacters(w)}\n`);
  }
  const verb = direction === 'decrypt' ? 'decrypted' : 'encrypted';
  io.stderr.write(
    `${datagrams} UDP datagrams: ${ok} ${verb}, ${failures} failed, ${transcoder.passedThrough} not RTP (passed through)\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`,
  );
  if (ok === 0 && failures === 0) {
    throw new CliError('BAD_INPUT', `no ${direction === 'decrypt' ? 'SRTP/SRTCP' : 'RTP/RTCP'} packets found in "${input}"`);
  }
  if (failures > 0) {
    const hint =
      direction === 'decrypt'
        ? ok === 0
          ? ': wrong key or suite? (or --roc, if the capture starts mid-call)'
          : ': a missing --key for another SSRC, or corrupted packets'
        : '';
    throw new CliError('BAD_INPUT', `${failures} packet(s) failed${hint}`);
  }
  return 0;
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
