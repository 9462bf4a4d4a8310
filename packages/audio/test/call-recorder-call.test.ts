// CallRecorder on a real AudioCall over two RtpCalls on 127.0.0.1, and the RTP capture of captureRtp.
import { RtpCall, RtpMultiplexer, parseRtpPacket } from '@voip/rtp';
import { createUdpTransport } from '@voip/rtp/node';
import { afterEach, describe, expect, it } from 'vitest';
import { AudioCall, CallRecorder, PCMU, captureRtp, decodeWav, type CaptureReceiveContext, type CaptureSendContext, type RecordedRtpPacket } from '../src/index.js';
import { sine } from './signal.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A toy "SRTP" context: XOR of the payload bytes after the 12-byte header, and a 1-byte tag. */
const xor = (b: Uint8Array): Uint8Array => b.map((v, i) => (i < 12 ? v : v ^ 0x5a));
const toySend: CaptureSendContext = { protect: (rtp) => Uint8Array.from([...xor(rtp), 0xaa]), protectRtcp: (r) => r };
const toyReceive: CaptureReceiveContext = {
  unprotect: (srtp) => (srtp[srtp.length - 1] === 0xaa ? { ok: true, packet: xor(srtp.subarray(0, -1)) } : { ok: false, reason: 'tag' }),
  unprotectRtcp: (r) => ({ ok: true, packet: r }),
};

describe('CallRecorder on an AudioCall', () => {
  it('records what we sent (left, from the first slot) and what we played (right, as onAudio got it); captures the RTP in the clear', async () => {
    const muxA = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1', type: 'udp4' }));
    const muxB = new RtpMultiplexer(await createUdpTransport({ host: '127.0.0.1', type: 'udp4' }));
    closers.push(() => muxA.close(), () => muxB.close());
    const media = (m: RtpMultiplexer) => [{ payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: '127.0.0.1', remotePort: m.localAddress().port, rtcpMux: true }];
    const box: { a?: AudioCall; b?: AudioCall } = {};
    const chunks: Uint8Array[] = [];
    const packets: RecordedRtpPacket[] = [];
    // The RTP call needs the recorder's contexts before the AudioCall on it exists: attach it after.
    const recorder = new CallRecorder({ onWav: (c) => chunks.push(c.slice()), onPacket: (p) => packets.push(p) });
    const srtpA = recorder.captureSrtp({ send: toySend, receive: toyReceive });
    const callA = new RtpCall({ multiplexer: muxA, media: media(muxB), rtcp: { enabled: false }, srtp: srtpA, onPacket: (p) => box.a?.packetReceived(p) });
    const callB = new RtpCall({ multiplexer: muxB, media: media(muxA), rtcp: { enabled: false }, srtp: { send: toySend, receive: toyReceive }, onPacket: (p) => box.b?.packetReceived(p) });
    muxA.registerCall(muxB.localAddress(), callA);
    muxB.registerCall(muxA.localAddress(), callB);
    const heard: Int16Array[] = [];
    box.a = new AudioCall({ call: callA, sampleRate: 8000, onAudio: (pcm) => heard.push(pcm.slice()) });
    box.b = new AudioCall({ call: callB, sampleRate: 8000 });
    expect(chunks).toEqual([]);
    recorder.attach(box.a);
    expect(chunks[0]?.length).toBe(44);
    expect(() => recorder.attach(box.a!)).toThrow(TypeError);
    const ours = sine(440, 8000, 4000, 6000); // 500 ms
    const theirs = sine(1000, 8000, 4000, 6000);
    box.a.write(ours);
    box.b.write(theirs);
    box.b.start();
    box.a.start();
    await sleep(900);
    box.a.stop();
    box.b.stop();
    const header = recorder.finish();
    const after = packets.length;
    srtpA.send.protect(new Uint8Array(12));
    expect(packets.length).toBe(after); // nothing reported after finish
    const file = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (file.set(c, at), at + c.length), 0);
    file.set(header, 0);
    const wav = decodeWav(file);
    expect(wav.channels).toBe(2);
    const left = Int16Array.from({ length: wav.samples.length / 2 }, (_, k) => wav.samples[2 * k]!);
    const right = Int16Array.from({ length: wav.samples.length / 2 }, (_, k) => wav.samples[2 * k + 1]!);
    // Left: our audio as it went out (PCMU), from sample 0 (the first slot is the start of the recording).
    expect(left.subarray(0, 4000)).toEqual(PCMU.createDecoder().decode(PCMU.createEncoder().encode(ours)));
    // Right: what the playout gave onAudio, from its first frame's due time: the playout's own phase,
    // within one ptime after the sender's first slot (the recording's start).
    const heardAll = new Int16Array(heard.length * 160);
    heard.forEach((f, i) => heardAll.set(f, i * 160));
    const firstLoud = heardAll.findIndex((s) => s !== 0);
    expect(firstLoud).toBeGreaterThan(0);
    const offsets = [];
    for (let k = 0; k <= 160; k++) {
      if (right[k + firstLoud] === heardAll[firstLoud] && right.subarray(k, k + heardAll.length - 160).every((v, i) => v === heardAll[i])) {
        offsets.push(k);
      }
    }
    expect(offsets).toHaveLength(1);
    expect(right.subarray(0, offsets[0]).every((v) => v === 0)).toBe(true);
    expect(right.some((s) => Math.abs(s) > 3000)).toBe(true); // the remote's tone is in it
    // The capture: our packets before protection and theirs after, in the clear.
    const sent = packets.filter((p) => p.direction === 'sent').map((p) => parseRtpPacket(p.packet));
    const received = packets.filter((p) => p.direction === 'received').map((p) => parseRtpPacket(p.packet));
    expect(sent.length).toBeGreaterThanOrEqual(25);
    expect(sent[0]!.ssrc).toBe(callA.ssrc);
    expect(sent[0]!.payload).toEqual(PCMU.createEncoder().encode(ours.subarray(0, 160)));
    expect(received.length).toBeGreaterThanOrEqual(25);
    expect(received[0]!.ssrc).toBe(callB.ssrc);
    expect(received[0]!.payload).toEqual(PCMU.createEncoder().encode(theirs.subarray(0, 160)));
  });
});

