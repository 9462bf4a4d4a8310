/**
 * `MediaTimeout`: tells when no media has arrived for a while (the far end hung up without BYE, a NAT
 * binding or a route dropped), once per silence, re-armed when media resumes.
 * @module
 */

/** Options of a {@link MediaTimeout}. */
export interface MediaTimeoutOptions {
  /** How long without media counts as a timeout, ms; `0` turns the watch off. */
  readonly timeoutMs: number;
  /** Called once per silence with how long it has lasted, ms. Exceptions go to `onError`. */
  readonly onTimeout: (silentMs: number) => void;
  /** Receives what `onTimeout` throws (the watch goes on). */
  readonly onError?: (error: unknown) => void;
  /** The monotonic clock, ms (default `performance.now()`). */
  readonly now?: () => number;
}

/**
 * Watches for media: call {@link MediaTimeout.activity} for every packet received. When nothing came for
 * `timeoutMs` after `start()` or the last packet, `onTimeout` runs, once; the next packet re-arms it.
 * One timer, not reset per packet (it wakes at the deadline and re-checks), unref'd so it never keeps
 * the process alive; `stop()` clears it.
 * @example
 * ```ts
 * import { MediaTimeout } from '@voip/audio';
 * const watch = new MediaTimeout({ timeoutMs: 30_000, onTimeout: (ms) => console.log(`no RTP for ${ms} ms`) });
 * watch.start();
 * watch.activity(); // on each received RTP packet
 * watch.stop(); // on hang-up
 * ```
 */
export class MediaTimeout {
  readonly timeoutMs: number;
  readonly #onTimeout: (silentMs: number) => void;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #now: () => number;
  #last = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #timedOut = false;

  /** @throws {RangeError} for a negative or non-finite `timeoutMs`. @throws {TypeError} when `onTimeout` is not a function. */
  constructor(options: MediaTimeoutOptions) {
    const { timeoutMs, onTimeout, onError, now = () => performance.now() } = options;
    if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
      throw new RangeError(`timeoutMs must be a finite number >= 0, got ${String(timeoutMs)}`);
    }
    if (typeof onTimeout !== 'function') {
      throw new TypeError('onTimeout must be a function');
    }
    this.timeoutMs = timeoutMs;
    this.#onTimeout = onTimeout;
    this.#onError = onError;
    this.#now = now;
  }

  /** True while the last silence has been reported and no media has come since. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Starts watching (the silence counts from now). Idempotent; does nothing when `timeoutMs` is 0. */
  start(): void {
    if (this.#running || this.timeoutMs === 0) {
      return;
    }
    this.#running = true;
    this.#timedOut = false;
    this.#last = this.#now();
    this.#arm(this.timeoutMs);
  }

  /** Media arrived: the silence is over; a reported timeout is re-armed. */
  activity(): void {
    if (!this.#running) {
      return;
    }
    this.#last = this.#now();
    if (this.#timedOut) {
      this.#timedOut = false;
      this.#arm(this.timeoutMs);
    }
  }

  /** Stops watching and clears the timer. */
  stop(): void {
    this.#running = false;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }

  #arm(delayMs: number): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
    }
    this.#timer = setTimeout(() => this.#check(), Math.max(0, delayMs));
    this.#timer.unref?.();
  }

  #check(): void {
    this.#timer = undefined;
    if (!this.#running) {
      return;
    }
    const silent = this.#now() - this.#last;
    if (silent < this.timeoutMs) {
      this.#arm(this.timeoutMs - silent);
      return;
    }
    this.#timedOut = true;
    try {
      this.#onTimeout(silent);
    } catch (error) {
      this.#onError?.(error);
    }
  }
}
