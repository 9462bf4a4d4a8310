/**
 * pcapng capture files (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html), the default
 * of Wireshark and tshark: Section Header, Interface Description, Enhanced and Simple Packet blocks, in
 * either byte order, with per-interface link types and timestamp resolutions (`if_tsresol`). Other
 * blocks (name resolution, statistics, custom) are skipped. Read incrementally, like classic pcap.
 * @module
 */
import { CliError } from '../errors.js';
import { ByteQueue } from './byte-queue.js';
import { MAX_BLOCK_BYTES, MAX_RECORD_BYTES, PCAPNG_MAGIC, type PcapRecord } from './capture-format.js';

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BLOCK_IDB = 1;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;

interface Interface {
  readonly linkType: number;
  readonly snapLength: number;
  /** Timestamp units per second. */
  readonly unitsPerSecond: bigint;
}

/**
 * Incremental pcapng parser: feed it chunks in order, get back the complete packets as
 * {@link PcapRecord}s (link type per packet from its interface).
 *
 * @example
 * ```ts
 * import { PcapngParser } from '@voip/cli';
 * declare const bytes: Uint8Array;
 * const p = new PcapngParser();
 * for (const r of p.push(bytes)) console.log(r.linkType, r.timestampMicros);
 * ```
 */
export class PcapngParser {
  #queue = new ByteQueue();
  #littleEndian = true;
  #interfaces: Interface[] = [];
  /** Link type of the first interface, once seen. */
  firstLinkType: number | undefined;

  /**
   * Adds the next chunk of the file. Bytes are buffered by reference and copied at most once, when a
   * block spans chunks.
   * @param chunk - the next bytes (kept by reference; do not reuse the buffer)
   * @returns the packets completed by this chunk
   * @throws {CliError} `BAD_INPUT` on a malformed block, or a block claiming more than
   * `MAX_BLOCK_BYTES` (a packet of 256 KiB plus options), naming the block's byte offset
   */
  push(chunk: Uint8Array): PcapRecord[] {
    const q = this.#queue;
    q.push(chunk);
    const out: PcapRecord[] = [];
    while (q.length >= 12) {
      const at = q.consumed;
      const head = q.peek(12);
      const hv = new DataView(head.buffer, head.byteOffset, 12);
      if (hv.getUint32(0, false) === PCAPNG_MAGIC) {
        // Section Header Block: its byte-order magic decides how everything in the section is read.
        if (hv.getUint32(8, true) === BYTE_ORDER_MAGIC) {
          this.#littleEndian = true;
        } else if (hv.getUint32(8, false) === BYTE_ORDER_MAGIC) {
          this.#littleEndian = false;
        } else {
          throw new CliError('BAD_INPUT', `corrupt pcapng section header at byte ${at}`);
        }
      }
      const le = this.#littleEndian;
      const type = hv.getUint32(0, le);
      const length = hv.getUint32(4, le);
      if (length > MAX_BLOCK_BYTES) {
        throw new CliError(
          'BAD_INPUT',
          `corrupt pcapng block at byte ${at}: it claims ${length} bytes, more than the ${MAX_BLOCK_BYTES} a block may hold`,
        );
      }
      if (length < 12 || length % 4 !== 0) {
        throw new CliError('BAD_INPUT', `corrupt pcapng block at byte ${at}: length ${length}`);
      }
      if (q.length < length) {
        break;
      }
      const block = q.take(length);
      const packet = this.#block(block, type, at);
      if (packet !== undefined) {
        out.push(packet);
      }
    }
    return out;
  }

  /** Bytes left over that did not make a whole block (a truncated capture). */
  get trailingBytes(): number {
    return this.#queue.length;
  }

  /** Interprets one whole block; returns the packet it carries, if any. */
  #block(block: Uint8Array, type: number, at: number): PcapRecord | undefined {
    const le = this.#littleEndian;
    const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
    const body = 8;
    const end = block.length - 4;
    if (type === PCAPNG_MAGIC) {
      this.#interfaces = []; // interfaces are numbered per section
    } else if (type === BLOCK_IDB && end - body >= 8) {
      const linkType = view.getUint16(body, le);
      this.#interfaces.push({ linkType, snapLength: view.getUint32(body + 4, le), unitsPerSecond: this.#resolution(view, body + 8, end, le) });
      this.firstLinkType ??= linkType;
    } else if (type === BLOCK_EPB && end - body >= 20) {
      const iface = this.#interfaces[view.getUint32(body, le)];
      const captured = view.getUint32(body + 12, le);
      if (iface === undefined || captured > MAX_RECORD_BYTES || body + 20 + captured > end) {
        throw new CliError('BAD_INPUT', `corrupt pcapng packet block at byte ${at}`);
      }
      const ts = (BigInt(view.getUint32(body + 4, le)) << 32n) | BigInt(view.getUint32(body + 8, le));
      return record(iface, ts, view.getUint32(body + 16, le), block.subarray(body + 20, body + 20 + captured));
    } else if (type === BLOCK_SPB && end - body >= 4) {
      const iface = this.#interfaces[0];
      if (iface !== undefined) {
        const original = view.getUint32(body, le);
        const captured = Math.min(original, iface.snapLength === 0 ? original : iface.snapLength, end - body - 4);
        return record(iface, 0n, original, block.subarray(body + 4, body + 4 + captured));
      }
    }
    return undefined;
  }

  /** Units per second from the `if_tsresol` option (code 9); default microseconds. */
  #resolution(view: DataView, start: number, end: number, le: boolean): bigint {
    let o = start;
    while (o + 4 <= end) {
      const code = view.getUint16(o, le);
      const len = view.getUint16(o + 2, le);
      if (code === 0) {
        break;
      }
      if (code === 9 && len >= 1 && o + 5 <= end) {
        const v = view.getUint8(o + 4);
        return (v & 0x80) === 0 ? 10n ** BigInt(v) : 1n << BigInt(v & 0x7f);
      }
      o += 4 + Math.ceil(len / 4) * 4;
    }
    return 1_000_000n;
  }
}

function record(iface: Interface, ts: bigint, originalLength: number, data: Uint8Array): PcapRecord {
  const seconds = ts / iface.unitsPerSecond;
  const nanoseconds = Number(((ts % iface.unitsPerSecond) * 1_000_000_000n) / iface.unitsPerSecond);
  const s = Number(seconds);
  return {
    seconds: s,
    nanoseconds,
    timestampMicros: s * 1e6 + Math.floor(nanoseconds / 1000),
    originalLength,
    linkType: iface.linkType,
    nanosecond: iface.unitsPerSecond > 1_000_000n,
    data,
  };
}
