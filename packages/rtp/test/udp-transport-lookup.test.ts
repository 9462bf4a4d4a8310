/**
 * The UDP transport gives node:dgram a lookup that answers literal IPs at once (no dns.lookup and
 * nextTick per send); host names given to bind must still resolve through dns.lookup.
 */
import { describe, expect, it } from 'vitest';
import { createUdpTransport } from '../src/node.js';

describe('createUdpTransport lookup', () => {
  it('binds to a host name (resolved through dns.lookup), not only to literals', async () => {
    const t = await createUdpTransport({ host: 'localhost' });
    try {
      expect(['127.0.0.1', '::1']).toContain(t.localAddress().address);
    } finally {
      await t.close();
    }
  });

  it('still delivers to a literal destination, counted once the send completes', async () => {
    const a = await createUdpTransport({ host: '127.0.0.1' });
    const b = await createUdpTransport({ host: '127.0.0.1' });
    try {
      const got = new Promise<Uint8Array>((resolve) => b.setDatagramHandler((data) => resolve(data.slice())));
      a.send(new Uint8Array([0x80, 0, 7, 9]), b.localAddress());
      expect(await got).toEqual(new Uint8Array([0x80, 0, 7, 9]));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(a.datagramsSent).toBe(1);
      expect(a.errors).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
