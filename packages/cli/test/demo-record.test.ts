/**
 * `voip demo --record DIR`: per call a stereo WAV (left what the caller sent, right what it played)
 * and a pcap of the call's RTP in the clear. One impaired demo run (loss and jitter, so the directions
 * differ and the received side has holes), read back by our own readers, by tshark and by ffprobe /
 * ffmpeg.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PCMU, decodeWav, type AudioCall, type AudioCallTap } from '@voip/audio';
import { parseRtpPacket } from '@voip/rtp';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { synthesizeDemoAudio } from '../src/demo-audio.js';
import type { DemoDirection, DemoReport } from '../src/demo/run-demo.js';
import { captureIo } from '../src/io.js';
import { runCli } from '../src/main.js';
import { DemoCallRecording } from '../src/demo/call-recording.js';
import { readPcapFile } from '../src/pcap/pcap-file.js';
import { decodeUdpFrame } from '../src/pcap/udp-frame.js';

const dir = mkdtempSync(join(tmpdir(), 'voip-cli-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const recordDir = join(dir, 'rec', 'nested'); // created by the demo

const SECONDS = 2;
const PACKETS = SECONDS * 50;
/** The demo's audio as it went out: the PCMU payloads of the synthesised music, and their decode. */
const music = synthesizeDemoAudio(SECONDS).subarray(0, PACKETS * 160);
const payloads = PCMU.createEncoder().encode(music);
const sentPcm = PCMU.createDecoder().decode(payloads);

let report: DemoReport;
let exitCode: number;
let text: string;
/** The two directions of call 1: caller to callee (what the caller sent), callee to caller (what it received). */
let out: DemoDirection;
let back: DemoDirection;

const ssrcOf = (sdp: string): number => Number(/a=ssrc:(\d+)/.exec(sdp)?.[1]);
const portOf = (hostPort: string): number => Number(hostPort.slice(hostPort.lastIndexOf(':') + 1));

beforeAll(async () => {
  const io = captureIo();
  exitCode = await runCli(['demo', '--json', '--out', join(dir, 'wav'), '--duration', String(SECONDS), '--loss', '5', '--jitter', '10', '--seed', '7', '--dtmf', '5', '--record', recordDir], io);
  report = JSON.parse(io.out()) as DemoReport;
  out = report.directions.find((d) => d.call === 1 && d.from === 'caller')!;
  back = report.directions.find((d) => d.call === 1 && d.from === 'callee')!;
  const io2 = captureIo();
  await runCli(['demo', '--duration', '0.5', '--calls', '2', '--ipv6', '--out', join(dir, 'wav2'), '--record', join(dir, 'text')], io2);
  text = io2.out();
}, 120_000);

interface Rtp {
  readonly sent: boolean;
  readonly seq: number;
  readonly ssrc: number;
  readonly pt: number;
  readonly payload: Uint8Array;
  readonly srcPort: number;
  readonly dstPort: number;
}

async function readRecordedPcap(path: string): Promise<Rtp[]> {
  const callerPort = portOf(report.caller.discovered);
  const packets: Rtp[] = [];
  for await (const record of readPcapFile(path)) {
    const decoded = decodeUdpFrame(record.data, record.linkType);
    if (!decoded.ok) {
      throw new Error(`undecodable frame: ${decoded.reason}`);
    }
    const { datagram } = decoded;
    const rtp = parseRtpPacket(datagram.payload.slice());
    packets.push({ sent: datagram.srcPort === callerPort, seq: rtp.sequenceNumber, ssrc: rtp.ssrc, pt: rtp.payloadType, payload: rtp.payload.slice(), srcPort: datagram.srcPort, dstPort: datagram.dstPort });
  }
  return packets;
}

