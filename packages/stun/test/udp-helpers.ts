import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';

/** A raw UDP endpoint for tests: records what it receives, can reply. Close it in afterEach. */
export class RawPeer {
  readonly received: { data: Uint8Array; rinfo: RemoteInfo }[] = [];
  private waiters: (() => void)[] = [];
  onMessage: ((data: Uint8Array, rinfo: RemoteInfo) => void) | undefined;

  readonly socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('message', (buf, rinfo) => {
      const data = new Uint8Array(buf);
      this.received.push({ data, rinfo });
      this.onMessage?.(data, rinfo);
      const w = this.waiters;
      this.waiters = [];
      w.forEach((f) => f());
    });
  }

  static async open(host = '127.0.0.1'): Promise<RawPeer> {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve) => socket.bind(0, host, resolve));
    return new RawPeer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  get address(): { address: string; port: number } {
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  send(data: Uint8Array, port: number, address: string): void {
    this.socket.send(data, port, address);
  }

  /** Waits until `count` datagrams have arrived in all, or `ms` passed; returns what arrived. */
  async waitFor(count: number, ms = 2000): Promise<{ data: Uint8Array; rinfo: RemoteInfo }[]> {
    const deadline = Date.now() + ms;
    while (this.received.length < count && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.received;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}

/** Sends `data` from a fresh socket to `port` and returns the first reply (or undefined after `ms`). */
export async function query(data: Uint8Array, port: number, address = '127.0.0.1', ms = 1000): Promise<Uint8Array | undefined> {
  const peer = await RawPeer.open(address.includes(':') ? '::1' : '127.0.0.1');
  try {
    peer.send(data, port, address);
    const got = await peer.waitFor(1, ms);
    return got[0]?.data;
  } finally {
    await peer.close();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
