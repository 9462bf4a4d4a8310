/**
 * pcapng capture files (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html), the default
 * of Wireshark and tshark: Section Header, Interface Description, Enhanced and Simple Packet blocks, in
 * either byte order, with per-interface link types and timestamp resolutions (`if_tsresol`). Other
 * blocks (name resolution, statistics, custom) are skipped. Read incrementally, like classic pcap.
 * @module
 */
import { CliError } from '../errors.js';
import type { PcapRecord } from './pcap-file.js';

/** First four bytes of a pcapng file (the Section Header Block type). */
export const PCAPNG_MAGIC = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BLOCK_IDB = 1;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
const MAX_BLOCK = 256 * 1024 * 1024;

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
  #rest: Uint8Array = new Uint8Array(0);
  #consumed = 0;
  #littleEndian = true;
  #interfaces: Interface[] = [];
  /** Link type of the first interface, once seen. */
  firstLinkType: number | undefined;

  /**
   * Adds the next chunk of the file.
   * @param chunk - the next bytes (kept by reference; do not reuse the buffer)
   * @returns the packets completed by this chunk
   * @throws {CliError} `BAD_INPUT` on a malformed block
   */
  push(chunk: Uint8Array): PcapRecord[] {
    let buf: Uint8Array;
    if (this.#rest.length === 0) {
      buf = chunk;
    } else {
      buf = new Uint8Array(this.#rest.length + chunk.length);
      buf.set(this.#rest);
      buf.set(chunk, this.#rest.length);
    }
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const out: PcapRecord[] = [];
    let off = 0;
    while (off + 12 <= buf.length) {
      const typeBe = view.getUint32(off, false);
      if (typeBe === PCAPNG_MAGIC) {
        // Section Header Block: its byte-order magic decides how everything in the section is read.
        const bom = view.getUint32(off + 8, true);
        if (bom === BYTE_ORDER_MAGIC) {
          this.#littleEndian = true;
        } else if (view.getUint32(off + 8, false) === BYTE_ORDER_MAGIC) {
          this.#littleEndian = false;
        } else {
          throw new CliError('BAD_INPUT', `corrupt pcapng section header at byte ${this.#consumed + off}`);
        }
      }
      const le = this.#littleEndian;
      const type = view.getUint32(off, le);
      const length = view.getUint32(off + 4, le);
      if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
        throw new CliError('BAD_INPUT', `corrupt pcapng block at byte ${this.#consumed + off}: length ${length}`);
      }
      if (off + length > buf.length) {
        break;
      }
      const body = off + 8;
      const end = off + length - 4;
      if (type === PCAPNG_MAGIC) {
        this.#interfaces = []; // interfaces are numbered per section
      } else if (type === BLOCK_IDB && end - body >= 8) {
        const linkType = view.getUint16(body, le);
        this.#interfaces.push({ linkType, snapLength: view.getUint32(body + 4, le), unitsPerSecond: this.#resolution(view, body + 8, end, le) });
        this.firstLinkType ??= linkType;
      } else if (type === BLOCK_EPB && end - body >= 20) {
        const iface = this.#interfaces[view.getUint32(body, le)];
        const captured = view.getUint32(body + 12, le);
        if (iface === undefined || body + 20 + captured > end) {
          throw new CliError('BAD_INPUT', `corrupt pcapng packet block at byte ${this.#consumed + off}`);
        }
        const ts = (BigInt(view.getUint32(body + 4, le)) << 32n) | BigInt(view.getUint32(body + 8, le));
        out.push(record(iface, ts, view.getUint32(body + 16, le), buf.subarray(body + 20, body + 20 + captured)));
      } else if (type === BLOCK_SPB && end - body >= 4) {
        const iface = this.#interfaces[0];
        if (iface !== undefined) {
          const original = view.getUint32(body, le);
          const captured = Math.min(original, iface.snapLength === 0 ? original : iface.snapLength, end - body - 4);
          out.push(record(iface, 0n, original, buf.subarray(body + 4, body + 4 + captured)));
        }
      }
      off += length;
    }
    this.#consumed += off;
    this.#rest = buf.subarray(off);
    return out;
  }

  /** Bytes left over that did not make a whole block (a truncated capture). */
  get trailingBytes(): number {
    return this.#rest.length;
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
