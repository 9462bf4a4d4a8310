import { afterEach, describe, expect, it } from 'vitest';
import {
  CodecNegotiationError,
  RtpCall,
  RtpMultiplexer,
  formatRtpmap,
  isCodecNegotiationError,
  parseRtcpCompound,
  serializeRtpPacket,
  serializeTelephoneEvent,
  serializeRtcpCompound,
  parseRtpPacket,
  type MediaDescription,
  type RtcpPacket,
  type RtpCallOptions,
} from '../src/index.js';
import { createUdpTransport } from '../src/node.js';
import { FakeSrtpContext, MemoryTransport, PCMU, RecordingLogger, rtp, sleep, until } from './multiplexer-fixtures.js';

const REMOTE = { address: '192.0.2.10', port: 40000 };

describe('RtpCall basics', () => {
  const mux = new RtpMultiplexer(new MemoryTransport());

  it('validates its options', () => {
    expect(() => new RtpCall({ multiplexer: mux, media: [] })).toThrow(RangeError);
    expect(() => new RtpCall({ multiplexer: mux, media: { ...PCMU(), payloadType: 200 } })).toThrow(/"payloadType" expected 0..127, got 200/);
    expect(() => new RtpCall({ multiplexer: mux, media: PCMU(), ssrc: 2 ** 32 })).toThrow(RangeError);
    expect(() => new RtpCall({ multiplexer: mux, media: PCMU(), ssrc: '7' as unknown as number })).toThrow(TypeError);
    expect(() => new RtpCall({ multiplexer: mux, media: PCMU(), latching: 'sometimes' as 'off' })).toThrow(TypeError);
    expect(() => new RtpCall({ multiplexer: mux, media: PCMU(), rtcp: { minIntervalMs: 0 } })).toThrow(RangeError);
  });

  it('lists its formats for SDP (RFC 4566 §6)', () => {
    const media: MediaDescription[] = [
      { payloadType: 111, encodingName: 'opus', clockRate: 48000, channels: 2 },
      PCMU(),
      { payloadType: 101, encodingName: 'telephone-event', clockRate: 8000 },
    ];
    const call = new RtpCall({ multiplexer: mux, media, caller: { displayName: 'Alice', uri: 'sip:alice@example.com' } });
    expect(call.sdpFormats()).toEqual({
      formats: [111, 0, 101],
      rtpmaps: ['a=rtpmap:111 opus/48000/2', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000'],
    });
    expect(call.caller?.uri).toBe('sip:alice@example.com');
    expect(formatRtpmap({ payloadType: 8, encodingName: 'PCMA', clockRate: 8000, channels: 1 })).toBe('8 PCMA/8000');
    expect(() => formatRtpmap({ payloadType: 8, encodingName: 'PCMA', clockRate: 0 })).toThrow(/"clockRate" expected a positive integer, got 0/);
    expect(() => formatRtpmap({ ...PCMU(), remotePort: 70000 })).toThrow(/"remotePort" expected 1..65535, got 70000/);
  });

  it('negotiateCodec throws a typed error unless overridden', () => {
    let thrown: unknown;
    try {
      RtpCall.negotiateCodec([PCMU()]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CodecNegotiationError);
    expect(isCodecNegotiationError(thrown) && thrown.code).toBe('NOT_IMPLEMENTED');
    expect(isCodecNegotiationError(new Error('other'))).toBe(false);
    expect(isCodecNegotiationError({ name: 'CodecNegotiationError' })).toBe(false); // not an Error
    class PcmuCall extends RtpCall {
      static override negotiateCodec(offer: readonly MediaDescription[]): MediaDescription {
        const pcmu = offer.find((m) => m.encodingName === 'PCMU');
        if (!pcmu) {
          throw new CodecNegotiationError('NO_COMMON_CODEC', 'no PCMU');
        }
        return pcmu;
      }
    }
    expect(PcmuCall.negotiateCodec([{ payloadType: 8, encodingName: 'PCMA', clockRate: 8000 }, PCMU()]).payloadType).toBe(0);
    expect(() => PcmuCall.negotiateCodec([])).toThrow(expect.objectContaining({ code: 'NO_COMMON_CODEC' }));
  });

  it('sendPacket serializes with its SSRC, protects with the send context, and needs a destination', () => {
    const transport = new MemoryTransport();
    const m = new RtpMultiplexer(transport);
    const key = new FakeSrtpContext(9);
    const call = new RtpCall({ multiplexer: m, media: PCMU(REMOTE), ssrc: 0xdeadbeef, srtp: { send: key } });
    call.sendPacket({ payloadType: 0, sequenceNumber: 7, timestamp: 1234, payload: new Uint8Array([1, 2, 3]) });
    const sent = transport.sent[0];
    expect(sent?.remote).toMatchObject(REMOTE);
    const opened = key.unprotect(sent?.data ?? new Uint8Array());
    expect(opened.ok).toBe(true);
    const packet = parseRtpPacket(opened.ok ? opened.packet : new Uint8Array());
    expect(packet).toMatchObject({ ssrc: 0xdeadbeef, sequenceNumber: 7, timestamp: 1234 });
    expect(call.statistics()).toMatchObject({ packetsSent: 1, octetsSent: 3 });
    // Registered at an address the media does not name: answers the first source it heard from.
    const unnamed = new RtpCall({ multiplexer: m, media: PCMU() });
    m.registerCall({ address: '::ffff:198.51.100.1', port: 7000 }, unnamed);
    transport.deliver(rtp(5, 1), { address: '::ffff:198.51.100.1', port: 7000 });
    unnamed.sendPacket({ payloadType: 0, sequenceNumber: 1, timestamp: 0, payload: new Uint8Array(1) });
    expect(transport.sent.at(-1)?.remote).toMatchObject({ address: '::ffff:198.51.100.1', port: 7000 });
    const nowhere = new RtpCall({ multiplexer: m, media: PCMU() });
    expect(() => nowhere.sendPacket({ payloadType: 0, sequenceNumber: 1, timestamp: 0, payload: new Uint8Array() })).toThrow(TypeError);
  });
});

describe('RTCP reports (RFC 3550 §6.4, §6.5.1)', () => {
  it('stops its timer when a synchronous transport hangs the call up from inside a report', async () => {
    const transport = new MemoryTransport();
    const m = new RtpMultiplexer(transport);
    const call = new RtpCall({ multiplexer: m, media: PCMU(REMOTE), rtcp: { minIntervalMs: 5, sessionBandwidth: 1e7 } });
    transport.send = (): void => {
      void call.hangUp();
    };
    m.registerCall(REMOTE, call);
    await sleep(60);
    expect(call.ended).toBe(true);
    expect(call.statistics().rtcpSent).toBe(2); // the periodic report that triggered the hang-up, then the BYE
    await sleep(60);
    expect(call.statistics().rtcpSent).toBe(2);
  });

  function pair(extra: Partial<RtpCallOptions> = {}): { transport: MemoryTransport; call: RtpCall } {
    const transport = new MemoryTransport();
    const m = new RtpMultiplexer(transport);
    const call = new RtpCall({ multiplexer: m, media: PCMU(REMOTE), rtcp: { enabled: false, cname: 'me@test' }, ...extra });
    return { transport, call };
  }
  const lastRtcp = (t: MemoryTransport): RtcpPacket[] => parseRtcpCompound(t.sent.at(-1)?.data ?? new Uint8Array());

  it('sends RR + SDES CNAME to remote port + 1 when it has not sent, SR once it has (for two intervals)', () => {
    const { transport, call } = pair();
    expect(call.sendRtcpReport()).toBe(true);
    expect(transport.sent.at(-1)?.remote).toMatchObject({ address: REMOTE.address, port: REMOTE.port + 1 });
    const [rr, sdes] = lastRtcp(transport);
    expect(rr).toMatchObject({ type: 'RR', ssrc: call.ssrc, reports: [] });
    expect(sdes).toMatchObject({ type: 'SDES', chunks: [{ ssrc: call.ssrc, items: [{ type: 1, text: 'me@test' }] }] });
    for (let i = 0; i < 5; i++) {
      call.sendPacket({ payloadType: 0, sequenceNumber: i, timestamp: i * 160, payload: new Uint8Array(160) });
    }
    call.sendRtcpReport();
    expect(lastRtcp(transport)[0]).toMatchObject({ type: 'SR', ssrc: call.ssrc, packetCount: 5, octetCount: 800 });
    call.sendRtcpReport(); // nothing sent since, but sent in the interval before: still SR (§6.4)
    expect(lastRtcp(transport)[0]?.type).toBe('SR');
    call.sendRtcpReport(); // nothing sent for two intervals: back to RR
    expect(lastRtcp(transport)[0]?.type).toBe('RR');
  });

  it('uses a=rtcp port and rtcp-mux, and protects RTCP with protectRtcp', () => {
    const key = new FakeSrtpContext(4);
    const a = pair({ media: PCMU(REMOTE, { remoteRtcpPort: 41234 }) });
    a.call.sendRtcpReport();
    expect(a.transport.sent.at(-1)?.remote.port).toBe(41234);
    const b = pair({ media: PCMU(REMOTE, { rtcpMux: true }), srtp: { send: key } });
    b.call.sendRtcpReport();
    const sent = b.transport.sent.at(-1);
    expect(sent?.remote.port).toBe(REMOTE.port);
    const opened = key.unprotectRtcp(sent?.data ?? new Uint8Array());
    expect(opened.ok && parseRtcpCompound(opened.packet)[0]?.type).toBe('RR');
  });
});

describe('two calls over UDP', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  async function endpoints(
    options: { a?: Partial<RtpCallOptions>; b?: Partial<RtpCallOptions>; mux?: boolean; extraMedia?: MediaDescription[] } = {},
  ): Promise<{
    a: RtpCall;
    b: RtpCall;
    muxA: RtpMultiplexer;
    muxB: RtpMultiplexer;
  }> {
    const muxA = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }));
    const muxB = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }));
    closers.push(() => muxA.close(), () => muxB.close());
    const rtcpMux = options.mux ?? true;
    // Without rtcp-mux each side has a second socket for RTCP (RFC 3550 §11), announced as a=rtcp (RFC 3605).
    const rtcpA = rtcpMux ? muxA : new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }));
    const rtcpB = rtcpMux ? muxB : new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1' }));
    closers.push(() => rtcpA.close(), () => rtcpB.close());
    const a = new RtpCall({
      multiplexer: muxA,
      rtcpMultiplexer: rtcpA,
      media: [PCMU(muxB.localAddress(), { rtcpMux, remoteRtcpPort: rtcpB.localAddress().port }), ...(options.extraMedia ?? [])],
      rtcp: { enabled: false },
      ...options.a,
    });
    const b = new RtpCall({
      multiplexer: muxB,
      rtcpMultiplexer: rtcpB,
      media: [PCMU(muxA.localAddress(), { rtcpMux, remoteRtcpPort: rtcpA.localAddress().port }), ...(options.extraMedia ?? [])],
      rtcp: { enabled: false },
      ...options.b,
    });
    muxA.registerCall(muxB.localAddress(), a);
    muxB.registerCall(muxA.localAddress(), b);
    if (!rtcpMux) {
      rtcpA.registerCall(muxB.localAddress(), a);
      rtcpB.registerCall(muxA.localAddress(), b);
    }
    return { a, b, muxA, muxB };
  }

  it('reports the packets we dropped on purpose, on both sides (A.3, §6.4.1)', async () => {
    const { a, b } = await endpoints();
    let received = 0;
    const bReceived = (): number => b.statistics().packetsReceived;
    for (let seq = 1; seq <= 100; seq++) {
      if (seq % 10 === 5) {
        continue; // 10 packets "lost" in the network
      }
      a.sendPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, payload: new Uint8Array(160) });
      received++;
      if (seq % 20 === 0) {
        await sleep(1);
      }
    }
    await until(() => bReceived() === received, 3000, 'RTP at B');
    const bStats = b.statistics();
    expect(bStats.packetsLost).toBe(10);
    expect(bStats.sources).toHaveLength(1);
    expect(bStats.sources[0]).toMatchObject({ ssrc: a.ssrc, packetsLost: 10, extendedHighestSequence: 100 });
    // A sends SR, B answers with RR carrying its report block about A.
    a.sendRtcpReport();
    await until(() => b.statistics().rtcpReceived === 1, 3000, 'SR at B');
    b.sendRtcpReport();
    await until(() => a.statistics().remoteReport !== undefined, 3000, 'RR at A');
    const remote = a.statistics().remoteReport;
    // §6.4.1: nothing arrived from A since B's report, so B's next report has no block about A.
    const rtcpBefore = a.statistics().rtcpReceived;
    b.sendRtcpReport();
    await until(() => a.statistics().rtcpReceived === rtcpBefore + 1, 3000, 'second RR at A');
    expect(a.statistics().remoteReport?.receivedAtMs).toBe(remote?.receivedAtMs);
    expect(remote?.reporterSsrc).toBe(b.ssrc);
    expect(remote?.cumulativeLost).toBe(10);
    expect(remote?.fractionLost).toBeCloseTo(Math.floor((10 * 256) / 100) / 256, 5);
    expect(remote?.highestSequence).toBe(100);
    expect(remote?.jitterMs).toBeGreaterThanOrEqual(0);
    // B had A's SR: its block carries LSR/DLSR, so A gets a loopback round-trip time (§6.4.1).
    expect(remote?.roundTripTimeMs).toBeGreaterThanOrEqual(0);
    expect(remote?.roundTripTimeMs).toBeLessThan(500);
    // A never saw an SR from B (B only sent RRs): B's view of A's report has no RTT yet.
    for (let seq = 1; seq <= 5; seq++) {
      b.sendPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, payload: new Uint8Array(160) });
    }
    await until(() => a.statistics().sources.length === 1, 3000, 'RTP at A');
    a.sendRtcpReport();
    await until(() => b.statistics().remoteReport !== undefined, 3000, 'report at B');
    expect(b.statistics().remoteReport?.roundTripTimeMs).toBeUndefined();
  });

  for (const mux of [true, false]) {
    it(`sends periodic reports on its own with a small minimum interval (§6.2), rtcp-mux ${mux}`, async () => {
      const rtcp = { minIntervalMs: 20, sessionBandwidth: 10_000_000 };
      const { a, b, muxA } = await endpoints({ a: { rtcp }, b: { rtcp }, mux });
      await until(() => a.statistics().rtcpReceived >= 2 && b.statistics().rtcpReceived >= 2, 3000, 'periodic RTCP');
      expect(a.statistics().rtcpSent).toBeGreaterThanOrEqual(2);
      // Without rtcp-mux, no RTCP goes through the RTP socket.
      expect(muxA.stats.rtcpDelivered > 0).toBe(mux);
      await a.hangUp();
      const sent = a.statistics().rtcpSent;
      await sleep(100);
      expect(a.statistics().rtcpSent).toBe(sent); // timer stopped
    });
  }

  it('hangUp sends RTCP BYE, stops, unregisters and reaches the signalling interface once', async () => {
    const hungUp: { call: RtpCall; reason: string | undefined }[] = [];
    const rtcpAtB: RtcpPacket[][] = [];
    const { a, b, muxA } = await endpoints({
      a: { signalling: { hangUp: (call, reason) => void hungUp.push({ call, reason }) } },
      b: { onRtcp: (packets) => rtcpAtB.push([...packets]) },
    });
    const first = a.hangUp('busy here');
    const second = a.hangUp('again');
    expect(second).toBe(first);
    await first;
    expect(hungUp).toEqual([{ call: a, reason: 'busy here' }]);
    expect(a.ended).toBe(true);
    expect(muxA.callCount).toBe(0);
    expect(a.sendPacket({ payloadType: 0, sequenceNumber: 1, timestamp: 0, payload: new Uint8Array(1) })).toBe(false);
    expect(() => muxA.registerCall(null, a)).toThrow(expect.objectContaining({ name: 'RtpError', code: 'CALL_ENDED' }));
    await until(() => b.statistics().remoteBye !== undefined, 3000, 'BYE at B');
    expect(b.statistics().remoteBye).toEqual({ ssrcs: [a.ssrc], reason: 'busy here' });
    expect(rtcpAtB[0]?.map((p) => p.type)).toEqual(['RR', 'SDES', 'BYE']);
  });

  it('a remote BYE ends the call like a local hang-up: onEnd, endedBy, signalling, unregistered (RFC 3550 §6.6)', async () => {
    const ends: { call: RtpCall; end: unknown }[] = [];
    const signalled: (string | undefined)[] = [];
    const { a, b, muxB } = await endpoints({
      a: { onEnd: (call, end) => ends.push({ call, end }) },
      b: { onEnd: (call, end) => ends.push({ call, end }), signalling: (_call, reason) => void signalled.push(reason) },
    });
    await a.hangUp('busy here');
    await until(() => b.ended, 3000, 'B ended by the BYE');
    expect(b.endedBy).toEqual({ by: 'remote', reason: 'busy here' });
    expect(a.endedBy).toEqual({ by: 'local', reason: 'busy here' });
    expect(ends).toEqual([
      { call: a, end: { by: 'local', reason: 'busy here' } },
      { call: b, end: { by: 'remote', reason: 'busy here' } },
    ]);
    expect(signalled).toEqual(['busy here']);
    expect(muxB.callCount).toBe(0);
    await expect(b.hangUp('later')).resolves.toBeUndefined(); // the same ending, not a second one
    expect(signalled).toEqual(['busy here']);
  });

  it('endOnRemoteBye: false keeps the call up after a remote BYE (signalling decides)', async () => {
    const { a, b } = await endpoints({ b: { endOnRemoteBye: false } });
    await a.hangUp('bye');
    await until(() => b.statistics().remoteBye !== undefined, 3000, 'BYE at B');
    expect(b.ended).toBe(false);
    expect(b.endedBy).toBeUndefined();
  });

  it('a BYE for one of two remote sources, or one naming our own SSRC, does not end the call', async () => {
    const { b, muxA, muxB } = await endpoints();
    const to = muxB.localAddress();
    const bye = (ssrcs: number[]): Uint8Array => serializeRtcpCompound([
      { type: 'RR', ssrc: ssrcs[0]!, reports: [] },
      { type: 'BYE', ssrcs },
    ]);
    muxA.send(rtp(0x1111, 1), to);
    muxA.send(rtp(0x2222, 1), to);
    await until(() => b.statistics().sources.length === 2, 3000, 'two sources at B');
    muxA.send(bye([0x1111]), to); // an SSRC change: the old one leaves, the new one goes on
    muxA.send(bye([b.ssrc]), to); // our own SSRC reflected back
    await until(() => b.statistics().rtcpReceived === 2, 3000, 'two BYEs at B');
    expect(b.ended).toBe(false);
    muxA.send(bye([0x2222]), to);
    await until(() => b.ended, 3000, 'B ended when the last source left');
    expect(b.endedBy).toEqual({ by: 'remote', reason: undefined });
  });

  it('sendDigits sends RFC 4733 events that the other call reports as digits, in one sequence space with the audio', async () => {
    const started: string[] = [];
    const ended: { digit: string; durationMs: number; inferred: boolean }[] = [];
    const received: { pt: number; seq: number; ts: number; marker: boolean }[] = [];
    const { a, b } = await endpoints({
      extraMedia: [{ payloadType: 101, encodingName: 'telephone-event', clockRate: 8000 }],
      a: { dtmf: { durationMs: 60, pauseMs: 40, packetIntervalMs: 20 } },
      b: {
        dtmf: {
          onDigitStart: (_call, start) => started.push(start.digit ?? '?'),
          onDigitEnd: (_call, end) => ended.push({ digit: end.digit ?? '?', durationMs: end.durationMs, inferred: end.endInferred }),
        },
        onPacket: (p) => received.push({ pt: p.payloadType, seq: p.sequenceNumber, ts: p.timestamp, marker: p.marker }),
      },
    });
    a.sendPacket({ payloadType: 0, timestamp: 1000, payload: new Uint8Array(160) }); // numbered by the call
    const first = a.sendDigits('1*');
    const second = a.sendDigits('#'); // queued behind the first
    await expect(first).resolves.toBe(true);
    await expect(second).resolves.toBe(true);
    a.sendPacket({ payloadType: 0, timestamp: 99_999, payload: new Uint8Array(160) });
    await until(() => received.length > 0 && received.at(-1)?.pt === 0 && ended.length === 3, 3000, 'digits at B');
    expect(started).toEqual(['1', '*', '#']);
    expect(ended.map((e) => e.digit)).toEqual(['1', '*', '#']);
    expect(ended.every((e) => !e.inferred && Math.abs(e.durationMs - 60) <= 20)).toBe(true);
    // One sequence space: audio, then every event packet, then audio, each one more than the one before.
    const seqs = received.map((r) => r.seq);
    expect(seqs.slice(1).every((s, i) => s === ((seqs[i]! + 1) & 0xffff))).toBe(true);
    expect(received.filter((r) => r.pt === 101 && r.marker)).toHaveLength(3); // M on each event's first packet
    // The first event continues the audio's RTP clock (timestamp 1000 plus the time since, at 8 kHz).
    const firstEvent = received.find((r) => r.pt === 101)!;
    expect(firstEvent.ts).toBeGreaterThanOrEqual(1000);
    expect(firstEvent.ts).toBeLessThan(1000 + 8000);
    expect(b.statistics().packetsLost).toBe(0);
  });

  it('a received digit whose end reports are all lost still ends, by the receiver timeout (RFC 4733 §2.5.2)', async () => {
    const ends: { digit: string; inferred: boolean }[] = [];
    const { b, muxA, muxB } = await endpoints({
      extraMedia: [{ payloadType: 101, encodingName: 'telephone-event', clockRate: 8000 }],
      b: { dtmf: { onDigitEnd: (_call, end) => ends.push({ digit: end.digit ?? '?', inferred: end.endInferred }) } },
    });
    // Two updates of event 7, no end report: what arrives when the end packets are lost.
    for (const [seq, duration] of [[1, 400], [2, 800]] as const) {
      const payload = serializeTelephoneEvent({ event: 7, duration, volume: 10 });
      muxA.send(serializeRtpPacket({ payloadType: 101, sequenceNumber: seq, timestamp: 8000, ssrc: 0x3333, marker: seq === 1, payload }), muxB.localAddress());
    }
    await until(() => ends.length === 1, 3000, 'digit ended by timeout');
    expect(ends).toEqual([{ digit: '7', inferred: true }]);
    expect(b.ended).toBe(false);
  });

  it('sendDigits refuses a call without telephone-event media and a character that is no digit', async () => {
    const { a } = await endpoints();
    expect(() => a.sendDigits('1')).toThrow(expect.objectContaining({ name: 'CodecNegotiationError', code: 'NO_COMMON_CODEC' }));
    const { a: withDtmf } = await endpoints({ extraMedia: [{ payloadType: 101, encodingName: 'telephone-event', clockRate: 8000 }] });
    expect(() => withDtmf.sendDigits('12x')).toThrow(RangeError);
    expect(() => withDtmf.sendPacket({ payloadType: 0, timestamp: 0, payload: new Uint8Array(1), ssrc: 7 })).toThrow(TypeError);
  });

  it('hangUp with a callback; a rejecting signalling layer propagates', async () => {
    const { a, b } = await endpoints({ a: { signalling: () => Promise.reject(new Error('SIP down')) }, b: { signalling: (call) => void call } });
    await expect(a.hangUp()).rejects.toThrow('SIP down');
    expect(a.ended).toBe(true);
    await expect(b.hangUp()).resolves.toBeUndefined();
  });

  it('drops SRTP that fails authentication with a warning, delivers what passes', async () => {
    const logger = new RecordingLogger();
    const seqs: number[] = [];
    const { a, b } = await endpoints({
      a: { srtp: { send: new FakeSrtpContext(1) } },
      b: { srtp: { receive: new FakeSrtpContext(2) }, logger, onPacket: (p) => seqs.push(p.sequenceNumber) },
    });
    a.sendPacket({ payloadType: 0, sequenceNumber: 1, timestamp: 0, payload: new Uint8Array(10) });
    await until(() => b.statistics().authFailed === 1, 3000, 'auth failure');
    expect(seqs).toEqual([]);
    expect(logger.entries).toContainEqual({ level: 'warn', message: 'SRTP packet failed authentication' });
    const good = new RtpCall({ multiplexer: a.multiplexer, media: PCMU(b.multiplexer.localAddress()), srtp: { send: new FakeSrtpContext(2) } });
    good.sendPacket({ payloadType: 0, sequenceNumber: 2, timestamp: 0, payload: new Uint8Array(10) });
    await until(() => seqs.length === 1, 3000, 'good SRTP');
    expect(seqs).toEqual([2]);
  });
});
