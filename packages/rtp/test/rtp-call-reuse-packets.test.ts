/**
 * What an application that keeps received packets gets (RtpCallOptions.reuseReceivedPackets): by
 * default every packet is its own (its payload views the datagram, decrypted in place) and stays as it
 * was after later packets; with reuse, one object is overwritten by the next packet, and
 * cloneRtpPacket keeps a packet intact. With real SRTP (@voip/srtp) and a header extension and CSRCs.
 */
import { SrtpSession, generateSrtpKeyingMaterial } from '@voip/srtp';
import { describe, expect, it } from 'vitest';
import { RtpCall, RtpMultiplexer, cloneRtpPacket, serializeRtpPacket, type RtpPacket } from '../src/index.js';
import { MemoryTransport, PCMU } from './multiplexer-fixtures.js';

const FROM = { address: '192.0.2.9', port: 7000 };

function setup(reuseReceivedPackets: boolean): { kept: RtpPacket[]; cloned: RtpPacket[]; send: (seq: number) => void } {
  const transport = new MemoryTransport();
  const mux = new RtpMultiplexer(transport);
  const key = generateSrtpKeyingMaterial();
  const remote = new SrtpSession(key);
  const kept: RtpPacket[] = [];
  const cloned: RtpPacket[] = [];
  const call = new RtpCall({
    multiplexer: mux,
    media: PCMU(FROM),
    rtcp: { enabled: false },
    srtp: { receive: new SrtpSession(key) },
    reuseReceivedPackets,
    onPacket: (p) => {
      kept.push(p);
      cloned.push(cloneRtpPacket(p));
    },
  });
  mux.registerCall(FROM, call);
  const send = (seq: number): void => {
    const bytes = serializeRtpPacket({
      payloadType: 0,
      sequenceNumber: seq,
      timestamp: seq * 160,
      ssrc: 0xdecafbad,
      csrcs: [seq, seq + 1],
      extension: { profile: 0xbede, data: new Uint8Array([0x10, seq, 0, 0]) },
      payload: new Uint8Array(160).fill(seq),
    });
    transport.deliver(remote.protect(bytes), FROM);
  };
  return { kept, cloned, send };
}

function expectPacket(p: RtpPacket | undefined, seq: number): void {
  expect(p).toMatchObject({ sequenceNumber: seq, timestamp: seq * 160, ssrc: 0xdecafbad, csrcs: [seq, seq + 1] });
  expect(p?.extension?.data).toEqual(new Uint8Array([0x10, seq, 0, 0]));
  expect(p?.payload).toEqual(new Uint8Array(160).fill(seq));
}

describe('RtpCall received packets: fresh by default, reused on request', () => {
  it('default: every kept packet still holds its own fields and decrypted payload after later packets', () => {
    const { kept, send } = setup(false);
    for (let seq = 1; seq <= 5; seq++) {
      send(seq);
    }
    expect(kept).toHaveLength(5);
    kept.forEach((p, i) => expectPacket(p, i + 1));
    expect(new Set(kept).size).toBe(5);
  });

  it('reuseReceivedPackets: one object, overwritten by the next packet; cloneRtpPacket copies keep theirs', () => {
    const { kept, cloned, send } = setup(true);
    for (let seq = 1; seq <= 5; seq++) {
      send(seq);
    }
    expect(new Set(kept).size).toBe(1); // the same object every time ...
    expectPacket(kept[0], 5); // ... holding the last packet
    cloned.forEach((p, i) => expectPacket(p, i + 1));
    // the clones share no memory with each other or the reused buffers
    const buffers = new Set(cloned.map((p) => p.payload.buffer));
    expect(buffers.size).toBe(5);
    expect(buffers.has(kept[0]?.payload.buffer as ArrayBuffer)).toBe(false);
  });
});

describe('RtpCall with reused packets: malformed datagrams', () => {
  it('drops each malformed packet (counted, nothing thrown) and the next good one carries nothing of the last', () => {
    const transport = new MemoryTransport();
    const mux = new RtpMultiplexer(transport);
    const seen: { csrcs: number[]; extension: boolean; seq: number }[] = [];
    const call = new RtpCall({
      multiplexer: mux,
      media: PCMU(FROM),
      rtcp: { enabled: false },
      reuseReceivedPackets: true,
      onPacket: (p) => seen.push({ csrcs: [...p.csrcs], extension: p.extension !== undefined, seq: p.sequenceNumber }),
    });
    mux.registerCall(FROM, call);
    const full = serializeRtpPacket({
      payloadType: 0,
      sequenceNumber: 1,
      timestamp: 160,
      ssrc: 0xdecafbad,
      csrcs: [7, 8],
      extension: { profile: 0xbede, data: new Uint8Array([0x10, 1, 0, 0]) },
      payload: new Uint8Array(160).fill(1),
    });
    transport.deliver(full, FROM);
    const malformed = [
      Uint8Array.of(0x8f, 0, 0, 2, 0, 0, 1, 64, 0xde, 0xca, 0xfb, 0xad, 0, 0, 0, 9), // 15 CSRCs announced, 1 present
      full.slice(0, 24), // the extension header promises a word that does not follow
      Uint8Array.of(0xa0, 0, 0, 3, 0, 0, 1, 224, 0xde, 0xca, 0xfb, 0xad, 1, 2, 3, 200), // padding longer than the packet
    ];
    for (const bytes of malformed) {
      expect(() => transport.deliver(bytes, FROM)).not.toThrow();
    }
    transport.deliver(serializeRtpPacket({ payloadType: 0, sequenceNumber: 4, timestamp: 640, ssrc: 0xdecafbad, payload: new Uint8Array(160) }), FROM);
    expect(seen).toEqual([
      { csrcs: [7, 8], extension: true, seq: 1 },
      { csrcs: [], extension: false, seq: 4 },
    ]);
    expect(mux.stats.malformed).toBe(malformed.length);
  });
});
