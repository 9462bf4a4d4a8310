/**
 * {@link RtpWorkerPool}: the main-thread dispatcher that spreads calls over worker threads, each
 * owning its socket in its own port range (see {@link serveRtpWorker} for the worker side).
 * @module
 */
import { Worker } from 'node:worker_threads';
import { RtpWorkerError } from '../errors.js';
import type { RtpPortRange, RtpPoolToWorker, RtpWorkerCallStats, RtpWorkerCallRequest, RtpWorkerInit, RtpWorkerToPool } from './worker-protocol.js';

/** Options of {@link createRtpWorkerPool}. */
export interface RtpWorkerPoolOptions {
  /** Number of worker threads (1..256); one per core is the usual choice. */
  readonly workers: number;
  /** The worker script (a path or `file:` URL of JavaScript) that calls {@link serveRtpWorker}. */
  readonly workerModule: string | URL;
  /** The UDP ports of the pool, split into one disjoint range per worker (at least one port each). */
  readonly portRange: RtpPortRange;
  /** Local address the workers bind. Default `127.0.0.1`. */
  readonly host?: string;
  /** Socket family. Default `udp4`. */
  readonly type?: 'udp4' | 'udp6';
  /** Calls one worker holds at most; past it on every worker `placeCall` fails `POOL_FULL`. Default: no limit. */
  readonly maxCallsPerWorker?: number;
  /** Kernel receive buffer of each worker's socket (SO_RCVBUF). */
  readonly receiveBufferSize?: number;
  /** Kernel send buffer of each worker's socket (SO_SNDBUF). */
  readonly sendBufferSize?: number;
  /** Structured-cloneable data every worker's {@link RtpWorkerServer.data} gets. */
  readonly workerData?: unknown;
  /** How long a worker may take to bind its socket, ms. Default 10,000. */
  readonly startTimeoutMs?: number;
  /** Called for every {@link RtpWorkerPoolEvent}. */
  readonly onEvent?: (event: RtpWorkerPoolEvent) => void;
}

/** Where a placed call lives: the worker, and the local address and port to put in the SDP. */
export interface RtpPlacedCall {
  /** The pool's id of the call (for {@link RtpWorkerPool.endCall}). */
  readonly id: number;
  /** Index of the worker holding it. */
  readonly worker: number;
  /** The worker's bound address. */
  readonly localAddress: string;
  /** The worker's bound port (c= / m= of the SDP). */
  readonly localPort: number;
}

/** How a call ended. */
export interface RtpWorkerCallEnd {
  readonly id: number;
  readonly worker: number;
  /** `'local'` for a hang-up here or `endCall`, `'remote'` for a BYE from the far end. */
  readonly by: 'local' | 'remote';
  readonly reason: string | undefined;
  readonly stats: RtpWorkerCallStats;
}

/** What the pool reports through `onEvent`. */
export type RtpWorkerPoolEvent =
  | ({ readonly type: 'call-ended' } & RtpWorkerCallEnd)
  | { readonly type: 'call-failed'; readonly id: number; readonly worker: number; readonly error: RtpWorkerError }
  | { readonly type: 'worker-failed'; readonly worker: number; readonly error: RtpWorkerError }
  | { readonly type: 'worker-event'; readonly worker: number; readonly id: number | undefined; readonly event: unknown };

interface Pending<T> {
  resolve(value: T): void;
  reject(error: Error): void;
}

interface PoolWorker {
  readonly index: number;
  readonly thread: Worker;
  readonly range: RtpPortRange;
  address: string;
  port: number;
  alive: boolean;
  readonly calls: Set<number>;
  error: Error | undefined;
}

interface CallEntry {
  readonly worker: PoolWorker;
  placing: Pending<RtpPlacedCall> | undefined;
  ending: Pending<RtpWorkerCallEnd>[];
}

function checkOptions(options: RtpWorkerPoolOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createRtpWorkerPool: options must be an object');
  }
  const { workers, portRange, maxCallsPerWorker } = options;
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    throw new RangeError(`workers must be an integer 1..256, got ${String(workers)}`);
  }
  if (typeof options.workerModule !== 'string' && !(options.workerModule instanceof URL)) {
    throw new TypeError('workerModule must be a path or a URL');
  }
  if (typeof portRange !== 'object' || portRange === null) {
    throw new TypeError('portRange must be { min, max }');
  }
  const { min, max } = portRange;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535 || min > max) {
    throw new RangeError(`portRange must be integers with 1 <= min <= max <= 65535, got ${String(min)}-${String(max)}`);
  }
  if (max - min + 1 < workers) {
    throw new RangeError(`portRange ${min}-${max} has fewer ports than the ${workers} workers`);
  }
  if (maxCallsPerWorker !== undefined && (!Number.isInteger(maxCallsPerWorker) || maxCallsPerWorker < 1)) {
    throw new RangeError(`maxCallsPerWorker must be a positive integer, got ${String(maxCallsPerWorker)}`);
  }
}

