/**
 * The worker thread of load-workers.bench.ts: on each `{ calls, seconds }` message it runs the load
 * run (load-run.ts's `runLoad`: one near-side multiplexer socket with an SRTP RtpCall per call, its
 * far side in a child process) and posts the report back.
 */
import { parentPort } from 'node:worker_threads';
import { runLoad } from './load-run.js';

parentPort?.on('message', (message: { calls: number; seconds: number } | 'stop') => {
  if (message === 'stop') {
    parentPort?.close();
    return;
  }
  runLoad({ calls: message.calls, packetsPerSecond: 50, seconds: message.seconds }).then(
    (report) => parentPort?.postMessage({ report }),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
