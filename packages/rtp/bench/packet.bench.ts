/**
 * RTP parse and serialize of a 172-byte packet (12-byte header + 160-byte PCMU payload, 20 ms at
 * 8 kHz), ours side by side with rtp.js 0.15.5 and werift-rtp 0.8.9 in each describe block.
 * Every case touches the fields a receiver reads, so lazy parsers pay for what they defer. Each bench
 * iteration runs the operation OPS times for every contender alike, so the harness's per-call overhead
 * (comparable to one operation here) does not flatten the ratios.
 */
import { bench, describe } from 'vitest';
import { RtpPacket as RtpJsPacket } from 'rtp.js/packets';
import * as werift from 'werift-rtp';
import { parseRtpPacket, serializeRtpPacket, serializeRtpPacketInto, type RtpPacketInit } from '../src/index.js';

const payload = Uint8Array.from({ length: 160 }, (_, i) => (i * 7) & 0xff);
const packet: RtpPacketInit = { payloadType: 0, sequenceNumber: 4321, timestamp: 123_456, ssrc: 0xdeadbeef, marker: false, payload };
const wire = serializeRtpPacket(packet);
const wireView = new DataView(wire.buffer, wire.byteOffset, wire.byteLength);
const wireBuffer = Buffer.from(wire);
let sink = 0;
const OPS = 16;

describe('parse 172-byte RTP packet', () => {
  bench('@voip/rtp parseRtpPacket', () => {
    for (let i = 0; i < OPS; i++) {
      const p = parseRtpPacket(wire);
      sink ^= p.sequenceNumber ^ p.timestamp ^ p.ssrc ^ p.payload.length;
    }
  });
  bench('rtp.js new RtpPacket(view)', () => {
    for (let i = 0; i < OPS; i++) {
      const p = new RtpJsPacket(wireView);
      sink ^= p.getSequenceNumber() ^ p.getTimestamp() ^ p.getSsrc() ^ p.getPayload().byteLength;
    }
  });
  bench('werift-rtp RtpPacket.deSerialize', () => {
    for (let i = 0; i < OPS; i++) {
      const p = werift.RtpPacket.deSerialize(wireBuffer);
      sink ^= p.header.sequenceNumber ^ p.header.timestamp ^ p.header.ssrc ^ p.payload.length;
    }
  });
});

const rtpJs = new RtpJsPacket();
rtpJs.setPayloadType(0);
rtpJs.setSsrc(0xdeadbeef);
rtpJs.setTimestamp(123_456);
rtpJs.setPayload(new DataView(payload.slice().buffer));
const weriftPacket = new werift.RtpPacket(
  new werift.RtpHeader({ payloadType: 0, sequenceNumber: 4321, timestamp: 123_456, ssrc: 0xdeadbeef }),
  Buffer.from(payload),
);
let seq = 0;
/** Our packet as a mutable object, so each iteration changes the sequence number without allocating. */
const mutable: { -readonly [K in keyof RtpPacketInit]: RtpPacketInit[K] } = { ...packet };

describe('serialize 172-byte RTP packet (allocating)', () => {
  bench('@voip/rtp serializeRtpPacket', () => {
    for (let i = 0; i < OPS; i++) {
      seq = (seq + 1) & 0xffff;
      mutable.sequenceNumber = seq;
      sink ^= serializeRtpPacket(mutable).length;
    }
  });
  bench('rtp.js serialize()', () => {
    for (let i = 0; i < OPS; i++) {
      seq = (seq + 1) & 0xffff;
      rtpJs.setSequenceNumber(seq);
      rtpJs.serialize();
      sink ^= rtpJs.getByteLength();
    }
  });
  bench('werift-rtp serialize()', () => {
    for (let i = 0; i < OPS; i++) {
      seq = (seq + 1) & 0xffff;
      weriftPacket.header.sequenceNumber = seq;
      sink ^= weriftPacket.serialize().length;
    }
  });
});

const out = new Uint8Array(1500);
// rtp.js refuses to serialize into the buffer the packet already lives in, so it alternates two.
const outRtpJs = [new ArrayBuffer(1500), new ArrayBuffer(1500)] as const;

describe('serialize 172-byte RTP packet into a reused buffer', () => {
  bench('@voip/rtp serializeRtpPacketInto', () => {
    for (let i = 0; i < OPS; i++) {
      seq = (seq + 1) & 0xffff;
      mutable.sequenceNumber = seq;
      sink ^= serializeRtpPacketInto(mutable, out);
    }
  });
  bench('rtp.js serialize(buffer)', () => {
    for (let i = 0; i < OPS; i++) {
      seq = (seq + 1) & 0xffff;
      rtpJs.setSequenceNumber(seq);
      rtpJs.serialize(outRtpJs[seq & 1], 0);
      sink ^= rtpJs.getByteLength();
    }
  });
  bench('werift-rtp serialize() (no into-form)', () => {
    for (let i = 0; i < OPS; i++) {
      seq = (seq + 1) & 0xffff;
      weriftPacket.header.sequenceNumber = seq;
      sink ^= weriftPacket.serialize().length;
    }
  });
});

export { sink };
