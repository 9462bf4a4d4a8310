// captureRtp's allocation-free forms: the wrapper has protectInto / unprotectInto (and the RTCP twins)
// exactly when the wrapped contexts do, reports copies of the clear packets as the allocating forms
// do, and a real RtpCall takes the into-path through it.
import { RtpCall, RtpMultiplexer, parseRtpPacket, type SrtpReceiveContext, type SrtpSendContext } from '@voip/rtp';
import { createUdpTransport } from '@voip/rtp/node';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { captureRtp, type CaptureContexts, type CaptureReceiveContext, type CaptureSendContext, type RecordedRtpPacket } from '../src/index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** Calls of each method of the toy contexts. */
type Calls = Record<string, number>;

/**
 * A toy "SRTP" pair with every form: the payload after the 12-byte header XORed with 0x5a, and a
 * 1-byte tag (0xaa) that "authenticates". The into-forms work element by element, so in place too.
 */
function toyContexts(calls: Calls): { send: Required<CaptureSendContext>; receive: Required<CaptureReceiveContext> } {
  const count = (name: string): void => void (calls[name] = (calls[name] ?? 0) + 1);
  const seal = (rtp: Uint8Array, out: Uint8Array, offset = 0): number => {
    if (out.length - offset < rtp.length + 1) {
      throw new RangeError('no room');
    }
    for (let i = 0; i < rtp.length; i++) {
      out[offset + i] = i < 12 ? rtp[i]! : rtp[i]! ^ 0x5a;
    }
    out[offset + rtp.length] = 0xaa;
    return rtp.length + 1;
  };
  const open = (srtp: Uint8Array, out: Uint8Array, offset = 0): number | string => {
    if (srtp.length < 13 || srtp[srtp.length - 1] !== 0xaa) {
      return 'AUTH_FAILED';
    }
    for (let i = 0; i < srtp.length - 1; i++) {
      out[offset + i] = i < 12 ? srtp[i]! : srtp[i]! ^ 0x5a;
    }
    return srtp.length - 1;
  };
  return {
    send: {
      protect: (rtp) => {
        count('protect');
        const out = new Uint8Array(rtp.length + 1);
        seal(rtp, out);
        return out;
      },
      protectRtcp: (rtcp) => (count('protectRtcp'), rtcp.slice()),
      protectInto: (rtp, out, offset) => (count('protectInto'), seal(rtp, out, offset)),
      protectRtcpInto: (rtcp, out, offset = 0) => (count('protectRtcpInto'), out.set(rtcp, offset), rtcp.length),
      dispose: () => count('disposeSend'),
    },
    receive: {
      unprotect: (srtp) => {
        count('unprotect');
        const out = new Uint8Array(srtp.length);
        const r = open(srtp, out);
        return typeof r === 'number' ? { ok: true, packet: out.subarray(0, r) } : { ok: false, reason: r };
      },
      unprotectRtcp: (srtcp) => (count('unprotectRtcp'), { ok: true, packet: srtcp }),
      unprotectInto: (srtp, out, offset) => (count('unprotectInto'), open(srtp, out, offset)),
      unprotectRtcpInto: (srtcp, out, offset = 0) => (count('unprotectRtcpInto'), out.set(srtcp, offset), srtcp.length),
      dispose: () => count('disposeReceive'),
    },
  };
}

const rtpPacket = (n: number): Uint8Array => Uint8Array.from({ length: 12 + n }, (_, i) => (i === 0 ? 0x80 : (i * 7 + 3) & 0xff));

