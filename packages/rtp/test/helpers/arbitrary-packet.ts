/**
 * fast-check arbitraries for RTP packets, shared by the property tests and the peer interop tests.
 * @module
 */
import fc from 'fast-check';

/**
 * The fixed-header fields of an RTP packet (RFC 3550 §5.1) over their whole ranges, CSRC list included;
 * a test adds the extension, payload and padding shapes it cares about.
 */
export const arbitraryRtpHeaderFields = {
  payloadType: fc.integer({ min: 0, max: 127 }),
  sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
  timestamp: fc.nat({ max: 0xffffffff }),
  ssrc: fc.nat({ max: 0xffffffff }),
  marker: fc.boolean(),
  csrcs: fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 15 }),
};
