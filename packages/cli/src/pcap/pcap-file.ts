/**
 * Classic libpcap capture files (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html):
 * a 24-byte file header, then records of a 16-byte header and the captured bytes. Reads both byte
 * orders and both microsecond (0xa1b2c3d4) and nanosecond (0xa1b23c4d) magics, streaming, so a
 * 2 GB capture never sits in memory at once; writes little-endian microsecond or nanosecond files.
 * @module
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CliError, describeFsError } from '../errors.js';
import { ByteQueue } from './byte-queue.js';
import { MAX_RECORD_BYTES, PCAPNG_MAGIC, PCAP_MAGIC_NS as MAGIC_NS, PCAP_MAGIC_US as MAGIC_US, type PcapRecord } from './capture-format.js';
import { PcapngParser } from './pcapng.js';

export type { PcapRecord } from './capture-format.js';

/** Link types (https://www.tcpdump.org/linktypes.html) the reader decodes. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** The file header's fields that matter. */
export interface PcapHeader {
  readonly littleEndian: boolean;
  readonly nanosecond: boolean;
  readonly snapLength: number;
  readonly linkType: number;
}

/**
 * Parses the 24-byte file header.
 * @param b - at least 24 bytes
 * @returns the header
 * @throws {CliError} `BAD_INPUT` for pcapng or an unknown magic
 */
export function parsePcapHeader(b: Uint8Array): PcapHeader {
  if (b.length < 24) {
    throw new CliError('BAD_INPUT', `not a pcap file: ${b.length} bytes, need a 24-byte header`);
  }
  const view = new DataView(b.buffer, b.byteOffset, 24);
  const be = view.getUint32(0, false);
  const le = view.getUint32(0, true);
  let littleEndian: boolean;
  let nanosecond: boolean;
  if (be === MAGIC_US || be === MAGIC_NS) {
    littleEndian = false;
    nanosecond = be === MAGIC_NS;
  } else if (le === MAGIC_US || le === MAGIC_NS) {
    littleEndian = true;
    nanosecond = le === MAGIC_NS;
  } else if (be === PCAPNG_MAGIC) {
    throw new CliError('BAD_INPUT', 'this is a pcapng file: read it with PcapParser (or readPcapFile), which reads both');
  } else {
    throw new CliError('BAD_INPUT', `not a pcap file: magic 0x${be.toString(16).padStart(8, '0')}`);
  }
  return {
    littleEndian,
    nanosecond,
    snapLength: view.getUint32(16, littleEndian),
    linkType: view.getUint32(20, littleEndian) & 0x0fffffff, // upper bits: FCS length flags
  };
}

/**
 * Incremental parser: feed it chunks in order, get back the complete records.
 *
 * @example
 * ```ts
 * import { PcapParser } from '@voip/cli';
 * declare const bytes: Uint8Array;
 * const p = new PcapParser();
 * for (const r of p.push(bytes)) console.log(r.timestampMicros, r.data.length);
 * ```
 */
export class PcapParser {
  /** The file header, once 24 bytes have arrived. */
  header: PcapHeader | undefined;
  #queue = new ByteQueue();
  #ng: PcapngParser | undefined;

  /**
   * Adds the next chunk of the file (classic pcap, or pcapng: detected from the first bytes). Bytes
   * are buffered by reference and copied at most once, when a record spans chunks.
   * @param chunk - the next bytes (kept by reference; do not reuse the buffer)
   * @returns the records completed by this chunk
   * @throws {CliError} `BAD_INPUT` on a bad header, or a record claiming more than 256 KiB
   * (`MAX_RECORD_BYTES`) or a bad timestamp fraction, naming the record's byte offset
   */
  push(chunk: Uint8Array): PcapRecord[] {
    if (this.#ng !== undefined) {
      return this.#pushNg(chunk);
    }
    const q = this.#queue;
    q.push(chunk);
    if (this.header === undefined) {
      const magic = q.length >= 4 ? q.peek(4) : undefined;
      if (magic !== undefined && new DataView(magic.buffer, magic.byteOffset, 4).getUint32(0, false) === PCAPNG_MAGIC) {
        this.#ng = new PcapngParser();
        return this.#pushNg(q.take(q.length));
      }
      if (q.length < 24) {
        return [];
      }
      this.header = parsePcapHeader(q.take(24));
    }
    const { littleEndian, nanosecond, linkType } = this.header;
    const out: PcapRecord[] = [];
    while (q.length >= 16) {
      const head = q.peek(16);
      const view = new DataView(head.buffer, head.byteOffset, 16);
      const seconds = view.getUint32(0, littleEndian);
      const frac = view.getUint32(4, littleEndian);
      const included = view.getUint32(8, littleEndian);
      const originalLength = view.getUint32(12, littleEndian);
      if (included > MAX_RECORD_BYTES) {
        throw new CliError(
          'BAD_INPUT',
          `corrupt pcap record at byte ${q.consumed}: it claims ${included} captured bytes, more than the ${MAX_RECORD_BYTES} a record may hold`,
        );
      }
      if (nanosecond ? frac >= 1e9 : frac >= 1e6) {
        throw new CliError('BAD_INPUT', `corrupt pcap record at byte ${q.consumed}: timestamp fraction ${frac}`);
      }
      if (q.length < 16 + included) {
        break;
      }
      const data = q.take(16 + included).subarray(16);
      const nanoseconds = nanosecond ? frac : frac * 1000;
      out.push({
        seconds,
        nanoseconds,
        timestampMicros: seconds * 1e6 + Math.floor(nanoseconds / 1000),
        originalLength,
        linkType,
        nanosecond,
        data,
      });
    }
    return out;
  }

