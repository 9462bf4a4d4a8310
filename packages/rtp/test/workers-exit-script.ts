/**
 * Run as a child process by workers.test.ts: starts a two-worker pool (worker script: argv[2]),
 * places a call, closes the pool and does nothing else, so the process exits by itself only if
 * close() left no handle behind.
 */
import { createRtpWorkerPool } from '../src/node.js';

const base = Number(process.argv[3]);
const pool = await createRtpWorkerPool({ workers: 2, workerModule: new URL(process.argv[2] ?? ''), portRange: { min: base, max: base + 9 } });
const placed = await pool.placeCall({ media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: '127.0.0.1', remotePort: 9, rtcpMux: true }, data: { send: 3 } });
await pool.close();
process.stdout.write(`closed ${placed.worker} ${pool.workers().filter((w) => w.alive).length}\n`);
