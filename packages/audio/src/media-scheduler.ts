/**
 * One timer for many media deadlines: a deadline-ordered queue (a binary min-heap) of tasks armed for
 * absolute times on a monotonic clock, and a single timer armed for the earliest of them. When it
 * fires, every task that is due runs in that one turn, earliest deadline first. Paced senders (and any
 * other per-frame work) share it, so 500 calls cost one timer, not 500 timers the event loop has to
 * order and run one macrotask at a time. Periodic work (a sender's frames, a playout's ticks) is placed
 * at spread phases of its period ({@link MediaScheduler.placePeriodic}), so calls started together
 * still share the period's turns out instead of all falling due in one.
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
  /**
   * Disarms the task: its callback does not run until the next `at`. Also frees the phase the task holds
   * from {@link MediaScheduler.placePeriodic}, for the next task placed. Idempotent.
   */
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
  /** The phase table this task holds a phase of (`placePeriodic`), and which; undefined when none. */
  phases: PhaseTable | undefined;
  phase = 0;

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
    this.release();
  }

  /** Frees the phase this task holds, if any. */
  release(): void {
    if (this.phases !== undefined) {
      this.phases.counts[this.phase]!--;
      this.phases = undefined;
    }
  }

  get deadlineMs(): number | undefined {
    return this.index < 0 ? undefined : this.due;
  }
}

/** Most phases a period is cut into (a period of more than this many ms gets phases wider than 1 ms). */
const MAX_PHASES = 1000;

/**
 * The phases of one period: the period cut into slots about 1 ms wide (the timer's resolution), each
 * counting the tasks placed there. Phase k holds the deadlines `k × widthMs + m × periodMs` of the
 * scheduler's clock (m any integer), the same instants for every task of the period.
 */
class PhaseTable {
  readonly periodMs: number;
  readonly widthMs: number;
  readonly counts: Int32Array;

  constructor(periodMs: number) {
    const n = Math.min(MAX_PHASES, Math.max(1, Math.round(periodMs)));
    this.periodMs = periodMs;
    this.widthMs = periodMs / n;
    this.counts = new Int32Array(n);
  }

  /**
   * The least loaded phase, and its first deadline at or after `nowMs`; among equally loaded phases the
   * soonest, so a task placed alone starts within one phase width.
   */
  choose(nowMs: number): { phase: number; firstMs: number } {
    const { periodMs, widthMs, counts } = this;
    const base = nowMs - (((nowMs % periodMs) + periodMs) % periodMs); // the period's start at or before now
    let phase = 0;
    let firstMs = Infinity;
    let load = Infinity;
    for (let k = 0; k < counts.length; k++) {
      let at = base + k * widthMs;
      if (at < nowMs) {
        at += periodMs;
      }
      const c = counts[k]!;
      if (c < load || (c === load && at < firstMs)) {
        phase = k;
        firstMs = at;
        load = c;
      }
    }
    return { phase, firstMs };
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
 * (from a microtask, an uncaught exception as it would be from its own timer). Periodic tasks started
 * together are spread over their period by {@link MediaScheduler.placePeriodic} (the least loaded of
 * 1 ms phases), so one turn runs a share of them, not all.
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
  /** The phase tables of `placePeriodic`, by period. */
  readonly #phases = new Map<number, PhaseTable>();
  #timer: unknown;
  /** The deadline the timer is armed for (undefined: not armed). */
  #timerDue: number | undefined;
  /** When the timer was armed, on the clock. */
  #timerArmedAt = 0;
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

  /**
   * Places a periodic task at a spread phase of its period and arms it for its first deadline there.
   * The period is cut into phases about 1 ms wide (at most 1000); the task gets the phase fewest
   * tasks of the same period hold (the soonest of those), arms for that phase's first instant at or
   * after now (so up to one period from now; at once, when the phase starts now), and holds the phase
   * until `task.cancel()` (or its next placement). The task keeps its own schedule from there: it re-arms
   * itself for `first + n × periodMs` (absolute deadlines, so the phase never drifts). So 500 senders
   * started in the same millisecond fall due in 20 turns of 25 every 20 ms instead of one turn of 500,
   * as calls started at random times would. Tasks of other periods do not count against the phase.
   * @param task - a task of this scheduler.
   * @param periodMs - the task's period, ms (a frame's duration).
   * @returns the first deadline the task is armed for, on the scheduler's clock.
   * @throws TypeError when `task` is not a task of this scheduler; RangeError for a period that is not a
   *   positive finite number.
   * @example
   * ```ts
   * import { MediaScheduler } from '@voip/audio';
   * const scheduler = new MediaScheduler();
   * const period = 20;
   * const tasks = Array.from({ length: 40 }, () => {
   *   let first = 0;
   *   let n = 0;
   *   const task = scheduler.task(() => task.at(first + ++n * period)); // drift-free: absolute deadlines
   *   first = scheduler.placePeriodic(task, period);
   *   return task;
   * });
   * // 40 tasks on 20 phases of 1 ms: two per turn, not 40 in one.
   * for (const t of tasks) t.cancel(); // frees the phases
   * ```
   */
  placePeriodic(task: MediaTask, periodMs: number): number {
    if (!(task instanceof Entry) || task.heap !== this.#heap) {
      throw new TypeError('placePeriodic takes a task of this scheduler');
    }
    if (typeof periodMs !== 'number' || !Number.isFinite(periodMs) || !(periodMs > 0)) {
      throw new RangeError(`a period must be a positive finite number of ms, got ${String(periodMs)}`);
    }
    task.release();
    let table = this.#phases.get(periodMs);
    if (table === undefined) {
      table = new PhaseTable(periodMs);
      this.#phases.set(periodMs, table);
    }
    const { phase, firstMs } = table.choose(this.#now());
    table.counts[phase]!++;
    task.phases = table;
    task.phase = phase;
    task.at(firstMs);
    return firstMs;
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
    // (a late event loop, or a timer lost to a replaced timer implementation), but then at most once
    // per millisecond: tasks armed one after the other while the event loop is held (500 senders
    // started in one loop) would otherwise each replace a timer that is due anyway.
    const now = this.#now();
    if (this.#timerDue !== undefined && top.due >= this.#timerDue && (this.#timerDue > now || now - this.#timerArmedAt < 1)) {
      return;
    }
    this.#disarm();
    this.#timerDue = top.due;
    this.#timerArmedAt = now;
    this.#timer = this.#setTimer(this.#fire, Math.max(0, top.due - now));
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
