/**
 * Writes a classic pcap file record by record, buffered, to a file descriptor.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { CliError, describeFsError } from '../errors.js';
import { serializePcapHeader, serializePcapRecord } from './pcap-file.js';

/**
 * A pcap file being written.
 *
 * @example
 * ```ts
 * import { LinkType, PcapWriter } from '@voip/cli';
 * declare const seconds: number, nanoseconds: number, frame: Uint8Array;
 * const w = PcapWriter.create('out.pcap', LinkType.ETHERNET);
 * w.write(seconds, nanoseconds, frame);
 * w.close();
 * ```
 */
export class PcapWriter {
  readonly #fd: number;
  readonly #path: string;
  readonly #nanosecond: boolean;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #closed = false;

  private constructor(fd: number, path: string, nanosecond: boolean) {
    this.#fd = fd;
    this.#path = path;
    this.#nanosecond = nanosecond;
  }

  /**
   * Creates (or truncates) `path` and writes the file header.
   * @param path - the file
   * @param linkType - link type of every record
   * @param nanosecond - nanosecond timestamps
   * @returns the writer
   * @throws {CliError} `IO` when the file cannot be created
   */
  static create(path: string, linkType: number, nanosecond = false): PcapWriter {
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (e) {
      throw new CliError('IO', describeFsError(e, path, 'write'), { cause: e });
    }
    const w = new PcapWriter(fd, path, nanosecond);
    w.#append(serializePcapHeader(linkType, nanosecond));
    return w;
  }

  /**
   * Appends one record.
   * @param seconds - timestamp seconds
   * @param nanoseconds - within the second
   * @param frame - the frame bytes (copied)
   * @param originalLength - on-the-wire length, default the frame's
   */
  write(seconds: number, nanoseconds: number, frame: Uint8Array, originalLength?: number): void {
    this.#append(serializePcapRecord(seconds, nanoseconds, frame, this.#nanosecond, originalLength));
  }

  #append(bytes: Uint8Array): void {
    if (this.#closed) {
      throw new Error('PcapWriter is closed');
    }
    this.#chunks.push(bytes);
    this.#buffered += bytes.length;
    if (this.#buffered >= 1 << 20) {
      this.flush();
    }
  }

  /** Writes buffered records to the file. */
  flush(): void {
    try {
      for (const c of this.#chunks) {
        let off = 0;
        while (off < c.length) {
          off += writeSync(this.#fd, c, off, c.length - off);
        }
      }
    } catch (e) {
      throw new CliError('IO', describeFsError(e, this.#path, 'write'), { cause: e });
    }
    this.#chunks = [];
    this.#buffered = 0;
  }

  /** Flushes and closes the file; a second call does nothing. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.flush();
    this.#closed = true;
    closeSync(this.#fd);
  }
}
