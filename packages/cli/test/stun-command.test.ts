import { afterEach, describe, expect, it } from 'vitest';
import { createSocket, type Socket } from 'node:dgram';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';

const sockets: Socket[] = [];
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A bound socket on loopback that never answers, counting the datagrams it gets. */
async function silentServer(host = '127.0.0.1'): Promise<{ port: number; received: () => number }> {
  const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  sockets.push(s);
  let n = 0;
  s.on('message', () => n++);
  await new Promise<void>((resolve) => s.bind(0, host, () => resolve()));
  return { port: s.address().port, received: () => n };
}

async function stun(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(['stun', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('voip stun --requests counts requests (Rc), --retransmissions counts the ones after the first (#14.7)', () => {
  it('--requests 3 sends 3 requests in all', async () => {
    const server = await silentServer();
    const r = await stun([`127.0.0.1:${server.port}`, '--rto', '20', '--requests', '3']);
    expect(r.code).toBe(1);
    expect(server.received()).toBe(3);
    expect(r.err).toMatch(/after 3 request\(s\)/);
  });
  it('--retransmissions 2 sends the first request and 2 retransmissions', async () => {
    const server = await silentServer();
    const r = await stun([`127.0.0.1:${server.port}`, '--rto', '20', '--retransmissions', '2']);
    expect(r.code).toBe(1);
    expect(server.received()).toBe(3);
  });
  it('both at once is a usage error; the help says what each counts', async () => {
    expect((await stun(['127.0.0.1:9', '--requests', '2', '--retransmissions', '1'])).code).toBe(2);
    const help = (await stun(['--help'])).out;
    expect(help).toMatch(/--requests <n>\s+requests to send in all, the first included \(Rc/);
    expect(help).toMatch(/--retransmissions <n>\s+the same as --requests <n\+1>/);
  });
});

describe('voip stun with an IPv6 literal uses an IPv6 socket (#10 a)', () => {
  it('[::1]:port, without --ipv6', async () => {
    const server = await silentServer('::1');
    const r = await stun([`[::1]:${server.port}`, '--rto', '20', '--requests', '2']);
    expect(r.err).toMatch(/no answer from \[::1\]:\d+ after 2 request/);
    expect(server.received()).toBe(2);
  });
  it('::1 unbracketed, default port 3478', async () => {
    const r = await stun(['::1', '--rto', '10', '--requests', '1']);
    expect(r.err).toMatch(/\[::1\]:3478/);
    expect(r.err).not.toMatch(/IPv4/);
  });
  it('--ipv6 with an IPv4 literal is a usage error', async () => {
    const r = await stun(['127.0.0.1:3478', '--ipv6']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--ipv6 with the IPv4 server address 127\.0\.0\.1/);
  });
});