/** Checks a direction's audio packets against the report: count, consecutive sequence numbers sent, holes = dropped. */
function checkAgainstReport(packets: readonly Rtp[]): void {
  const callerSsrc = ssrcOf(report.sdpOffer);
  const calleeSsrc = ssrcOf(report.sdpAnswer);
  const sent = packets.filter((p) => p.sent && p.pt === 0);
  const received = packets.filter((p) => !p.sent && p.pt === 0);
  expect(sent.length).toBe(out.sent);
  expect(received.length).toBe(back.received);
  expect(new Set(sent.map((p) => p.ssrc))).toEqual(new Set([callerSsrc]));
  expect(new Set(received.map((p) => p.ssrc))).toEqual(new Set([calleeSsrc]));
  // What the caller sent: one sequence, in order, and plaintext: the music's PCMU, packet k its k-th frame.
  const first = sent[0]!.seq;
  sent.forEach((p, k) => {
    expect(p.seq).toBe((first + k) & 0xffff);
    expect(p.payload).toEqual(payloads.subarray(k * 160, (k + 1) * 160));
  });
  // What the caller received: the callee's sequence less the packets its impairment dropped.
  const seqs = received.map((p) => p.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
  const base = Math.min(...seqs);
  const span = Math.max(...seqs) - base + 1;
  expect(span - seqs.length).toBeLessThanOrEqual(back.dropped);
  expect(back.sent - seqs.length).toBe(back.dropped);
  for (const p of received) {
    const k = (p.seq - base) & 0xffff;
    expect(p.payload).toEqual(payloads.subarray(k * 160, (k + 1) * 160));
  }
}

describe('voip demo --record', () => {
  it('writes call-1.wav and call-1.pcap into the (new, nested) directory and reports them in JSON', () => {
    expect(exitCode).toBe(0);
    expect(report.ok).toBe(true);
    expect(back.dropped).toBeGreaterThan(0); // the impairment did drop packets: holes to check
    expect(report.recordings).toHaveLength(1);
    const r = report.recordings![0]!;
    expect(r.wav).toBe(join(recordDir, 'call-1.wav'));
    expect(r.pcap).toBe(join(recordDir, 'call-1.pcap'));
    expect(existsSync(r.wav) && existsSync(r.pcap)).toBe(true);
    expect(r.rtpSent).toBeGreaterThan(out.sent); // the audio and the DTMF events
    expect(r.rtpReceived).toBeGreaterThanOrEqual(back.received);
  });

  it('the text report names the files of every call; over IPv6 the pcap has IPv6 frames between ::1 ports', async () => {
    for (const n of [1, 2]) {
      const wav = join(dir, 'text', `call-${n}.wav`).replace(/[/\\.]/g, '\\$&');
      expect(text).toMatch(new RegExp(`Recorded call ${n}: ${wav} \\(stereo, [\\d.]+ s: left caller sent, right caller played\\), .*call-${n}\\.pcap \\(RTP in the clear: \\d+ sent, \\d+ received\\)`));
    }
    let frames = 0;
    for await (const record of readPcapFile(join(dir, 'text', 'call-2.pcap'))) {
      const decoded = decodeUdpFrame(record.data, record.linkType);
      expect(decoded.ok && decoded.datagram.family === 6 && decoded.datagram.src === '::1' && decoded.datagram.dst === '::1').toBe(true);
      frames++;
    }
    expect(frames).toBeGreaterThanOrEqual(40); // 25 packets each way, at least
  });

  it('the pcap holds the RTP of both directions in the clear, matching the report (our reader)', async () => {
    const packets = await readRecordedPcap(report.recordings![0]!.pcap);
    expect(packets.filter((p) => p.sent).length).toBe(report.recordings![0]!.rtpSent);
    expect(packets.filter((p) => !p.sent).length).toBe(report.recordings![0]!.rtpReceived);
    checkAgainstReport(packets);
    // The SDP's ports: the caller's m= port to the callee's.
    const calleePort = portOf(report.callee.discovered);
    expect(packets.every((p) => (p.sent ? p.dstPort === calleePort : p.srcPort === calleePort))).toBe(true);
    expect(packets.some((p) => p.pt === 101)).toBe(true); // the DTMF events are in it too
  });

  it('the WAV is stereo 8 kHz, both channels the same length; the left channel is what the caller sent, from its first sample', () => {
    const wav = decodeWav(readFileSync(report.recordings![0]!.wav));
    expect(wav.channels).toBe(2);
    expect(wav.sampleRate).toBe(8000);
    const frames = wav.samples.length / 2;
    expect(frames / 8000).toBeCloseTo(report.recordings![0]!.wavSeconds, 6);
    expect(frames).toBeGreaterThanOrEqual(PACKETS * 160);
    const left = Int16Array.from({ length: PACKETS * 160 }, (_, k) => wav.samples[2 * k]!);
    expect(left).toEqual(sentPcm);
    // The right channel is the callee's music as played: loud, not silence.
    let energy = 0;
    for (let k = 0; k < frames; k++) {
      energy += wav.samples[2 * k + 1]! ** 2;
    }
    expect(Math.sqrt(energy / frames)).toBeGreaterThan(500);
    // ... on the same frame grid: the callee's frames sit whole at multiples of 160 samples, as many
    // frames after their send as the playout ran behind (+0 or +1: the playout's first frame is due at
    // the phase the scheduler placed it at, within one ptime of the start; more only if the playout
    // skipped frames on a busy machine).
    // Frames of the music that occur once (a repeated note would match an earlier frame).
    const sentFrame = new Map<string, number>();
    const repeated = new Set<string>();
    for (let k = 0; k < PACKETS; k++) {
      const f = sentPcm.subarray(k * 160, (k + 1) * 160).join(',');
      if (sentFrame.has(f)) {
        repeated.add(f);
      }
      sentFrame.set(f, k);
    }
    repeated.forEach((f) => sentFrame.delete(f));
    let matched = 0;
    let lastOffset = -1;
    for (let p = 0; (p + 1) * 160 <= frames; p++) {
      const f = Int16Array.from({ length: 160 }, (_, j) => wav.samples[2 * (p * 160 + j) + 1]!);
      const k = sentFrame.get(f.join(','));
      if (k !== undefined && p > k) {
        matched++;
        lastOffset = p - k;
      }
    }
    expect(matched).toBeGreaterThan(sentFrame.size / 2);
    const lagFrames = back.playoutLagMs / 20;
    expect(lastOffset - lagFrames).toBeGreaterThanOrEqual(0);
    expect(lastOffset - lagFrames).toBeLessThanOrEqual(11);
  });

  it('a directory that cannot be created is a clear IO error, and an empty --record a usage error', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const io = captureIo();
    const code = await runCli(['demo', '--duration', '0.2', '--out', join(dir, 'wav3'), '--record', join(file, 'sub')], io);
    expect(code).not.toBe(0);
    expect(io.err()).toContain(`cannot create "${join(file, 'sub')}"`);
    const io2 = captureIo();
    expect(await runCli(['demo', '--record', ''], io2)).not.toBe(0);
    expect(io2.err()).toContain('"--record" expected a directory');
  });

  it('--help describes --record', async () => {
    const io = captureIo();
    await runCli(['demo', '--help'], io);
    expect(io.out()).toMatch(/--record <dir>\s+record every call/);
  });
});

