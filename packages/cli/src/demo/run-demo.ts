/**
 * The demo call: an embedded STUN server, two endpoints that discover their addresses from it, SDES
 * offer/answer (RFC 4568 §7), SRTP both ways (RFC 3711) with RTCP SR/RR over SRTCP (RFC 3550 §6.4),
 * 20 ms G.711 packets at real-time pace (RFC 3551 §4.5.14), and a bit-for-bit check of what arrived.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { RtpCall, RtpMultiplexer, type RtpPacket, type TransportAddress } from '@voip/rtp';
import { acceptCryptoAnswer, createCryptoOffer, selectCryptoAnswer } from '@voip/sdp-crypto';
import { SrtpSession } from '@voip/srtp';
import { type StunAddress } from '@voip/stun';
import { StunServer, StunSocket } from '@voip/stun/node';
import { encodeG711 } from '../g711.js';
import { DEMO_SAMPLE_RATE, synthesizeDemoAudio } from '../demo-audio.js';
import { CliError, describeFsError } from '../errors.js';
import { ImpairedTransport } from './impaired-transport.js';
import { readSdp, sdp } from './demo-sdp.js';
import type { DemoDirection, DemoOptions, DemoReport } from './demo-types.js';
import { SsrcRouter } from './ssrc-router.js';
import { expectedLoss } from './expected-loss.js';
import { verifyDirection, type Leg } from './verify-direction.js';

export type { DemoDirection, DemoOptions, DemoProgress, DemoReport } from './demo-types.js';

const SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz (RFC 3551 §4.5: default packetization)
const PACKET_MS = 20;
/** Most RTP packets sent in one go before yielding to the event loop (both sockets share it). */
const BURST = 16;
const OTHER_SUITES = ['AES_256_CM_HMAC_SHA1_80', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

const addr = (a: { readonly address: string; readonly port: number }): string =>
  a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));



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
 * @example
 * ```ts
 * import { runDemo } from '@voip/cli';
 * const report = await runDemo({ suite: 'AES_CM_128_HMAC_SHA1_80', codec: 'PCMU', durationSec: 2, calls: 1,
 *   loss: 0, jitterMs: 0, seed: 1, stun: undefined, outDir: '/tmp/voip-demo' });
 * console.log(report.ok, report.totals.received);
 * ```
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const law = options.codec;
  const pt = law === 'PCMU' ? 0 : 8;
  const started = performance.now();
  const pcm = options.audio?.subarray(0, Math.round(options.durationSec * DEMO_SAMPLE_RATE)) ?? synthesizeDemoAudio(options.durationSec);
  const packets = Math.floor(pcm.length / SAMPLES_PER_PACKET);
  const encoded = encodeG711(law, pcm);
  const payloadOf = (k: number): Uint8Array => encoded.subarray(k * SAMPLES_PER_PACKET, (k + 1) * SAMPLES_PER_PACKET);

  try {
    mkdirSync(options.outDir, { recursive: true });
  } catch (e) {
    throw new CliError('IO', describeFsError(e, options.outDir, 'create'), { cause: e });
  }

  const loopback = options.ipv6 === true ? '::1' : '127.0.0.1';
  const cleanups: (() => unknown)[] = [];
  let server: StunServer | undefined;
  try {
    // 1. The STUN server: embedded on loopback, or the one the user named.
    let stunTarget: { address: string; port: number } | { host: string; port: number };
    if (options.stun === undefined) {
      server = new StunServer({ software: 'voip demo' });
      const s = server;
      cleanups.push(() => s.close());
      const [bound] = await server.listen({ host: loopback, port: 0 });
      if (bound === undefined) {
        throw new CliError('IO', 'the embedded STUN server did not bind');
      }
      stunTarget = { address: bound.address, port: bound.port };
    } else {
      stunTarget = { host: options.stun.host, port: options.stun.port };
    }
    const stunText = 'address' in stunTarget ? addr(stunTarget) : `${stunTarget.host}:${stunTarget.port}`;

    // 2. Two endpoints, each discovering its address from that server.
    const host = options.stun === undefined ? loopback : options.ipv6 === true ? '::' : '0.0.0.0';
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
      const isLoopback = side.discovered.address.startsWith('127.') || side.discovered.address === '::1';
      return isLoopback ? side.discovered : { address: loopback, port: local.port };
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
      let cursor = 0; // the leg to look at first: a burst cut short resumes where it stopped
      const tick = (): void => {
        if (options.signal?.aborted === true) {
          interrupted = true;
          resolve();
          return;
        }
        const now = performance.now();
        let wake = Number.POSITIVE_INFINITY;
        let budget = BURST;
        for (let n = 0; n < legs.length; n++) {
          const j = (cursor + n) % legs.length;
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
            budget--;
          }
          next[j] = k;
          if (k < packets) {
            wake = Math.min(wake, s + k * PACKET_MS);
          }
          if (budget <= 0) {
            // Many legs due at once: yield so the event loop reads both sockets, then go on.
            cursor = (j + 1) % legs.length;
            setImmediate(tick);
            return;
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
    for (const leg of legs) {
      leg.call?.sendRtcpReport();
    }
    // A receiver reports on a source only when it got RTP from it since its previous report (RFC 3550
    // §6.4.1), so the last report may be a periodic one; give the reports a bounded time to cover every
    // packet that arrived (highest sequence number and the A.1/A.3 loss), then check what they say.
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
      callerLegs.some((c, i) => {
        const e = calleeLegs[i] as Leg;
        return !settled(c, e) || !settled(e, c);
      })
    ) {
      await sleep(20);
    }
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
        const checked = verifyDirection({
          call: i + 1,
          sender,
          receiver,
          dropped: side.impaired.dropped.get(sender.ssrc) ?? new Set<number>(),
          law,
          payloadOf,
          original: pcm,
          wavPath: i === 0 ? join(options.outDir, `call-1-${receiver.name}-received.wav`) : undefined,
          interrupted,
        });
        snrSignal += checked.snrSignal;
        snrNoise += checked.snrNoise;
        directions.push(checked.direction);
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
