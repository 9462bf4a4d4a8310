/**
 * The worker side of an {@link RtpWorkerPool}: {@link serveRtpWorker} owns the worker's multiplexer
 * socket (bound in the port range the pool gave the worker) and creates an `RtpCall` per placed call.
 * @module
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { RtpCall, type RtpCallOptions } from '../call/rtp-call.js';
import { RtpMultiplexer } from '../transport/multiplexer.js';
import { createUdpTransport, type UdpTransport } from '../transport/udp-transport.js';
import { RtpWorkerError } from '../errors.js';
import type { RtpPoolToWorker, RtpWorkerCallRequest, RtpWorkerInit, RtpWorkerToPool } from './worker-protocol.js';

/** One call placed on this worker, as the handler sees it. */
export interface RtpWorkerPlacedCall {
  /** The pool's id of the call. */
  readonly id: number;
  /** What the main thread asked for. */
  readonly request: RtpWorkerCallRequest;
  /** The worker's multiplexer (the one socket every call of this worker uses). */
  readonly multiplexer: RtpMultiplexer;
  /** Sends a small structured-cloneable event to the main thread (the pool's `onEvent`, type `'worker-event'`). */
  emit(event: unknown): void;
}

/** The extra `RtpCall` options a handler may give (the worker sets `multiplexer`, `media` and `onEnd`). */
export type RtpWorkerCallOptions = Omit<RtpCallOptions, 'multiplexer' | 'media' | 'onEnd'>;

/**
 * Where the user's media code lives: called in the worker thread for every placed call.
 */
export interface RtpWorkerHandler {
  /** Options for the call's `RtpCall` (an SRTP session from keys in `request.data`, `onPacket`...). */
  callOptions?(placed: RtpWorkerPlacedCall): RtpWorkerCallOptions | Promise<RtpWorkerCallOptions>;
  /** The call exists and is registered: start sending, attach audio... A throw rejects the call. */
  onCall?(call: RtpCall, placed: RtpWorkerPlacedCall): void | Promise<void>;
}

/** The running worker side, returned by {@link serveRtpWorker}. */
export interface RtpWorkerServer {
  /** This worker's index in the pool. */
  readonly index: number;
  /** The worker's multiplexer. */
  readonly multiplexer: RtpMultiplexer;
  /** The data given as the pool's `workerData`. */
  readonly data: unknown;
  /** Live calls by pool id. */
  readonly calls: ReadonlyMap<number, RtpCall>;
}

function isInit(value: unknown): value is RtpWorkerInit {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === '@voip/rtp worker';
}

/** Binds the first free port of the range (each worker owns its range, so this only skips ports other programs hold). */
async function bindInRange(init: RtpWorkerInit): Promise<UdpTransport> {
  let last: unknown;
  for (let port = init.portRange.min; port <= init.portRange.max; port++) {
    try {
      return await createUdpTransport({
        host: init.host,
        port,
        type: init.type,
        ...(init.receiveBufferSize === undefined ? {} : { receiveBufferSize: init.receiveBufferSize }),
        ...(init.sendBufferSize === undefined ? {} : { sendBufferSize: init.sendBufferSize }),
      });
    } catch (error) {
      last = error;
    }
  }
  throw new RangeError(`no free UDP port in ${init.portRange.min}-${init.portRange.max} on ${init.host}`, { cause: last });
}

function callStats(call: RtpCall): { packetsSent: number; packetsReceived: number; packetsLost: number } {
  const s = call.statistics();
  return { packetsSent: s.packetsSent, packetsReceived: s.packetsReceived, packetsLost: s.packetsLost };
}

class WorkerServer implements RtpWorkerServer {
  readonly calls = new Map<number, RtpCall>();
  readonly index: number;
  readonly multiplexer: RtpMultiplexer;
  readonly data: unknown;
  readonly #port: MessagePort;
  readonly #handler: RtpWorkerHandler;
  #closing = false;