describeWithPeers(['tshark'], 'interop: tshark reads the --record pcap', () => {
  it('as RTP on the callee port: per direction the packets and sequence numbers of the report, and plaintext PCMU payloads', () => {
    const pcap = report.recordings![0]!.pcap;
    const port = portOf(report.callee.discovered);
    const fields = execFileSync('tshark', ['-r', pcap, '-d', `udp.port==${port},rtp`, '-T', 'fields', '-e', 'udp.srcport', '-e', 'rtp.seq', '-e', 'rtp.ssrc', '-e', 'rtp.p_type', '-e', 'rtp.payload'], { encoding: 'utf8' });
    const callerPort = portOf(report.caller.discovered);
    const packets: Rtp[] = fields
      .trim()
      .split('\n')
      .map((line) => {
        const [src, seq, ssrc, pt, payload] = line.split('\t');
        const hex = (payload ?? '').replace(/:/g, '');
        return { sent: Number(src) === callerPort, seq: Number(seq), ssrc: Number(ssrc), pt: Number(pt), payload: Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16)), srcPort: Number(src), dstPort: 0 };
      });
    expect(packets.length).toBe(report.recordings![0]!.rtpSent + report.recordings![0]!.rtpReceived);
    checkAgainstReport(packets);
    // Decoding the payloads tshark shows gives the demo's music, not noise.
    const sent = packets.filter((p) => p.sent && p.pt === 0);
    const pcm = PCMU.createDecoder().decode(Uint8Array.from(sent.flatMap((p) => [...p.payload])));
    expect(pcm).toEqual(sentPcm);
  });
});

describeWithPeers(['ffmpeg'], 'interop: ffprobe and ffmpeg read the --record WAV', () => {
  it('ffprobe: one stream, 2 channels, 8000 Hz, the reported duration; ffmpeg: channel 1 is the sent audio', () => {
    const wav = report.recordings![0]!.wav;
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', wav], { encoding: 'utf8' })) as {
      streams: { channels: number; sample_rate: string; duration: string; codec_name: string }[];
    };
    expect(probe.streams).toHaveLength(1);
    expect(probe.streams[0]).toMatchObject({ channels: 2, sample_rate: '8000', codec_name: 'pcm_s16le' });
    expect(Number(probe.streams[0]!.duration)).toBeCloseTo(report.recordings![0]!.wavSeconds, 2);
    const left = execFileSync('ffmpeg', ['-v', 'error', '-i', wav, '-af', 'pan=mono|c0=c0', '-f', 's16le', '-'], { maxBuffer: 1 << 26 });
    const samples = new Int16Array(left.buffer, left.byteOffset, left.byteLength / 2);
    expect(samples.subarray(0, PACKETS * 160)).toEqual(sentPcm);
  });
});

describe.runIf(existsSync('/dev/full'))('a recording whose disk fills up', () => {
  it('stops writing and fails at finish with a clear IO error (no space left), not a crash of the call', () => {
    const full = join(dir, 'full');
    mkdirSync(full);
    symlinkSync('/dev/full', join(full, 'call-1.wav')); // every write: ENOSPC
    const recording = new DemoCallRecording(full, 1, { address: '127.0.0.1', port: 4000 }, { address: '127.0.0.1', port: 4002 });
    const call = { codec: { payloadType: 0, codec: PCMU }, sampleRate: 8000 as const, ptimeMs: 20, tap: undefined as AudioCallTap | undefined, setTap: (t: AudioCallTap | undefined) => void (call.tap = t) };
    recording.attach(call as unknown as AudioCall);
    expect(() => call.tap!.played(new Int16Array(160), 0)).not.toThrow();
    expect(() => recording.finish()).toThrow(expect.objectContaining({ name: 'CliError', code: 'IO', message: expect.stringContaining('no space left on device') }));
  });
});
