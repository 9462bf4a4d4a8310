/**
 * StunSocket.sendBorrowed (what lets @voip/rtp calls on a STUN-demultiplexed socket send from reused
 * buffers): the datagram is handed to the kernel when it returns, so the caller may overwrite its
 * buffer at once; destinations are checked as `send` checks them; the handler gets one frozen address
 * object per source, not a new one per datagram.
 */
import { describe, expect, it } from 'vitest';
import { StunSocket, type StunTransportAddress } from '../src/node.js';

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('StunSocket.sendBorrowed', () => {
  it('hands each datagram over before it returns: one buffer overwritten after every send delivers every packet', async () => {
    const a = await StunSocket.open({ host: '127.0.0.1', stunServer: null });
    const b = await StunSocket.open({ host: '127.0.0.1', stunServer: null });
    try {
      const got: number[] = [];
      const remotes = new Set<StunTransportAddress>();
      b.setDatagramHandler((data, remote) => {
        got.push(data[3] ?? -1);
        remotes.add(remote);
      });
      const to = Object.freeze({ ...b.localAddress() });
      const buffer = new Uint8Array([0x80, 0, 0, 0]);
      for (let i = 1; i <= 20; i++) {
        buffer[3] = i;
        expect(a.sendBorrowed(buffer, to)).toBe(true);
      }
      for (let i = 0; i < 50 && got.length < 20; i++) {
        await wait(10);
      }
      expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(remotes.size).toBe(1); // the same frozen object for every datagram from one source
      const [remote] = remotes;
      expect(Object.isFrozen(remote)).toBe(true);
      expect(remote).toEqual({ family: 'IPv4', address: '127.0.0.1', port: a.localAddress().port });
      expect(a.stats.sendErrors).toBe(0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('checks destinations as send does, every time for a mutable one', async () => {
    const a = await StunSocket.open({ host: '127.0.0.1', stunServer: null });
    try {
      const to = { address: '127.0.0.1', port: 9 };
      expect(a.sendBorrowed(new Uint8Array([0x80, 0]), to)).toBe(true);
      to.address = 'example.com';
      expect(() => a.sendBorrowed(new Uint8Array([0x80, 0]), to)).toThrow(TypeError);
      to.address = '127.0.0.1';
      to.port = 70_000;
      expect(() => a.sendBorrowed(new Uint8Array([0x80, 0]), to)).toThrow(RangeError);
      expect(() => a.send(new Uint8Array([0x80, 0]), to)).toThrow(RangeError);
    } finally {
      await a.close();
    }
  });

  it('counts and reports a failed send through the one completion callback', async () => {
    const errors: Error[] = [];
    const a = await StunSocket.open({ host: '127.0.0.1', stunServer: null, onError: (e) => errors.push(e) });
    try {
      expect(a.sendBorrowed(new Uint8Array(70_000), { address: '127.0.0.1', port: 9 })).toBe(true);
      await wait(50);
      expect(a.stats.sendErrors).toBe(1);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toHaveProperty('code', 'EMSGSIZE');
    } finally {
      await a.close();
    }
  });

  it('still binds to a host name, resolved through dns.lookup by the socket\'s lookup', async () => {
    const a = await StunSocket.open({ host: 'localhost', stunServer: null });
    try {
      expect(a.localAddress().address).toBe('127.0.0.1');
    } finally {
      await a.close();
    }
  });
});
