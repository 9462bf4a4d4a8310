/**
 * The built executable (`pnpm build` first; skipped with a visible reason otherwise): the demo as
 * `pnpm demo` runs it, and SIGINT/SIGTERM stopping the STUN server cleanly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPeer, sleep } from './helpers/capture.js';

const BIN = fileURLToPath(new URL('../dist/voip.js', import.meta.url));
const built = existsSync(BIN);
const children = new Set<ChildProcess>();
afterEach(() => {
  for (const c of children) {
    c.kill('SIGKILL');
  }
  children.clear();
});

describe.skipIf(!built)(built ? 'the built voip executable' : 'SKIPPED: the built voip executable (run pnpm build first)', () => {
  it('voip demo exits 0 with an intact report', async () => {
    const out = mkdtempSync(join(tmpdir(), 'voip-cli-bin-'));
    try {
      const r = await runPeer(process.execPath, [BIN, 'demo', '--duration', '1', '--json', '--out', out], 30_000, children);
      expect(r.code).toBe(0);
      expect((JSON.parse(r.stdout) as { ok: boolean }).ok).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`voip stun-server stops cleanly on ${signal}`, async () => {
      const child = spawn(process.execPath, [BIN, 'stun-server', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(child);
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      for (let i = 0; i < 100 && !stdout.includes('listening'); i++) {
        await sleep(50);
      }
      expect(stdout).toMatch(/STUN server listening on 127\.0\.0\.1:\d+/);
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/stopped after 0 request\(s\)\n$/);
    });
  }

  it('voip srtp encrypt - | voip srtp decrypt - : hex through stdin and stdout', async () => {
    const key = `inline:${Buffer.from(Uint8Array.from({ length: 30 }, (_, i) => i)).toString('base64')}`;
    const rtp = '80000001000000a0deadbeef' + '7f'.repeat(160);
    const pipe = (args: string[], input: string): Promise<{ code: number | null; out: string }> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'ignore'] });
        children.add(child);
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', (code) => resolve({ code, out }));
        child.stdin.end(input);
      });
    const enc = await pipe(['srtp', 'encrypt', '-', '-k', key], `${rtp}\n`);
    expect(enc.code).toBe(0);
    expect(enc.out.trim()).toMatch(/^80000001000000a0deadbeef[0-9a-f]{340}$/);
    const dec = await pipe(['srtp', 'decrypt', '-', '-k', key], enc.out);
    expect(dec.code).toBe(0);
    expect(dec.out).toBe(`${rtp}\n`);
  });

  it('prints the version and exits 2 without a command', async () => {
    expect((await runPeer(process.execPath, [BIN, '--version'], 10_000, children)).stdout).toMatch(/^\d+\.\d+\.\d+/);
    const none = await runPeer(process.execPath, [BIN], 10_000, children);
    expect(none.code).toBe(2);
  });
});
