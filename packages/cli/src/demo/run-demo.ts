/**
 * The demo call: an embedded STUN server, two endpoints that discover their addresses from it, SDES
 * offer/answer (RFC 4568 §7), SRTP both ways (RFC 3711) with RTCP SR/RR over SRTCP (RFC 3550 §6.4),
 * 20 ms G.711 packets at real-time pace (RFC 3551 §4.5.14), and a bit-for-bit check of what arrived.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { RtpCall, RtpMultiplexer, type RtpCallOptions, type RtpPacket, type TransportAddress } from '@voip/rtp';
import { acceptCryptoAnswer, createCryptoOffer, selectCryptoAnswer } from '@voip/sdp-crypto';
import { SrtpSession } from '@voip/srtp';
import { type StunAddress } from '@voip/stun';
import { StunServer, StunSocket } from '@voip/stun/node';
import { AudioCall, PCMA, PCMU } from '@voip/audio';
import { DEMO_SAMPLE_RATE, synthesizeDemoAudio } from '../demo-audio.js';
import { CliError, describeFsError } from '../errors.js';
import { ImpairedTransport } from './impaired-transport.js';
import { readSdp, sdp } from './demo-sdp.js';
import type { DemoDirection, DemoOptions, DemoReport } from './demo-types.js';
import { SsrcRouter } from './ssrc-router.js';
import { expectedLoss } from './expected-loss.js';
import { verifyDirection, type Leg } from './verify-direction.js';
import { DemoCallRecording, ensureRecordDir } from './call-recording.js';

export type { DemoDirection, DemoOptions, DemoProgress, DemoRecording, DemoReport } from './demo-types.js';

const SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz (RFC 3551 §4.5: default packetization)
const PACKET_MS = 20;
const OTHER_SUITES = ['AES_256_CM_HMAC_SHA1_80', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

const addr = (a: { readonly address: string; readonly port: number }): string =>
  a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Most RTP packets sent in one go before yielding to the event loop (both sockets share it). */
const BURST = 16;
/** The dynamic payload type the demo gives RFC 4733 telephone events (the customary 101). */
const DTMF_PAYLOAD_TYPE = 101;



/** One endpoint: a STUN-discovered socket, the impairment, the SSRC router. */
interface Side {
  readonly socket: StunSocket;
  readonly impaired: ImpairedTransport;
  readonly router: SsrcRouter;
  readonly discovered: StunAddress;
}

async function openSide(host: string, stunServer: { address: string; port: number } | { host: string; port: number }, options: DemoOptions, seed: number): Promise<Side> {
  const socket = await StunSocket.open({ host, port: 0, stunServer, rto: 200, maxRequests: 5 });
  const impaired = new ImpairedTransport(socket, { loss: options.loss, jitterMs: options.jitterMs, seed });
  const router = new SsrcRouter(impaired);
  return { socket, impaired, router, discovered: socket.reachableAddress };
}

/** What every phase of the demo needs: the options, the audio, and what to close at the end. */
interface DemoContext {
  readonly options: DemoOptions;
  readonly law: DemoOptions['codec'];
  readonly pt: number;
  readonly pcm: Int16Array;
  /** Packets each direction sends. */
  readonly packets: number;
  readonly payloadOf: (k: number) => Uint8Array;
  readonly loopback: string;
  readonly cleanups: (() => unknown)[];
  /** Errors of the AudioCalls' send and play paths (they never throw from their timers). */
  readonly audioErrors: unknown[];
  /** RTP packets the AudioCalls handed over and not yet sent (see {@link sendSmoothly}). */
  readonly sendQueue: (() => void)[];
  /** With --record: each call's recording, from the caller's side, in call order. */
  readonly recordings: DemoCallRecording[];
}

/**
 * Sends a packet through the shared queue: at most {@link BURST} packets per turn of the event loop.
 * After a stall (GC, a busy machine) every paced sender sends the frames it owes at once; with many
 * calls on one socket that burst could overflow the receiving socket's buffer before this loop
 * reads it. Order and timing within a turn are kept; nothing is dropped.
 */
function sendSmoothly(ctx: DemoContext, send: () => void): void {
  ctx.sendQueue.push(send);
  if (ctx.sendQueue.length > 1) {
    return; // the pump is already scheduled
  }
  const pump = (): void => {
    const batch = ctx.sendQueue.splice(0, BURST);
    for (const s of batch) {
      try {
        s();
      } catch (error) {
        ctx.audioErrors.push(error);
      }
    }
    if (ctx.sendQueue.length > 0) {
      setImmediate(pump);
    }
  };
  setImmediate(pump);
}

