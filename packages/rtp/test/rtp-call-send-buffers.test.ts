/**
 * Sending from reused buffers (RtpCall + RtpMultiplexer + createUdpTransport's sendBorrowed): node:dgram
 * hands a datagram to the kernel at once when it can, and otherwise queues it, keeping a reference to
 * the caller's memory until it goes. A call that then overwrote its buffer would send the wrong bytes.
 * Here a call sends thousands of SRTP (and plain RTP) packets back-to-back through a socket with a tiny
 * kernel send buffer; every datagram that arrives must authenticate and carry exactly the payload of
 * its own sequence number. (Linux loopback frees a datagram's send-buffer charge as it delivers it, so
 * the kernel rarely or never refuses one there; the queued case is driven by the second block, a
 * transport that keeps every datagram and delivers it later, as libuv's send queue does.)
 */
import { createSocket, type Socket } from 'node:dgram';
import { SrtpSession, createSrtpSessionPair, generateSrtpKeyingMaterial } from '@voip/srtp';
import { afterEach, describe, expect, it } from 'vitest';
import { RtpCall, RtpMultiplexer, parseRtpPacket, type TransportAddress } from '../src/index.js';
import { createUdpTransport, type UdpTransport } from '../src/node.js';
import { PCMU, until } from './multiplexer-fixtures.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** The payload byte i of the packet with sequence number seq: differs between neighbours at every i. */
const expected = (seq: number, i: number): number => (seq * 31 + i * 7) & 0xff;

async function receiver(): Promise<{ socket: Socket; address: TransportAddress; datagrams: Uint8Array[] }> {
  const socket = createSocket('udp4');
  const datagrams: Uint8Array[] = [];
  socket.on('message', (m) => datagrams.push(new Uint8Array(m)));
  await new Promise<void>((resolve) => socket.bind({ port: 0, address: '127.0.0.1' }, resolve));
  socket.setRecvBufferSize(8 * 1024 * 1024);
  closers.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { socket, address: { address: '127.0.0.1', port: socket.address().port }, datagrams };
}

/** The near transport, counting the sends the kernel could not take at once (the datagram was queued). */
function counting(transport: UdpTransport): { transport: UdpTransport; queued: () => number; released: () => number } {
  let queued = 0;
  let released = 0;
  const wrapped: UdpTransport = {
    get errors() {
      return transport.errors;
    },
    get datagramsSent() {
      return transport.datagramsSent;
    },
    get datagramsReceived() {
      return transport.datagramsReceived;
    },
    send: (data, remote) => transport.send(data, remote),
    sendBorrowed: (data, remote) => {
      const free = transport.sendBorrowed(data, remote);
      if (free) {
        released++;
      } else {
        queued++;
      }
      return free;
    },
    setDatagramHandler: (h) => transport.setDatagramHandler(h),
    localAddress: () => transport.localAddress(),
    close: () => transport.close(),
  };
  return { transport: wrapped, queued: () => queued, released: () => released };
}

describe('RtpCall sends from reused buffers only while the transport has let go of them', () => {
  for (const withSrtp of [true, false]) {
    it(`${withSrtp ? 'SRTP' : 'plain RTP'}: 4000 packets back-to-back through a full kernel send buffer arrive intact`, async () => {
      const far = await receiver();
      const near = counting(await createUdpTransport({ host: '127.0.0.1', sendBufferSize: 4096 }));
      const mux = new RtpMultiplexer(near.transport);
      closers.push(() => mux.close());
      const keys = { local: generateSrtpKeyingMaterial(), remote: generateSrtpKeyingMaterial() };
      const call = new RtpCall({
        multiplexer: mux,
        media: PCMU(far.address),
        rtcp: { enabled: false },
        ...(withSrtp ? { srtp: createSrtpSessionPair(keys) } : {}),
      });
      const farSrtp = new SrtpSession(keys.local);
      const payload = new Uint8Array(160); // one buffer, rewritten before each send, as an encoder does
      const N = 4000;
      for (let seq = 0; seq < N; seq++) {
        for (let i = 0; i < payload.length; i++) {
          payload[i] = expected(seq, i);
        }
        call.sendPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, payload });
      }
      await until(() => near.transport.datagramsSent + near.transport.errors >= N, 10_000, 'every send completed');
      await new Promise((resolve) => setTimeout(resolve, 200)); // the last datagrams' way through loopback
      // Every send went through sendBorrowed (reused buffers from the second on, unless queued).
      expect(near.queued() + near.released()).toBe(N);
      expect(far.datagrams.length).toBeGreaterThan(N / 4);
      const seen = new Set<number>();
      for (const datagram of far.datagrams) {
        let bytes = datagram;
        if (withSrtp) {
          const r = farSrtp.unprotect(datagram);
          expect(r.ok, r.ok ? '' : r.reason).toBe(true);
          bytes = r.ok ? r.packet : bytes;
        }
        const p = parseRtpPacket(bytes);
        expect(seen.has(p.sequenceNumber), `sequence ${p.sequenceNumber} twice`).toBe(false);
        seen.add(p.sequenceNumber);
        expect(p.timestamp).toBe(p.sequenceNumber * 160);
        expect(p.payload.length).toBe(160);
        const wrong = p.payload.findIndex((b, i) => b !== expected(p.sequenceNumber, i));
        expect(wrong, `payload of sequence ${p.sequenceNumber}`).toBe(-1);
      }
    });
  }
});