describe('captureRtp', () => {
  it('reports copies in the clear, only what was protected or authenticated, and survives a throwing sink', () => {
    const seen: RecordedRtpPacket[] = [];
    const c = captureRtp((p) => seen.push(p), { send: toySend, receive: toyReceive });
    const rtp = Uint8Array.from({ length: 20 }, (_, i) => i);
    const wire = c.send.protect(rtp);
    expect(wire).not.toEqual(rtp);
    rtp.fill(0); // the report is a copy
    expect(seen[0]!.direction).toBe('sent');
    expect(seen[0]!.packet).toEqual(Uint8Array.from({ length: 20 }, (_, i) => i));
    expect(c.receive.unprotect(wire).ok).toBe(true);
    expect(seen[1]!.direction).toBe('received');
    expect(seen[1]!.packet).toEqual(seen[0]!.packet);
    const forged = wire.slice();
    forged[forged.length - 1] = 0;
    expect(c.receive.unprotect(forged).ok).toBe(false);
    expect(seen.length).toBe(2);
    const spent = captureRtp((p) => seen.push(p), { send: { protect: () => { throw new RangeError('key spent'); }, protectRtcp: (r) => r } });
    expect(() => spent.send.protect(rtp)).toThrow(RangeError);
    expect(seen.length).toBe(2);
    const loud = captureRtp(() => {
      throw new Error('sink failed');
    });
    expect(loud.send.protect(rtp)).toBe(rtp); // identity without SRTP, and the sink's throw stays inside
    expect(() => captureRtp('x' as unknown as () => void)).toThrow(TypeError);
  });
});

describe('AudioCall.setTap', () => {
  it('gives each sent frame its slot time (first + n x ptime) and each played frame its due time, and no frame the call refused', async () => {
    let accept = true;
    const call = new AudioCall({ call: { media: [{ payloadType: 0, encodingName: 'PCMU', clockRate: 8000 }], sendPacket: () => accept } });
    const sent: { ts: number; at: number }[] = [];
    const played: number[] = [];
    call.setTap({ sent: (f, at) => sent.push({ ts: f.timestamp, at }), played: (_pcm, at) => played.push(at) });
    const before = performance.now();
    call.start();
    const after = performance.now();
    await sleep(300);
    accept = false;
    const n = sent.length;
    await sleep(100);
    call.stop();
    expect(sent.length).toBe(n); // refused frames are not "sent"
    expect(n).toBeGreaterThanOrEqual(5);
    // The first frame is due at the phase the scheduler placed the sender at: within a ptime of start().
    const start = sent[0]!.at;
    expect(start).toBeGreaterThanOrEqual(before);
    expect(start).toBeLessThanOrEqual(after + 20);
    // Idle silence: a frame every slot, its time that of its slot (the timestamp tells which; a stall
    // of the machine may skip slots, never shift them).
    sent.forEach((s) => expect(s.at).toBeCloseTo(start + (((s.ts - sent[0]!.ts) >>> 0) / 160) * 20, 6));
    expect(played.length).toBeGreaterThanOrEqual(5);
    // The playout has its own phase (also within a ptime of start()) and keeps it: every frame on its grid.
    expect(played[0]).toBeGreaterThanOrEqual(before);
    expect(played[0]).toBeLessThanOrEqual(after + 20);
    played.forEach((at, i) => {
      const slot = (at - played[0]!) / 20;
      expect(Math.abs(slot - Math.round(slot))).toBeLessThan(1e-6); // on the grid
      expect(i === 0 || at > played[i - 1]!).toBe(true);
    });
  });
});
