/**
 * `voip demo`: a secure call end to end on loopback, checked bit for bit. See {@link runDemo}.
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { numberOption, parseCommandArgs, parseHostPort, stringOption } from '../args.js';
import type { CliCommand } from '../command.js';
import { CliError, CliUsageError, describeFsError, escapeControlCharacters } from '../errors.js';
import { decodeWav, isAudioError, type WavAudio } from '@voip/audio';
import type { CliIo } from '../io.js';
import { ProgressLine } from '../progress.js';
import { resolveSuite } from '../key-spec.js';
import { runDemo, type DemoDirection, type DemoReport } from '../demo/run-demo.js';

const OPTIONS = {
  suite: { type: 'string', short: 's' },
  codec: { type: 'string' },
  duration: { type: 'string', short: 'd' },
  calls: { type: 'string', short: 'n' },
  loss: { type: 'string' },
  jitter: { type: 'string' },
  seed: { type: 'string' },
  stun: { type: 'string' },
  json: { type: 'boolean' },
  ipv6: { type: 'boolean', short: '6' },
  audio: { type: 'string', short: 'a' },
  dtmf: { type: 'string' },
  out: { type: 'string', short: 'o' },
  record: { type: 'string' },
} as const;

const HELP = `Usage: voip demo [options]

A secure VoIP call on this machine, no internet and no configuration needed:
  1. an embedded STUN server starts on 127.0.0.1 (or ::1) (RFC 8489);
  2. two endpoints each open one UDP socket and discover their address from it;
  3. the caller offers a=crypto lines for several SRTP suites, the callee answers one (RFC 4568);
  4. 10 s of music (synthesised, G.711 encoded, 20 ms packets) flows both ways at real-time pace
     over SRTP (RFC 3711), with RTCP sender and receiver reports over SRTCP (RFC 3550 §6.4);
  5. each side decodes what it receives, writes it to a WAV file and checks it bit for bit against
     what was sent, and checks the loss RTCP reports against the packets actually dropped.
Exit code 0 only when the audio arrived intact.

Options:
  -s, --suite <name>     SRTP suite the caller prefers (offered first; default AES_CM_128_HMAC_SHA1_80);
                         also: AES_CM_128_HMAC_SHA1_32, AES_192/256_CM_HMAC_SHA1_80/_32,
                         AEAD_AES_128_GCM, AEAD_AES_256_GCM
      --codec <name>     PCMU (default) or PCMA
  -a, --audio <file>     send this WAV (16-bit PCM, 8 kHz, mono) instead of the synthesised music
  -d, --duration <s>     seconds of audio (default 10, or the whole --audio file)
      --dtmf <digits>    after the audio, each side sends these digits (0-9 * # A-D) as RFC 4733
                         telephone events; the report lists the digits each side received
  -n, --calls <n>        simultaneous calls through the same one socket per side (default 1, max 100)
      --loss <percent>   drop this share of RTP packets in each sender's transport (default 0)
      --jitter <ms>      delay each RTP packet by 0..ms, uniformly (default 0; > 20 reorders)
      --seed <n>         seed of the loss and jitter generator (default 1: the same run every time)
      --stun <host:port> use this STUN server instead of the embedded one (media stays on loopback)
  -6, --ipv6             run over IPv6 loopback (::1)
      --json             the report as JSON on stdout
  -o, --out <dir>        where the received WAV files go (default ./demo-output)
      --record <dir>     record every call (created when missing), from the caller's side:
                         <dir>/call-<n>.wav, stereo, left what the caller sent, right what it
                         played, aligned in time; <dir>/call-<n>.pcap, the call's RTP in the clear
                         (before SRTP protection, after authentication), both directions, as UDP
                         between the SDP's addresses and ports (Wireshark: Decode As... RTP)

Examples:
  voip demo
  voip demo --suite AEAD_AES_256_GCM --codec PCMA --duration 5
  voip demo --calls 20 --loss 5 --jitter 30 --json
  voip demo --ipv6 --duration 3
  voip demo --record calls    # then: tshark -r calls/call-1.pcap -d udp.port==<port>,rtp
  voip demo --audio speech-8k.wav     # make one: ffmpeg -i in.mp3 -ar 8000 -ac 1 speech-8k.wav
`;

function fmtMs(v: number | undefined): string {
  return v === undefined ? 'n/a' : `${v.toFixed(2)} ms`;
}

function line(d: DemoDirection): string {
  const verdict = d.intact ? 'intact' : 'NOT INTACT';
  const problems = [
    d.mismatched > 0 ? `${d.mismatched} altered` : '',
    d.missing > 0 ? `${d.missing} missing` : '',
    d.unexpected > 0 ? `${d.unexpected} unexpected` : '',
    d.authFailed > 0 ? `${d.authFailed} failed authentication` : '',
    d.rtcpLost !== d.expectedRtcpLost ? `RTCP reports ${d.rtcpLost ?? 'nothing'} lost, expected ${d.expectedRtcpLost}` : '',
    d.pcmExact ? '' : 'decoded audio differs',
    d.playoutChecked && d.playoutSnrDb < 20 ? `playout SNR ${d.playoutSnrDb.toFixed(1)} dB` : '',
  ].filter((p) => p !== '');
  return (
    `  call ${d.call} ${d.from} -> ${d.to}: ${d.sent} sent, ${d.received} received, ${d.dropped} dropped; ` +
    `RTCP: lost ${d.rtcpLost ?? 'n/a'}, jitter ${fmtMs(d.rtcpJitterMs)}; ${d.rtcpSent} RTCP sent; ` +
    `played ${d.playoutFrames} frames, ${d.playoutExactFrames} exact, ${d.playoutLagMs} ms behind, median SNR ${d.playoutSnrDb >= 100 ? 'exact' : `${d.playoutSnrDb.toFixed(1)} dB`}; ${verdict}` +
    (problems.length > 0 ? ` (${problems.join(', ')})` : '') +
    (d.dtmfSent === undefined
      ? ''
      : `; DTMF sent ${d.dtmfSent}, received ${d.dtmfReceived === '' ? 'nothing' : d.dtmfReceived}${d.dtmfReceived === d.dtmfSent ? '' : ' (DIFFERENT)'}`)
  );
}

function humanReport(r: DemoReport): string {
  const out: string[] = [];
  out.push(
    `STUN: ${r.embeddedStunServer ? 'embedded server on' : 'server'} ${r.stunServer}; caller ${r.caller.local} discovered ${r.caller.discovered}, callee ${r.callee.local} discovered ${r.callee.discovered}`,
  );
  out.push('', 'Caller offer (call 1):', ...r.sdpOffer.trimEnd().split(/\r\n/).map((l) => `  ${l}`));
  out.push('', 'Callee answer (call 1):', ...r.sdpAnswer.trimEnd().split(/\r\n/).map((l) => `  ${l}`), '');
  const shown = r.directions.length <= 4 ? r.directions : r.directions.filter((d) => !d.intact || d.call === 1).slice(0, 10);
  out.push(...shown.map(line));
  if (shown.length < r.directions.length) {
    out.push(`  ... ${r.directions.length - shown.length} more directions (all intact unless listed; --json for all)`);
  }
  const t = r.totals;
  out.push(
    '',
    `Suite ${r.suite}, ${r.audioCodec} through AudioCall (paced sender, jitter buffer) on each side, ${r.calls} call(s) x ${r.durationSec} s each way${r.lossPercent > 0 || r.jitterMs > 0 ? `, impaired: ${r.lossPercent}% loss, 0..${r.jitterMs} ms jitter (seed ${r.seed})` : ''}`,
    `Packets: ${t.sent} sent, ${t.received} received, ${t.dropped} dropped on purpose, ${t.missing} missing, ${t.mismatched} altered, ${t.authFailed} failed authentication`,
    `Jitter reported by RTCP: up to ${t.maxRtcpJitterMs.toFixed(2)} ms; G.711 SNR of the received audio vs the original: ${Number.isFinite(r.snrDb) ? `${r.snrDb.toFixed(1)} dB` : 'exact'}`,
    `WAV files: ${r.directions.filter((d) => d.wav !== undefined).map((d) => d.wav).join(', ')} (listen: ffplay -nodisp -autoexit <file>)`,
    ...recordingLines(r),
    r.ok
      ? `Result: audio intact (every packet that arrived is bit-exact${t.dropped > 0 ? ', and RTCP loss matches the packets dropped' : ''})`
      : `Result: FAILED${r.interrupted ? ' (interrupted)' : ''}`,
  );
  return `${out.join('\n')}\n`;
}

/** The --record files, one line per call (the first ten; --json for all). */
function recordingLines(r: DemoReport): string[] {
  const recordings = r.recordings ?? [];
  const lines = recordings
    .slice(0, 10)
    .map(
      (c) =>
        `Recorded call ${c.call}: ${c.wav} (stereo, ${c.wavSeconds.toFixed(2)} s: left caller sent, right caller played), ${c.pcap} (RTP in the clear: ${c.rtpSent} sent, ${c.rtpReceived} received)`,
    );
  if (recordings.length > 10) {
    lines.push(`... ${recordings.length - 10} more recorded calls (--json for all)`);
  }
  return lines;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const command = 'demo';
  const { values } = parseCommandArgs(command, argv, OPTIONS, 0);
  const suite = resolveSuite(command, stringOption(values, 'suite') ?? 'AES_CM_128_HMAC_SHA1_80');
  const codecText = (stringOption(values, 'codec') ?? 'PCMU').toUpperCase();
  if (codecText !== 'PCMU' && codecText !== 'PCMA') {
    throw new CliUsageError(`"--codec" expected PCMU or PCMA, got "${stringOption(values, 'codec') ?? ''}"`, command);
  }
  const dtmf = stringOption(values, 'dtmf');
  if (dtmf !== undefined && !/^[0-9*#A-Da-d]{1,32}$/.test(dtmf)) {
    throw new CliUsageError(`"--dtmf" expected 1 to 32 DTMF digits (0-9, *, #, A-D), got "${dtmf}"`, command);
  }
  const audioPath = stringOption(values, 'audio');
  let audio: Int16Array | undefined;
  if (audioPath !== undefined) {
    let wav: WavAudio;
    try {
      wav = decodeWav(readFileSync(audioPath));
    } catch (e) {
      throw isAudioError(e) ? new CliError('BAD_INPUT', `"${audioPath}": ${e.message}`) : new CliError('IO', describeFsError(e, audioPath), { cause: e });
    }
    if (wav.sampleRate !== 8000 || wav.channels !== 1) {
      throw new CliUsageError(
        `"--audio" expected 8 kHz mono, got ${wav.sampleRate} Hz with ${wav.channels} channel(s); convert it: ffmpeg -i in.wav -ar 8000 -ac 1 out.wav`,
        command,
      );
    }
    if (wav.samples.length < 160) {
      throw new CliUsageError(`"--audio" holds less than one 20 ms packet`, command);
    }
    audio = wav.samples;
  }
  // Whole 20 ms packets of the file, or the synthesised music (10 s by default).
  const maxSeconds = audio === undefined ? 3600 : Math.floor(audio.length / 160) / 50;
  const durationSec = Math.min(
    numberOption(command, values, 'duration', { min: 0.1, max: 3600, unit: 'seconds' }, audio === undefined ? 10 : maxSeconds),
    maxSeconds,
  );
  const calls = numberOption(command, values, 'calls', { min: 1, max: 100, integer: true }, 1);
  const lossPercent = numberOption(command, values, 'loss', { min: 0, max: 90, unit: 'percent' }, 0);
  const jitterMs = numberOption(command, values, 'jitter', { min: 0, max: 2000, unit: 'milliseconds' }, 0);
  const seed = numberOption(command, values, 'seed', { min: 0, max: 0xffffffff, integer: true }, 1);
  const stunText = stringOption(values, 'stun');
  const stun = stunText === undefined ? undefined : parseHostPort(command, stunText, 3478);
  const outDir = resolve(stringOption(values, 'out') ?? 'demo-output');
  const recordText = stringOption(values, 'record');
  if (recordText === '') {
    throw new CliUsageError('"--record" expected a directory, got ""', command);
  }
  const recordDir = recordText === undefined ? undefined : resolve(recordText);
  const json = values.json === true;

  const progress = new ProgressLine(io);
  if (!json) {
    io.stderr.write(`voip demo: ${calls} SRTP call(s) on loopback, ${durationSec} s of ${escapeControlCharacters(audioPath ?? 'music')} as ${codecText} each way...\n`);
  }
  const report = await runDemo({
    suite,
    codec: codecText,
    durationSec,
    calls,
    loss: lossPercent / 100,
    jitterMs,
    seed,
    stun,
    outDir,
    ipv6: values.ipv6 === true,
    ...(audio === undefined ? {} : { audio }),
    ...(dtmf === undefined ? {} : { dtmf }),
    ...(recordDir === undefined ? {} : { recordDir }),
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    onProgress: (p) => {
      const lossPct = p.sent > 0 ? (100 * p.dropped) / p.sent : 0;
      progress.update(
        `${p.elapsedSec.toFixed(1).padStart(5)} / ${p.durationSec} s  packets ${p.sent} sent ${p.received} received  loss ${lossPct.toFixed(1)}%  jitter ${p.jitterMs.toFixed(2)} ms  ${p.kbitPerSec.toFixed(0)} kbit/s`,
      );
    },
  });
  progress.done();
  if (json) {
    io.stdout.write(`${JSON.stringify(report, (_, v: unknown) => (v === Number.POSITIVE_INFINITY ? null : v), 2)}\n`);
  } else {
    // File names and the STUN server come from the command line: escaped like every message.
    io.stdout.write(humanReport(report).split('\n').map(escapeControlCharacters).join('\n'));
  }
  if (report.interrupted) {
    throw new CliError('INTERRUPTED', 'interrupted before the call ended');
  }
  if (!report.ok) {
    throw new CliError('NOT_INTACT', 'the audio did not arrive intact (see the report above)');
  }
  return 0;
}

/** `voip demo`. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'a secure SRTP call end to end on loopback, with a bit-exact audio check',
  help: HELP,
  run,
};
