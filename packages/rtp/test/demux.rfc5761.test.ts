import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hex } from './helpers/hex.js';
import {
  RtpPayloadType,
  RTP_STATIC_PAYLOAD_FORMATS,
  getStaticPayloadFormat,
  isRtcpPacket,
  isRtpOrRtcp,
  isRtpPacket,
  parseRtcpCompound,
  parseRtpPacket,
  serializeRtcpCompound,
  serializeRtpPacket,
} from '../src/index.js';

describe('RFC 5761 §4 / RFC 7983 §7: telling RTP, RTCP and the rest apart', () => {
  const rtp = serializeRtpPacket({ payloadType: 0, sequenceNumber: 1, timestamp: 2, ssrc: 3, payload: new Uint8Array(160) });
  const rtpMarker = serializeRtpPacket({ payloadType: 111, marker: true, sequenceNumber: 1, timestamp: 2, ssrc: 3, payload: new Uint8Array(1) });
  const rr = serializeRtcpCompound([{ type: 'RR', ssrc: 1, reports: [] }]);
  const stunBinding = hex('0001 0000 2112a442 000000000000000000000000');
  const dtls = hex('16 fefd 0000 0000 0000 0000 0010');
  it('RTP', () => {
    expect([isRtpPacket(rtp), isRtcpPacket(rtp), isRtpOrRtcp(rtp)]).toEqual([true, false, true]);
    expect([isRtpPacket(rtpMarker), isRtcpPacket(rtpMarker)]).toEqual([true, false]);
  });
  it('RTCP (an empty RR is 8 bytes)', () => {
    expect([isRtpPacket(rr), isRtcpPacket(rr), isRtpOrRtcp(rr)]).toEqual([false, true, true]);
  });
  it('STUN and DTLS are neither', () => {
    for (const b of [stunBinding, dtls]) {
      expect([isRtpPacket(b), isRtcpPacket(b), isRtpOrRtcp(b)]).toEqual([false, false, false]);
    }
  });
  it('too short is neither', () => {
    expect(isRtpPacket(rtp.subarray(0, 11))).toBe(false);
    expect(isRtcpPacket(rr.subarray(0, 7))).toBe(false);
    expect(isRtpOrRtcp(new Uint8Array(0))).toBe(false);
  });
  it('PT 72..95 with marker (= RTCP types 200..223) is classified as RTCP, per RFC 5761 §4', () => {
    const clash = serializeRtpPacket({ payloadType: 72, marker: true, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: new Uint8Array(0) });
    expect(isRtcpPacket(clash)).toBe(true);
  });
  it('never throws; whatever isRtpPacket accepts has version 2 and 12+ bytes', () =>
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        const a = isRtpPacket(b);
        const c = isRtcpPacket(b);
        expect(a && c).toBe(false);
        if (a) {
          expect(b.length).toBeGreaterThanOrEqual(12);
          expect(() => {
            try {
              parseRtpPacket(b);
            } catch (e) {
              if ((e as { code?: string }).code === 'BAD_VERSION') {
                throw e;
              }
            }
          }).not.toThrow();
        }
        if (c) {
          expect(() => {
            try {
              parseRtcpCompound(b);
            } catch (e) {
              if ((e as { code?: string }).code === 'BAD_VERSION') {
                throw e;
              }
            }
          }).not.toThrow();
        }
      }),
      { numRuns: 500 },
    ));
});

describe('RFC 3551 §6 static payload types', () => {
  it('keeps the original names', () => {
    expect([RtpPayloadType.PCMU, RtpPayloadType.PCMA, RtpPayloadType.G722, RtpPayloadType.OPUS]).toEqual([0, 8, 9, 111]);
  });
  it('table rows', () => {
    expect(getStaticPayloadFormat(0)).toEqual({ payloadType: 0, encodingName: 'PCMU', clockRate: 8000, channels: 1, media: 'audio' });
    expect(getStaticPayloadFormat(9)?.clockRate).toBe(8000); // G.722's historical 8 kHz RTP clock (§4.5.2)
    expect(getStaticPayloadFormat(10)).toMatchObject({ encodingName: 'L16', clockRate: 44100, channels: 2 });
    expect(getStaticPayloadFormat(26)).toMatchObject({ encodingName: 'JPEG', clockRate: 90000, media: 'video' });
    expect(getStaticPayloadFormat(33)?.media).toBe('audio/video');
    expect(getStaticPayloadFormat(14)?.channels).toBeUndefined();
    for (const unassigned of [1, 2, 19, 20, 24, 27, 35, 72, 96, 111, 127]) {
      expect(getStaticPayloadFormat(unassigned)).toBeUndefined();
    }
    expect(RTP_STATIC_PAYLOAD_FORMATS).toHaveLength(24);
    for (const [name, pt] of Object.entries(RtpPayloadType)) {
      if (pt < 96) {
        expect(getStaticPayloadFormat(pt), name).toBeDefined();
      }
    }
  });
});
