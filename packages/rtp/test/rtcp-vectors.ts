/**
 * Captured-style RTCP vectors laid out per RFC 3550 §6.4-§6.7, RFC 4585 §6.2.1/§6.3.1 and RFC 5104
 * §4.3.1, with the values they decode to. The same bytes are dissected by tshark in
 * tshark-rtcp.test.ts, which cross-checks these field values.
 */
import { hex } from './helpers/hex.js';
import type { RtcpPacket } from '../src/index.js';

export interface RtcpVector {
  readonly name: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly packet: RtcpPacket;
}

const BLOCK = {
  ssrc: 0x9abcdef0,
  fractionLost: 25,
  cumulativeLost: -2,
  highestSequence: 65541,
  jitter: 42,
  lastSenderReport: 0x5f2b8a80,
  delaySinceLastSenderReport: 0x18000,
} as const;
const BLOCK_HEX = '9abcdef0 19fffffe 00010005 0000002a 5f2b8a80 00018000';

export const RTCP_VECTORS: readonly RtcpVector[] = [
  {
    name: 'SR with one report block (RFC 3550 §6.4.1)',
    bytes: hex(`81 c8 00 0c  12345678  e65f2b8a 80000000  0001e240  00000064  00003e80 ${BLOCK_HEX}`),
    packet: {
      type: 'SR', ssrc: 0x12345678, ntpTimestamp: 0xe65f2b8a80000000n, rtpTimestamp: 123456,
      packetCount: 100, octetCount: 16000, reports: [BLOCK],
    },
  },
  {
    name: 'empty RR (RFC 3550 §6.4.2)',
    bytes: hex('80 c9 00 01 12345678'),
    packet: { type: 'RR', ssrc: 0x12345678, reports: [] },
  },
  {
    name: 'RR with one report block (RFC 3550 §6.4.2)',
    bytes: hex(`81 c9 00 07 12345678 ${BLOCK_HEX}`),
    packet: { type: 'RR', ssrc: 0x12345678, reports: [BLOCK] },
  },
  {
    name: 'SDES with CNAME and an empty chunk (RFC 3550 §6.5)',
    bytes: hex(`82 ca 00 06  12345678  01 09 75736572 40686f73 74 00  9abcdef0 00000000`),
    packet: {
      type: 'SDES',
      chunks: [
        { ssrc: 0x12345678, items: [{ type: 1, text: 'user@host' }] },
        { ssrc: 0x9abcdef0, items: [] },
      ],
    },
  },
  {
    name: 'BYE with reason (RFC 3550 §6.6)',
    bytes: hex('81 cb 00 02  12345678  03 627965'),
    packet: { type: 'BYE', ssrcs: [0x12345678], reason: 'bye' },
  },
  {
    name: 'APP (RFC 3550 §6.7)',
    bytes: hex('83 cc 00 03  12345678  54455354  01020304'),
    packet: { type: 'APP', subtype: 3, ssrc: 0x12345678, name: 'TEST', data: hex('01020304') },
  },
  {
    name: 'generic NACK (RFC 4585 §6.2.1)',
    bytes: hex('81 cd 00 03  12345678  9abcdef0  0064 0005'),
    packet: { type: 'NACK', senderSsrc: 0x12345678, mediaSsrc: 0x9abcdef0, items: [{ pid: 100, blp: 5 }] },
  },
  {
    name: 'PLI (RFC 4585 §6.3.1)',
    bytes: hex('81 ce 00 02  12345678  9abcdef0'),
    packet: { type: 'PLI', senderSsrc: 0x12345678, mediaSsrc: 0x9abcdef0 },
  },
  {
    name: 'FIR (RFC 5104 §4.3.1)',
    bytes: hex('84 ce 00 04  12345678  00000000  9abcdef0 07000000'),
    packet: { type: 'FIR', senderSsrc: 0x12345678, mediaSsrc: 0, entries: [{ ssrc: 0x9abcdef0, sequenceNumber: 7 }] },
  },
  {
    name: 'XR with a receiver reference time block, kept as unknown (RFC 3611 §4.4)',
    bytes: hex('80 cf 00 04  12345678  04 00 0002  e65f2b8a 80000000'),
    packet: { type: 'UNKNOWN', packetType: 207, count: 0, body: hex('12345678 04000002 e65f2b8a 80000000') },
  },
  {
    name: 'padded RR (RFC 3550 §6.4.1 P bit)',
    bytes: hex('a0 c9 00 02  12345678  00000004'),
    packet: { type: 'RR', ssrc: 0x12345678, reports: [], paddingLength: 4 },
  },
];