  /** Bytes left over that did not make a whole record (a truncated capture). */
  get trailingBytes(): number {
    return this.#ng?.trailingBytes ?? this.#queue.length;
  }

  /** True when the file is pcapng rather than classic pcap. */
  get isPcapng(): boolean {
    return this.#ng !== undefined;
  }

  #pushNg(chunk: Uint8Array): PcapRecord[] {
    const ng = this.#ng as PcapngParser;
    const records = ng.push(chunk);
    if (this.header === undefined && ng.firstLinkType !== undefined) {
      const first = records[0];
      this.header = { littleEndian: true, nanosecond: first?.nanosecond ?? false, snapLength: 0, linkType: ng.firstLinkType };
    }
    return records;
  }
}

/** A pcap arriving as a stream (stdin): chunks in order, and a name for messages. */
export interface PcapStreamSource {
  readonly stream: AsyncIterable<Uint8Array | string>;
  readonly name: string;
}

/** Options of {@link readPcapFile}. */
export interface ReadPcapOptions {
  /** Called after each chunk with bytes read so far and the file size. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Chunk size in bytes (default 1 MiB). */
  readonly chunkSize?: number;
  /** Called at the end when the file stops inside a record (a capture cut short): the bytes ignored. */
  readonly onTrailingBytes?: (bytes: number) => void;
}

/**
 * Streams the records of a pcap file (or of a stream such as stdin), a chunk at a time.
 * @param source - the file path, or a stream with a name for messages
 * @param options - progress callback and chunk size
 * @returns an async iterator of records; `header` is known after the first record
 * @throws {CliError} `IO` when the file cannot be read; `BAD_INPUT` when it is not pcap
 * @example
 * ```ts
 * import { readPcapFile } from '@voip/cli';
 * for await (const r of readPcapFile('call.pcap')) console.log(r.linkType, r.data.length);
 * ```
 */
export async function* readPcapFile(
  source: string | PcapStreamSource,
  options: ReadPcapOptions = {},
): AsyncGenerator<PcapRecord, { trailingBytes: number }> {
  let total = 0;
  const path = typeof source === 'string' ? source : source.name;
  if (typeof source === 'string') {
    try {
      const s = await stat(source);
      if (s.isDirectory()) {
        throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      }
      total = s.size;
    } catch (e) {
      throw new CliError('IO', describeFsError(e, source), { cause: e });
    }
  }
  const parser = new PcapParser();
  const file = typeof source === 'string' ? createReadStream(source, { highWaterMark: options.chunkSize ?? 1 << 20 }) : undefined;
  const chunks: AsyncIterable<Uint8Array | string> = file ?? (source as PcapStreamSource).stream;
  let done = 0;
  try {
    for await (const chunk of chunks) {
      if (typeof chunk === 'string') {
        throw new CliError('BAD_INPUT', `not a pcap file: "${path}" is a text stream`);
      }
      done += chunk.length;
      // A fresh view per chunk: records keep views into it, so the buffer must not be reused.
      const records = parser.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      options.onProgress?.(done, total);
      yield* records;
    }
  } catch (e) {
    if (e instanceof CliError) {
      throw e;
    }
    throw new CliError('IO', describeFsError(e, path), { cause: e });
  } finally {
    file?.destroy();
  }
  if (parser.header === undefined && !parser.isPcapng) {
    throw new CliError('BAD_INPUT', `not a pcap file: "${path}" has ${done} bytes, need a 24-byte header`);
  }
  if (parser.trailingBytes > 0) {
    options.onTrailingBytes?.(parser.trailingBytes);
  }
  return { trailingBytes: parser.trailingBytes };
}

/**
 * Builds a pcap file header (little-endian).
 * @param linkType - the link type of every record
 * @param nanosecond - nanosecond timestamps (magic 0xa1b23c4d) instead of microseconds
 * @param snapLength - the snap length to declare
 * @returns 24 bytes
 */
export function serializePcapHeader(linkType: number, nanosecond: boolean = false, snapLength: number = 262144): Uint8Array {
  const out = new Uint8Array(24);
  const view = new DataView(out.buffer);
  view.setUint32(0, nanosecond ? MAGIC_NS : MAGIC_US, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setUint32(16, snapLength, true);
  view.setUint32(20, linkType, true);
  return out;
}

/**
 * Builds one pcap record (header and data), little-endian.
 * @param seconds - timestamp seconds
 * @param nanoseconds - within the second
 * @param data - the frame
 * @param nanosecond - whether the file uses nanosecond timestamps
 * @param originalLength - the frame's length on the wire (default: `data.length`)
 * @returns 16 + data.length bytes
 * @throws {RangeError} when `nanoseconds` is not 0..999999999
 */
export function serializePcapRecord(
  seconds: number,
  nanoseconds: number,
  data: Uint8Array,
  nanosecond: boolean = false,
  originalLength: number = data.length,
): Uint8Array {
  if (!Number.isInteger(nanoseconds) || nanoseconds < 0 || nanoseconds >= 1e9) {
    throw new RangeError(`"nanoseconds" expected an integer from 0 to 999999999, got ${nanoseconds}`);
  }
  const out = new Uint8Array(16 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, seconds >>> 0, true);
  view.setUint32(4, nanosecond ? nanoseconds : Math.floor(nanoseconds / 1000), true);
  view.setUint32(8, data.length, true);
  view.setUint32(12, Math.max(originalLength, data.length) >>> 0, true);
  out.set(data, 16);
  return out;
}
