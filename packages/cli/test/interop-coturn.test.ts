/**
 * `voip stun` against coturn's turnserver (a STUN server on 127.0.0.1), and `voip stun-server` queried
 * by coturn's independent client, turnutils_stunclient. Plus the unreachable-server path: bounded time
 * and a clear message.
 */
import { afterEach, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithPeers } from '../../../scripts/test-peers.js';
import { runCli } from '../src/main.js';
import { captureIo } from '../src/io.js';
import { runPeer, sleep } from './helpers/capture.js';

const children = new Set<ChildProcess>();
const controllers: AbortController[] = [];
afterEach(() => {
  for (const c of children) {
    c.kill('SIGKILL');
  }
  children.clear();
  for (const c of controllers.splice(0)) {
    c.abort();
  }
});

/** A UDP port that was free a moment ago on `host`. */
async function freePort(host = '127.0.0.1'): Promise<number> {
  const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve) => s.bind(0, host, () => resolve()));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Starts coturn's turnserver as a plain STUN server on `host`:`port` (killed after each test). */
function startTurnserver(host: string, port: number): void {
  const server = spawn(
    'turnserver',
    ['-n', '-S', '-L', host, '-p', String(port), '--no-tcp', '--no-tls', '--no-dtls', '--no-cli', '--no-stdout-log', '--log-file', '/dev/null'],
    { stdio: 'ignore' },
  );
  children.add(server);
}

/** Runs `voip stun ...args` until turnserver answers (bounded: 40 tries, 100 ms apart). */
async function stunOnceServerIsUp(args: readonly string[]): Promise<{ code: number; io: ReturnType<typeof captureIo> }> {
  let io = captureIo();
  let code = 1;
  for (let i = 0; i < 40 && code !== 0; i++) {
    await sleep(100);
    io = captureIo();
    code = await runCli(['stun', ...args, '--rto', '50', '--requests', '2'], io);
  }
  return { code, io };
}

describeWithPeers(['coturn'], 'interop: STUN with coturn', () => {
  it('voip stun gets its mapped address from coturn turnserver', async () => {
    const port = await freePort();
    startTurnserver('127.0.0.1', port);
    const { code, io } = await stunOnceServerIsUp([`127.0.0.1:${port}`, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(io.out()) as { address: string; port: number; family: string; local: { port: number } };
    expect(result.address).toBe('127.0.0.1');
    expect(result.family).toBe('IPv4');
    expect(result.port).toBe(result.local.port); // no NAT on loopback
    const text = captureIo();
    expect(await runCli(['stun', `127.0.0.1:${port}`], text)).toBe(0);
    expect(text.out()).toMatch(/^127\.0\.0\.1:\d+\n$/);
  });

  it('voip stun --ipv6 gets its mapped address from coturn on ::1', async () => {
    const port = await freePort('::1');
    startTurnserver('::1', port);
    const { code, io } = await stunOnceServerIsUp([`[::1]:${port}`, '--ipv6', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ address: '::1', family: 'IPv6', server: `[::1]:${port}` });
  });

  it('voip demo --stun uses coturn instead of the embedded server', async () => {
    const port = await freePort();
    startTurnserver('127.0.0.1', port);
    expect((await stunOnceServerIsUp([`127.0.0.1:${port}`])).code).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'voip-cli-demo-coturn-'));
    try {
      const io = captureIo();
      const code = await runCli(['demo', '--stun', `127.0.0.1:${port}`, '--duration', '1', '--json', '--out', out], io);
      expect(code).toBe(0);
      const report = JSON.parse(io.out()) as { ok: boolean; embeddedStunServer: boolean; stunServer: string; caller: { discovered: string } };
      expect(report).toMatchObject({ ok: true, embeddedStunServer: false, stunServer: `127.0.0.1:${port}` });
      expect(report.caller.discovered).toMatch(/^127\.0\.0\.1:\d+$/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('turnutils_stunclient gets its reflexive address from voip stun-server; SIGINT-style abort stops it cleanly', async () => {
    const controller = new AbortController();
    controllers.push(controller);
    const io = captureIo({ signal: controller.signal });
    const running = runCli(['stun-server', '--host', '127.0.0.1', '--port', '0', '--verbose'], io);
    let port: number | undefined;
    for (let i = 0; i < 50 && port === undefined; i++) {
      await sleep(20);
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(io.out());
      port = m === null ? undefined : Number(m[1]);
    }
    expect(port).toBeDefined();
    const r = await runPeer('turnutils_stunclient', ['-p', String(port), '127.0.0.1'], 10_000, children);
    expect(r.stdout).toMatch(/UDP reflexive addr: 127\.0\.0\.1:\d+/);
    controller.abort();
    expect(await running).toBe(0);
    expect(io.out()).toMatch(/127\.0\.0\.1:\d+ Binding: success/);
    expect(io.out()).toMatch(/stopped after [1-9]\d* request\(s\)/);
  });
});

it('voip stun: a silent server fails in bounded time with a clear message (exit 1)', async () => {
  // A bound socket that never answers.
  const silent = createSocket('udp4');
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
  const port = silent.address().port;
  try {
    const io = captureIo();
    const t0 = Date.now();
    const code = await runCli(['stun', `127.0.0.1:${port}`, '--rto', '50', '--requests', '3'], io);
    const elapsed = Date.now() - t0;
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^voip stun: no answer from 127\.0\.0\.1:\d+ after 3 request\(s\)/);
    expect(io.err()).not.toMatch(/\n\s+at /); // no stack trace
    expect(elapsed).toBeLessThan(5000);
    const capped = captureIo();
    const t1 = Date.now();
    expect(await runCli(['stun', `127.0.0.1:${port}`, '--timeout', '300'], capped)).toBe(1);
    expect(Date.now() - t1).toBeLessThan(2000);
    expect(capped.err()).toMatch(/no answer from 127\.0\.0\.1:\d+ within 300 ms/);
  } finally {
    silent.close();
  }
});
