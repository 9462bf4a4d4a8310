/**
 * @voip/rtp/node: the parts of @voip/rtp that need Node.js, kept out of the main entry so that
 * `import … from '@voip/rtp'` bundles for a browser or any other runtime with nothing Node-only in it.
 *
 * Today that is the UDP transport (`node:dgram`) an `RtpMultiplexer` runs on; everything else
 * (packets, RTCP, statistics, the multiplexer and calls over any `DatagramTransport`) is in the
 * main entry.
 *
 * @example
 * ```ts
 * import { RtpMultiplexer } from '@voip/rtp';
 * import { createUdpTransport } from '@voip/rtp/node';
 *
 * const transport = await createUdpTransport({ host: '127.0.0.1', port: 0, type: 'udp4' });
 * const mux = new RtpMultiplexer(transport);
 * await mux.close();
 * ```
 * @module
 */
export { createUdpTransport } from './transport/udp-transport.js';
export type { UdpTransport, UdpTransportOptions } from './transport/udp-transport.js';
export { createRtpWorkerPool, RtpWorkerPool, splitPortRange } from './workers/worker-pool.js';
export type { RtpWorkerPoolOptions, RtpPlacedCall, RtpWorkerCallEnd, RtpWorkerPoolEvent } from './workers/worker-pool.js';
export { serveRtpWorker } from './workers/serve-worker.js';
export type { RtpWorkerHandler, RtpWorkerPlacedCall, RtpWorkerCallOptions, RtpWorkerServer } from './workers/serve-worker.js';
export { RtpWorkerError, isRtpWorkerError } from './errors.js';
export type { RtpWorkerErrorCode } from './errors.js';
export type { RtpPortRange, RtpWorkerCallRequest, RtpWorkerCallStats } from './workers/worker-protocol.js';
