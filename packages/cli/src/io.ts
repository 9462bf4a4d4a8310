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
  /** Standard input, for commands given `-` as their input file. */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
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
 * @param options - `isTTY` (default false), an optional abort `signal`, and what stdin holds
 * @returns the io, with `out()` and `err()` to read what was written
 * @example
 * ```ts
 * import { captureIo, runCli } from '@voip/cli';
 * const io = captureIo();
 * await runCli(['--help'], io);
 * console.log(io.out());
 * ```
 */
export function captureIo(options: { isTTY?: boolean; signal?: AbortSignal; stdin?: string | Uint8Array } = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  const io: CapturedIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    isTTY: options.isTTY ?? false,
    out: () => out.join(''),
    err: () => err.join(''),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.stdin === undefined ? {} : { stdin: oneChunk(options.stdin) }),
  };
  return io;
}

async function* oneChunk(data: string | Uint8Array): AsyncGenerator<Uint8Array | string> {
  await Promise.resolve();
  yield data;
}

/**
 * Reads all of stdin as text.
 * @param io - the io, whose `stdin` is read
 * @returns the text
 * @throws {Error} when the io has no stdin
 */
export async function readStdinText(io: CliIo): Promise<string> {
  if (io.stdin === undefined) {
    throw new Error('no standard input available');
  }
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of io.stdin) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}
