/**
 * Interop with independent implementations on loopback: coturn's turnserver (discovery, IPv4 and
 * IPv6), coturn's turnutils_stunclient and aioice (querying our StunServer), and aioice's codec
 * (parsing its messages, having it parse ours).
 */
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { debianPython, describeWithPeers } from '../../../scripts/test-peers.js';
import {
  StunAttributeType,
  StunClass,
  StunMessageType,
  decodeUint32Attribute,
  decodeUint64Attribute,
  errorCodeAttribute,
  getAttribute,
  getErrorCode,
  getMappedAddress,
  getTextAttribute,
  getXorMappedAddress,
  iceRoleAttribute,
  parseStunMessage,
  priorityAttribute,
  serializeStunMessage,
  shortTermKey,
  textAttribute,
  encodeXorAddressAttribute,
  verifyFingerprint,
  verifyMessageIntegrity,
} from '../src/index.js';
import { StunServer, StunSocket } from '../src/node.js';
import { hex, toHex } from './helpers.js';
import { query, sleep } from './udp-helpers.js';

const run = promisify(execFile);
const AIOICE_PEER = fileURLToPath(new URL('./fixtures/aioice_peer.py', import.meta.url));

describeWithPeers(['coturn'], 'interop: StunSocket discovers its address from coturn turnserver', () => {
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  let port = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voip-stun-coturn-'));
    // turnserver also uses port+1 (RFC 5780 OTHER-ADDRESS): try a few random port pairs.
    for (let attempt = 0; attempt < 5 && child === undefined; attempt++) {
      const candidate = 20000 + 2 * Math.floor(Math.random() * 15000);
      const c = spawn(
        'turnserver',
        [
          '-n', '--no-tls', '--no-dtls', '--stun-only', '--no-cli', '--no-auth', '--simple-log',
          '--listening-ip=127.0.0.1', '--listening-ip=::1', `--listening-port=${candidate}`,
          `--pidfile=${join(dir, 'turnserver.pid')}`, `--log-file=${join(dir, 'turnserver.log')}`,
          `--userdb=${join(dir, 'turndb')}`,
        ],
        { stdio: 'ignore' },
      );
      let exited = false;
      c.once('exit', () => (exited = true));
      // Ready when it answers a Binding request.
      const probe = serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: new Uint8Array(12), attributes: [] });
      for (let i = 0; i < 50 && !exited; i++) {
        if ((await query(probe, candidate, '127.0.0.1', 100)) !== undefined) {
          child = c;
          port = candidate;
          break;
        }
      }
      if (child === undefined) {
        c.kill('SIGKILL');
      }
    }
    expect(child, 'turnserver did not come up').toBeDefined();
  });

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(2000)]);
      if (child.exitCode === null) {
        child.kill('SIGKILL');
      }
    }
    if (dir !== undefined) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const host of ['127.0.0.1', '::1']) {
    it(`over ${host.includes(':') ? 'IPv6' : 'IPv4'}: reachable address = local address (no NAT on loopback)`, async () => {
      const socket = await StunSocket.open({ host, port: 0, stunServer: { address: host, port }, rto: 200 });
      try {
        expect(socket.reachableAddress).toEqual(socket.localAddress());
        expect(socket.stats.spoofedResponsesIgnored).toBe(0);
      } finally {
        await socket.close();
      }
    });
  }

  it('coturn answers our request with FINGERPRINT verified and XOR-MAPPED-ADDRESS decoded', async () => {
    const tid = crypto.getRandomValues(new Uint8Array(12));
    const req = serializeStunMessage({ type: StunMessageType.BindingRequest, transactionId: tid, attributes: [] }, { fingerprint: true });
    const reply = parseStunMessage((await query(req, port, '127.0.0.1'))!);
    expect(reply.cls).toBe(StunClass.SuccessResponse);
    expect(reply.transactionId).toEqual(tid);
    expect(getXorMappedAddress(reply)?.address).toBe('127.0.0.1');
    expect(getMappedAddress(reply)?.address).toBe('127.0.0.1');
    expect(getTextAttribute(reply, StunAttributeType.Software)).toMatch(/Coturn/i);
    expect(verifyFingerprint(reply)).toBe(true);
  });
});

