/**
 * The far side of the load run, in its own process (so the near side's CPU and event loop are measured
 * alone): one UDP socket + multiplexer + SRTP call per near-side call. Driven over IPC by load-run.ts,
 * which transpiles this file and the sources it imports into a temp dir and forks it.
 */
import { createSrtpSessionPair } from '@voip/srtp';
import { RtpCall, RtpMultiplexer, type TransportAddress } from '../src/index.js';
import { createUdpTransport } from '../src/node.js';
import { paceCalls } from './load-pacing.js';

interface KeyingMaterial {
  readonly suite: string;
  readonly masterKey: Uint8Array;
  readonly masterSalt: Uint8Array;
}

export type FarMessage =
  | { readonly type: 'setup'; readonly near: TransportAddress; readonly keys: readonly { near: KeyingMaterial; far: KeyingMaterial }[] }
  | { readonly type: 'start'; readonly packetsPerSecond: number; readonly seconds: number }
  | { readonly type: 'stop' };

export type FarReply =
  | { readonly type: 'ready'; readonly addresses: readonly TransportAddress[] }
  | { readonly type: 'sent' }
  | { readonly type: 'done'; readonly farSent: number; readonly farReceived: number; readonly errors: number };

const muxes: RtpMultiplexer[] = [];
const calls: RtpCall[] = [];
let farReceived = 0;
let errors = 0;
let farSent = 0;

function reply(message: FarReply): void {
  process.send?.(message);
}

async function setup(near: TransportAddress, keys: readonly { near: KeyingMaterial; far: KeyingMaterial }[]): Promise<void> {
  const addresses: TransportAddress[] = [];
  for (const key of keys) {
    const transport = await createUdpTransport({ host: '127.0.0.1', onError: () => void errors++ });
    const mux = new RtpMultiplexer(transport);
    const call = new RtpCall({
      multiplexer: mux,
      media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: near.address, remotePort: near.port, rtcpMux: true },
      srtp: createSrtpSessionPair({ local: key.far, remote: key.near }),
      onPacket: () => void farReceived++,
    });
    mux.registerCall(near, call);
    muxes.push(mux);
    calls.push(call);
    addresses.push(transport.localAddress());
  }
  reply({ type: 'ready', addresses });
}

async function send(packetsPerSecond: number, seconds: number): Promise<void> {
  farSent = await paceCalls(calls, packetsPerSecond, seconds);
  reply({ type: 'sent' });
}

process.on('message', (message: FarMessage) => {
  if (message.type === 'setup') {
    void setup(message.near, message.keys);
  } else if (message.type === 'start') {
    void send(message.packetsPerSecond, message.seconds);
  } else {
    void Promise.all(muxes.map((m) => m.close())).then(() => {
      reply({ type: 'done', farSent, farReceived, errors });
      process.disconnect?.();
    });
  }
});
