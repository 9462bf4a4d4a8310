import { afterEach, describe, expect, it, vi } from 'vitest';
import { MediaScheduler, PacedSender, PCMU } from '../src/index.js';
import type { MediaTask, PacedFrame } from '../src/index.js';

/** A fake clock and a fake one-shot timer queue: `advance(ms)` moves time and runs what is due. */
function fakeEnvironment(lateness: () => number = () => 0): {
  scheduler: MediaScheduler;
  clock: { t: number };
  advance: (ms: number, stepMs?: number) => void;
  armed: () => number;
  armings: () => number;
} {
  const clock = { t: 1000 };
  let nextId = 1;
  let armings = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const scheduler = new MediaScheduler({
    now: () => clock.t,
    setTimer: (fn, delayMs) => {
      armings++;
      const id = nextId++;
      timers.set(id, { at: clock.t + delayMs + lateness(), fn });
      return id;
    },
    clearTimer: (id) => void timers.delete(id as number),
  });
  // Like a real event loop: a timer armed while timers run (even with delay 0) runs at the next step.
  const runDue = (): void => {
    const due = [...timers].filter(([, x]) => x.at <= clock.t).sort((a, b) => a[1].at - b[1].at);
    for (const [id, x] of due) {
      if (timers.delete(id)) {
        x.fn();
      }
    }
  };
  // Moves the clock to `ms` later, stopping at each timer's time (at most `stepMs` per step) to run it;
  // a timer already due (armed from a timer with delay 0) runs 1 ms later, as time passes in a real loop.
  const advance = (ms: number, stepMs = Infinity): void => {
    const end = clock.t + ms;
    runDue();
    while (clock.t < end) {
      let next = end;
      for (const x of timers.values()) {
        next = Math.min(next, x.at);
      }
      clock.t = Math.min(end, next > clock.t ? Math.min(next, clock.t + stepMs) : clock.t + 1);
      runDue();
    }
  };
  return { scheduler, clock, advance, armed: () => timers.size, armings: () => armings };
}