  constructor(index: number, multiplexer: RtpMultiplexer, data: unknown, port: MessagePort, handler: RtpWorkerHandler) {
    this.index = index;
    this.multiplexer = multiplexer;
    this.data = data;
    this.#port = port;
    this.#handler = handler;
    port.on('message', (message: RtpPoolToWorker) => void this.#receive(message));
  }

  post(message: RtpWorkerToPool): void {
    this.#port.postMessage(message);
  }

  async #receive(message: RtpPoolToWorker): Promise<void> {
    if (message.type === 'place') {
      await this.#place(message.id, message.request);
    } else if (message.type === 'end') {
      await this.calls.get(message.id)?.hangUp(message.reason);
    } else if (message.type === 'close') {
      await this.#close();
    }
  }

  async #place(id: number, request: RtpWorkerCallRequest): Promise<void> {
    const placed: RtpWorkerPlacedCall = {
      id,
      request,
      multiplexer: this.multiplexer,
      emit: (event) => this.post({ type: 'event', id, event }),
    };
    let call: RtpCall | undefined;
    try {
      const extra = (await this.#handler.callOptions?.(placed)) ?? {};
      call = new RtpCall({
        ...extra,
        multiplexer: this.multiplexer,
        media: request.media,
        onEnd: (ended, end) => {
          this.calls.delete(id);
          this.post({ type: 'ended', id, by: end.by, reason: end.reason, stats: callStats(ended) });
        },
      });
      const { remoteAddress, remotePort } = request.media;
      this.multiplexer.registerCall(remoteAddress !== undefined && remotePort !== undefined ? { address: remoteAddress, port: remotePort } : null, call);
      this.calls.set(id, call);
      await this.#handler.onCall?.(call, placed);
      this.post({ type: 'placed', id });
    } catch (error) {
      if (call !== undefined) {
        this.calls.delete(id);
        this.multiplexer.removeCall(call);
      }
      this.post({ type: 'rejected', id, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }

  async #close(): Promise<void> {
    if (this.#closing) {
      return;
    }
    this.#closing = true;
    await Promise.all([...this.calls.values()].map((call) => call.hangUp('worker closing')));
    await this.multiplexer.close();
    this.post({ type: 'closed' });
    this.#port.close();
  }
}

/**
 * Serves the calls an {@link RtpWorkerPool} places on this worker thread: call it once from the
 * pool's `workerModule`. It binds the worker's multiplexer socket on the first free port of the
 * worker's own port range, then for every placed call builds an `RtpCall` on it (with the handler's
 * `callOptions`), registers it at the remote address of `request.media`, and calls `onCall`. A call
 * ended here (a remote BYE, `hangUp`) is reported to the pool; `pool.close()` hangs up every call and
 * closes the socket, and the thread exits. Nothing but small messages leaves the thread.
 *
 * @param handler - where the media code lives, called per placed call.
 * @returns the running worker side.
 * @throws {@link RtpWorkerError} `NOT_IN_WORKER` outside a pool's worker thread.
 * @example
 * ```ts
 * // media-worker.js, the pool's workerModule
 * import { serveRtpWorker } from '@voip/rtp/node';
 *
 * export const ready = serveRtpWorker({
 *   onCall(call) {
 *     let timestamp = 0;
 *     const timer = setInterval(() => {
 *       if (call.ended) clearInterval(timer);
 *       else call.sendPacket({ payloadType: 0, timestamp: (timestamp += 160), payload: new Uint8Array(160).fill(0xff) });
 *     }, 20);
 *   },
 * });
 * ```
 */
export async function serveRtpWorker(handler: RtpWorkerHandler = {}): Promise<RtpWorkerServer> {
  const port = parentPort;
  const init: unknown = workerData;
  if (port === null || !isInit(init)) {
    throw new RtpWorkerError('NOT_IN_WORKER', 'serveRtpWorker must run in a worker thread started by an RtpWorkerPool');
  }
  let multiplexer: RtpMultiplexer;
  try {
    multiplexer = new RtpMultiplexer(await bindInRange(init));
  } catch (error) {
    port.postMessage({ type: 'start-failed', message: error instanceof Error ? error.message : String(error) } satisfies RtpWorkerToPool);
    throw error;
  }
  const server = new WorkerServer(init.index, multiplexer, init.data, port, handler);
  const local = multiplexer.localAddress();
  server.post({ type: 'ready', address: local.address, port: local.port });
  return server;
}
