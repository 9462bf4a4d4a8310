/**
 * The demo call: an embedded STUN server, two endpoints that discover their addresses from it, SDES
 * offer/answer (RFC 4568 §7), SRTP both ways (RFC 3711) with RTCP SR/RR over SRTCP (RFC 3550 §6.4),
 * 20 ms G.711 packets at real-time pace (RFC 3551 §4.5.14), and a bit-for-bit check of what arrived.
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { RtpCall, RtpMultiplexer, type RtpPacket, type TransportAddress } from '@voip/rtp';
import { acceptCryptoAnswer, createCryptoOffer, selectCryptoAnswer } from '@voip/sdp-crypto';
import { SrtpSession } from '@voip/srtp';
import { StunServer, StunSocket, type StunAddress } from '@voip/stun';
import { decodeG711, encodeG711, type G711Law } from '../g711.js';
import { DEMO_SAMPLE_RATE, synthesizeDemoAudio } from '../demo-audio.js';
import { CliError, describeFsError } from '../errors.js';
import { parseWav, serializeWav } from '../wav.js';
import { ImpairedTransport } from './impaired-transport.js';
import { SsrcRouter } from './ssrc-router.js';
import { expectedLoss } from './expected-loss.js';

/** Settings of one demo run. */
export interface DemoOptions {
  readonly suite: string;
  readonly codec: G711Law;
  readonly durationSec: number;
  readonly calls: number;
  /** Loss probability per RTP packet, 0..1, applied by each sender. */
  readonly loss: number;
  readonly jitterMs: number;
  readonly seed: number;
  /** `host:port` of a real STUN server; undefined: the embedded one. */
  readonly stun: { readonly host: string; readonly port: number } | undefined;
  readonly outDir: string;
  /** Called about every 20 ms with live figures. */
  readonly onProgress?: (p: DemoProgress) => void;
  /** Stops the call early. */
  readonly signal?: AbortSignal;
}

/** Live figures for the progress line. */
export interface DemoProgress {
  readonly elapsedSec: number;
  readonly durationSec: number;
  readonly sent: number;
  readonly received: number;
  readonly dropped: number;
  readonly jitterMs: number;
  readonly kbitPerSec: number;
}

/** One direction of one call. */
export interface DemoDirection {
  readonly call: number;
  readonly from: 'caller' | 'callee';
  readonly to: 'caller' | 'callee';
  readonly sent: number;
  readonly received: number;
  /** Packets the impairment dropped. */
  readonly dropped: number;
  /** Received packets whose payload differed from what was sent for that sequence number. */
  readonly mismatched: number;
  /** Received packets with a sequence number never sent, or received twice. */
  readonly unexpected: number;
  /** Packets neither received nor dropped (lost by the network or the stack): must be 0. */
  readonly missing: number;
  /** Indexes (0 = first packet) of the first ten missing packets, for diagnosis. */
  readonly missingPackets: readonly number[];
  /** Cumulative loss in the receiver's last RTCP report about this stream (RFC 3550 §6.4.1). */
  readonly rtcpLost: number | undefined;
  /** What a compliant receiver must report, computed from the arrival order (RFC 3550 A.1/A.3). */
  readonly expectedRtcpLost: number;
  /** Interarrival jitter in that report, ms. */
  readonly rtcpJitterMs: number | undefined;
  /** SRTP/SRTCP packets that failed authentication at the receiver. */
  readonly authFailed: number;
  /** RTCP compound packets the sender sent and the receiver got. */
  readonly rtcpSent: number;
  readonly rtcpReceived: number;
  /** The decoded PCM in the WAV equals the decode of the sent payloads (silence where dropped). */
  readonly pcmExact: boolean;
  readonly intact: boolean;
  readonly wav: string | undefined;
}

