import { afterEach, describe, expect, it } from 'vitest';
import { createSocket, type Socket } from 'node:dgram';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { CLI_DEFAULT_STUN_SERVER, chooseServer } from '../src/commands/stun.js';

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

describe('voip stun gives up in a few seconds by default, the RFC schedule on request (#10 b)', () => {
  it('default: 3 requests and about 3.5 s against a silent server', async () => {
    const server = await silentServer();
    const t0 = Date.now();
    const r = await stun([`127.0.0.1:${server.port}`]);
    const elapsed = Date.now() - t0;
    expect(r.code).toBe(1);
    expect(server.received()).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(3400);
    expect(elapsed).toBeLessThan(5000);
  }, 10_000);
  it('--rfc-schedule: 7 requests and a wait of 16 RTO (RFC 8489 §6.2.1), here with --rto 10', async () => {
    const server = await silentServer();
    const t0 = Date.now();
    const r = await stun([`127.0.0.1:${server.port}`, '--rfc-schedule', '--rto', '10']);
    const elapsed = Date.now() - t0;
    expect(r.code).toBe(1);
    expect(server.received()).toBe(7);
    expect(elapsed).toBeGreaterThanOrEqual(780); // 630 ms of retransmissions + 160 ms
  }, 10_000);
  it('the help states the default schedule', async () => {
    const help = (await stun(['--help'])).out;
    expect(help).toMatch(/gives up after 3\.5 s/);
    expect(help).toMatch(/--rfc-schedule/);
  });
});

describe('voip stun says when it uses its default public server (#10 i)', () => {
  it('the help names it, and the run prints "using default STUN server ..."', async () => {
    expect((await stun(['--help'])).out).toContain(`public server\n${CLI_DEFAULT_STUN_SERVER}`);
    const chosen = chooseServer('stun', undefined);
    expect(chosen.notice).toMatch(new RegExp(`^using default STUN server ${CLI_DEFAULT_STUN_SERVER.replaceAll('.', '\\.')}`));
    expect(chosen.server).toEqual({ host: 'stun.cloudflare.com', port: 3478 });
    expect(chooseServer('stun', '127.0.0.1:1').notice).toBeUndefined();
  });
  it('no notice when a server is given', async () => {
    const server = await silentServer();
    const r = await stun([`127.0.0.1:${server.port}`, '--rto', '10', '--requests', '1']);
    expect(r.err).not.toMatch(/using default/);
  });
});
