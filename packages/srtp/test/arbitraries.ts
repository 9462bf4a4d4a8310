/** fast-check arbitraries for RTP packets with CSRCs, header extensions and padding. */
import fc from 'fast-check';
import { rtp, type RtpSpec } from './helpers.js';

export const rtpSpec: fc.Arbitrary<RtpSpec> = fc.record({
  seq: fc.integer({ min: 0, max: 0xffff }),
  ssrc: fc.integer({ min: 0, max: 0xffffffff }),
  ts: fc.integer({ min: 0, max: 0xffffffff }),
  pt: fc.integer({ min: 0, max: 127 }),
  marker: fc.boolean(),
  csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
  extension: fc.option(
    fc.record({
      profile: fc.integer({ min: 0, max: 0xffff }),
      data: fc.integer({ min: 0, max: 8 }).chain((w) => fc.uint8Array({ minLength: 4 * w, maxLength: 4 * w })),
    }),
    { nil: undefined },
  ),
  payload: fc.uint8Array({ maxLength: 300 }),
  padding: fc.integer({ min: 0, max: 8 }),
});

export const rtpPacket: fc.Arbitrary<Uint8Array> = rtpSpec.map(rtp);

export const rtcpPacket: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.uint8Array({ maxLength: 200 }))
  .map(([ssrc, rest]) => {
    const b = new Uint8Array(8 + rest.length);
    b[0] = 0x81;
    b[1] = 200;
    new DataView(b.buffer).setUint32(4, ssrc);
    b.set(rest, 8);
    return b;
  });