/**
 * Splits `range` into `n` disjoint consecutive ranges covering it, the first ones one port longer
 * when `n` does not divide it: the split {@link RtpWorkerPool} gives its workers.
 * @param range - the whole range.
 * @param n - the number of parts (1 to the number of ports).
 * @returns the parts, in order.
 * @throws `RangeError` when `n` is not an integer from 1 to the number of ports.
 * @example
 * ```ts
 * import { splitPortRange } from '@voip/rtp/node';
 * console.log(splitPortRange({ min: 40000, max: 40009 }, 2)); // [{ min: 40000, max: 40004 }, { min: 40005, max: 40009 }]
 * ```
 */
export function splitPortRange(range: RtpPortRange, n: number): RtpPortRange[] {
  if (!Number.isInteger(n) || n < 1 || n > range.max - range.min + 1) {
    throw new RangeError(`cannot split ports ${range.min}-${range.max} into ${String(n)} parts`);
  }
  const total = range.max - range.min + 1;
  const base = Math.floor(total / n);
  const extra = total % n;
  const out: RtpPortRange[] = [];
  let min = range.min;
  for (let i = 0; i < n; i++) {
    const size = base + (i < extra ? 1 : 0);
    out.push({ min, max: min + size - 1 });
    min += size;
  }
  return out;
}

/**
 * Spreads RTP calls over worker threads: each worker owns one multiplexer socket in its own,
 * disjoint part of `portRange` and the calls placed on it; the pool is the small dispatcher on the
 * main thread that places each call on the live worker holding the fewest, and relays what the
 * workers report. Only small structured-clone messages cross threads; media stays in its worker.
 * Create one with {@link createRtpWorkerPool}.
 *
 * A worker that throws or exits is reported (`worker-failed`), its calls fail (`call-failed`, and a
 * pending `placeCall` / `endCall` rejects with `WORKER_FAILED`), and the pool goes on with the others.
 *
 * @example
 * ```ts
 * import { createRtpWorkerPool } from '@voip/rtp/node';
 *
 * const pool = await createRtpWorkerPool({
 *   workers: 2,
 *   workerModule: new URL('./media-worker.js', import.meta.url),
 *   portRange: { min: 40000, max: 40999 },
 *   onEvent: (event) => console.log(event.type),
 * });
 * const placed = await pool.placeCall({
 *   media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000, remoteAddress: '127.0.0.1', remotePort: 5004 },
 * });
 * console.log(`m=audio ${placed.localPort} RTP/AVP 0 (worker ${placed.worker})`);
 * await pool.endCall(placed.id);
 * await pool.close();
 * ```
 */
export class RtpWorkerPool {
  readonly #workers: PoolWorker[];
  readonly #calls = new Map<number, CallEntry>();
  readonly #max: number;
  readonly #onEvent: ((event: RtpWorkerPoolEvent) => void) | undefined;
  #nextId = 1;
  #closed = false;
  #closing: Promise<void> | undefined;

