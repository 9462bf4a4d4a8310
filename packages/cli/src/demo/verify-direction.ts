/**
 * The demo's check of one direction of one call: every received payload against what was sent for its
 * sequence number (bit for bit), the decoded PCM in the WAV the receiver wrote against the decode of
 * what was sent, nothing missing beyond what the impairment dropped, and the cumulative loss in the
 * receiver's RTCP report (RFC 3550 §6.4.1) against RFC 3550 A.1/A.3 applied to the arrival order.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RtpCall, RtpMultiplexer } from '@voip/rtp';
import { PCMA, PCMU, decodeWav, encodeWav } from '@voip/audio';
import type { AudioCall } from '@voip/audio';
import type { G711Law } from './demo-types.js';
import { DEMO_SAMPLE_RATE } from '../demo-audio.js';
import { CliError, describeFsError } from '../errors.js';
import type { DemoDirection } from './demo-types.js';
import { PLAYOUT_MIN_SNR_DB, verifyPlayout } from './verify-playout.js';
import { expectedLoss } from './expected-loss.js';

const SAMPLES_PER_PACKET = 160;

/** One side of one call: what it sent and what it received. */
export interface Leg {
  readonly name: 'caller' | 'callee';
  readonly index: number;
  readonly ssrc: number;
  readonly startSeq: number;
  readonly startTs: number;
  call: RtpCall | undefined;
  mux: RtpMultiplexer | undefined;
  /** Received payloads by sequence number, and the arrival order. */
  readonly received: Map<number, Uint8Array>;
  readonly arrivals: number[];
  duplicates: number;
  sent: number;
  /** Packets handed to the send queue (numbered), sent or not yet. */
  queued: number;
  /** RFC 4733 digits this leg received (with --dtmf). */
  readonly digits: string[];
  /** The leg's PCM in and out: AudioCall over its RTP call (paced sender out, jitter buffer in). */
  audio: AudioCall | undefined;
  /** The frames this leg's AudioCall played, in order (silence included). */
  readonly played: Int16Array[];
}

/** What {@link verifyDirection} compares. */
export interface VerifyInput {
  readonly call: number;
  readonly sender: Leg;
  readonly receiver: Leg;
  /** Sequence numbers the sender's impairment dropped. */
  readonly dropped: ReadonlySet<number>;
  readonly law: G711Law;
  /** The payload of packet k as sent. */
  readonly payloadOf: (k: number) => Uint8Array;
  /** The original PCM (for the informative SNR). */
  readonly original: Int16Array;
  /** Where the receiver writes its WAV, if it does. */
  readonly wavPath: string | undefined;
  readonly interrupted: boolean;
  /**
   * Whether the playout counts toward `intact` (the demo checks it for any number of calls: on a busy
   * event loop the senders skip slots and the playout lag grows, which `verifyPlayout` follows).
   */
  readonly checkPlayout: boolean;
}

/**
 * Checks one direction.
 * @param input - the two legs, the drops, the codec and the reference payloads
 * @returns the direction's report, and signal and noise energy for the SNR (when a WAV was written)
 * @throws {CliError} `IO` when the WAV cannot be written or read back
 */
