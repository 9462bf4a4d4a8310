/**
 * Contract type test (compiled by the root `tsc -p tsconfig.json`, not run by vitest): the other
 * packages' classes satisfy this package's interfaces by shape, with no runtime dependency between
 * the packages. If a signature drifts, this file stops compiling.
 */
import type { SrtpReceiver, SrtpSender, SrtpSession } from '@voip/srtp';
import { type StunSocket } from '@voip/stun/node';
import type { DatagramTransport, SrtpReceiveContext, SrtpSendContext, RtpCallOptions } from '../src/index.js';

// @voip/stun's StunSocket is a DatagramTransport: a multiplexer can run on a STUN-answering socket.
export const transport: DatagramTransport = null as unknown as StunSocket;
// ... with sendBorrowed, so calls on it send from reused buffers (Required<> makes the optional member mandatory).
export const borrowingTransport: Required<DatagramTransport> = null as unknown as StunSocket;

// @voip/srtp's SrtpSession protects and unprotects both RTP and RTCP as a call needs.
export const both: SrtpSendContext & SrtpReceiveContext = null as unknown as SrtpSession;
// ... and the typed halves of createSrtpSessionPair fit the call's `srtp` option directly.
export const pair: RtpCallOptions['srtp'] = { send: null as unknown as SrtpSender, receive: null as unknown as SrtpReceiver };

// ... including the optional allocation-free members a call uses when present: protectInto and
// protectRtcpInto pair with SrtpSender's, unprotectInto and unprotectRtcpInto with SrtpReceiver's
// (Required<> makes the optional members mandatory, so a missing or drifted one stops compiling).
export const sendInto: Required<SrtpSendContext> = null as unknown as SrtpSender;
export const receiveInto: Required<SrtpReceiveContext> = null as unknown as SrtpReceiver;
export const bothInto: Required<SrtpSendContext> & Required<SrtpReceiveContext> = null as unknown as SrtpSession;

// Negative twins: these must NOT satisfy the interfaces, so the assignments above are meaningful.
// @ts-expect-error a receive-only half cannot protect
export const receiveOnly: SrtpSendContext = null as unknown as SrtpReceiver;
// @ts-expect-error a send-only half cannot unprotect
export const sendOnly: SrtpReceiveContext = null as unknown as SrtpSender;
// @ts-expect-error a transport must also receive, report its address and close
export const sendOnlyTransport: DatagramTransport = null as unknown as { send(data: Uint8Array, remote: { address: string; port: number }): void };
// @ts-expect-error unprotect must return a result value, not a nullable buffer (a failure must carry its reason)
export const nullable: SrtpReceiveContext = null as unknown as { unprotect(srtp: Uint8Array): Uint8Array | null; unprotectRtcp(srtcp: Uint8Array): Uint8Array | null };
// @ts-expect-error unprotectInto must return the length written or the failure reason, not the packet
export const intoReturnsPacket: SrtpReceiveContext = null as unknown as Omit<SrtpReceiver, 'unprotectInto'> & { unprotectInto(srtp: Uint8Array, out: Uint8Array): Uint8Array };
// @ts-expect-error protectInto must return the length written (a number)
export const intoReturnsVoid: SrtpSendContext = null as unknown as Omit<SrtpSender, 'protectInto'> & { protectInto(rtp: Uint8Array, out: Uint8Array): void };