  private constructor(workers: PoolWorker[], options: RtpWorkerPoolOptions) {
    this.#workers = workers;
    this.#max = options.maxCallsPerWorker ?? Number.POSITIVE_INFINITY;
    this.#onEvent = options.onEvent;
    for (const worker of workers) {
      worker.thread.on('message', (message: RtpWorkerToPool) => this.#receive(worker, message));
      worker.thread.on('error', (error) => {
        worker.error = error;
      });
      worker.thread.on('exit', (code) => this.#exited(worker, code));
    }
  }

  /**
   * The same as {@link createRtpWorkerPool}.
   * @param options - see {@link RtpWorkerPoolOptions}.
   * @returns the running pool.
   * @example
   * ```ts
   * import { RtpWorkerPool } from '@voip/rtp/node';
   * const pool = await RtpWorkerPool.create({ workers: 2, workerModule: './media-worker.js', portRange: { min: 40000, max: 40999 } });
   * await pool.close();
   * ```
   */
  static async create(options: RtpWorkerPoolOptions): Promise<RtpWorkerPool> {
    checkOptions(options);
    const ranges = splitPortRange(options.portRange, options.workers);
    const started = await Promise.allSettled(ranges.map((range, i) => startWorker(i, range, options)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed !== undefined) {
      await Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.thread.terminate()] : [])));
      throw failed.reason;
    }
    return new RtpWorkerPool(
      started.map((s) => (s as PromiseFulfilledResult<PoolWorker>).value),
      options,
    );
  }

  /** Number of worker threads started. */
  get size(): number {
    return this.#workers.length;
  }

  /** The live calls, in total. */
  get callCount(): number {
    return this.#calls.size;
  }

  /** Per worker: its index, whether it is alive, its port range, bound port and call count. */
  workers(): { index: number; alive: boolean; portRange: RtpPortRange; localAddress: string; localPort: number; calls: number }[] {
    return this.#workers.map((w) => ({ index: w.index, alive: w.alive, portRange: w.range, localAddress: w.address, localPort: w.port, calls: w.calls.size }));
  }

  /**
   * Places a call on the live worker holding the fewest calls.
   * @param request - the negotiated media and data for the worker's handler.
   * @returns where the call lives (for the SDP answer/offer).
   * @throws {@link RtpWorkerError} `POOL_CLOSED`, `POOL_FULL`, `NO_WORKERS`; rejects `CALL_REJECTED`
   *   when the worker's handler throws, `WORKER_FAILED` when the worker dies first.
   */
  placeCall(request: RtpWorkerCallRequest): Promise<RtpPlacedCall> {
    if (typeof request !== 'object' || request === null || typeof request.media !== 'object' || request.media === null) {
      return Promise.reject(new TypeError('placeCall: request must be { media, data? }'));
    }
    if (this.#closed) {
      return Promise.reject(new RtpWorkerError('POOL_CLOSED', 'the worker pool is closed'));
    }
    const live = this.#workers.filter((w) => w.alive);
    if (live.length === 0) {
      return Promise.reject(new RtpWorkerError('NO_WORKERS', 'every worker of the pool has failed'));
    }
    let best: PoolWorker | undefined;
    for (const w of live) {
      if (w.calls.size < this.#max && (best === undefined || w.calls.size < best.calls.size)) {
        best = w;
      }
    }
    if (best === undefined) {
      return Promise.reject(new RtpWorkerError('POOL_FULL', `every worker holds ${this.#max} calls`));
    }
    const worker = best;
    const id = this.#nextId++;
    return new Promise<RtpPlacedCall>((resolve, reject) => {
      this.#calls.set(id, { worker, placing: { resolve, reject }, ending: [] });
      worker.calls.add(id);
      this.#post(worker, { type: 'place', id, request });
    });
  }

  /**
   * Hangs up a call (RTCP BYE from its worker) and resolves with how it ended, its stats included.
   * @param id - the id `placeCall` gave.
   * @param reason - the BYE reason.
   * @returns the end of the call.
   * @throws {@link RtpWorkerError} `UNKNOWN_CALL` for an id that is not live.
   */
  endCall(id: number, reason?: string): Promise<RtpWorkerCallEnd> {
    const entry = this.#calls.get(id);
    if (entry === undefined) {
      return Promise.reject(new RtpWorkerError('UNKNOWN_CALL', `no live call ${String(id)}`));
    }
    return new Promise<RtpWorkerCallEnd>((resolve, reject) => {
      entry.ending.push({ resolve, reject });
      this.#post(entry.worker, { type: 'end', id, reason });
    });
  }

  /**
   * Hangs up every call, lets each worker close its socket and exit (terminating one that takes over
   * `timeoutMs`), and resolves when every thread is gone. Idempotent.
   * @param timeoutMs - how long a worker may take to close cleanly. Default 5,000.
   * @returns when every worker has exited.
   */
  close(timeoutMs = 5000): Promise<void> {
    this.#closed = true;
    this.#closing ??= Promise.all(this.#workers.map((w) => this.#closeWorker(w, timeoutMs))).then(() => {
      this.#failCalls(() => new RtpWorkerError('POOL_CLOSED', 'the worker pool closed'));
    });
    return this.#closing;
  }

  async #closeWorker(worker: PoolWorker, timeoutMs: number): Promise<void> {
    if (worker.thread.threadId === -1) {
      return;
    }
    const exited = new Promise<void>((resolve) => worker.thread.once('exit', () => resolve()));
    this.#post(worker, { type: 'close' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    if ((await Promise.race([exited, late])) === 'late') {
      await worker.thread.terminate();
    }
    clearTimeout(timer);
  }

  #post(worker: PoolWorker, message: RtpPoolToWorker): void {
    try {
      worker.thread.postMessage(message);
    } catch {
      // a thread already gone: its 'exit' fails the calls
    }
  }

  #receive(worker: PoolWorker, message: RtpWorkerToPool): void {
    const entry = 'id' in message && message.id !== undefined ? this.#calls.get(message.id) : undefined;
    switch (message.type) {
      case 'placed':
        entry?.placing?.resolve({ id: message.id, worker: worker.index, localAddress: worker.address, localPort: worker.port });
        if (entry !== undefined) {entry.placing = undefined;}
        break;
      case 'rejected':
        this.#forget(message.id, worker);
        entry?.placing?.reject(new RtpWorkerError('CALL_REJECTED', `worker ${worker.index} rejected the call: ${message.message}`, worker.index));
        break;
      case 'ended': {
        const end: RtpWorkerCallEnd = { id: message.id, worker: worker.index, by: message.by, reason: message.reason, stats: message.stats };
        this.#forget(message.id, worker);
        for (const p of entry?.ending ?? []) {p.resolve(end);}
        this.#emit({ type: 'call-ended', ...end });
        break;
      }
      case 'event':
        this.#emit({ type: 'worker-event', worker: worker.index, id: message.id, event: message.event });
        break;
      default:
        break;
    }
  }

  #forget(id: number, worker: PoolWorker): void {
    this.#calls.delete(id);
    worker.calls.delete(id);
  }

  #exited(worker: PoolWorker, code: number): void {
    const wasAlive = worker.alive;
    worker.alive = false;
    if (this.#closed && worker.error === undefined) {
      return;
    }
    if (!wasAlive) {
      return;
    }
    const why = worker.error !== undefined ? `threw: ${worker.error.message}` : `exited with code ${code}`;
    const error = new RtpWorkerError('WORKER_FAILED', `worker ${worker.index} ${why}`, worker.index, { cause: worker.error });
    this.#emit({ type: 'worker-failed', worker: worker.index, error });
    this.#failCalls(() => error, worker);
  }

  #failCalls(makeError: () => RtpWorkerError, only?: PoolWorker): void {
    for (const [id, entry] of [...this.#calls]) {
      if (only !== undefined && entry.worker !== only) {continue;}
      const error = makeError();
      this.#forget(id, entry.worker);
      if (entry.placing !== undefined) {
        entry.placing.reject(error);
      } else {
        this.#emit({ type: 'call-failed', id, worker: entry.worker.index, error });
      }
      for (const p of entry.ending) {p.reject(error);}
    }
  }

  #emit(event: RtpWorkerPoolEvent): void {
    try {
      this.#onEvent?.(event);
    } catch {
      // a throwing listener must not break the dispatcher
    }
  }
}

