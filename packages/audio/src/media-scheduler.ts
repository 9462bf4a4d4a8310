/**
 * One timer for many media deadlines: a deadline-ordered queue (a binary min-heap) of tasks armed for
 * absolute times on a monotonic clock, and a single timer armed for the earliest of them. When it
 * fires, every task that is due runs in that one turn, earliest deadline first. Paced senders (and any
 * other per-frame work) share it, so 500 calls cost one timer, not 500 timers the event loop has to
 * order and run one macrotask at a time.
 * @module
 */

/** The clock and timer a {@link MediaScheduler} runs on (defaults: `performance.now()`, an unref'd `setTimeout`). */
export interface MediaSchedulerOptions {
  /** The monotonic clock, ms (default `performance.now()`). Deadlines given to tasks are on this clock. */
  readonly now?: () => number;
  /**
   * Arms a one-shot timer (default `setTimeout`, unref'd so it never keeps Node.js alive). Returns a
   * handle for `clearTimer`.
   */
  readonly setTimer?: (callback: () => void, delayMs: number) => unknown;
  /** Disarms a timer `setTimer` returned (default `clearTimeout`). */
  readonly clearTimer?: (handle: unknown) => void;
}

/**
 * A task of a {@link MediaScheduler}: a callback run once per `at(deadline)` when the deadline has
 * passed. Re-arm it from its callback for the next deadline.
 * @example
 * ```ts
 * import { MediaScheduler } from '@voip/audio';
 * const scheduler = new MediaScheduler();
 * const start = scheduler.now();
 * let n = 0;
 * const task = scheduler.task(() => {
 *   n++;
 *   if (n < 5) {
 *     task.at(start + n * 20); // absolute deadlines: lateness does not accumulate
 *   }
 * });
 * task.at(start);
 * ```
 */
export interface MediaTask {
  /**
   * Arms the task for an absolute deadline on the scheduler's clock (replacing any earlier one).
   * @throws RangeError for a deadline that is not a finite number.
   */
  at(deadlineMs: number): void;
  /** Disarms the task: its callback does not run until the next `at`. Idempotent. */
  cancel(): void;
  /** The armed deadline, or undefined when not armed. */
  readonly deadlineMs: number | undefined;
}

/** A task in the heap. */
class Entry implements MediaTask {
  /** Index in the heap, -1 when not armed. */
  index = -1;
  due = 0;
  /** Arming order: ties of `due` run in the order they were armed; also marks tasks armed in a turn. */
  order = 0;

  readonly heap: Heap;
  readonly callback: (nowMs: number) => void;

  constructor(heap: Heap, callback: (nowMs: number) => void) {
    this.heap = heap;
    this.callback = callback;
  }

  at(deadlineMs: number): void {
    if (typeof deadlineMs !== 'number' || !Number.isFinite(deadlineMs)) {
      throw new RangeError(`a task deadline must be a finite number of ms, got ${String(deadlineMs)}`);
    }
    this.heap.arm(this, deadlineMs);
  }

  cancel(): void {
    this.heap.remove(this);
  }

  get deadlineMs(): number | undefined {
    return this.index < 0 ? undefined : this.due;
  }
}

/** A binary min-heap of entries by (due, order), each knowing its index (for O(log n) removal). */
class Heap {
  readonly items: Entry[] = [];
  readonly onChange: () => void;
  #order = 0;

  constructor(onChange: () => void) {
    this.onChange = onChange;
  }

  get nextOrder(): number {
    return this.#order;
  }

  arm(e: Entry, due: number): void {
    if (e.index >= 0) {
      this.#removeAt(e.index);
    }
    e.due = due;
    e.order = this.#order++;
    e.index = this.items.length;
    this.items.push(e);
    this.#up(e.index);
    this.onChange();
  }

  remove(e: Entry): void {
    if (e.index >= 0) {
      this.#removeAt(e.index);
      this.onChange();
    }
  }

  /** The earliest entry, left in place. */
  peek(): Entry | undefined {
    return this.items[0];
  }

  /** Removes the earliest entry (the caller peeked it). */
  shift(): void {
    this.#removeAt(0);
  }

  #removeAt(i: number): void {
    const items = this.items;
    const e = items[i]!;
    const last = items.pop()!;
    e.index = -1;
    if (last !== e) {
      items[i] = last;
      last.index = i;
      this.#down(i);
      this.#up(last.index);
    }
  }

  static #less(a: Entry, b: Entry): boolean {
    return a.due < b.due || (a.due === b.due && a.order < b.order);
  }

  #up(i: number): void {
    const items = this.items;
    const e = items[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p]!;
      if (!Heap.#less(e, parent)) {
        break;
      }
      items[i] = parent;
      parent.index = i;
      i = p;
    }
    items[i] = e;
    e.index = i;
  }

  #down(i: number): void {
    const items = this.items;
    const n = items.length;
    const e = items[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) {
        break;
      }
      const r = l + 1;
      const c = r < n && Heap.#less(items[r]!, items[l]!) ? r : l;
      const child = items[c]!;
      if (!Heap.#less(child, e)) {
        break;
      }
      items[i] = child;
      child.index = i;
      i = c;
    }
    items[i] = e;
    e.index = i;
  }
}

function defaultSetTimer(callback: () => void, delayMs: number): unknown {
  const t = setTimeout(callback, delayMs);
  (t as { unref?: () => void }).unref?.();
  return t;
}

function defaultClearTimer(handle: unknown): void {
  clearTimeout(handle as ReturnType<typeof setTimeout>);
}

let shared: MediaScheduler | undefined;