describe('MediaScheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs tasks in deadline order (ties in arming order), each once per at()', () => {
    const { scheduler, advance } = fakeEnvironment();
    const ran: string[] = [];
    const deadlines: [string, number][] = [['c', 1030], ['a', 1010], ['d', 1030], ['b', 1020], ['e', 1005]];
    for (const [name, at] of deadlines) {
      scheduler.task(() => ran.push(name)).at(at);
    }
    expect(scheduler.size).toBe(5);
    advance(100); // one late turn: everything due at once, still in deadline order
    expect(ran).toEqual(['e', 'a', 'b', 'c', 'd']);
    expect(scheduler.size).toBe(0);
    advance(100);
    expect(ran).toHaveLength(5);
  });

  it('re-arming and cancelling move and remove a task; the timer follows the earliest deadline', () => {
    const { scheduler, advance, armed } = fakeEnvironment();
    const ran: string[] = [];
    const a = scheduler.task(() => ran.push('a'));
    const b = scheduler.task(() => ran.push('b'));
    a.at(1050);
    b.at(1040);
    expect(scheduler.timerDeadlineMs).toBe(1040);
    b.at(1060); // later: a is now first; the timer stays armed early (it re-arms when it fires)
    expect(a.deadlineMs).toBe(1050);
    advance(45);
    expect(ran).toEqual([]);
    expect(scheduler.timerDeadlineMs).toBe(1050);
    a.cancel();
    a.cancel();
    expect(a.deadlineMs).toBeUndefined();
    advance(10);
    expect(ran).toEqual([]);
    expect(scheduler.timerDeadlineMs).toBe(1060);
    expect(armed()).toBe(1);
    b.cancel();
    expect(scheduler.timerDeadlineMs).toBeUndefined();
    expect(armed()).toBe(0); // nothing armed: no timer at all
    advance(200);
    expect(ran).toEqual([]);
    expect(() => a.at(Number.NaN)).toThrow(RangeError);
    expect(() => scheduler.task('x' as unknown as () => void)).toThrow(TypeError);
    expect(() => new MediaScheduler({ now: 5 as unknown as () => number })).toThrow(TypeError);
  });

  it('tasks armed while the event loop is held past the timer\'s deadline re-arm the timer at most once per millisecond', () => {
    const { scheduler, clock, advance, armings, armed } = fakeEnvironment();
    let ran = 0;
    scheduler.task(() => ran++).at(1005);
    expect(armings()).toBe(1);
    clock.t = 1010; // the loop is held (500 senders starting): the timer for 1005 has not run
    for (let i = 0; i < 100; i++) {
      scheduler.task(() => ran++).at(1005 + i);
    }
    expect(armings()).toBe(2); // re-armed once (the armed one may be lost), not 100 times
    clock.t = 1010.5;
    scheduler.task(() => ran++).at(1200);
    expect(armings()).toBe(2);
    clock.t = 1011;
    scheduler.task(() => ran++).at(1200);
    expect(armings()).toBe(3); // a millisecond later: once more
    expect(armed()).toBe(1);
    advance(300);
    expect(ran).toBe(103);
  });

  it('a task re-armed from its callback for a passed deadline runs in the next turn, so a turn ends', () => {
    const { scheduler, advance, clock } = fakeEnvironment();
    let runs = 0;
    const t = scheduler.task(() => {
      runs++;
      t.at(clock.t - 5); // always in the past
    });
    t.at(clock.t);
    advance(10);
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThan(1000);
    t.cancel();
  });

  it('an exception in one task does not stop the others; it is rethrown afterwards', async () => {
    const { scheduler, advance } = fakeEnvironment();
    const ran: string[] = [];
    const uncaught: unknown[] = [];
    const listener = (e: unknown): void => void uncaught.push(e);
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (fn) =>
      original(() => {
        try {
          fn();
        } catch (e) {
          listener(e);
        }
      });
    try {
      scheduler.task(() => ran.push('a')).at(1010);
      scheduler
        .task(() => {
          throw new Error('boom');
        })
        .at(1011);
      scheduler.task(() => ran.push('c')).at(1012);
      advance(20);
      await Promise.resolve();
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(ran).toEqual(['a', 'c']);
    expect(uncaught).toHaveLength(1);
    expect((uncaught[0] as Error).message).toBe('boom');
  });

  it('the default timer is unref\'d: armed, it does not keep the process alive', () => {
    const scheduler = new MediaScheduler();
    const refTimers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = refTimers();
    const t = scheduler.task(() => undefined);
    t.at(scheduler.now() + 60_000);
    expect(scheduler.timerDeadlineMs).toBeDefined();
    expect(refTimers()).toBe(before);
    // The check itself can fail: a ref'd timer is counted.
    const ref = setTimeout(() => undefined, 60_000);
    expect(refTimers()).toBe(before + 1);
    clearTimeout(ref);
    t.cancel();
  });
});