/** Starts one worker and waits for it to bind its socket. */
function startWorker(index: number, range: RtpPortRange, options: RtpWorkerPoolOptions): Promise<PoolWorker> {
  const init: RtpWorkerInit = {
    kind: '@voip/rtp worker',
    index,
    host: options.host ?? '127.0.0.1',
    type: options.type ?? 'udp4',
    portRange: range,
    receiveBufferSize: options.receiveBufferSize,
    sendBufferSize: options.sendBufferSize,
    data: options.workerData,
  };
  const thread = new Worker(options.workerModule, { workerData: init });
  const worker: PoolWorker = { index, thread, range, address: init.host, port: 0, alive: false, calls: new Set(), error: undefined };
  return new Promise<PoolWorker>((resolve, reject) => {
    const fail = (why: string, cause?: unknown): void => {
      cleanup();
      void thread.terminate();
      reject(new RtpWorkerError('WORKER_FAILED', `worker ${index} did not start: ${why}`, index, { cause }));
    };
    const onMessage = (message: RtpWorkerToPool): void => {
      if (message.type === 'ready') {
        cleanup();
        worker.address = message.address;
        worker.port = message.port;
        worker.alive = true;
        resolve(worker);
      } else if (message.type === 'start-failed') {
        fail(message.message);
      }
    };
    const onError = (error: Error): void => fail(error.message, error);
    const onExit = (code: number): void => fail(`exited with code ${code}`);
    const timer = setTimeout(() => fail(`no socket within ${options.startTimeoutMs ?? 10_000} ms`), options.startTimeoutMs ?? 10_000);
    const cleanup = (): void => {
      clearTimeout(timer);
      thread.off('message', onMessage);
      thread.off('error', onError);
      thread.off('exit', onExit);
    };
    thread.on('message', onMessage);
    thread.on('error', onError);
    thread.on('exit', onExit);
  });
}

/**
 * Starts an {@link RtpWorkerPool}: `workers` threads running `workerModule`, each given its own
 * disjoint slice of `portRange`, and resolves once every one has bound its socket.
 * @param options - see {@link RtpWorkerPoolOptions}.
 * @returns the running pool.
 * @throws `TypeError` / `RangeError` for bad options; rejects {@link RtpWorkerError} `WORKER_FAILED`
 *   when a worker cannot start (the others are terminated).
 * @example
 * ```ts
 * import { createRtpWorkerPool } from '@voip/rtp/node';
 * const pool = await createRtpWorkerPool({ workers: 2, workerModule: './media-worker.js', portRange: { min: 40000, max: 40999 } });
 * console.log(pool.workers().map((w) => w.localPort));
 * await pool.close();
 * ```
 */
export function createRtpWorkerPool(options: RtpWorkerPoolOptions): Promise<RtpWorkerPool> {
  return RtpWorkerPool.create(options);
}