/**
 * Runs media tasks on absolute deadlines with one timer. Tasks (`task(callback)`) are armed with
 * `at(deadline)` on the scheduler's monotonic clock; a binary heap keeps them in deadline order and one
 * timer (unref'd: it never keeps Node.js alive) is armed for the earliest. When it fires, every task
 * due by then runs in that turn, earliest first (ties in arming order); a task re-armed from its
 * callback for a deadline that has already passed runs in the next turn, so a turn always ends. A task
 * that fires late computes what is due from the clock (absolute deadlines), so lateness never
 * accumulates. An exception thrown by a callback does not stop the others: it is rethrown afterwards
 * (from a microtask, an uncaught exception as it would be from its own timer).
 *
 * `MediaScheduler.shared` is the process's default, used by every {@link PacedSender} not given its
 * own `scheduler` (or its own clock); a `new MediaScheduler()` is a private one (its own timer).
 * @example
 * ```ts
 * import { MediaScheduler, PacedSender, PCMU } from '@voip/audio';
 * // 100 senders, one timer (the shared scheduler is the default; this is a private one).
 * const scheduler = new MediaScheduler();
 * const senders = Array.from({ length: 100 }, () => new PacedSender({ codec: PCMU, scheduler, idle: 'silence', send: () => undefined }));
 * for (const s of senders) s.start();
 * console.log(scheduler.size); // 100 tasks armed
 * for (const s of senders) s.stop();
 * ```
 */
export class MediaScheduler {
  readonly #now: () => number;
  readonly #setTimer: (callback: () => void, delayMs: number) => unknown;
  readonly #clearTimer: (handle: unknown) => void;
  readonly #heap: Heap;
  #timer: unknown;
  /** The deadline the timer is armed for (undefined: not armed). */
  #timerDue: number | undefined;
  #firing = false;
  readonly #fire = (): void => this.#run();

  /**
   * @param options - the clock and timer (defaults: `performance.now()` and an unref'd `setTimeout`).
   * @throws TypeError when an option is given and is not a function.
   */
  constructor(options: MediaSchedulerOptions = {}) {
    const { now = () => performance.now(), setTimer = defaultSetTimer, clearTimer = defaultClearTimer } = options;
    for (const [name, f] of [['now', now], ['setTimer', setTimer], ['clearTimer', clearTimer]] as const) {
      if (typeof f !== 'function') {
        throw new TypeError(`MediaScheduler option ${name} must be a function, got ${typeof f}`);
      }
    }
    this.#now = now;
    this.#setTimer = setTimer;
    this.#clearTimer = clearTimer;
    this.#heap = new Heap(() => this.#arm());
  }

  /**
   * The process's shared scheduler (created on first use, on `performance.now()` and `setTimeout`).
   * @example
   * ```ts
   * import { MediaScheduler } from '@voip/audio';
   * console.log(MediaScheduler.shared === MediaScheduler.shared); // true
   * ```
   */
  static get shared(): MediaScheduler {
    shared ??= new MediaScheduler();
    return shared;
  }

  /**
   * The scheduler's clock, ms.
   * @returns the current time on the clock task deadlines are given on.
   */
  now(): number {
    return this.#now();
  }

  /** Tasks armed. */
  get size(): number {
    return this.#heap.items.length;
  }

  /** The deadline the one timer is armed for, or undefined when none is armed (no task armed). */
  get timerDeadlineMs(): number | undefined {
    return this.#timerDue;
  }

  /**
   * A new task running `callback` (with the clock's time when its turn started) each time it is armed
   * and due. Not armed yet: call `at(deadline)`.
   * @param callback - the work; re-arm the task from it for the next deadline.
   * @returns the task.
   * @throws TypeError when `callback` is not a function.
   */
  task(callback: (nowMs: number) => void): MediaTask {
    if (typeof callback !== 'function') {
      throw new TypeError(`a task callback must be a function, got ${typeof callback}`);
    }
    return new Entry(this.#heap, callback);
  }

  /** Keeps the one timer armed for the earliest deadline (none when nothing is armed). */
  #arm(): void {
    if (this.#firing) {
      return; // the turn re-arms once at its end
    }
    const top = this.#heap.peek();
    if (top === undefined) {
      this.#disarm();
      return;
    }
    // Re-arm for an earlier deadline, or when the armed one has passed without the timer running
    // (a late event loop, or a timer lost to a replaced timer implementation): arming is cheap.
    if (this.#timerDue !== undefined && top.due >= this.#timerDue && this.#timerDue > this.#now()) {
      return;
    }
    this.#disarm();
    this.#timerDue = top.due;
    this.#timer = this.#setTimer(this.#fire, Math.max(0, top.due - this.#now()));
  }

  #disarm(): void {
    if (this.#timerDue !== undefined) {
      this.#clearTimer(this.#timer);
      this.#timer = undefined;
      this.#timerDue = undefined;
    }
  }

  /** The timer's turn: runs every task due (armed before the turn began), earliest first. */
  #run(): void {
    this.#timer = undefined;
    this.#timerDue = undefined;
    this.#firing = true;
    const heap = this.#heap;
    const armedBefore = heap.nextOrder;
    let errors: unknown[] | undefined;
    const now = this.#now();
    try {
      for (let top = heap.peek(); top !== undefined && top.due <= now && top.order < armedBefore; top = heap.peek()) {
        heap.shift();
        try {
          top.callback(now);
        } catch (e) {
          (errors ??= []).push(e);
        }
      }
    } finally {
      this.#firing = false;
      this.#arm();
    }
    if (errors !== undefined) {
      for (const e of errors) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}
