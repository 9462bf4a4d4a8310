import { afterEach, describe, expect, it } from 'vitest';
import { type TransportAddress } from '../src/index.js';
import { createUdpTransport, type UdpTransport } from '../src/node.js';
import { until } from './multiplexer-fixtures.js';

const open: UdpTransport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function bind(type: 'udp4' | 'udp6', onError?: (e: Error, r?: TransportAddress) => void): Promise<UdpTransport> {
  const t = await createUdpTransport({ host: type === 'udp4' ? '127.0.0.1' : '::1', port: 0, type, onError });
  open.push(t);
  return t;
}

describe('createUdpTransport (node:dgram adapter)', () => {
  for (const type of ['udp4', 'udp6'] as const) {
    it(`sends and receives Uint8Array datagrams with their source over ${type}`, async () => {
      const a = await bind(type);
      const b = await bind(type);
      const got: { data: Uint8Array; remote: TransportAddress }[] = [];
      b.setDatagramHandler((data, remote) => got.push({ data: data.slice(), remote }));
      a.send(new Uint8Array([0x80, 0, 1, 2]), b.localAddress());
      await until(() => got.length === 1);
      expect(got[0]?.data).toEqual(new Uint8Array([0x80, 0, 1, 2]));
      expect(Object.getPrototypeOf(got[0]?.data)).toBe(Uint8Array.prototype);
      expect(got[0]?.remote).toEqual({ ...a.localAddress() });
      expect(got[0]?.remote.family).toBe(type === 'udp4' ? 'IPv4' : 'IPv6');
      expect(b.datagramsReceived).toBe(1);
      await until(() => a.datagramsSent === 1);
    });
  }

  it('hands the handler a view, not a Buffer, and reports a throwing handler instead of crashing', async () => {
    const errors: Error[] = [];
    const a = await bind('udp4');
    const b = await bind('udp4', (e) => errors.push(e));
    let seen: unknown;
    b.setDatagramHandler((data) => {
      seen = data;
      throw new Error('handler bug');
    });
    a.send(new Uint8Array([1, 2, 3]), b.localAddress());
    a.send(new Uint8Array([4]), b.localAddress());
    await until(() => errors.length === 2);
    expect(Buffer.isBuffer(seen)).toBe(false);
    expect(b.errors).toBe(2);
  });

  it('throws TypeError for a malformed address, RangeError for a port out of range, reports send errors instead of throwing', async () => {
    const errors: { e: Error; r: TransportAddress | undefined }[] = [];
    const a = await bind('udp4', (e, r) => errors.push({ e, r }));
    expect(() => a.send(new Uint8Array(1), { address: 'example.com', port: 5000 })).toThrow(TypeError);
    expect(() => a.send(new Uint8Array(1), { address: '127.0.0.1', port: 0 })).toThrow(RangeError);
    expect(() => a.send(new Uint8Array(1), { address: '127.0.0.1', port: 70000 })).toThrow(RangeError);
    // An IPv6 destination on an IPv4 socket: the kernel refuses it; reported, not thrown.
    expect(() => a.send(new Uint8Array(1), { address: '::1', port: 5000 })).not.toThrow();
    await until(() => errors.length === 1);
    expect(errors[0]?.r).toMatchObject({ address: '::1', port: 5000 });
    await a.close();
    await a.close(); // twice is harmless
    expect(() => a.send(new Uint8Array(1), { address: '127.0.0.1', port: 5000 })).not.toThrow();
    expect(a.errors).toBe(2);
  });

  it('rejects when the port is taken, and validates options', async () => {
    const a = await bind('udp4');
    await expect(createUdpTransport({ host: '127.0.0.1', port: a.localAddress().port })).rejects.toThrow(/EADDRINUSE/);
    expect(() => createUdpTransport({ port: -1 })).toThrow(RangeError);
    expect(() => createUdpTransport({ type: 'tcp' as 'udp4' })).toThrow(TypeError);
  });
});
