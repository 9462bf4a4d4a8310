/**
 * Interop with the two JavaScript peers: packets they produce parse to the same values with ours, and
 * packets we produce parse to the same values in theirs (rtp.js 0.15.5, werift-rtp 0.8.9).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arbitraryRtpHeaderFields } from './helpers/arbitrary-packet.js';
import { CompoundPacket, RtpPacket as RtpJsPacket } from 'rtp.js/packets';
import * as werift from 'werift-rtp';
import { RTCP_VECTORS } from './rtcp-vectors.js';
import {
  buildHeaderExtension,
  getHeaderExtensionElement,
  nackSequenceNumbers,
  parseHeaderExtensionElements,
  parseRtcpCompound,
  parseRtpPacket,
  serializeRtcpCompound,
  serializeRtpPacket,
  type RtcpPacket,
  type RtpPacketInit,
} from '../src/index.js';

const dv = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
const u8 = (v: DataView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

// Arbitrary packets with one-byte extensions (the form both peers write) and optional padding.
const arbPacket: fc.Arbitrary<RtpPacketInit> = fc.record({
  ...arbitraryRtpHeaderFields,
  extension: fc.option(
    fc.oneof(
      fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 14 }), data: fc.uint8Array({ minLength: 1, maxLength: 16 }) }), { selector: (e) => e.id, minLength: 1, maxLength: 4 })
        .map((els) => buildHeaderExtension(els)),
      // RFC 8285 §4.3 two-byte form (IDs up to 255, values up to 255 bytes, empty values allowed)
      fc.uniqueArray(fc.record({ id: fc.integer({ min: 1, max: 255 }), data: fc.uint8Array({ minLength: 1, maxLength: 40 }) }), { selector: (e) => e.id, minLength: 1, maxLength: 4 })
        .map((els) => buildHeaderExtension(els, { form: 'two-byte' })),
    ),
    { nil: undefined },
  ),
  payload: fc.uint8Array({ minLength: 1, maxLength: 200 }),
  paddingLength: fc.integer({ min: 0, max: 16 }),
});

describe('rtp.js 0.15.5 interop (RFC 3550 §5.1, RFC 8285)', () => {
  it('our packets parse to the same values in rtp.js', () =>
    fc.assert(
      fc.property(arbPacket, (p) => {
        const theirs = new RtpJsPacket(dv(serializeRtpPacket(p)));
        expect(theirs.getPayloadType()).toBe(p.payloadType);
        expect(theirs.getSequenceNumber()).toBe(p.sequenceNumber);
        expect(theirs.getTimestamp()).toBe(p.timestamp);
        expect(theirs.getSsrc()).toBe(p.ssrc);
        expect(theirs.getMarker()).toBe(p.marker);
        expect(theirs.getCsrcs()).toEqual(p.csrcs);
        expect(theirs.getPadding()).toBe(p.paddingLength);
        expect(u8(theirs.getPayload())).toEqual(p.payload);
        const els = p.extension ? parseHeaderExtensionElements(p.extension) : [];
        expect([...theirs.getExtensions()].map(([id, v]) => [id, [...u8(v)]])).toEqual(els.map((e) => [e.id, [...e.data]]));
      }),
      { numRuns: 200 },
    ));
  it('rtp.js packets parse to the same values with ours, and we re-serialize them byte for byte', () =>
    fc.assert(
      fc.property(arbPacket, (p) => {
        const theirs = new RtpJsPacket();
        theirs.setPayloadType(p.payloadType);
        theirs.setSequenceNumber(p.sequenceNumber);
        theirs.setTimestamp(p.timestamp);
        theirs.setSsrc(p.ssrc);
        theirs.setMarker(p.marker ?? false);
        theirs.setCsrcs([...(p.csrcs ?? [])]);
        if (p.extension) {
          if (p.extension.profile === 0xbede) {
            theirs.enableOneByteExtensions();
          } else {
            theirs.enableTwoBytesExtensions();
          }
          for (const e of parseHeaderExtensionElements(p.extension)) {
            theirs.setExtension(e.id, dv(e.data.slice()));
          }
        }
        theirs.setPayload(dv(p.payload.slice()));
        const bytes = u8(theirs.getView()).slice();
        const ours = parseRtpPacket(bytes);
        expect(ours).toMatchObject({ payloadType: p.payloadType, sequenceNumber: p.sequenceNumber, timestamp: p.timestamp, ssrc: p.ssrc, marker: p.marker, csrcs: p.csrcs });
        expect(ours.payload).toEqual(p.payload);
        for (const e of p.extension ? parseHeaderExtensionElements(p.extension) : []) {
          expect(getHeaderExtensionElement(ours.extension, e.id)).toEqual(e.data);
        }
        expect(serializeRtpPacket(ours)).toEqual(bytes);
      }),
      { numRuns: 200 },
    ));
  it('our RTCP compound parses in rtp.js with the same values (except its negative-loss bug)', () => {
    const packets = RTCP_VECTORS.filter((v) => ['SR', 'RR', 'SDES', 'BYE', 'NACK', 'PLI'].includes(v.packet.type) && !v.packet.paddingLength).map((v) => v.packet);
    const dump = new CompoundPacket(dv(serializeRtcpCompound(packets))).dump() as unknown as { packets: Record<string, unknown>[] };
    expect(dump.packets.map((p) => p['packetType'])).toEqual([200, 201, 201, 202, 203, 205, 206]);
    const sr = RTCP_VECTORS[0]!.packet as Extract<RtcpPacket, { type: 'SR' }>;
    expect(dump.packets[0]).toMatchObject({
      ssrc: sr.ssrc, ntpSeq: Number(sr.ntpTimestamp >> 32n), ntpFraction: Number(sr.ntpTimestamp & 0xffffffffn),
      rtpTimestamp: sr.rtpTimestamp, packetCount: sr.packetCount, octetCount: sr.octetCount,
    });
    const block = sr.reports[0]!;
    expect((dump.packets[0]!['reports'] as Record<string, number>[])[0]).toMatchObject({
      ssrc: block.ssrc, fractionLost: block.fractionLost, highestSeq: block.highestSequence, jitter: block.jitter, lsr: block.lastSenderReport, dlsr: block.delaySinceLastSenderReport,
    });
    // rtp.js 0.15.5 reads the signed 24-bit cumulative lost 0xfffffe (RFC 3550 §6.4.1: −2) as 4094;
    // tshark and we read −2. Documented here so a fix upstream shows up.
    expect(block.cumulativeLost).toBe(-2);
    expect((dump.packets[0]!['reports'] as Record<string, number>[])[0]!['totalLost']).toBe(4094);
  });
  it('every RTCP type we serialize parses in rtp.js with the same values', () => {
    const packets: RtcpPacket[] = [
      { type: 'RR', ssrc: 1, reports: [] },
      { type: 'SDES', chunks: [{ ssrc: 0x12345678, items: [{ type: 1, text: 'user@host' }, { type: 6, text: '@voip/rtp' }] }, { ssrc: 0x9abcdef0, items: [] }] },
      { type: 'BYE', ssrcs: [5, 6], reason: 'bye' },
      { type: 'NACK', senderSsrc: 1, mediaSsrc: 2, items: [{ pid: 100, blp: 5 }, { pid: 65535, blp: 0x8000 }] },
      { type: 'PLI', senderSsrc: 1, mediaSsrc: 2 },
      { type: 'APP', subtype: 3, ssrc: 9, name: 'TEST', data: Uint8Array.of(1, 2, 3, 4) },
      { type: 'FIR', senderSsrc: 1, mediaSsrc: 0, entries: [{ ssrc: 7, sequenceNumber: 3 }] },
    ];
    const dump = new CompoundPacket(dv(serializeRtcpCompound(packets))).dump() as unknown as { packets: Record<string, unknown>[] };
    const expected = packets.map((p): Record<string, unknown> => {
      switch (p.type) {
        case 'RR':
          return { packetType: 201, ssrc: p.ssrc, reports: [] };
        case 'SDES':
          return { packetType: 202, count: p.chunks.length, chunks: p.chunks.map((c) => expect.objectContaining({ ssrc: c.ssrc, items: c.items })) };
        case 'BYE':
          return { packetType: 203, ssrcs: p.ssrcs, reason: p.reason };
        case 'NACK':
          return { packetType: 205, messageType: 1, senderSsrc: p.senderSsrc, mediaSsrc: p.mediaSsrc, items: p.items.map((i) => ({ pid: i.pid, bitmask: i.blp })) };
        case 'PLI':
          return { packetType: 206, messageType: 1, senderSsrc: p.senderSsrc, mediaSsrc: p.mediaSsrc };
        case 'APP':
          return { packetType: 204, count: p.subtype, bodyLength: 8 + p.data.length };
        case 'FIR':
          return { packetType: 206, messageType: 4, senderSsrc: p.senderSsrc, mediaSsrc: p.mediaSsrc, bodyLength: 8 * p.entries.length };
        default:
          throw new Error('unused');
      }
    });
    expect(dump.packets).toHaveLength(expected.length);
    dump.packets.forEach((d, i) => expect(d).toMatchObject(expected[i]!));
  });
  it('rtp.js 0.15.5 rejects a valid SDES whose next chunk SSRC starts with zero octets (tshark and we accept it)', () => {
    // Chunk 1 ends END + 1 null octet at a 32-bit boundary (RFC 3550 §6.5); chunk 2's SSRC is 0x00000003.
    // rtp.js counts the SSRC's leading zero octets as chunk-1 padding and then throws.
    const sdes: RtcpPacket = { type: 'SDES', chunks: [{ ssrc: 1, items: [{ type: 1, text: 'user@host' }, { type: 6, text: '@voip/rtp' }] }, { ssrc: 3, items: [] }] };
    const bytes = serializeRtcpCompound([{ type: 'RR', ssrc: 1, reports: [] }, sdes]);
    expect(parseRtcpCompound(bytes)[1]).toEqual(sdes);
    expect(() => new CompoundPacket(dv(bytes))).toThrow(/multiple of 4/);
  });
  it('rtp.js RTCP compounds parse with ours', () => {
    const theirs = new CompoundPacket(dv(serializeRtcpCompound([RTCP_VECTORS[1]!.packet, RTCP_VECTORS[3]!.packet])));
    const bytes = u8(theirs.getView()).slice();
    expect(parseRtcpCompound(bytes)).toEqual([RTCP_VECTORS[1]!.packet, RTCP_VECTORS[3]!.packet]);
  });
});

describe('werift-rtp 0.8.9 interop (RFC 3550 §5.1, §6.4; RFC 4585)', () => {
  it('our packets parse to the same values in werift', () =>
    fc.assert(
      fc.property(arbPacket, (p) => {
        const theirs = werift.RtpPacket.deSerialize(Buffer.from(serializeRtpPacket(p)));
        const h = theirs.header;
        expect([h.payloadType, h.sequenceNumber, h.timestamp, h.ssrc, h.marker]).toEqual([p.payloadType, p.sequenceNumber, p.timestamp, p.ssrc, p.marker]);
        expect(h.csrc).toEqual(p.csrcs);
        expect(h.padding).toBe((p.paddingLength ?? 0) > 0);
        expect(new Uint8Array(theirs.payload)).toEqual(p.payload);
        const els = p.extension ? parseHeaderExtensionElements(p.extension) : [];
        expect(h.extensions.map((e) => [e.id, [...e.payload]])).toEqual(els.map((e) => [e.id, [...e.data]]));
      }),
      { numRuns: 200 },
    ));
  it('werift packets parse to the same values with ours, and we re-serialize them byte for byte', () =>
    fc.assert(
      fc.property(arbPacket, (p) => {
        const els = p.extension ? parseHeaderExtensionElements(p.extension) : [];
        const header = new werift.RtpHeader({
          payloadType: p.payloadType, sequenceNumber: p.sequenceNumber, timestamp: p.timestamp, ssrc: p.ssrc, marker: p.marker ?? false,
          csrc: [...(p.csrcs ?? [])], csrcLength: p.csrcs?.length ?? 0,
          extension: els.length > 0, extensionProfile: p.extension?.profile === 0x1000 ? 0x1000 : 0xbede, extensions: els.map((e) => ({ id: e.id, payload: Buffer.from(e.data) })),
          padding: (p.paddingLength ?? 0) > 0, paddingSize: p.paddingLength ?? 0,
        });
        const bytes = new Uint8Array(new werift.RtpPacket(header, Buffer.from(p.payload)).serialize());
        const ours = parseRtpPacket(bytes);
        expect(ours).toMatchObject({ payloadType: p.payloadType, sequenceNumber: p.sequenceNumber, timestamp: p.timestamp, ssrc: p.ssrc, marker: p.marker, csrcs: p.csrcs, paddingLength: p.paddingLength });
        expect(ours.payload).toEqual(p.payload);
        for (const e of els) {
          expect(getHeaderExtensionElement(ours.extension, e.id)).toEqual(e.data);
        }
        expect(serializeRtpPacket(ours)).toEqual(bytes);
      }),
      { numRuns: 200 },
    ));
  it('our SR, RR, SDES, NACK and PLI parse in werift with the same values', () => {
    const pick = (t: string): RtcpPacket => RTCP_VECTORS.find((v) => v.packet.type === t && !v.packet.paddingLength)!.packet;
    const sr = pick('SR') as Extract<RtcpPacket, { type: 'SR' }>;
    const nack = pick('NACK') as Extract<RtcpPacket, { type: 'NACK' }>;
    const pli = pick('PLI') as Extract<RtcpPacket, { type: 'PLI' }>;
    const theirs = werift.RtcpPacketConverter.deSerialize(Buffer.from(serializeRtcpCompound([sr, pick('SDES'), pli, nack])));
    expect(theirs).toHaveLength(4);
    const wsr = theirs[0] as werift.RtcpSrPacket;
    expect(wsr.ssrc).toBe(sr.ssrc);
    expect(wsr.senderInfo.rtpTimestamp).toBe(sr.rtpTimestamp);
    expect(wsr.senderInfo.packetCount).toBe(sr.packetCount);
    expect(wsr.senderInfo.octetCount).toBe(sr.octetCount);
    expect(wsr.reports[0]).toMatchObject({ ssrc: sr.reports[0]!.ssrc, fractionLost: 25, highestSequence: 65541, jitter: 42, lsr: 0x5f2b8a80, dlsr: 0x18000 });
    // werift reads cumulative lost unsigned: 0xfffffe → 16777214 instead of −2 (RFC 3550 §6.4.1 says signed).
    expect(wsr.reports[0]!.packetsLost).toBe(0xfffffe);
    const wnack = theirs[3] as werift.RtcpTransportLayerFeedback;
    expect((wnack.feedback as werift.GenericNack).lost).toEqual(nackSequenceNumbers(nack.items));
    expect((wnack.feedback as werift.GenericNack).mediaSourceSsrc).toBe(nack.mediaSsrc);
    const wpli = theirs[2] as werift.RtcpPayloadSpecificFeedback;
    expect(wpli.feedback).toMatchObject({ senderSsrc: pli.senderSsrc, mediaSsrc: pli.mediaSsrc });
  });
  it('werift 0.8.9 over-reads a NACK that is not last in the compound (its FCI runs into the next packet)', () => {
    const pick = (t: string): RtcpPacket => RTCP_VECTORS.find((v) => v.packet.type === t && !v.packet.paddingLength)!.packet;
    const theirs = werift.RtcpPacketConverter.deSerialize(Buffer.from(serializeRtcpCompound([pick('RR'), pick('NACK'), pick('PLI')])));
    const lost = ((theirs[1] as werift.RtcpTransportLayerFeedback).feedback as werift.GenericNack).lost;
    expect(lost.slice(0, 3)).toEqual([100, 101, 103]);
    expect(lost.length).toBeGreaterThan(3); // the PLI's header read as PID 0x81ce: a werift bug, not ours
    // tshark and ours agree the NACK holds exactly one FCI entry.
    expect(parseRtcpCompound(serializeRtcpCompound([pick('RR'), pick('NACK'), pick('PLI')]))[1]).toEqual(pick('NACK'));
  });
  it('werift SR and NACK parse with ours', () => {
    const sr = new werift.RtcpSrPacket({
      ssrc: 0x1234,
      senderInfo: new werift.RtcpSenderInfo({ ntpTimestamp: 0xe65f2b8a80000000n, rtpTimestamp: 160, packetCount: 3, octetCount: 480 }),
      reports: [new werift.RtcpReceiverInfo({ ssrc: 9, fractionLost: 10, packetsLost: 5, highestSequence: 1000, jitter: 7, lsr: 1, dlsr: 2 })],
    });
    const nack = new werift.RtcpTransportLayerFeedback({ feedback: new werift.GenericNack({ senderSsrc: 1, mediaSourceSsrc: 2, lost: [100, 101, 103] }) });
    const bytes = new Uint8Array(Buffer.concat([sr.serialize(), nack.serialize()]));
    const [ourSr, ourNack] = parseRtcpCompound(bytes);
    expect(ourSr).toEqual({
      type: 'SR', ssrc: 0x1234, ntpTimestamp: 0xe65f2b8a80000000n, rtpTimestamp: 160, packetCount: 3, octetCount: 480,
      reports: [{ ssrc: 9, fractionLost: 10, cumulativeLost: 5, highestSequence: 1000, jitter: 7, lastSenderReport: 1, delaySinceLastSenderReport: 2 }],
    });
    expect(ourNack).toMatchObject({ type: 'NACK', senderSsrc: 1, mediaSsrc: 2 });
    expect(nackSequenceNumbers((ourNack as Extract<RtcpPacket, { type: 'NACK' }>).items)).toEqual([100, 101, 103]);
  });
});
