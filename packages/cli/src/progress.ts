/**
 * The live progress line: on a terminal, one line redrawn in place with `\r`; elsewhere (pipes, CI
 * logs) an occasional plain line, so logs stay readable.
 * @module
 */
import type { CliIo } from './io.js';

/** Options of {@link ProgressLine}. */
export interface ProgressLineOptions {
  /** Minimum milliseconds between two redraws on a terminal (default 100). */
  readonly ttyIntervalMs?: number;
  /** Milliseconds between two plain lines when not a terminal; 0 prints nothing (default 0). */
  readonly plainIntervalMs?: number;
  /** Clock, for tests (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * A progress line on stderr.
 *
 * @example
 * ```ts
 * import type { CliIo } from '@voip/cli';
 * import { ProgressLine } from './progress.js';
 * declare const io: CliIo;
 * const p = new ProgressLine(io);
 * p.update('12 %'); p.done();
 * ```
 */
export class ProgressLine {
  readonly #io: CliIo;
  readonly #interval: number;
  readonly #now: () => number;
  #last = Number.NEGATIVE_INFINITY;
  #shown = false;
  #pending: string | undefined;

  /**
   * @param io - where to draw (stderr), and whether it is a terminal
   * @param options - redraw intervals
   */
  constructor(io: CliIo, options: ProgressLineOptions = {}) {
    this.#io = io;
    this.#interval = io.isTTY ? (options.ttyIntervalMs ?? 100) : (options.plainIntervalMs ?? 0);
    this.#now = options.now ?? Date.now;
  }

  /**
   * Shows `text` now if the last redraw is old enough, else remembers it for the next.
   * @param text - one line, without newline
   * @param force - draw even if the interval has not passed
   */
  update(text: string, force = false): void {
    if (!this.#io.isTTY && this.#interval === 0) {
      return;
    }
    const now = this.#now();
    if (!force && now - this.#last < this.#interval) {
      this.#pending = text;
      return;
    }
    this.#last = now;
    this.#pending = undefined;
    if (this.#io.isTTY) {
      this.#io.stderr.write(`\r${text}\x1b[K`);
      this.#shown = true;
    } else {
      this.#io.stderr.write(`${text}\n`);
    }
  }

  /** Clears the line on a terminal so the next output starts at column 0. */
  clear(): void {
    if (this.#io.isTTY && this.#shown) {
      this.#io.stderr.write('\r\x1b[K');
      this.#shown = false;
    }
  }

  /**
   * Draws the final state (if given) and ends the line.
   * @param text - the last state to show
   */
  done(text?: string): void {
    const last = text ?? this.#pending;
    if (last !== undefined) {
      this.update(last, true);
    }
    if (this.#io.isTTY && this.#shown) {
      this.#io.stderr.write('\n');
      this.#shown = false;
    }
  }
}

/**
 * A text bar like `[#####.....]  50.0 %`.
 * @param done - units done
 * @param total - total units (0 or unknown shows only the count)
 * @param width - bar width in characters
 * @returns the bar
 * @example
 * ```ts
 * import { formatBar } from './progress.js';
 * formatBar(1, 4, 8); // "[##......]  25.0 %"
 * ```
 */
export function formatBar(done: number, total: number, width = 24): string {
  if (!(total > 0)) {
    return `${done}`;
  }
  const ratio = Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)} %`;
}

/**
 * Formats a byte count for people: `512 B`, `1.5 MiB`.
 * @param n - bytes
 * @returns the text
 * @example
 * ```ts
 * import { formatBytes } from './progress.js';
 * formatBytes(1536); // "1.5 KiB"
 * ```
 */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u] ?? ''}`;
}
