/**
 * Test support for the multiplexer and call tests: an in-memory transport, a test-only SRTP context
 * (a fake keyed tag, NOT cryptography), packet builders, and waiting helpers.
 */
import type {
  DatagramHandler,
  DatagramTransport,
  MediaDescription,
  RtpLogger,
  SrtpReceiveContext,
  SrtpSendContext,
  SrtpUnprotectResult,
  TransportAddress,
} from '../src/index.js';
import { serializeRtpPacket } from '../src/index.js';

/** A transport that records what is sent and lets the test inject datagrams. */
export class MemoryTransport implements DatagramTransport {
  handler: DatagramHandler | undefined;
  readonly sent: { data: Uint8Array; remote: TransportAddress }[] = [];
  closed = false;
  readonly local: TransportAddress;
  constructor(local: TransportAddress = { address: '127.0.0.1', port: 5004, family: 'IPv4' }) {
    this.local = local;
  }
  send(data: Uint8Array, remote: TransportAddress): void {
    this.sent.push({ data: data.slice(), remote });
  }
  setDatagramHandler(handler: DatagramHandler | undefined): void {
    this.handler = handler;
  }
  localAddress(): TransportAddress {
    return this.local;
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
  /** Delivers one datagram as if from `remote`; returns nothing, must never throw. */
  deliver(data: Uint8Array, remote: TransportAddress): void {
    this.handler?.(data, remote);
  }
}

/**
 * TEST-ONLY SRTP stand-in: appends a 4-byte tag derived from a key byte and the content, and checks it.
 * It proves the call drops what does not authenticate; it is not encryption.
 */
export class FakeSrtpContext implements SrtpSendContext, SrtpReceiveContext {
  readonly key: number;
  constructor(key: number) {
    this.key = key;
  }
  #tag(bytes: Uint8Array): Uint8Array {
    let h = (0x811c9dc5 ^ this.key) >>> 0;
    for (const b of bytes) {
      h = Math.imul(h ^ b, 0x01000193) >>> 0;
    }
    return new Uint8Array([h >>> 24, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff]);
  }
  #seal(bytes: Uint8Array): Uint8Array {
    const out = new Uint8Array(bytes.length + 4);
    out.set(bytes);
    out.set(this.#tag(bytes), bytes.length);
    return out;
  }
  #open(bytes: Uint8Array): SrtpUnprotectResult {
    if (bytes.length < 4) {
      return { ok: false, reason: 'TOO_SHORT' };
    }
    const body = bytes.subarray(0, bytes.length - 4);
    const tag = this.#tag(body);
    for (let i = 0; i < 4; i++) {
      if (tag[i] !== bytes[body.length + i]) {
        return { ok: false, reason: 'AUTH_FAILED' };
      }
    }
    return { ok: true, packet: body };
  }
  protect(packet: Uint8Array): Uint8Array {
    return this.#seal(packet);
  }
  protectRtcp(rtcp: Uint8Array): Uint8Array {
    return this.#seal(rtcp);
  }
  unprotect(srtp: Uint8Array): SrtpUnprotectResult {
    return this.#open(srtp);
  }
  unprotectRtcp(srtcp: Uint8Array): SrtpUnprotectResult {
    return this.#open(srtcp);
  }
}

/** A logger that records everything (and lets tests assert on warnings). */
export class RecordingLogger implements RtpLogger {
  readonly entries: { level: 'debug' | 'warn' | 'error'; message: string }[] = [];
  debug(message: string): void {
    this.entries.push({ level: 'debug', message });
  }
  warn(message: string): void {
    this.entries.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.entries.push({ level: 'error', message });
  }
  count(level: 'debug' | 'warn' | 'error'): number {
    return this.entries.filter((e) => e.level === level).length;
  }
}

export const PCMU = (remote?: TransportAddress, extra: Partial<MediaDescription> = {}): MediaDescription => ({
  payloadType: 0,
  encodingName: 'PCMU',
  clockRate: 8000,
  ...(remote ? { remoteAddress: remote.address, remotePort: remote.port } : {}),
  ...extra,
});

/** One serialized PCMU packet. */
export function rtp(ssrc: number, sequenceNumber: number, payloadType = 0, payloadByte = 0): Uint8Array {
  return serializeRtpPacket({
    payloadType,
    sequenceNumber: sequenceNumber & 0xffff,
    timestamp: (sequenceNumber * 160) >>> 0,
    ssrc,
    payload: new Uint8Array(160).fill(payloadByte),
  });
}

/** Resolves when `predicate` holds, polling every 5 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