describe('captureRtp, allocation-free forms', () => {
  it('types: the wrapped contexts are what an RtpCall takes, and an RtpCall context can be wrapped', () => {
    expectTypeOf<CaptureContexts['send']>().toExtend<SrtpSendContext>();
    expectTypeOf<CaptureContexts['receive']>().toExtend<SrtpReceiveContext>();
    expectTypeOf<SrtpSendContext>().toExtend<CaptureSendContext>();
    expectTypeOf<SrtpReceiveContext>().toExtend<CaptureReceiveContext>();
  });

  it('has each into-form exactly when the wrapped context has it (all of them for the identity)', () => {
    const full = toyContexts({});
    const wrapped = captureRtp(() => undefined, full);
    expect(typeof wrapped.send.protectInto).toBe('function');
    expect(typeof wrapped.send.protectRtcpInto).toBe('function');
    expect(typeof wrapped.receive.unprotectInto).toBe('function');
    expect(typeof wrapped.receive.unprotectRtcpInto).toBe('function');
    const { protectInto: _a, protectRtcpInto: _b, ...sendOnly } = full.send;
    const { unprotectInto: _c, unprotectRtcpInto: _d, ...receiveOnly } = full.receive;
    const plain = captureRtp(() => undefined, { send: sendOnly, receive: receiveOnly });
    expect('protectInto' in plain.send).toBe(false);
    expect('protectRtcpInto' in plain.send).toBe(false);
    expect('unprotectInto' in plain.receive).toBe(false);
    expect('unprotectRtcpInto' in plain.receive).toBe(false);
    const { protectRtcpInto: _e, ...rtpOnly } = full.send;
    expect('protectRtcpInto' in captureRtp(() => undefined, { send: rtpOnly }).send).toBe(false);
    expect(typeof captureRtp(() => undefined, { send: rtpOnly }).send.protectInto).toBe('function');
    const identity = captureRtp(() => undefined);
    expect(typeof identity.send.protectInto).toBe('function');
    expect(typeof identity.receive.unprotectInto).toBe('function');
  });

  it('protectInto: the inner context writes the wire packet, the report is a copy of the clear packet taken before protection', () => {
    const calls: Calls = {};
    const seen: RecordedRtpPacket[] = [];
    const toy = toyContexts(calls);
    // A context that protects in place (it scribbles over its input as it goes).
    const inPlace: CaptureSendContext = {
      ...toy.send,
      protectInto: (rtp, out, offset = 0) => {
        for (let i = 12; i < rtp.length; i++) {
          rtp[i] = rtp[i]! ^ 0x5a;
        }
        out.set(rtp, offset);
        out[offset + rtp.length] = 0xaa;
        return rtp.length + 1;
      },
    };
    const c = captureRtp((p) => seen.push(p), { send: toy.send });
    const rtp = rtpPacket(20);
    const out = new Uint8Array(64).fill(0xee);
    expect(c.send.protectInto!(rtp, out, 5)).toBe(33);
    expect(calls).toEqual({ protectInto: 1 }); // the into-form, not protect
    expect(out.subarray(5, 38)).toEqual(toy.send.protect(rtp));
    expect(out[4]).toBe(0xee);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.direction).toBe('sent');
    expect(seen[0]!.packet).toEqual(rtpPacket(20));
    rtp.fill(0);
    expect(seen[0]!.packet).toEqual(rtpPacket(20)); // a copy, not the caller's buffer
    const d = captureRtp((p) => seen.push(p), { send: inPlace });
    const victim = rtpPacket(20);
    d.send.protectInto!(victim, new Uint8Array(64), 0);
    expect(victim).not.toEqual(rtpPacket(20));
    expect(seen[1]!.packet).toEqual(rtpPacket(20)); // the clear packet, from before protection
  });

  it('protectInto: nothing reported when protection throws (spent key, no room); the throw reaches the call', () => {
    const seen: RecordedRtpPacket[] = [];
    const toy = toyContexts({});
    const c = captureRtp((p) => seen.push(p), { send: toy.send });
    expect(() => c.send.protectInto!(rtpPacket(20), new Uint8Array(20), 0)).toThrow(RangeError);
    const spent = captureRtp((p) => seen.push(p), {
      send: {
        ...toy.send,
        protectInto: () => {
          throw new RangeError('key spent');
        },
      },
    });
    expect(() => spent.send.protectInto!(rtpPacket(20), new Uint8Array(64), 0)).toThrow('key spent');
    expect(seen).toEqual([]);
  });

  it('unprotectInto: reports a copy of exactly the authenticated packet (in place or at an offset), nothing for a forgery', () => {
    const calls: Calls = {};
    const seen: RecordedRtpPacket[] = [];
    const toy = toyContexts(calls);
    const c = captureRtp((p) => seen.push(p), { receive: toy.receive });
    const wire = toy.send.protect(rtpPacket(20));
    // In place, as an RtpCall does without a scratch buffer.
    const datagram = wire.slice();
    expect(c.receive.unprotectInto!(datagram, datagram, 0)).toBe(32);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.direction).toBe('received');
    expect(seen[0]!.packet).toEqual(rtpPacket(20)); // the 32 bytes of RTP, not the tag
    datagram.fill(0);
    expect(seen[0]!.packet).toEqual(rtpPacket(20)); // a copy
    // Into a bigger buffer at an offset.
    const out = new Uint8Array(100).fill(0xee);
    expect(c.receive.unprotectInto!(wire, out, 7)).toBe(32);
    expect(seen[1]!.packet).toEqual(rtpPacket(20));
    // A forgery: the reason goes back, nothing is reported.
    const forged = wire.slice();
    forged[forged.length - 1] = 0;
    expect(c.receive.unprotectInto!(forged, forged, 0)).toBe('AUTH_FAILED');
    expect(seen).toHaveLength(2);
    expect(calls).toEqual({ protect: 1, unprotectInto: 3 }); // protect: the test's own wire packet above
  });

  it('a throwing sink does not break the into-forms; RTCP passes through them unreported; dispose passes on', () => {
    const calls: Calls = {};
    const toy = toyContexts(calls);
    const c = captureRtp(
      () => {
        throw new Error('sink failed');
      },
      { send: toy.send, receive: toy.receive },
    );
    const out = new Uint8Array(64);
    const n = c.send.protectInto!(rtpPacket(20), out, 0);
    expect(n).toBe(33);
    expect(c.receive.unprotectInto!(out.subarray(0, n), out, 0)).toBe(32);
    expect(out.subarray(0, 32)).toEqual(rtpPacket(20));
    const seen: RecordedRtpPacket[] = [];
    const r = captureRtp((p) => seen.push(p), { send: toy.send, receive: toy.receive });
    const rtcp = Uint8Array.from([0x80, 200, 0, 1, 1, 2, 3, 4]);
    expect(r.send.protectRtcpInto!(rtcp, out, 3)).toBe(8);
    expect(out.subarray(3, 11)).toEqual(rtcp);
    expect(r.receive.unprotectRtcpInto!(rtcp, out, 0)).toBe(8);
    expect(seen).toEqual([]);
    expect(calls.protectRtcpInto).toBe(1);
    expect(calls.unprotectRtcpInto).toBe(1);
    r.send.dispose!();
    r.receive.dispose!();
    expect(calls.disposeSend).toBe(1);
    expect(calls.disposeReceive).toBe(1);
  });

  it('the identity (no SRTP) into-forms copy the packet and report it; RangeError when it does not fit', () => {
    const seen: RecordedRtpPacket[] = [];
    const c = captureRtp((p) => seen.push(p));
    const out = new Uint8Array(50);
    expect(c.send.protectInto!(rtpPacket(20), out, 4)).toBe(32);
    expect(out.subarray(4, 36)).toEqual(rtpPacket(20));
    expect(() => c.send.protectInto!(rtpPacket(20), new Uint8Array(31), 0)).toThrow(RangeError);
    const datagram = rtpPacket(20);
    expect(c.receive.unprotectInto!(datagram, datagram, 0)).toBe(32);
    expect(seen.map((p) => p.direction)).toEqual(['sent', 'received']);
    expect(seen[1]!.packet).toEqual(rtpPacket(20));
    expect(seen[1]!.packet).not.toBe(datagram);
  });

  it('a real RtpCall sends and receives through the wrapper on the into-path, and every packet is captured in the clear', async () => {
    const muxA = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1', type: 'udp4' }));
    const muxB = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1', type: 'udp4' }));
    closers.push(
      () => muxA.close(),
      () => muxB.close(),
    );
    const media = (m: RtpMultiplexer) => [{ payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: '127.0.0.1', remotePort: m.localAddress().port, rtcpMux: true }];
    const callsA: Calls = {};
    const callsB: Calls = {};
    const packets: RecordedRtpPacket[] = [];
    const srtpA = captureRtp((p) => packets.push(p), toyContexts(callsA));
    const got: number[] = [];
    let received!: () => void;
    const all = new Promise<void>((r) => (received = r));
    const N = 20;
    const callA = new RtpCall({ multiplexer: muxA, media: media(muxB), rtcp: { enabled: false }, srtp: srtpA });
    const callB = new RtpCall({
      multiplexer: muxB,
      media: media(muxA),
      rtcp: { enabled: false },
      srtp: captureRtp(() => undefined, toyContexts(callsB)),
      onPacket: (p) => {
        got.push(p.sequenceNumber);
        if (got.length === N) {
          received();
        }
      },
    });
    muxA.registerCall(muxB.localAddress(), callA);
    muxB.registerCall(muxA.localAddress(), callB);
    const payload = (n: number): Uint8Array => new Uint8Array(160).fill(n);
    for (let n = 0; n < N; n++) {
      callA.sendPacket({ payloadType: 0, sequenceNumber: 100 + n, timestamp: 160 * n, payload: payload(n) });
      await new Promise((r) => setImmediate(r)); // let the transport release its buffer
    }
    await all;
    expect(got).toEqual(Array.from({ length: N }, (_, n) => 100 + n));
    // The call took the zero-copy path through the recording: protectInto after its first packet
    // (the call reuses its buffers once the transport released one), unprotectInto for every packet.
    expect(callsA.protectInto).toBeGreaterThanOrEqual(N - 2);
    expect((callsA.protect ?? 0) + callsA.protectInto!).toBe(N);
    expect(callsB.unprotectInto).toBe(N);
    expect(callsB.unprotect).toBeUndefined();
    const sent = packets.filter((p) => p.direction === 'sent').map((p) => parseRtpPacket(p.packet));
    expect(sent.map((p) => p.sequenceNumber)).toEqual(got);
    sent.forEach((p, n) => {
      expect(p.ssrc).toBe(callA.ssrc);
      expect(p.payload).toEqual(payload(n));
    });
    // And the received side of a recorded call: callB's packets into callA.
    const heard: number[] = [];
    const packetsB: RecordedRtpPacket[] = [];
    const callsC: Calls = {};
    const callsD: Calls = {};
    const muxC = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1', type: 'udp4' }));
    const muxD = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1', type: 'udp4' }));
    closers.push(
      () => muxC.close(),
      () => muxD.close(),
    );
    let done!: () => void;
    const allHeard = new Promise<void>((r) => (done = r));
    const callC = new RtpCall({
      multiplexer: muxC,
      media: media(muxD),
      rtcp: { enabled: false },
      reuseReceivedPackets: true,
      srtp: captureRtp((p) => packetsB.push(p), toyContexts(callsC)),
      onPacket: (p) => {
        heard.push(p.sequenceNumber);
        if (heard.length === N) {
          done();
        }
      },
    });
    const callD = new RtpCall({ multiplexer: muxD, media: media(muxC), rtcp: { enabled: false }, srtp: toyContexts(callsD) });
    muxC.registerCall(muxD.localAddress(), callC);
    muxD.registerCall(muxC.localAddress(), callD);
    for (let n = 0; n < N; n++) {
      callD.sendPacket({ payloadType: 0, sequenceNumber: 500 + n, timestamp: 160 * n, payload: payload(200 + n) });
      await new Promise((r) => setImmediate(r));
    }
    await allHeard;
    expect(callsC.unprotectInto).toBe(N);
    expect(callsC.unprotect).toBeUndefined();
    const capturedIn = packetsB.filter((p) => p.direction === 'received').map((p) => parseRtpPacket(p.packet));
    expect(capturedIn.map((p) => p.sequenceNumber)).toEqual(heard);
    capturedIn.forEach((p, n) => {
      expect(p.ssrc).toBe(callD.ssrc);
      expect(p.payload).toEqual(payload(200 + n)); // copies: the call's reused receive buffer moved on
    });
  });
});