/**
 * A transport whose far side reads every datagram only after all the sends. Honest: like a socket
 * whose kernel buffer is full every third send, it keeps that datagram by reference (sendBorrowed
 * false) and copies the others as the kernel would (true). Lying: it keeps every one by reference and
 * still says true.
 */
class QueueingTransport {
  readonly queue: Uint8Array[] = [];
  borrowedSends = 0;
  readonly honest: boolean;
  constructor(honest: boolean) {
    this.honest = honest;
  }
  send(data: Uint8Array): void {
    this.queue.push(data);
  }
  sendBorrowed(data: Uint8Array): boolean {
    const held = this.honest && this.borrowedSends % 3 === 0;
    this.borrowedSends++;
    this.queue.push(held || !this.honest ? data : data.slice());
    return !held;
  }
  setDatagramHandler(): void {}
  localAddress(): TransportAddress {
    return { address: '127.0.0.1', port: 5000 };
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('a transport that still holds the datagram (sendBorrowed false) gets a buffer of its own', () => {
  function sendAll(transport: QueueingTransport, withSrtp: boolean, keys: Parameters<typeof createSrtpSessionPair>[0]): void {
    const mux = new RtpMultiplexer(transport);
    const call = new RtpCall({
      multiplexer: mux,
      media: PCMU({ address: '127.0.0.1', port: 6000 }),
      rtcp: { enabled: false },
      ...(withSrtp ? { srtp: createSrtpSessionPair(keys) } : {}),
    });
    const payload = new Uint8Array(160);
    for (let seq = 0; seq < 500; seq++) {
      payload.forEach((_, i) => (payload[i] = expected(seq, i)));
      call.sendPacket({ payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, payload });
    }
  }
  function check(queue: readonly Uint8Array[], withSrtp: boolean, farSrtp: SrtpSession): number {
    let intact = 0;
    for (const [index, datagram] of queue.entries()) {
      const r = withSrtp ? farSrtp.unprotect(datagram) : { ok: true as const, packet: datagram };
      if (!r.ok) {
        continue;
      }
      const p = parseRtpPacket(r.packet);
      if (p.sequenceNumber === index && p.payload.every((b, i) => b === expected(index, i))) {
        intact++;
      }
    }
    return intact;
  }
  for (const withSrtp of [true, false]) {
    it(`${withSrtp ? 'SRTP' : 'plain RTP'}: 500 datagrams read after the sends are all intact`, () => {
      const keys = { local: generateSrtpKeyingMaterial(), remote: generateSrtpKeyingMaterial() };
      const transport = new QueueingTransport(true);
      sendAll(transport, withSrtp, keys);
      expect(transport.borrowedSends).toBe(500);
      expect(check(transport.queue, withSrtp, new SrtpSession(keys.local))).toBe(500);
    });
    it(`${withSrtp ? 'SRTP' : 'plain RTP'}: the check above fails for a transport that lies (says released, keeps the buffer)`, () => {
      // The control: with reuse, a lying transport's queue holds one buffer many times over, so nearly
      // every datagram shows a later packet's bytes. This is what the test above would see if the call
      // ignored sendBorrowed's false.
      const keys = { local: generateSrtpKeyingMaterial(), remote: generateSrtpKeyingMaterial() };
      const transport = new QueueingTransport(false);
      sendAll(transport, withSrtp, keys);
      expect(check(transport.queue, withSrtp, new SrtpSession(keys.local))).toBeLessThan(10);
    });
  }
});
