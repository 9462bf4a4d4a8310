/**
 * Hex output, one datagram per line, written as it is produced (a large capture never sits in memory
 * as text): batched, to stdout (waiting for `drain` when the reader is slow) or to a file.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { CliError, describeFsError } from './errors.js';
import type { TextSink } from './io.js';
import { toHex } from './hex-io.js';

const BATCH = 1000;

/**
 * Collects hex lines and writes them in batches.
 *
 * @example
 * ```ts
 * import type { CliIo } from '@voip/cli';
 * import { HexSink } from './hex-sink.js';
 * declare const io: CliIo;
 * declare const packet: Uint8Array;
 * const sink = HexSink.toText(io.stdout);
 * await sink.push(packet);
 * await sink.close();
 * ```
 */
export class HexSink {
  readonly #write: (text: string) => Promise<void>;
  readonly #close: () => void;
  #lines: string[] = [];

  private constructor(write: (text: string) => Promise<void>, close: () => void) {
    this.#write = write;
    this.#close = close;
  }

  /**
   * Writes to a text stream such as stdout, honouring its backpressure when it has `once('drain')`.
   * @param sink - the stream
   * @returns the hex sink
   */
  static toText(sink: TextSink): HexSink {
    const withDrain = sink as TextSink & { once?: (event: 'drain', f: () => void) => unknown };
    return new HexSink(async (text) => {
      if (sink.write(text) === false && typeof withDrain.once === 'function') {
        await new Promise<void>((resolve) => withDrain.once?.('drain', resolve));
      }
    }, () => undefined);
  }

  /**
   * Writes to a file (created or truncated now).
   * @param path - the file
   * @returns the hex sink
   * @throws {CliError} `IO` when the file cannot be created
   */
  static toFile(path: string): HexSink {
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (e) {
      throw new CliError('IO', describeFsError(e, path, 'write'), { cause: e });
    }
    return new HexSink(
      (text) => {
        try {
          writeSync(fd, text);
        } catch (e) {
          throw new CliError('IO', describeFsError(e, path, 'write'), { cause: e });
        }
        return Promise.resolve();
      },
      () => closeSync(fd),
    );
  }

  /**
   * Adds one datagram.
   * @param bytes - the datagram
   * @returns resolves once a full batch, if any, is written
   */
  async push(bytes: Uint8Array): Promise<void> {
    this.#lines.push(toHex(bytes));
    if (this.#lines.length >= BATCH) {
      await this.flush();
    }
  }

  /** Writes what is batched. */
  async flush(): Promise<void> {
    if (this.#lines.length > 0) {
      const text = `${this.#lines.join('\n')}\n`;
      this.#lines = [];
      await this.#write(text);
    }
  }

  /** Flushes and closes a file. */
  async close(): Promise<void> {
    await this.flush();
    this.#close();
  }
}