/** The demo's outcome. */
export interface DemoReport {
  readonly ok: boolean;
  readonly suite: string;
  readonly codec: G711Law;
  readonly durationSec: number;
  readonly calls: number;
  readonly lossPercent: number;
  readonly jitterMs: number;
  readonly seed: number;
  readonly stunServer: string;
  readonly embeddedStunServer: boolean;
  readonly caller: { readonly local: string; readonly discovered: string };
  readonly callee: { readonly local: string; readonly discovered: string };
  readonly offer: readonly string[];
  readonly answer: string;
  readonly sdpOffer: string;
  readonly sdpAnswer: string;
  readonly directions: readonly DemoDirection[];
  readonly totals: {
    readonly sent: number;
    readonly received: number;
    readonly dropped: number;
    readonly mismatched: number;
    readonly missing: number;
    readonly authFailed: number;
    readonly maxRtcpJitterMs: number;
  };
  /** G.711 quality of the received audio against the original PCM, dB (informative). */
  readonly snrDb: number;
  readonly outDir: string;
  readonly interrupted: boolean;
  readonly elapsedSec: number;
}

const SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz (RFC 3551 §4.5: default packetization)
const PACKET_MS = 20;
const OTHER_SUITES = ['AES_256_CM_HMAC_SHA1_80', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

const addr = (a: { readonly address: string; readonly port: number }): string =>
  a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function sdp(role: string, session: number, media: TransportAddress, pt: number, codec: string, ssrcs: readonly number[], crypto: readonly string[]): string {
  const ip = media.address.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=- ${session} 1 IN ${ip} ${media.address}`,
    `s=voip demo ${role}`,
    `c=IN ${ip} ${media.address}`,
    't=0 0',
    `m=audio ${media.port} RTP/SAVP ${pt}`,
    `a=rtpmap:${pt} ${codec}/8000`,
    'a=rtcp-mux',
    'a=ptime:20',
    ...crypto.map((c) => `a=crypto:${c}`),
    ...ssrcs.map((s, i) => `a=ssrc:${s} cname:${role}-${i + 1}`),
    '',
  ].join('\r\n');
}

/** The a=crypto values and a=ssrc ids of an SDP text, as the other side reads them. */
function readSdp(text: string): { crypto: string[]; ssrcs: number[]; address: string; port: number } {
  const lines = text.split(/\r?\n/);
  const crypto = lines.filter((l) => l.startsWith('a=crypto:')).map((l) => l.slice('a=crypto:'.length));
  const ssrcs = lines.filter((l) => l.startsWith('a=ssrc:')).map((l) => Number(/^a=ssrc:(\d+)/.exec(l)?.[1]));
  const c = lines.find((l) => l.startsWith('c=IN '))?.split(' ')[2] ?? '';
  const port = Number(lines.find((l) => l.startsWith('m=audio '))?.split(' ')[1]);
  return { crypto, ssrcs, address: c, port };
}

interface Leg {
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
}

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

/**
 * Runs the demo call(s) and checks the audio.
 * @param options - suite, codec, duration, calls, impairment, STUN server, output directory
 * @returns the report; `ok` only when every direction of every call arrived intact
 * @throws {CliError} `UNREACHABLE` when STUN discovery fails, `IO` when the WAVs cannot be written
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const law = options.codec;
  const pt = law === 'PCMU' ? 0 : 8;
  const started = performance.now();
  const pcm = synthesizeDemoAudio(options.durationSec);
  const packets = Math.floor(pcm.length / SAMPLES_PER_PACKET);
  const encoded = encodeG711(law, pcm);
  const payloadOf = (k: number): Uint8Array => encoded.subarray(k * SAMPLES_PER_PACKET, (k + 1) * SAMPLES_PER_PACKET);

  try {
    mkdirSync(options.outDir, { recursive: true });
  } catch (e) {
    throw new CliError('IO', describeFsError(e, options.outDir, 'create'), { cause: e });
  }

  const cleanups: (() => unknown)[] = [];
  let server: StunServer | undefined;
  try {
    // 1. The STUN server: embedded on loopback, or the one the user named.
    let stunTarget: { address: string; port: number } | { host: string; port: number };
    if (options.stun === undefined) {
      server = new StunServer({ software: 'voip demo' });
      const s = server;
      cleanups.push(() => s.close());
      const [bound] = await server.listen({ host: '127.0.0.1', port: 0 });
      if (bound === undefined) {
        throw new CliError('IO', 'the embedded STUN server did not bind');
      }
      stunTarget = { address: bound.address, port: bound.port };
    } else {
      stunTarget = { host: options.stun.host, port: options.stun.port };
    }
    const stunText = 'address' in stunTarget ? addr(stunTarget) : `${stunTarget.host}:${stunTarget.port}`;

    // 2. Two endpoints, each discovering its address from that server.
    const host = options.stun === undefined ? '127.0.0.1' : '0.0.0.0';
    let caller: Side;
    let callee: Side;
    try {
      caller = await openSide(host, stunTarget, options, options.seed);
      cleanups.push(() => caller.impaired.close());
      callee = await openSide(host, stunTarget, options, options.seed + 1);
      cleanups.push(() => callee.impaired.close());
    } catch (e) {
      throw new CliError('UNREACHABLE', `STUN discovery via ${stunText} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    // Media runs over loopback; the discovered address goes in the SDP when it is reachable from here.
    const mediaAddress = (side: Side): TransportAddress => {
      const local = side.socket.localAddress();
      return side.discovered.address.startsWith('127.') ? side.discovered : { address: '127.0.0.1', port: local.port };
    };

    // 3. SDES offer/answer (RFC 4568 §7): the caller offers several suites, the callee answers one.
    const suites = [options.suite, ...OTHER_SUITES.filter((s) => s !== options.suite)];
    const callerLegs: Leg[] = [];
    const calleeLegs: Leg[] = [];
    const newLeg = (name: 'caller' | 'callee', index: number): Leg => ({
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
    });
    for (let i = 0; i < options.calls; i++) {
      callerLegs.push(newLeg('caller', i));
      calleeLegs.push(newLeg('callee', i));
    }
    let firstOffer = '';
    let firstAnswer = '';
    let offerLines: readonly string[] = [];
    let answerLine = '';
    let chosenSuite = '';
    const registrations: (() => void)[] = [];
    for (let i = 0; i < options.calls; i++) {
      const cl = callerLegs[i] as Leg;
      const ce = calleeLegs[i] as Leg;
      const offer = createCryptoOffer({ suites });
      const offerSdp = sdp('caller', 1000 + i, mediaAddress(caller), pt, law, [cl.ssrc], offer.lines);
      const seenOffer = readSdp(offerSdp);
      const answer = selectCryptoAnswer(seenOffer.crypto);
      if (!answer.ok) {
        throw new CliError('BAD_INPUT', `the callee accepted none of the offered suites: ${answer.rejections.map((r) => r.message).join('; ')}`);
      }
      const answerSdp = sdp('callee', 2000 + i, mediaAddress(callee), pt, law, [ce.ssrc], [answer.line]);
      const seenAnswer = readSdp(answerSdp);
      const accepted = acceptCryptoAnswer(offer, seenAnswer.crypto[0] ?? '');
      if (!accepted.ok) {
        throw new CliError('BAD_INPUT', `the caller refused the answer: ${accepted.error.message}`);
      }
      if (i === 0) {
        firstOffer = offerSdp;
        firstAnswer = answerSdp;
        offerLines = offer.lines;
        answerLine = answer.line;
        chosenSuite = answer.attribute.suite;
      }
      // 4. SRTP per direction (RFC 4568 §6.1: each side sends with its own key).
      const callerSend = new SrtpSession(accepted.local);
      const callerReceive = new SrtpSession(accepted.remote);
      const calleeSend = new SrtpSession(answer.local);
      const calleeReceive = new SrtpSession(answer.remote);
      cleanups.push(() => [callerSend, callerReceive, calleeSend, calleeReceive].forEach((s) => s.dispose()));
      const wire = (side: Side, leg: Leg, peer: Leg, remote: { address: string; port: number }, send: SrtpSession, receive: SrtpSession): void => {
        const mux = new RtpMultiplexer(side.router.channel(peer.ssrc));
        const call = new RtpCall({
          multiplexer: mux,
          media: { payloadType: pt, encodingName: law, clockRate: DEMO_SAMPLE_RATE, remoteAddress: remote.address, remotePort: remote.port, rtcpMux: true },
          srtp: { send, receive },
          ssrc: leg.ssrc,
          remoteSsrc: peer.ssrc,
          rtcp: { minIntervalMs: 1000, cname: `${leg.name}-${leg.index + 1}@voip-demo` },
          onPacket: (packet: RtpPacket) => {
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
        registrations.push(() => mux.registerCall({ address: remote.address, port: remote.port }, call));
        cleanups.push(() => mux.close());
      };
      wire(caller, cl, ce, { address: seenAnswer.address, port: seenAnswer.port }, callerSend, callerReceive);
      wire(callee, ce, cl, { address: seenOffer.address, port: seenOffer.port }, calleeSend, calleeReceive);
    }
    for (const r of registrations) {
      r();
    }

    // 5. Stream the audio both ways at real-time pace, 20 ms packets.
    const legs = [...callerLegs, ...calleeLegs];
    const t0 = performance.now();
    let interrupted = false;
    const progress = (): void => {
      if (options.onProgress === undefined) {
        return;
      }
      let sent = 0;
      let received = 0;
      let jitter = 0;
      for (const l of legs) {
        sent += l.sent;
        received += l.received.size;
        const s = l.call?.statistics();
        jitter = Math.max(jitter, s?.jitterMs ?? 0);
      }
      const dropped = [caller, callee].reduce((n, s) => n + [...s.impaired.dropped.values()].reduce((m, set) => m + set.size, 0), 0);
      const elapsed = (performance.now() - t0) / 1000;
      const bytes = caller.impaired.bytesSent + callee.impaired.bytesSent;
      options.onProgress({
        elapsedSec: elapsed,
        durationSec: options.durationSec,
        sent,
        received,
        dropped,
        jitterMs: jitter,
        kbitPerSec: elapsed > 0 ? (bytes * 8) / elapsed / 1000 : 0,
      });
    };
    await new Promise<void>((resolve) => {
      // Each leg runs its own 20 ms clock, staggered across the period like independent calls, so
      // both sockets (served by this one event loop) see a steady trickle instead of bursts.
      const next = legs.map(() => 0); // index of each leg's next packet
      const start = legs.map((_, j) => t0 + (j * PACKET_MS) / legs.length);
      let lastProgress = 0;
      const tick = (): void => {
        if (options.signal?.aborted === true) {
          interrupted = true;
          resolve();
          return;
        }
        const now = performance.now();
        let wake = Number.POSITIVE_INFINITY;
        for (let j = 0; j < legs.length; j++) {
          const leg = legs[j] as Leg;
          let k = next[j] ?? 0;
          let s = start[j] ?? t0;
          // After a stall (GC, a busy machine) send one packet and let the schedule slip, rather than
          // a burst that could overflow the receiving socket's buffer before this loop reads it.
          const behind = Math.floor((now - s) / PACKET_MS) + 1 - k;
          if (behind > 1) {
            s += (behind - 1) * PACKET_MS;
            start[j] = s;
          }
          const due = Math.min(packets, Math.floor((now - s) / PACKET_MS) + 1);
          for (; k < due; k++) {
            leg.call?.sendPacket({
              payloadType: pt,
              sequenceNumber: (leg.startSeq + k) & 0xffff,
              timestamp: (leg.startTs + k * SAMPLES_PER_PACKET) >>> 0,
              marker: k === 0,
              payload: payloadOf(k),
            });
            leg.sent++;
          }
          next[j] = k;
          if (k < packets) {
            wake = Math.min(wake, s + k * PACKET_MS);
          }
        }
        if (now - lastProgress >= 100 || wake === Number.POSITIVE_INFINITY) {
          lastProgress = now;
          progress();
        }
        if (wake === Number.POSITIVE_INFINITY) {
          resolve();
          return;
        }
        setTimeout(tick, Math.max(0, wake - performance.now()));
      };
      tick();
    });

    // Let delayed packets land, then a final SR/RR each way so RTCP covers every packet (RFC 3550 §6.4).
    const waitUntil = performance.now() + options.jitterMs + 2000;
    while ((caller.impaired.inFlight > 0 || callee.impaired.inFlight > 0) && performance.now() < waitUntil) {
      await sleep(10);
    }
    await sleep(60);
    const reportsAsked = performance.timeOrigin + performance.now();
    for (const leg of legs) {
      leg.call?.sendRtcpReport();
    }
    // Wait (bounded) until every sender holds a receiver report sent after the last packet.
    const reportsBy = performance.now() + 3000;
    do {
      await sleep(40);
    } while (
      performance.now() < reportsBy &&
      legs.some((l) => (l.call?.statistics().remoteReport?.receivedAtMs ?? 0) < reportsAsked)
    );
    progress();

    // 6. Check every direction bit for bit and against RTCP.
    const directions: DemoDirection[] = [];
    let snrSignal = 0;
    let snrNoise = 0;
    for (let i = 0; i < options.calls; i++) {
      for (const [sender, receiver, side] of [
        [callerLegs[i], calleeLegs[i], caller],
        [calleeLegs[i], callerLegs[i], callee],
      ] as const) {
        if (sender === undefined || receiver === undefined) {
          continue;
        }
        const dropped = side.impaired.dropped.get(sender.ssrc) ?? new Set<number>();
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
          decodeG711(law, payload.subarray(0, SAMPLES_PER_PACKET), wavPcm.subarray(k * SAMPLES_PER_PACKET, (k + 1) * SAMPLES_PER_PACKET));
          decodeG711(law, sent, expectedPcm.subarray(k * SAMPLES_PER_PACKET, (k + 1) * SAMPLES_PER_PACKET));
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
        if (i === 0) {
          wav = join(options.outDir, `call-1-${receiver.name}-received.wav`);
          try {
            writeFileSync(wav, serializeWav({ sampleRate: DEMO_SAMPLE_RATE, channels: 1, samples: wavPcm }));
            pcmFromWav = parseWav(readFileSync(wav)).samples;
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
        const intact =
          !interrupted &&
          mismatched === 0 &&
          unexpected === 0 &&
          missing === 0 &&
          pcmExact &&
          rtcpOk &&
          receiver.received.size + dropped.size === sender.sent;
        directions.push({
          call: i + 1,
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
          intact,
          wav,
        });
      }
    }
    for (const leg of legs) {
      await leg.call?.hangUp('demo finished');
    }
    const sum = (f: (d: DemoDirection) => number): number => directions.reduce((n, d) => n + f(d), 0);
    return {
      ok: directions.length > 0 && directions.every((d) => d.intact),
      suite: chosenSuite,
      codec: law,
      durationSec: options.durationSec,
      calls: options.calls,
      lossPercent: options.loss * 100,
      jitterMs: options.jitterMs,
      seed: options.seed,
      stunServer: stunText,
      embeddedStunServer: options.stun === undefined,
      caller: { local: addr(caller.socket.localAddress()), discovered: addr(caller.discovered) },
      callee: { local: addr(callee.socket.localAddress()), discovered: addr(callee.discovered) },
      offer: offerLines,
      answer: answerLine,
      sdpOffer: firstOffer,
      sdpAnswer: firstAnswer,
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
      snrDb: snrNoise === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10(snrSignal / snrNoise),
      outDir: options.outDir,
      interrupted,
      elapsedSec: (performance.now() - started) / 1000,
    };
  } finally {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch {
        // Closing is best effort: the report (or the error) is what matters.
      }
    }
  }
}
