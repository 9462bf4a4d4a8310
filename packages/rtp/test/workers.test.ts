import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRtpPacket, serializeRtpPacket } from '../src/index.js';
import { createRtpWorkerPool, isRtpWorkerError, splitPortRange, type RtpWorkerPool, type RtpWorkerPoolEvent } from '../src/node.js';
import { bundleWorker, type BundledWorker } from '../../../test/bundle-worker.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) {throw new Error('condition not met in time');}
    await sleep(10);
  }
}

/** A far end of one call: a plain socket that counts RTP from the worker and can send RTP to it. */
interface Far {
  readonly socket: Socket;
  readonly port: number;
  received: number;
  from: Set<number>;
}

async function far(): Promise<Far> {
  const socket = createSocket('udp4');
  const f: Far = { socket, port: 0, received: 0, from: new Set() };
  socket.on('message', (data, rinfo) => {
    const b1 = data[1] ?? 0;
    if (b1 >= 192 && b1 <= 223) {return;} // RTCP (RFC 5761 §4)
    if (parseRtpPacket(data).payload.length === 160) {
      f.received++;
      f.from.add(rinfo.port);
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  (f as { port: number }).port = socket.address().port;
  return f;
}

function sendRtp(f: Far, port: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const packet = serializeRtpPacket({ payloadType: 0, sequenceNumber: 100 + i, timestamp: 160 * i, ssrc: 0x1234_0000 + f.port, payload: new Uint8Array(160).fill(0x7f) });
    f.socket.send(packet, port, '127.0.0.1');
  }
}

const PCMU = (f: Far) => ({ payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: '127.0.0.1', remotePort: f.port, rtcpMux: true });

let worker: BundledWorker;
beforeAll(async () => {
  worker = await bundleWorker(new URL('./workers-echo-worker.ts', import.meta.url));
});
afterAll(async () => {
  await worker?.dispose();
});

describe('splitPortRange', () => {
  it('splits into disjoint consecutive ranges covering the whole range', () => {
    expect(() => splitPortRange({ min: 1, max: 2 }, 3)).toThrow(RangeError);
    expect(splitPortRange({ min: 40000, max: 40010 }, 3)).toEqual([
      { min: 40000, max: 40003 },
      { min: 40004, max: 40007 },
      { min: 40008, max: 40010 },
    ]);
  });
});

describe('createRtpWorkerPool options', () => {
  it('rejects bad options with TypeError / RangeError before starting any thread', async () => {
    const base = { workers: 2, workerModule: 'x.js', portRange: { min: 40000, max: 40010 } };
    await expect(createRtpWorkerPool({ ...base, workers: 0 })).rejects.toThrow(RangeError);
    await expect(createRtpWorkerPool({ ...base, workers: 1.5 })).rejects.toThrow(RangeError);
    await expect(createRtpWorkerPool({ ...base, portRange: { min: 40010, max: 40000 } })).rejects.toThrow(RangeError);
    await expect(createRtpWorkerPool({ ...base, portRange: { min: 1, max: 70000 } })).rejects.toThrow(RangeError);
    await expect(createRtpWorkerPool({ ...base, workers: 3, portRange: { min: 40000, max: 40001 } })).rejects.toThrow(/fewer ports/);
    await expect(createRtpWorkerPool({ ...base, maxCallsPerWorker: 0 })).rejects.toThrow(RangeError);
    await expect(createRtpWorkerPool({ ...base, workerModule: 7 as unknown as string })).rejects.toThrow(TypeError);
    await expect(createRtpWorkerPool({ ...base, portRange: undefined as unknown as { min: number; max: number } })).rejects.toThrow(TypeError);
  });
});

describe('RtpWorkerPool with two real worker threads on 127.0.0.1', () => {
  let pool: RtpWorkerPool;
  const events: RtpWorkerPoolEvent[] = [];
  const fars: Far[] = [];
  // A random base so parallel runs on the machine rarely collide; each worker gets 20 ports.
  const base = 20000 + Math.floor(Math.random() * 20000);

  beforeAll(async () => {
    pool = await createRtpWorkerPool({ workers: 2, workerModule: worker.url, portRange: { min: base, max: base + 39 }, maxCallsPerWorker: 3, onEvent: (e) => events.push(e) });
  });
  afterAll(async () => {
    await pool?.close();
    for (const f of fars) {f.socket.close();}
  });

  it('binds each worker inside its own disjoint port range', () => {
    const ws = pool.workers();
    expect(ws).toHaveLength(2);
    expect(ws[0]!.portRange).toEqual({ min: base, max: base + 19 });
    expect(ws[1]!.portRange).toEqual({ min: base + 20, max: base + 39 });
    for (const w of ws) {
      expect(w.alive).toBe(true);
      expect(w.localPort).toBeGreaterThanOrEqual(w.portRange.min);
      expect(w.localPort).toBeLessThanOrEqual(w.portRange.max);
    }
    expect(ws[0]!.localPort).not.toBe(ws[1]!.localPort);
  });

  it('places calls on both workers and media flows both ways in each', async () => {
    const a = await far();
    const b = await far();
    fars.push(a, b);
    const ca = await pool.placeCall({ media: PCMU(a), data: { send: 10 } });
    const cb = await pool.placeCall({ media: PCMU(b), data: { send: 10 } });
    expect(new Set([ca.worker, cb.worker])).toEqual(new Set([0, 1])); // fewest calls first
    const ws = pool.workers();
    expect(ca.localPort).toBe(ws[ca.worker]!.localPort);
    expect(cb.localPort).toBe(ws[cb.worker]!.localPort);
    expect(pool.callCount).toBe(2);

    sendRtp(a, ca.localPort, 7);
    sendRtp(b, cb.localPort, 5);
    await until(() => a.received >= 10 && b.received >= 10);
    expect(a.from).toEqual(new Set([ca.localPort])); // each call's media comes from its own worker's socket
    expect(b.from).toEqual(new Set([cb.localPort]));
    await sleep(300);

    const endA = await pool.endCall(ca.id, 'done');
    const endB = await pool.endCall(cb.id);
    expect(endA).toMatchObject({ id: ca.id, worker: ca.worker, by: 'local', reason: 'done' });
    expect(endA.stats.packetsSent).toBe(10);
    expect(endA.stats.packetsReceived).toBe(7);
    expect(endB.stats.packetsSent).toBe(10);
    expect(endB.stats.packetsReceived).toBe(5);
    expect(events.filter((e) => e.type === 'call-ended').map((e) => e.id)).toEqual([ca.id, cb.id]);
    expect(events.some((e) => e.type === 'worker-event' && (e.event as { bad?: number }).bad !== undefined)).toBe(false);
    expect(pool.callCount).toBe(0);
    await expect(pool.endCall(ca.id)).rejects.toMatchObject({ name: 'RtpWorkerError', code: 'UNKNOWN_CALL' });
  });

  it('fails a call its handler refuses with CALL_REJECTED, and a full pool with POOL_FULL', async () => {
    const f = await far();
    fars.push(f);
    await expect(pool.placeCall({ media: PCMU(f), data: { reject: true } })).rejects.toMatchObject({ code: 'CALL_REJECTED' });
    expect(pool.callCount).toBe(0);
    const placed = [];
    for (let i = 0; i < 6; i++) {
      const g = await far();
      fars.push(g);
      placed.push(await pool.placeCall({ media: PCMU(g) }));
    }
    expect(pool.workers().map((w) => w.calls)).toEqual([3, 3]);
    const full = await pool.placeCall({ media: PCMU(f) }).catch((e: unknown) => e);
    expect(isRtpWorkerError(full) && full.code).toBe('POOL_FULL');
    await Promise.all(placed.map((p) => pool.endCall(p.id)));
    await expect(pool.placeCall({ media: PCMU(f), data: { reject: true } })).rejects.toMatchObject({ code: 'CALL_REJECTED' });
  });

  it('reports a worker that throws, fails its calls, and goes on serving on the other', async () => {
    const ok = await far();
    const other = await far();
    const doomed = await far();
    fars.push(ok, other, doomed);
    const first = await pool.placeCall({ media: PCMU(ok) });
    const victim = await pool.placeCall({ media: PCMU(doomed) }); // the other worker (fewest calls)
    expect(victim.worker).not.toBe(first.worker);
    const crash = await pool.placeCall({ media: PCMU(other), data: { crash: true } }); // fewest: either; find its worker
    const dead = crash.worker;
    await until(() => events.some((e) => e.type === 'worker-failed'));
    const failed = events.find((e) => e.type === 'worker-failed');
    expect(failed).toMatchObject({ worker: dead });
    expect(failed?.type === 'worker-failed' && failed.error.code).toBe('WORKER_FAILED');
    expect(failed?.type === 'worker-failed' && failed.error.message).toMatch(/worker boom/);
    const lost = events.filter((e) => e.type === 'call-failed').map((e) => e.id).sort();
    const onDead = [first, victim, crash].filter((c) => c.worker === dead).map((c) => c.id).sort();
    expect(lost).toEqual(onDead);
    expect(pool.workers()[dead]!.alive).toBe(false);

    // The survivor keeps serving: a new call goes there and media still flows.
    const next = await far();
    fars.push(next);
    const again = await pool.placeCall({ media: PCMU(next), data: { send: 5 } });
    expect(again.worker).toBe(1 - dead);
    await until(() => next.received >= 5);
    const survivors = [first, victim].filter((c) => c.worker !== dead);
    for (const c of [...survivors, again]) {
      await expect(pool.endCall(c.id)).resolves.toMatchObject({ by: 'local' });
    }
  });

  it('closes: every thread exits, and a closed pool refuses calls with POOL_CLOSED', async () => {
    const f = await far();
    fars.push(f);
    await pool.placeCall({ media: PCMU(f) });
    await pool.close();
    expect(pool.workers().every((w) => !w.alive)).toBe(true);
    expect(pool.callCount).toBe(0);
    await expect(pool.placeCall({ media: PCMU(f) })).rejects.toMatchObject({ code: 'POOL_CLOSED' });
    await pool.close(); // idempotent
  });
});

describe('RtpWorkerPool.close', () => {
  it('leaves no handle behind: a process that only opens and closes a pool exits by itself', async () => {
    const script = await bundleWorker(new URL('./workers-exit-script.ts', import.meta.url));
    try {
      const base = 20000 + Math.floor(Math.random() * 20000);
      // The timeout only guards against a hang (a leaked handle keeps the process alive forever).
      const result = await new Promise<{ code: number | null; stdout: string; signal: string | null }>((resolve) => {
        const child = execFile(process.execPath, [script.url.pathname, worker.url.href, String(base)], { timeout: 60_000 }, (error, stdout) => {
          resolve({ code: child.exitCode, stdout, signal: error?.signal ?? null });
        });
      });
      expect(result.signal).toBeNull();
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^closed [01] 0\n$/);
    } finally {
      await script.dispose();
    }
  });
});
