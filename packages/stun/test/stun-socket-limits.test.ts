/**
 * StunSocket.open without a server contacts nobody (#10), and a long retransmission schedule neither
 * cuts name resolution to 1 ms nor hands a timer a delay past 2^31-1 ms (#15.5).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DNS_TIMEOUT_MS, MAX_TIMER_DELAY_MS } from '../src/index.js';
import { StunServer, StunSocket } from '../src/node.js';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

describe('StunSocket.open', () => {
  it('without stunServer does no discovery: no request leaves the socket', async () => {
    const socket = await StunSocket.open({ host: '127.0.0.1' });
    closers.push(() => socket.close());
    expect(socket.stats.requestsSent).toBe(0);
    expect(socket.reachableAddress).toEqual(socket.localAddress());
  });

  it('hands out its counters and the server\'s as snapshots that a caller cannot write back', async () => {
    const server = new StunServer();
    closers.push(() => server.close());
    const [bound] = await server.listen({ host: '127.0.0.1', port: 0 });
    const port = bound!.port;
    const socket = await StunSocket.open({ host: '127.0.0.1', stunServer: { address: '127.0.0.1', port } });
    closers.push(() => socket.close());
    const before = socket.stats;
    (before as { requestsSent: number }).requestsSent = 1000;
    (server.stats as { responsesSent: number }).responsesSent = 1000;
    expect(socket.stats.requestsSent).toBe(1);
    expect(server.stats.responsesSent).toBe(1);
    expect(socket.stats).not.toBe(socket.stats);
  });

  it('resolves "localhost" with rto 500 and 40 requests (the overall deadline overflowed a timer: 1 ms)', async () => {
    const server = new StunServer();
    closers.push(() => server.close());
    await server.listen({ host: '127.0.0.1', port: 0 });
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const socket = await StunSocket.open({ host: '127.0.0.1', stunServer: { host: 'localhost', port: server.address().port }, rto: 500, maxRequests: 40 });
      closers.push(() => socket.close());
      expect(socket.reachableAddress.address).toBe('127.0.0.1');
      await new Promise((r) => setImmediate(r));
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('bounds name resolution and every timer', () => {
    expect(DNS_TIMEOUT_MS).toBeLessThan(MAX_TIMER_DELAY_MS);
    expect(MAX_TIMER_DELAY_MS).toBe(2 ** 31 - 1);
  });
});
