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

describe('createUdpTransport sends through one completion callback', () => {
  it('reports a failed send with its destination, from the error node:dgram makes', async () => {
    const errors: { error: Error; remote: unknown }[] = [];
    const a = await createUdpTransport({ host: '127.0.0.1', onError: (error, remote) => errors.push({ error, remote }) });
    const b = await createUdpTransport({ host: '127.0.0.1' });
    try {
      const to = b.localAddress();
      a.send(new Uint8Array(70_000), to); // over the 65,507-byte UDP limit: EMSGSIZE
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(a.errors).toBe(1);
      expect(a.datagramsSent).toBe(0);
      expect(errors[0]?.remote).toEqual({ address: to.address, port: to.port });
      expect((errors[0]?.error as NodeJS.ErrnoException).code).toBe('EMSGSIZE');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('checks a frozen destination once, and a mutable one on every send', async () => {
    const a = await createUdpTransport({ host: '127.0.0.1' });
    const b = await createUdpTransport({ host: '127.0.0.1' });
    try {
      let n = 0;
      b.setDatagramHandler(() => void n++);
      const mutable = { address: b.localAddress().address, port: b.localAddress().port };
      a.send(new Uint8Array([0x80, 0]), mutable);
      mutable.address = 'not-an-ip';
      expect(() => a.send(new Uint8Array([0x80, 0]), mutable)).toThrow(TypeError);
      mutable.address = '127.0.0.1';
      mutable.port = 0;
      expect(() => a.send(new Uint8Array([0x80, 0]), mutable)).toThrow(RangeError);
      const frozen = Object.freeze({ ...b.localAddress() });
      for (let i = 0; i < 3; i++) {
        expect(a.sendBorrowed(new Uint8Array([0x80, 0]), frozen)).toBe(true);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(n).toBe(4);
      expect(a.datagramsSent).toBe(4);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