type StunTarget = { address: string; port: number } | { host: string; port: number };

/** Phase 1: the STUN server, embedded on loopback or the one the user named. */
async function startStun(ctx: DemoContext): Promise<{ target: StunTarget; text: string }> {
  let target: StunTarget;
  if (ctx.options.stun === undefined) {
    const server = new StunServer({ software: 'voip demo' });
    ctx.cleanups.push(() => server.close());
    const [bound] = await server.listen({ host: ctx.loopback, port: 0 });
    if (bound === undefined) {
      throw new CliError('IO', 'the embedded STUN server did not bind');
    }
    target = { address: bound.address, port: bound.port };
  } else {
    target = { host: ctx.options.stun.host, port: ctx.options.stun.port };
  }
  return { target, text: 'address' in target ? addr(target) : `${target.host}:${target.port}` };
}

/** Phase 2: two endpoints, each discovering its address from that server. */
async function openSides(ctx: DemoContext, stun: { target: StunTarget; text: string }): Promise<{ caller: Side; callee: Side }> {
  const { options } = ctx;
  const host = options.stun === undefined ? ctx.loopback : options.ipv6 === true ? '::' : '0.0.0.0';
  try {
    const caller = await openSide(host, stun.target, options, options.seed);
    ctx.cleanups.push(() => caller.impaired.close());
    const callee = await openSide(host, stun.target, options, options.seed + 1);
    ctx.cleanups.push(() => callee.impaired.close());
    return { caller, callee };
  } catch (e) {
    throw new CliError('UNREACHABLE', `STUN discovery via ${stun.text} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function newLeg(name: 'caller' | 'callee', index: number): Leg {
  return {
    name,
    index,
    ssrc: randomInt(1, 2 ** 32 - 1) >>> 0,
    startSeq: randomInt(0, 2 ** 15), // below 2^15 (pion/rtp#277): no ROC guess near the wrap
    startTs: randomInt(0, 2 ** 31),
    call: undefined,
    mux: undefined,
    received: new Map(),
    arrivals: [],
    duplicates: 0,
    sent: 0,
    digits: [],
    audio: undefined,
    played: [],
    queued: 0,
  };
}

/** What the offer/answer of the first call looked like, for the report. */
interface Negotiated {
  readonly callerLegs: Leg[];
  readonly calleeLegs: Leg[];
  offerSdp: string;
  answerSdp: string;
  offerLines: readonly string[];
  answerLine: string;
  suite: string;
}

/** Phase 4 for one direction of one call: its RTP call over the side's socket, with its SRTP sessions. */
function wireLeg(ctx: DemoContext, side: Side, leg: Leg, peer: Leg, remote: { address: string; port: number }, srtp: NonNullable<RtpCallOptions['srtp']>): () => void {
  const mux = new RtpMultiplexer(side.router.channel(peer.ssrc));
  const call = new RtpCall({
    multiplexer: mux,
    media: [
      { payloadType: ctx.pt, encodingName: ctx.law, clockRate: DEMO_SAMPLE_RATE, remoteAddress: remote.address, remotePort: remote.port, rtcpMux: true },
      ...(ctx.options.dtmf === undefined ? [] : [{ payloadType: DTMF_PAYLOAD_TYPE, encodingName: 'telephone-event', clockRate: DEMO_SAMPLE_RATE }]),
    ],
    dtmf: { onDigitEnd: (_call, end) => void leg.digits.push(end.digit ?? '?') },
    srtp,
    ssrc: leg.ssrc,
    remoteSsrc: peer.ssrc,
    rtcp: { minIntervalMs: 1000, cname: `${leg.name}-${leg.index + 1}@voip-demo` },
    onPacket: (packet: RtpPacket) => {
      leg.audio?.packetReceived(packet);
      if (packet.payloadType !== ctx.pt) {
        return; // telephone events: the call's DTMF receiver has them
      }
      if (leg.received.has(packet.sequenceNumber)) {
        leg.duplicates++;
      } else {
        leg.received.set(packet.sequenceNumber, packet.payload.slice());
      }
      leg.arrivals.push(packet.sequenceNumber);
    },
  });
  leg.mux = mux;
  leg.call = call;
  leg.audio = attachAudio(ctx, leg, call);
  ctx.cleanups.push(() => leg.audio?.stop());
  ctx.cleanups.push(() => mux.close());
  return () => mux.registerCall({ address: remote.address, port: remote.port }, call);
}

/**
 * The leg's AudioCall: PCM in through its paced sender and encoder (the codec chosen from the
 * negotiated formats by `selectAudioCodec`), out of its jitter buffer. The call numbers its packets
 * from the leg's first sequence number, so the check knows which sent frame each received one is;
 * DTMF continues that sequence (RtpCall numbers the events after the last packet sent).
 */
function attachAudio(ctx: DemoContext, leg: Leg, call: RtpCall): AudioCall {
  return new AudioCall({
    call: {
      media: call.media,
      sendPacket: (packet) => {
        if (leg.queued >= ctx.packets) {
          return false;
        }
        const sequenceNumber = (leg.startSeq + leg.queued) & 0xffff;
        leg.queued++;
        sendSmoothly(ctx, () => {
          call.sendPacket({ ...packet, sequenceNumber });
          leg.sent++;
        });
        return true;
      },
      sendDigits: (digits) => call.sendDigits(digits),
    },
    sampleRate: DEMO_SAMPLE_RATE,
    ptimeMs: PACKET_MS,
    idle: 'none',
    // The demo knows its impairment's worst jitter: the buffer starts deep enough to cover it, and
    // adapts from there (a receiver on a real network learns it instead).
    jitter: { targetDelayMs: 60 + ctx.options.jitterMs, minDelayMs: 40 + ctx.options.jitterMs, maxDelayMs: 200 + ctx.options.jitterMs },
    onAudio: (pcm) => void leg.played.push(pcm.slice()),
    onError: (error) => void ctx.audioErrors.push(error),
  });
}

/**
 * Phases 3 and 4: SDES offer/answer per call (RFC 4568 §7: the caller offers several suites, the
 * callee answers one), then SRTP per direction (RFC 4568 §6.1: each side sends with its own key).
 */
function negotiate(ctx: DemoContext, caller: Side, callee: Side): Negotiated {
  const { options, loopback, pt, law } = ctx;
  const dtmfPt = options.dtmf === undefined ? undefined : DTMF_PAYLOAD_TYPE;
  // Media runs over loopback; the discovered address goes in the SDP when it is reachable from here.
  const mediaAddress = (side: Side): TransportAddress => {
    const local = side.socket.localAddress();
    const isLoopback = side.discovered.address.startsWith('127.') || side.discovered.address === '::1';
    return isLoopback ? side.discovered : { address: loopback, port: local.port };
  };
  const suites = [options.suite, ...OTHER_SUITES.filter((s) => s !== options.suite)];
  const out: Negotiated = { callerLegs: [], calleeLegs: [], offerSdp: '', answerSdp: '', offerLines: [], answerLine: '', suite: '' };
  const registrations: (() => void)[] = [];
  for (let i = 0; i < options.calls; i++) {
    const cl = newLeg('caller', i);
    const ce = newLeg('callee', i);
    out.callerLegs.push(cl);
    out.calleeLegs.push(ce);
    const offer = createCryptoOffer({ suites });
    const offerSdp = sdp('caller', 1000 + i, mediaAddress(caller), pt, law, [cl.ssrc], offer.lines, dtmfPt);
    const seenOffer = readSdp(offerSdp);
    const answer = selectCryptoAnswer(seenOffer.crypto);
    if (!answer.ok) {
      throw new CliError('BAD_INPUT', `the callee accepted none of the offered suites: ${answer.rejections.map((r) => r.message).join('; ')}`);
    }
    const answerSdp = sdp('callee', 2000 + i, mediaAddress(callee), pt, law, [ce.ssrc], [answer.line], dtmfPt);
    const seenAnswer = readSdp(answerSdp);
    const accepted = acceptCryptoAnswer(offer, seenAnswer.crypto[0] ?? '');
    if (!accepted.ok) {
      throw new CliError('BAD_INPUT', `the caller refused the answer: ${accepted.error.message}`);
    }
    if (i === 0) {
      Object.assign(out, { offerSdp, answerSdp, offerLines: offer.lines, answerLine: answer.line, suite: answer.attribute.suite });
    }
    const callerSend = new SrtpSession(accepted.local);
    const callerReceive = new SrtpSession(accepted.remote);
    const calleeSend = new SrtpSession(answer.local);
    const calleeReceive = new SrtpSession(answer.remote);
    ctx.cleanups.push(() => [callerSend, callerReceive, calleeSend, calleeReceive].forEach((s) => s.dispose()));
    const callerSrtp = { send: callerSend, receive: callerReceive };
    const answered = { address: seenAnswer.address, port: seenAnswer.port };
    // --record: the caller's side of the call, its RTP captured around its SRTP contexts.
    const recording = options.recordDir === undefined ? undefined : new DemoCallRecording(options.recordDir, i + 1, mediaAddress(caller), answered);
    if (recording !== undefined) {
      ctx.recordings.push(recording);
      ctx.cleanups.push(() => recording.close());
    }
    registrations.push(wireLeg(ctx, caller, cl, ce, answered, recording === undefined ? callerSrtp : recording.capture(callerSrtp)));
    if (recording !== undefined && cl.audio !== undefined) {
      recording.attach(cl.audio);
    }
    registrations.push(wireLeg(ctx, callee, ce, cl, { address: seenOffer.address, port: seenOffer.port }, { send: calleeSend, receive: calleeReceive }));
  }
  for (const r of registrations) {
    r();
  }
  return out;
}

/** The progress callback's figures, from every leg and both impaired transports. */
function reportProgress(ctx: DemoContext, legs: readonly Leg[], sides: readonly Side[], t0: number): void {
  const { options } = ctx;
  if (options.onProgress === undefined) {
    return;
  }
  let sent = 0;
  let received = 0;
  let jitter = 0;
  for (const l of legs) {
    sent += l.sent;
    received += l.received.size;
    jitter = Math.max(jitter, l.call?.statistics().jitterMs ?? 0);
  }
  const dropped = sides.reduce((n, s) => n + [...s.impaired.dropped.values()].reduce((m, set) => m + set.size, 0), 0);
  const elapsed = (performance.now() - t0) / 1000;
  const bytes = sides.reduce((n, s) => n + s.impaired.bytesSent, 0);
  options.onProgress({
    elapsedSec: elapsed,
    durationSec: options.durationSec,
    sent,
    received,
    dropped,
    jitterMs: jitter,
    kbitPerSec: elapsed > 0 ? (bytes * 8) / elapsed / 1000 : 0,
  });
}

/**
 * Phase 5: every leg's AudioCall speaks the audio at real-time pace (its paced sender: 20 ms frames on
 * absolute deadlines) and plays what arrives. The legs start staggered across the period like
 * independent calls, so both sockets (served by this one event loop) see a steady trickle. It ends
 * when every frame was sent and the playout had time to play the last of them.
 * @returns whether the run was interrupted (the abort signal)
 */
function streamAudio(ctx: DemoContext, legs: readonly Leg[], onTick: () => void): Promise<boolean> {
  const { options, packets } = ctx;
  const speech = ctx.pcm.subarray(0, packets * SAMPLES_PER_PACKET);
  const starts = legs.map((leg, j) =>
    setTimeout(() => {
      leg.audio?.write(speech);
      leg.audio?.start();
    }, (j * PACKET_MS) / legs.length),
  );
  // The playout runs behind the send by the network plus the jitter buffer's depth: 25 frames more.
  const tail = 25;
  let sentAt: number | undefined;
  return new Promise<boolean>((resolve) => {
    const finish = (interrupted: boolean): void => {
      clearInterval(timer);
      starts.forEach((t) => clearTimeout(t));
      onTick();
      resolve(interrupted);
    };
    const timer = setInterval(() => {
      if (options.signal?.aborted === true) {
        finish(true);
        return;
      }
      onTick();
      if (sentAt === undefined && legs.every((l) => l.sent >= packets)) {
        sentAt = performance.now();
      }
      const played = legs.every((l) => l.played.length >= packets + tail);
      if (sentAt !== undefined && (played || performance.now() - sentAt > 2000 + options.jitterMs)) {
        finish(false);
      }
    }, 50);
  });
}

/**
 * Phase 5b: lets delayed packets land, then sends a final SR/RR each way so RTCP covers every packet
 * (RFC 3550 §6.4). A receiver reports on a source only when it got RTP from it since its previous
 * report (RFC 3550 §6.4.1), so the last report may be a periodic one; the reports get a bounded time
 * to cover every packet that arrived (highest sequence number and the A.1/A.3 loss).
 */
async function settle(ctx: DemoContext, n: Negotiated, sides: readonly Side[]): Promise<void> {
  const waitUntil = performance.now() + ctx.options.jitterMs + 2000;
  while (sides.some((s) => s.impaired.inFlight > 0) && performance.now() < waitUntil) {
    await sleep(10);
  }
  await sleep(60);
  for (const leg of [...n.callerLegs, ...n.calleeLegs]) {
    leg.call?.sendRtcpReport();
  }
  const settled = (sender: Leg, receiver: Leg): boolean => {
    const report = sender.call?.statistics().remoteReport;
    if (report === undefined) {
      return false;
    }
    let maxK = -1;
    for (const seq of receiver.arrivals) {
      maxK = Math.max(maxK, (seq - sender.startSeq) & 0xffff);
    }
    return (report.highestSequence & 0xffff) === ((sender.startSeq + maxK) & 0xffff) && report.cumulativeLost === expectedLoss(receiver.arrivals).lost;
  };
  const reportsBy = performance.now() + 3000;
  while (
    performance.now() < reportsBy &&
    n.callerLegs.some((c, i) => {
      const e = n.calleeLegs[i] as Leg;
      return !settled(c, e) || !settled(e, c);
    })
  ) {
    await sleep(20);
  }
}

/**
 * Phase 7 (with --dtmf): after the audio, every leg sends the digits as RFC 4733 telephone events
 * (`RtpCall.sendDigits`, continuing the stream's sequence and clock), and each direction's report gets
 * the digits sent and those the other side's call reported.
 */
async function exchangeDigits(ctx: DemoContext, n: Negotiated, directions: DemoDirection[], interrupted: boolean): Promise<DemoDirection[]> {
  const digits = ctx.options.dtmf;
  if (digits === undefined || interrupted) {
    return directions;
  }
  const legs = [...n.callerLegs, ...n.calleeLegs];
  await Promise.all(legs.map((leg) => leg.audio?.sendDigits(digits) ?? Promise.resolve(false)));
  // The last end reports are in flight: give them a moment (the receiver also ends a digit on its own).
  const deadline = performance.now() + 1500;
  while (performance.now() < deadline && !legs.every((leg) => leg.digits.length >= digits.length)) {
    await sleep(20);
  }
  return directions.map((d) => {
    const receiver = (d.to === 'caller' ? n.callerLegs : n.calleeLegs)[d.call - 1];
    return { ...d, dtmfSent: digits.toUpperCase(), dtmfReceived: (receiver?.digits ?? []).join('') };
  });
}

/** Phase 6: every direction checked bit for bit and against RTCP. */
function verifyAll(ctx: DemoContext, n: Negotiated, caller: Side, callee: Side, interrupted: boolean): { directions: DemoDirection[]; snrDb: number } {
  const directions: DemoDirection[] = [];
  let snrSignal = 0;
  let snrNoise = 0;
  for (let i = 0; i < ctx.options.calls; i++) {
    for (const [sender, receiver, side] of [
      [n.callerLegs[i], n.calleeLegs[i], caller],
      [n.calleeLegs[i], n.callerLegs[i], callee],
    ] as const) {
      if (sender === undefined || receiver === undefined) {
        continue;
      }
      const checked = verifyDirection({
        call: i + 1,
        sender,
        receiver,
        dropped: side.impaired.dropped.get(sender.ssrc) ?? new Set<number>(),
        law: ctx.law,
        payloadOf: ctx.payloadOf,
        original: ctx.pcm,
        wavPath: i === 0 ? join(ctx.options.outDir, `call-1-${receiver.name}-received.wav`) : undefined,
        interrupted,
        checkPlayout: true,
      });
      snrSignal += checked.snrSignal;
      snrNoise += checked.snrNoise;
      directions.push(checked.direction);
    }
  }
  return { directions, snrDb: snrNoise === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10(snrSignal / snrNoise) };
}

/** The codec the AudioCalls chose from the negotiated formats, as `a=rtpmap` names it. */
function describeCodec(audio: AudioCall | undefined): string {
  return audio === undefined ? 'none' : `${audio.codec.codec.encodingName}/${audio.codec.codec.clockRate} (payload type ${audio.codec.payloadType})`;
}

/**
 * Runs the demo call(s) and checks the audio.
 * @param options - suite, codec, duration, calls, impairment, STUN server, output directory
 * @returns the report; `ok` only when every direction of every call arrived intact
 * @throws {CliError} `UNREACHABLE` when STUN discovery fails, `IO` when the WAVs cannot be written
 * @example
 * ```ts
 * import { runDemo } from '@voip/cli';
 * const report = await runDemo({ suite: 'AES_CM_128_HMAC_SHA1_80', codec: 'PCMU', durationSec: 2, calls: 1,
 *   loss: 0, jitterMs: 0, seed: 1, stun: undefined, outDir: '/tmp/voip-demo' });
 * console.log(report.ok, report.totals.received);
 * ```
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const started = performance.now();
  const law = options.codec;
  const pcm = options.audio?.subarray(0, Math.round(options.durationSec * DEMO_SAMPLE_RATE)) ?? synthesizeDemoAudio(options.durationSec);
  const encoded = (law === 'PCMU' ? PCMU : PCMA).createEncoder().encode(pcm);
  const ctx: DemoContext = {
    options,
    law,
    pt: law === 'PCMU' ? 0 : 8,
    pcm,
    packets: Math.floor(pcm.length / SAMPLES_PER_PACKET),
    payloadOf: (k) => encoded.subarray(k * SAMPLES_PER_PACKET, (k + 1) * SAMPLES_PER_PACKET),
    loopback: options.ipv6 === true ? '::1' : '127.0.0.1',
    cleanups: [],
    audioErrors: [],
    sendQueue: [],
    recordings: [],
  };
  try {
    mkdirSync(options.outDir, { recursive: true });
  } catch (e) {
    throw new CliError('IO', describeFsError(e, options.outDir, 'create'), { cause: e });
  }
  if (options.recordDir !== undefined) {
    ensureRecordDir(options.recordDir);
  }
  try {
    const stun = await startStun(ctx);
    const { caller, callee } = await openSides(ctx, stun);
    const n = negotiate(ctx, caller, callee);
    const legs = [...n.callerLegs, ...n.calleeLegs];
    const sides = [caller, callee];
    const t0 = performance.now();
    const interrupted = await streamAudio(ctx, legs, () => reportProgress(ctx, legs, sides, t0));
    if (ctx.audioErrors.length > 0) {
      const e = ctx.audioErrors[0];
      throw new CliError('IO', `the audio path failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    await settle(ctx, n, sides);
    reportProgress(ctx, legs, sides, t0);
    const verified = verifyAll(ctx, n, caller, callee, interrupted);
    const directions = await exchangeDigits(ctx, n, verified.directions, interrupted);
    const { snrDb } = verified;
    // The recordings end before the hang-up: the WAVs hold the whole call, the pcaps its DTMF too.
    const recordings = ctx.recordings.map((r) => r.finish());
    for (const leg of legs) {
      await leg.call?.hangUp('demo finished');
    }
    const sum = (f: (d: DemoDirection) => number): number => directions.reduce((total, d) => total + f(d), 0);
    return {
      ok: directions.length > 0 && directions.every((d) => d.intact && d.dtmfReceived === d.dtmfSent),
      suite: n.suite,
      codec: law,
      audioCodec: describeCodec(legs[0]?.audio),
      durationSec: options.durationSec,
      calls: options.calls,
      lossPercent: options.loss * 100,
      jitterMs: options.jitterMs,
      seed: options.seed,
      stunServer: stun.text,
      embeddedStunServer: options.stun === undefined,
      caller: { local: addr(caller.socket.localAddress()), discovered: addr(caller.discovered) },
      callee: { local: addr(callee.socket.localAddress()), discovered: addr(callee.discovered) },
      offer: n.offerLines,
      answer: n.answerLine,
      sdpOffer: n.offerSdp,
      sdpAnswer: n.answerSdp,
      directions,
      totals: {
        sent: sum((d) => d.sent),
        received: sum((d) => d.received),
        dropped: sum((d) => d.dropped),
        mismatched: sum((d) => d.mismatched),
        missing: sum((d) => d.missing),
        authFailed: sum((d) => d.authFailed),
        maxRtcpJitterMs: Math.max(0, ...directions.map((d) => d.rtcpJitterMs ?? 0)),
      },
      snrDb,
      outDir: options.outDir,
      ...(options.recordDir === undefined ? {} : { recordings }),
      interrupted,
      elapsedSec: (performance.now() - started) / 1000,
    };
  } finally {
    for (const c of ctx.cleanups.reverse()) {
      try {
        await c();
      } catch {
        // Closing is best effort: the report (or the error) is what matters.
      }
    }
  }
}
