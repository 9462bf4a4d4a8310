/**
 * Steady state on the call path over real sockets (issue #13), the fast path the load run uses: two
 * SRTP RtpCalls with reused received packets, each on an RtpMultiplexer over a loopback socket, once
 * with `createUdpTransport` and once with `@voip/stun`'s `StunSocket` (whose `sendBorrowed` hands the
 * datagram to the kernel before it returns). Counted with the typed-array allocation counter:
 *
 * - sending (serialize, SRTP protect, `sendBorrowed`): no typed array, ArrayBuffer or DataView
 *   constructed and no `subarray` view cut per packet, beyond what the SRTP sessions alone make on the
 *   same packets (a keystream buffer per batch of up to 16 packets);
 * - receiving, from the multiplexer's handler on (route, SRTP unprotect, parse, statistics, deliver):
 *   the same. (node:dgram makes a Buffer per received datagram natively, and the transport wraps it
 *   in one Uint8Array view; those are the socket's, before the call path, and not counted here.)
 */
import { createSrtpSessionPair, generateSrtpKeyingMaterial } from '@voip/srtp';
import { StunSocket } from '@voip/stun/node';
import { describe, expect, it } from 'vitest';
import { RtpCall, RtpMultiplexer, type DatagramHandler, type DatagramTransport } from '../src/index.js';
import { createUdpTransport } from '../src/node.js';
import { PCMU, until } from './multiplexer-fixtures.js';
import { countTypedArrayAllocations, type TypedArrayAllocationCounts } from '../../../test/allocation-counter.js';

/** Counts into `counts` while the transport's datagram handler (the multiplexer's) runs. */
function countingHandlers(transport: DatagramTransport, counts: { on: boolean; receive: TypedArrayAllocationCounts }): DatagramTransport {
  const set = transport.setDatagramHandler.bind(transport);
  transport.setDatagramHandler = (handler: DatagramHandler | undefined): void => {
    set(
      handler &&
        ((data, remote): void => {
          if (!counts.on) {
            handler(data, remote);
            return;
          }
          const stop = countTypedArrayAllocations(counts.receive);
          try {
            handler(data, remote);
          } finally {
            stop();
          }
        }),
    );
  };
  return transport;
}

const transports = {
  createUdpTransport: () => createUdpTransport({ host: '127.0.0.1' }),
  StunSocket: () => StunSocket.open({ host: '127.0.0.1', stunServer: null }),
} as const;

describe('RtpCall over loopback sockets: no buffer or view per packet in the steady state', () => {
  for (const [name, open] of Object.entries(transports)) {
    it(`${name}: SRTP both ways, reused received packets, sendBorrowed`, async () => {
      const counts = { on: false, receive: { constructed: 0, subarray: 0 } };
      const a = countingHandlers(await open(), counts);
      const b = countingHandlers(await open(), counts);
      expect(typeof a.sendBorrowed).toBe('function');
      const muxA = new RtpMultiplexer(a);
      const muxB = new RtpMultiplexer(b);
      try {
        const keyA = generateSrtpKeyingMaterial();
        const keyB = generateSrtpKeyingMaterial();
        let received = 0;
        const onPacket = (): void => void received++;
        const options = { rtcp: { enabled: false }, reuseReceivedPackets: true, onPacket } as const;
        const callA = new RtpCall({ multiplexer: muxA, media: PCMU(b.localAddress()), srtp: createSrtpSessionPair({ local: keyA, remote: keyB }), ...options });
        const callB = new RtpCall({ multiplexer: muxB, media: PCMU(a.localAddress()), srtp: createSrtpSessionPair({ local: keyB, remote: keyA }), ...options });
        muxA.registerCall(b.localAddress(), callA);
        muxB.registerCall(a.localAddress(), callB);
        const payload = new Uint8Array(160).fill(0x55);
        const out = { payloadType: 0, timestamp: 0, payload };
        const send: TypedArrayAllocationCounts = { constructed: 0, subarray: 0 };
        /** Sends `n` packets each way in slices of 25 (counted, when `count`, while each slice is sent), waiting for each slice to arrive. */
        const run = async (n: number, count: boolean): Promise<void> => {
          for (let done = 0; done < n; done += 25) {
            const target = received + 2 * 25;
            const stop = count ? countTypedArrayAllocations(send) : (): void => {};
            try {
              for (let i = 0; i < 25; i++) {
                out.timestamp = (out.timestamp + 160) >>> 0;
                callA.sendPacket(out);
                callB.sendPacket(out);
              }
            } finally {
              stop();
            }
            await until(() => received >= target, 5000, `${target} packets received`);
          }
        };
        await run(200, false); // warm-up: SRTP streams, cached views, frozen destinations checked
        const N = 400;
        const before = received;
        counts.on = true;
        await run(N, true);
        counts.on = false;
        const target = before + 2 * N;
        expect(received).toBe(target);
        expect(muxA.stats.authFailed + muxB.stats.authFailed).toBe(0);
        // 2N packets protected and 2N unprotected: a keystream buffer per batch of 16 packets at most.
        expect(send.subarray).toBe(0);
        expect(send.constructed).toBeLessThanOrEqual(Math.ceil((2 * N) / 16) + 2);
        expect(counts.receive.subarray).toBe(0);
        expect(counts.receive.constructed).toBeLessThanOrEqual(Math.ceil((2 * N) / 16) + 2);
      } finally {
        await muxA.close();
        await muxB.close();
      }
    });
  }
});