export function verifyDirection(input: VerifyInput): { direction: DemoDirection; snrSignal: number; snrNoise: number } {
  const { sender, receiver, dropped, law, payloadOf, interrupted } = input;
  const decoder = (law === 'PCMU' ? PCMU : PCMA).createDecoder();
  const pcm = input.original;
  let snrSignal = 0;
  let snrNoise = 0;
  let mismatched = 0;
  let unexpected = receiver.duplicates;
  const wavPcm = new Int16Array(sender.sent * SAMPLES_PER_PACKET);
  const expectedPcm = new Int16Array(sender.sent * SAMPLES_PER_PACKET);
  for (const [seq, payload] of receiver.received) {
    const k = (seq - sender.startSeq) & 0xffff;
    if (k >= sender.sent) {
      unexpected++;
      continue;
    }
    const sent = payloadOf(k);
    if (payload.length !== sent.length || payload.some((b, j) => b !== sent[j])) {
      mismatched++;
    }
    // The receiver decodes what arrived; the reference is the decode of what was sent.
    decoder.decode(payload.subarray(0, SAMPLES_PER_PACKET), wavPcm.subarray(k * SAMPLES_PER_PACKET, (k + 1) * SAMPLES_PER_PACKET));
    decoder.decode(sent, expectedPcm.subarray(k * SAMPLES_PER_PACKET, (k + 1) * SAMPLES_PER_PACKET));
  }
  let missing = 0;
  const missingPackets: number[] = [];
  for (let k = 0; k < sender.sent; k++) {
    const seq = (sender.startSeq + k) & 0xffff;
    if (!receiver.received.has(seq) && !dropped.has(seq)) {
      missing++;
      if (missingPackets.length < 10) {
        missingPackets.push(k);
      }
    }
  }
  // The WAV the receiver writes (call 1 only), read back for the PCM check.
  let wav: string | undefined;
  let pcmFromWav: Int16Array = wavPcm;
  if (input.wavPath !== undefined) {
    wav = input.wavPath;
    try {
      writeFileSync(wav, encodeWav({ sampleRate: DEMO_SAMPLE_RATE, channels: 1, samples: wavPcm }));
      pcmFromWav = decodeWav(readFileSync(wav)).samples;
    } catch (e) {
      throw new CliError('IO', describeFsError(e, wav, 'write'), { cause: e });
    }
    for (let j = 0; j < pcmFromWav.length; j++) {
      const o = pcm[j] ?? 0;
      snrSignal += o * o;
      snrNoise += ((pcmFromWav[j] ?? 0) - o) ** 2;
    }
  }
  const pcmExact = pcmFromWav.length === expectedPcm.length && pcmFromWav.every((s, j) => s === expectedPcm[j]);
  const senderStats = sender.call?.statistics();
  const receiverStats = receiver.call?.statistics();
  const report = senderStats?.remoteReport;
  const oracle = expectedLoss(receiver.arrivals);
  const rtcpOk = report !== undefined && report.cumulativeLost === oracle.lost;
  const reference = new Int16Array(sender.sent * SAMPLES_PER_PACKET);
  for (let k = 0; k < sender.sent; k++) {
    decoder.decode(payloadOf(k), reference.subarray(k * SAMPLES_PER_PACKET, (k + 1) * SAMPLES_PER_PACKET));
  }
  const playout = verifyPlayout(receiver.played, reference, SAMPLES_PER_PACKET);
  const intact =
    !interrupted &&
    (!input.checkPlayout || playout.medianSnrDb >= PLAYOUT_MIN_SNR_DB) &&
    mismatched === 0 &&
    unexpected === 0 &&
    missing === 0 &&
    pcmExact &&
    rtcpOk &&
    receiver.received.size + dropped.size === sender.sent;
  const direction: DemoDirection = {
    call: input.call,
    from: sender.name,
    to: receiver.name,
    sent: sender.sent,
    received: receiver.received.size,
    dropped: dropped.size,
    mismatched,
    unexpected,
    missing,
    missingPackets,
    rtcpLost: report?.cumulativeLost,
    expectedRtcpLost: oracle.lost,
    rtcpJitterMs: report?.jitterMs,
    authFailed: receiverStats?.authFailed ?? 0,
    rtcpSent: senderStats?.rtcpSent ?? 0,
    rtcpReceived: receiverStats?.rtcpReceived ?? 0,
    pcmExact,
    playoutFrames: playout.frames,
    playoutExactFrames: playout.exactFrames,
    playoutLagMs: playout.lagFrames * 20,
    playoutSnrDb: playout.medianSnrDb,
    playoutChecked: input.checkPlayout,
    intact,
    wav,
  };
  return { direction, snrSignal, snrNoise };
}