describe('MediaScheduler.placePeriodic', () => {
  /** A periodic task on absolute deadlines from its placed first one; logs (task, deadline, time run). */
  function periodic(
    env: ReturnType<typeof fakeEnvironment>,
    period: number,
    log: { task: number; deadline: number; at: number }[],
    id: number,
  ): { task: MediaTask; first: number } {
    let n = 0;
    let first = 0;
    const task = env.scheduler.task((now) => {
      log.push({ task: id, deadline: first + n * period, at: now });
      task.at(first + ++n * period);
    });
    first = env.scheduler.placePeriodic(task, period);
    return { task, first };
  }

  it('spreads 500 tasks placed in the same millisecond over the 20 phases of 20 ms: 25 a turn, not 500', () => {
    const env = fakeEnvironment();
    const log: { task: number; deadline: number; at: number }[] = [];
    const t0 = env.clock.t + 0.25; // not on a phase boundary
    env.clock.t = t0;
    const placed = Array.from({ length: 500 }, (_, i) => periodic(env, 20, log, i));
    const counts = new Array<number>(20).fill(0);
    for (const { first } of placed) {
      expect(first).toBeGreaterThanOrEqual(t0);
      expect(first).toBeLessThan(t0 + 20);
      expect(Number.isInteger(first)).toBe(true); // phases are the same instants for every task
      counts[first % 20]!++;
    }
    expect(counts).toEqual(new Array<number>(20).fill(25));
    // The first 20 take the 20 phases soonest first; the next 20 do the same again.
    expect(placed.slice(0, 20).map((p) => p.first)).toEqual(Array.from({ length: 20 }, (_, k) => Math.ceil(t0) + k));
    expect(placed.slice(20, 40).map((p) => p.first)).toEqual(placed.slice(0, 20).map((p) => p.first));
    expect(env.armed()).toBe(1);
    env.advance(1000);
    expect(env.armed()).toBe(1); // still one timer for 500 tasks
    const perTurn = new Map<number, number>();
    for (const e of log) {
      perTurn.set(e.at, (perTurn.get(e.at) ?? 0) + 1);
      expect(e.at).toBe(e.deadline); // the fake timer runs each turn on time
    }
    expect(Math.max(...perTurn.values())).toBe(25);
    expect(log.length).toBe(500 * 50);
    for (const { task } of placed) {
      task.cancel();
    }
    expect(env.armed()).toBe(0);
  });

  it('keeps every task on its phase for 10 simulated minutes with a late, jittery timer (no drift)', () => {
    let x = 99;
    const late = (): number => {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      return x % 6;
    };
    const env = fakeEnvironment(late);
    const log: { task: number; deadline: number; at: number }[] = [];
    const placed = Array.from({ length: 40 }, (_, i) => periodic(env, 20, log, i));
    const t0 = env.clock.t;
    env.advance(600_000);
    const byTask = placed.map(() => [] as { deadline: number; at: number }[]);
    for (const e of log) {
      byTask[e.task]!.push(e);
    }
    placed.forEach(({ first }, i) => {
      const mine = byTask[i]!;
      // A late timer runs a task late (up to 5 ms here), never drifts it: run n is on first + 20 n.
      expect(mine.every((e, n) => e.deadline === first + 20 * n && e.at >= e.deadline && e.at - e.deadline < 6)).toBe(true);
      expect(mine.length).toBeGreaterThanOrEqual(Math.floor((env.clock.t - first) / 20));
      expect(mine.at(-1)!.deadline % 20).toBe(first % 20);
    });
    expect(new Set(placed.map((p) => p.first % 20)).size).toBe(20);
    expect(env.clock.t - t0).toBe(600_000);
  });

  it('a cancelled task frees its phase for the next one placed; placing again moves a task; other periods do not count', () => {
    const env = fakeEnvironment(); // clock at 1000: phase k of 20 ms is at 1000 + k
    const log: { task: number; deadline: number; at: number }[] = [];
    const placed = Array.from({ length: 40 }, (_, i) => periodic(env, 20, log, i)); // two on each phase
    const victim = placed.find((p) => p.first === 1007)!;
    victim.task.cancel();
    expect(victim.task.deadlineMs).toBeUndefined();
    // The freed phase is the only one with one task: the next task goes there, though not the soonest.
    const next = periodic(env, 20, log, 40);
    expect(next.first).toBe(1007);
    // Now all phases hold two: the soonest again.
    expect(periodic(env, 20, log, 41).first).toBe(1000);
    // Placing a placed task again frees its old phase first (it does not count twice).
    expect(env.scheduler.placePeriodic(next.task, 20)).toBe(1007);
    // A period of its own: 30 ms has 30 phases, none taken, so the soonest: now (phase 10, 990 + 10).
    const other = env.scheduler.task(() => undefined);
    expect(env.scheduler.placePeriodic(other, 30)).toBe(1000);
    // A lone task between phases starts at the next one, within a millisecond.
    const fresh = fakeEnvironment();
    fresh.clock.t = 5000.4;
    expect(fresh.scheduler.placePeriodic(fresh.scheduler.task(() => undefined), 20)).toBe(5001);
  });

  it('rejects a task of another scheduler and a period that is not a positive finite number', () => {
    const a = fakeEnvironment().scheduler;
    const b = fakeEnvironment().scheduler;
    const task = a.task(() => undefined);
    expect(() => b.placePeriodic(task, 20)).toThrow(TypeError);
    expect(() => a.placePeriodic({ at: () => undefined, cancel: () => undefined, deadlineMs: undefined }, 20)).toThrow(TypeError);
    for (const bad of [0, -20, Number.NaN, Infinity, '20' as unknown as number]) {
      expect(() => a.placePeriodic(task, bad)).toThrow(RangeError);
    }
    expect(task.deadlineMs).toBeUndefined();
  });
});

