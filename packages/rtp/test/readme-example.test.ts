// The README example, verbatim apart from the import path, so it keeps working.
import { expect, it } from 'vitest';
import {
  RtpPayloadType, RtpReceiverStatistics, RtpSenderStatistics, isRtcpPacket, parseRtcpCompound,
  parseRtpPacket, serializeRtcpCompound, serializeRtpPacket, setHeaderExtensionElement,
} from '../src/index.js';

it('README example runs and prints [SR, SDES]', () => {
  const log: unknown[] = [];
  const console = { log: (x: unknown): void => void log.push(x) };

  // Send: one 20 ms PCMU frame with an RFC 6464 audio level element (id 1, one-byte form).
  const tx = new RtpSenderStatistics({ ssrc: 0x1234abcd, clockRate: 8000 });
  const packet = {
    payloadType: RtpPayloadType.PCMU, sequenceNumber: 1, timestamp: 160, ssrc: 0x1234abcd, marker: true,
    extension: setHeaderExtensionElement(undefined, 1, Uint8Array.of(0x80 | 30)),
    payload: new Uint8Array(160).fill(0xff),
  };
  const datagram = serializeRtpPacket(packet);
  tx.sent(packet, Date.now());

  // Receive: demultiplex, parse (payload is a view into `datagram`), count.
  const rx = new RtpReceiverStatistics({ clockRate: 8000 });
  if (!isRtcpPacket(datagram)) {
    const p = parseRtpPacket(datagram); // throws RtpError (with .code and .offset) on malformed bytes
    rx.receive(p, performance.now());
  }

  // Report: an SR carrying our reception report block, then parse it back.
  const rtcp = serializeRtcpCompound([
    tx.senderReport(Date.now(), [rx.reportBlock(performance.now())]),
    { type: 'SDES', chunks: [{ ssrc: 0x1234abcd, items: [{ type: 1, text: 'me@example.org' }] }] },
  ]);
  console.log(parseRtcpCompound(rtcp).map((p) => p.type)); // [ 'SR', 'SDES' ]

  expect(log).toEqual([['SR', 'SDES']]);
  expect(datagram.length).toBe(12 + 8 + 160);
});