describeWithPeers(['coturn'], 'interop: turnutils_stunclient queries our StunServer', () => {
  let server: StunServer;
  beforeAll(async () => {
    server = new StunServer({ software: '@voip/stun test' });
    await server.listen({ host: ['127.0.0.1', '::1'], port: 0 });
  });
  afterAll(() => server.close());

  for (const host of ['127.0.0.1', '::1']) {
    it(`over ${host.includes(':') ? 'IPv6' : 'IPv4'}: it prints the reflexive address we sent`, async () => {
      const before = server.stats.responsesSent;
      const { stdout } = await run('turnutils_stunclient', ['-p', String(server.address().port), host], { timeout: 10_000 });
      const m = /UDP reflexive addr: (\S+):(\d+)/.exec(stdout);
      expect(m, stdout).not.toBeNull();
      expect(m![1]).toBe(host);
      expect(Number(m![2])).toBeGreaterThan(0);
      expect(server.stats.responsesSent).toBeGreaterThan(before);
    });
  }
});

interface AioiceMessage {
  method: number;
  class: number;
  transaction_id: string;
  attributes: Record<string, unknown>;
}

describeWithPeers(['aioice'], 'interop: aioice (python3-aioice) and our codec', () => {
  const password = 'aioice-shared-secret-1';
  const key = shortTermKey(password);
  let server: StunServer;
  beforeAll(async () => {
    server = new StunServer({ software: '@voip/stun test', credentials: { password, username: 'ours' } });
    await server.listen({ host: ['127.0.0.1', '::1'], port: 0 });
  });
  afterAll(() => server.close());

  for (const host of ['127.0.0.1', '::1']) {
    it(`aioice queries our server over ${host.includes(':') ? 'IPv6' : 'IPv4'} with MESSAGE-INTEGRITY + FINGERPRINT and verifies our answer`, async () => {
      const { stdout } = await run(debianPython, [AIOICE_PEER, 'query', host, String(server.address().port), password, 'ours:theirs'], { timeout: 10_000 });
      const got = JSON.parse(stdout) as AioiceMessage & { request_transaction_id: string };
      expect(got.class).toBe(0x100); // aioice Class.RESPONSE
      expect(got.transaction_id).toBe(got.request_transaction_id);
      const xor = got.attributes['XOR-MAPPED-ADDRESS'] as [string, number];
      expect(xor[0]).toBe(host);
      expect(got.attributes['MAPPED-ADDRESS']).toEqual(xor);
      // parse_message(data, integrity_key) raised no error, so aioice verified both:
      expect(got.attributes).toHaveProperty('MESSAGE-INTEGRITY');
      expect(got.attributes).toHaveProperty('FINGERPRINT');
    });
  }

  it('aioice with a wrong password gets 401 from our server (and cannot verify it)', async () => {
    const result = await run(debianPython, [AIOICE_PEER, 'query', '127.0.0.1', String(server.address().port), 'wrong', 'ours:theirs'], { timeout: 10_000 }).then(
      (r) => JSON.parse(r.stdout) as AioiceMessage,
    );
    // A 401 carries no MESSAGE-INTEGRITY (RFC 5389 §10.1.2), so aioice parses it.
    expect(result.class).toBe(0x110);
    expect(result.attributes['ERROR-CODE']).toEqual([401, 'Unauthenticated']);
  });

  it('we parse and verify the messages aioice produces', async () => {
    const { stdout } = await run(debianPython, [AIOICE_PEER, 'produce', password], { timeout: 10_000 });
    const msgs = JSON.parse(stdout) as Record<string, { hex: string; tid: string; address?: [string, number] }>;
    const req = parseStunMessage(hex(msgs.request!.hex));
    expect(req.type).toBe(StunMessageType.BindingRequest);
    expect(toHex(req.transactionId)).toBe(msgs.request!.tid);
    expect(verifyMessageIntegrity(req, key)).toBe(true);
    expect(verifyMessageIntegrity(req, shortTermKey('other'))).toBe(false);
    expect(verifyFingerprint(req)).toBe(true);
    expect(getTextAttribute(req, StunAttributeType.Username)).toBe('remote:local');
    expect(decodeUint32Attribute(getAttribute(req, StunAttributeType.Priority)!)).toBe(1853759231);
    expect(decodeUint64Attribute(getAttribute(req, StunAttributeType.IceControlled)!)).toBe(0x0102030405060708n);
    expect(getAttribute(req, StunAttributeType.UseCandidate)).toEqual(new Uint8Array(0));
    expect(serializeStunMessage(req)).toEqual(hex(msgs.request!.hex));
    // Negative twin: one flipped bit in USERNAME breaks both checks.
    const flipped = hex(msgs.request!.hex);
    flipped[25]! ^= 0x04;
    expect(verifyMessageIntegrity(parseStunMessage(flipped), key)).toBe(false);
    expect(verifyFingerprint(parseStunMessage(flipped))).toBe(false);
    for (const name of ['response_v4', 'response_v6']) {
      const m = msgs[name]!;
      const resp = parseStunMessage(hex(m.hex));
      expect(verifyMessageIntegrity(resp, key)).toBe(true);
      expect(verifyFingerprint(resp)).toBe(true);
      const expected = { address: m.address![0], port: m.address![1] };
      expect(getXorMappedAddress(resp)).toMatchObject(expected);
      expect(getMappedAddress(resp)).toMatchObject(expected);
    }
    const err = parseStunMessage(hex(msgs.error!.hex));
    expect(err.type).toBe(StunMessageType.BindingErrorResponse);
    expect(getErrorCode(err)).toEqual({ code: 487, reason: 'Role Conflict' });
    expect(verifyMessageIntegrity(err, key)).toBe(true);
  });

  it('aioice parses and verifies the messages we produce, and rejects a corrupted one', async () => {
    const tid = crypto.getRandomValues(new Uint8Array(12));
    const ours = [
      serializeStunMessage(
        {
          type: StunMessageType.BindingRequest,
          transactionId: tid,
          attributes: [
            textAttribute(StunAttributeType.Username, 'a:b'),
            priorityAttribute(0x6e0001ff),
            iceRoleAttribute(StunAttributeType.IceControlling, 0x932ff9b151263b36n),
          ],
        },
        { integrity: key, fingerprint: true },
      ),
      serializeStunMessage(
        {
          type: StunMessageType.BindingSuccessResponse,
          transactionId: tid,
          attributes: [{ type: StunAttributeType.XorMappedAddress, value: encodeXorAddressAttribute({ address: '2001:db8::1', port: 3478 }, tid) }],
        },
        { integrity: key, fingerprint: true },
      ),
      serializeStunMessage(
        { type: StunMessageType.BindingErrorResponse, transactionId: tid, attributes: [errorCodeAttribute(401)] },
        { integrity: key, fingerprint: true },
      ),
    ];
    const corrupted = ours[0]!.slice();
    corrupted[33]! ^= 0x01; // inside the PRIORITY value, covered by both MAC and CRC
    const child = execFile(debianPython, [AIOICE_PEER, 'parse', password], { timeout: 10_000 });
    const out = new Promise<string>((resolve, reject) => {
      let s = '';
      child.stdout!.on('data', (d: Buffer) => (s += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`aioice exited ${code}`))));
    });
    child.stdin!.end([...ours, corrupted].map(toHex).join('\n') + '\n');
    const parsed = JSON.parse(await out) as ({ ok: true; message: AioiceMessage } | { ok: false; error: string })[];
    expect(parsed.slice(0, 3).every((p) => p.ok)).toBe(true);
    const [req, resp, err] = parsed.map((p) => (p.ok ? p.message : undefined));
    expect(req!.attributes).toMatchObject({ USERNAME: 'a:b', PRIORITY: 0x6e0001ff });
    expect(BigInt(req!.attributes['ICE-CONTROLLING'] as string)).toBe(0x932ff9b151263b36n);
    expect(resp!.attributes['XOR-MAPPED-ADDRESS']).toEqual(['2001:db8::1', 3478]);
    expect(err!.attributes['ERROR-CODE']).toEqual([401, 'Unauthenticated']);
    expect(parsed[3]).toMatchObject({ ok: false });
  });
});

describe('interop helpers', () => {
  it('toHex/hex round trip', () => expect(hex(toHex(Uint8Array.of(0, 255, 16)))).toEqual(Uint8Array.of(0, 255, 16)));
});
