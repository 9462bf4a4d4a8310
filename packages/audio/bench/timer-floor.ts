/**
 * The schedule bench's floor outside Node: bench/timer-floor.c, a tiny C program sleeping to absolute
 * deadlines (`clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)`) every period for some seconds, built
 * with the system `cc` into a temporary directory at bench time. Where no C compiler exists (or the
 * build fails) the reason is returned instead and the bench leaves the row out.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How late a run's events were against their own deadlines (frames sent, timers fired, wake-ups), ms. */
export interface LatenessFigures {
  /** Events counted. */
  readonly frames: number;
  readonly meanMs: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly worstMs: number;
  /** Events more than 5 ms late. */
  readonly over5Ms: number;
}

/** What the C program printed: its lateness against each absolute deadline (its wake-ups are the events). */
export interface NativeFloor extends LatenessFigures {
  /** The CPU it was pinned to, -1 for none. */
  readonly cpu: number;
  readonly periodMs: number;
  readonly seconds: number;
  /** The worst wake-up's deadline, CLOCK_MONOTONIC ms (`process.hrtime` on Linux). */
  readonly worstAtMonotonicMs: number;
  readonly startMonotonicMs: number;
  /** Stalls over 2 ms (wake-ups that late for a deadline not yet passed at the previous wake-up). */
  readonly stallCount: number;
  /** The 64 longest of them, each [deadline, lateness] (its first late wake-up), ms, in no order. */
  readonly stalls: readonly (readonly [number, number])[];
}

/** The built program, or why there is none. */
export type TimerFloorBinary = { readonly binary: string; readonly dispose: () => void } | { readonly reason: string };

/** Builds bench/timer-floor.c with `cc -O2` into a new temporary directory. */
export function buildTimerFloor(): TimerFloorBinary {
  const dir = mkdtempSync(join(tmpdir(), 'voip-timer-floor-'));
  const binary = join(dir, 'timer-floor');
  try {
    execFileSync('cc', ['-O2', '-o', binary, fileURLToPath(new URL('./timer-floor.c', import.meta.url))], { stdio: 'pipe' });
    return { binary, dispose: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const e = error as { code?: string; message?: string; stderr?: Buffer };
    const why = e.code === 'ENOENT' ? 'no C compiler (`cc` not found)' : `cc failed: ${(e.stderr?.toString() || e.message || String(error)).split('\n')[0]}`;
    return { reason: why };
  }
}

/**
 * Runs the built program for `seconds` at `periodMs` (pinned to CPU `cpu` when given); resolves its
 * figures, or the reason it gave none (never rejects: the floor is an extra row, not a condition of the bench).
 */
export function runTimerFloor(bin: TimerFloorBinary, periodMs: number, seconds: number, cpu?: number): Promise<NativeFloor | string> {
  if (!('binary' in bin)) {
    return Promise.resolve(bin.reason);
  }
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    const args = [String(Math.round(periodMs * 1000)), String(seconds), ...(cpu === undefined ? [] : [String(cpu)])];
    const child = spawn(bin.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => resolve(`could not run it: ${e.message}`));
    child.on('close', (code) => {
      try {
        resolve(code === 0 ? (JSON.parse(out) as NativeFloor) : `it exited with ${String(code)}: ${err.trim()}`);
      } catch {
        resolve(`unreadable output: ${out.slice(0, 200)}`);
      }
    });
  });
}

/**
 * Runs one program pinned to each CPU (up to 8), side by side: a stall of one CPU of a virtual machine
 * shows only to what runs on that CPU, and the Node process measured may run on any of them.
 */
export function runTimerFloorPerCpu(bin: TimerFloorBinary, periodMs: number, seconds: number): Promise<(NativeFloor | string)[]> {
  const cpus = Math.min(8, availableParallelism());
  return Promise.all(Array.from({ length: cpus }, (_, cpu) => runTimerFloor(bin, periodMs, seconds, cpu)));
}

/** `performance.now()` ms to CLOCK_MONOTONIC ms (the clock the C program prints; both are uv_hrtime on Linux). */
export function monotonicOf(perfMs: number): number {
  return Number(process.hrtime.bigint()) / 1e6 - performance.now() + perfMs;
}
