/**
 * The error of the worker pool ({@link RtpWorkerPool}, {@link serveRtpWorker}).
 * @module
 */

/**
 * Stable codes of {@link RtpWorkerError}. Codes are API: they are never renamed or reused.
 *
 * - `POOL_CLOSED`: the pool was closed (or is closing), so it places no more calls.
 * - `POOL_FULL`: every live worker already holds `maxCallsPerWorker` calls.
 * - `NO_WORKERS`: every worker has failed; nothing is left to place a call on.
 * - `WORKER_FAILED`: the worker that held the call threw, exited or could not start; the call is gone.
 * - `CALL_REJECTED`: the worker could not set the call up (its handler threw, a bad request).
 * - `UNKNOWN_CALL`: no live call has that id.
 * - `NOT_IN_WORKER`: {@link serveRtpWorker} was called outside a pool's worker thread.
 */
export type RtpWorkerErrorCode =
  | 'POOL_CLOSED'
  | 'POOL_FULL'
  | 'NO_WORKERS'
  | 'WORKER_FAILED'
  | 'CALL_REJECTED'
  | 'UNKNOWN_CALL'
  | 'NOT_IN_WORKER';

/**
 * A state error of the worker pool, with a stable {@link RtpWorkerErrorCode} and, for errors about one
 * worker, that worker's index. Wrong option types are `TypeError`, out-of-range ones `RangeError`.
 *
 * @example
 * ```ts
 * import { isRtpWorkerError } from '@voip/rtp/node';
 * declare const pool: import('@voip/rtp/node').RtpWorkerPool;
 * try {
 *   await pool.placeCall({ media: { payloadType: 0, encodingName: 'PCMU', clockRate: 8000 } });
 * } catch (e) {
 *   if (isRtpWorkerError(e) && e.code === 'POOL_FULL') console.log('try another process');
 * }
 * ```
 */
export class RtpWorkerError extends Error {
  override readonly name = 'RtpWorkerError';
  /** Stable machine-readable reason. */
  readonly code: RtpWorkerErrorCode;
  /** The worker the error is about, when it is about one. */
  readonly worker: number | undefined;

  /**
   * @param code - the stable reason.
   * @param message - a human-readable explanation.
   * @param worker - the worker's index, when the error is about one.
   * @param options - standard `ErrorOptions` (`cause`).
   */
  constructor(code: RtpWorkerErrorCode, message: string, worker?: number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.worker = worker;
  }
}

/**
 * True when `e` is an {@link RtpWorkerError}, checked by name so it survives duplicate installs.
 * @param e - anything caught.
 * @returns whether `e` is an `RtpWorkerError`.
 * @example
 * ```ts
 * import { isRtpWorkerError } from '@voip/rtp/node';
 * console.log(isRtpWorkerError(new Error('x'))); // false
 * ```
 */
export function isRtpWorkerError(e: unknown): e is RtpWorkerError {
  return e instanceof Error && e.name === 'RtpWorkerError' && typeof (e as { code?: unknown }).code === 'string';
}
