/**
 * Where a command writes: stdout, stderr, and whether stderr is a terminal (for the progress line).
 * Tests pass a capturing {@link CliIo}; the bin passes the process streams.
 * @module
 */

/** A text sink, like a `node:stream` Writable. */
export interface TextSink {
  /** Writes text as is (no newline added). */
  write(text: string): unknown;
}

/** The streams a command writes to, and the signals it may listen to. */
export interface CliIo {
  /** Results: reports, JSON, hex output. */
  readonly stdout: TextSink;
  /** Diagnostics: progress, warnings, per-packet verdicts. */
  readonly stderr: TextSink;
  /** True when stderr is a terminal: the progress line redraws itself with `\r`. */
  readonly isTTY: boolean;
  /** Aborted on SIGINT/SIGTERM by the bin; commands that run until stopped watch it. */
  readonly signal?: AbortSignal;
}

/** An in-memory {@link CliIo} and what was written to it. */
export interface CapturedIo extends CliIo {
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
}

/**
 * Creates a {@link CliIo} that records what a command prints, for tests and embedding.
 * @param options - `isTTY` (default false) and an optional abort `signal`
 * @returns the io, with `out()` and `err()` to read what was written
 * @example
 * ```ts
 * const io = captureIo();
 * await runCli(['--help'], io);
 * console.log(io.out());
 * ```
 */
export function captureIo(options: { isTTY?: boolean; signal?: AbortSignal } = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  const io: CapturedIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    isTTY: options.isTTY ?? false,
    out: () => out.join(''),
    err: () => err.join(''),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  return io;
}