describe('PacedSenders on one scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const silence = new Int16Array(160 * 3000);

  it('many senders, one timer: 200 senders started at different times send in deadline order', () => {
    const { scheduler, advance, armed, clock } = fakeEnvironment();
    const log: { sender: number; at: number; ideal: number; deadline: number }[] = [];
    const senders: PacedSender[] = [];
    const starts: number[] = [];
    const firsts: number[] = [];
    for (let i = 0; i < 200; i++) {
      let n = 0;
      const s = new PacedSender({
        codec: PCMU,
        scheduler,
        idle: 'silence',
        send: (f) => {
          const first = (firsts[i] ??= f.deadlineMs);
          log.push({ sender: i, at: clock.t, ideal: first + 20 * n++, deadline: f.deadlineMs });
        },
      });
      senders.push(s);
    }
    for (let i = 0; i < 200; i++) {
      starts.push(clock.t);
      senders[i]!.start();
      if (i % 10 === 9) {
        advance(1); // starts spread over 20 ms
      }
      expect(armed()).toBe(1);
    }
    expect(scheduler.size).toBe(200);
    advance(1000);
    expect(armed()).toBe(1);
    // Every frame on its deadline (the fake timer runs at each 1 ms step), the deadline that of its
    // slot (first + 20 n), and in deadline order; each sender's first frame within a period of its start.
    expect(log.every((f) => f.at === f.ideal && f.deadline === f.ideal)).toBe(true);
    const ideals = log.map((f) => f.ideal);
    expect(ideals).toEqual([...ideals].sort((a, b) => a - b));
    for (let i = 0; i < 200; i++) {
      expect(firsts[i]! - starts[i]!).toBeGreaterThanOrEqual(0);
      expect(firsts[i]! - starts[i]!).toBeLessThan(20);
      expect(log.filter((f) => f.sender === i)).toHaveLength(Math.floor((clock.t - firsts[i]!) / 20) + 1);
    }
    // 200 senders on 20 phases of 1 ms: 10 on each.
    const perPhase = new Array<number>(20).fill(0);
    for (const f of firsts) {
      perPhase[f % 20]!++;
    }
    expect(perPhase).toEqual(new Array<number>(20).fill(10));
    for (const s of senders) {
      s.stop();
    }
    expect(scheduler.size).toBe(0);
    expect(armed()).toBe(0);
  });

  it('drift-free over a long simulated run with a late, jittery timer: frame n of every sender at first + 20 n', () => {
    // A timer that fires 0..7 ms late (pseudo-random), the way a loaded event loop does.
    let x = 12345;
    const late = (): number => {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      return x % 8;
    };
    const { scheduler, clock, advance, armings } = fakeEnvironment(late);
    const frames: { sender: number; ts: number; seq: number; at: number; deadline: number }[] = [];
    const senders = Array.from(
      { length: 10 },
      (_, i) =>
        new PacedSender({
          codec: PCMU,
          scheduler,
          idle: 'silence',
          sequenceNumber: 0,
          timestamp: 0,
          send: (f: PacedFrame) => void frames.push({ sender: i, ts: f.timestamp, seq: f.sequenceNumber, at: clock.t, deadline: f.deadlineMs }),
        }),
    );
    const t0 = clock.t;
    for (const s of senders) {
      s.write(silence);
      s.start();
    }
    advance(600_000); // 10 simulated minutes
    for (const s of senders) {
      s.stop();
    }
    // After 10 minutes each sender sent every slot: no drift, no skipped frame (lateness < maxBurst × ptime).
    const slots = Math.floor((clock.t - t0) / 20) + 1;
    const phases = new Set<number>();
    for (let i = 0; i < 10; i++) {
      const mine = frames.filter((f) => f.sender === i);
      const first = mine[0]!.deadline;
      expect(first - t0).toBeGreaterThanOrEqual(0);
      expect(first - t0).toBeLessThan(20);
      phases.add(first % 20);
      expect(mine.length).toBeGreaterThanOrEqual(slots - 2);
      expect(mine.length).toBeLessThanOrEqual(slots);
      expect(mine.every((f, n) => f.ts === ((n * 160) >>> 0) && f.seq === (n & 0xffff))).toBe(true);
      // Each frame within the timer's lateness (0..7 ms) of its absolute deadline, however long the run.
      expect(mine.every((f, n) => f.deadline === first + 20 * n && f.at - f.deadline >= 0 && f.at - f.deadline < 8)).toBe(true);
      expect(senders[i]!.stats.slotsSkipped).toBe(0);
    }
    expect(phases.size).toBe(10); // ten senders started together, on ten phases
    // One timer, armed at most once per occupied phase per period (10 phases here: the price of
    // spreading), never once per frame.
    expect(armings()).toBeLessThan(10 * slots + 10);
  });

  it('a stopped sender is never run again, and a flushed one keeps its slot but sends nothing (idle none)', () => {
    const { scheduler, advance } = fakeEnvironment();
    const sent = [0, 0, 0];
    const senders = sent.map(
      (_, i) => new PacedSender({ codec: PCMU, scheduler, send: () => void sent[i]!++, idle: i === 2 ? 'none' : 'silence' }),
    );
    senders[2]!.write(silence);
    for (const s of senders) {
      s.start();
    }
    advance(95); // frames at 0..80: 5 each
    expect(sent).toEqual([5, 5, 5]);
    senders[0]!.stop();
    senders[2]!.flush();
    expect(scheduler.size).toBe(2);
    advance(200);
    expect(sent).toEqual([5, 15, 5]);
    expect(senders[2]!.stats.slotsSkipped).toBe(10);
  });

  it('by default every sender shares MediaScheduler.shared: one timer for 100 senders (fake timers)', () => {
    vi.useFakeTimers();
    const counts: number[] = [];
    const firsts: number[] = [];
    const senders = Array.from({ length: 100 }, (_, i) => new PacedSender({ codec: PCMU, idle: 'silence', send: (f) => void (firsts[i] ??= f.deadlineMs) }));
    for (const s of senders) {
      s.start();
      counts.push(vi.getTimerCount());
    }
    expect(MediaScheduler.shared.size).toBe(100);
    expect(Math.max(...counts)).toBe(1);
    const t0 = performance.now();
    vi.advanceTimersByTime(1000);
    expect(vi.getTimerCount()).toBe(1);
    // Each sender placed at one of 20 phases: 5 per phase, every slot of its own schedule sent.
    expect(senders.every((s, i) => s.stats.framesSent === Math.floor((t0 + 1000 - firsts[i]!) / 20) + 1)).toBe(true);
    expect(new Set(firsts.map((f) => f % 20)).size).toBe(20);
    for (const s of senders) {
      s.stop();
    }
    expect(vi.getTimerCount()).toBe(0);
    // A private scheduler (or a sender's own clock) is its own timer.
    const own = new PacedSender({ codec: PCMU, idle: 'silence', send: () => undefined, scheduler: new MediaScheduler() });
    const clocked = new PacedSender({ codec: PCMU, idle: 'silence', send: () => undefined, now: () => performance.now() });
    own.start();
    clocked.start();
    expect(vi.getTimerCount()).toBe(2);
    own.stop();
    clocked.stop();
    expect(() => new PacedSender({ codec: PCMU, send: () => undefined, scheduler: {} as MediaScheduler })).toThrow(TypeError);
  });
});
