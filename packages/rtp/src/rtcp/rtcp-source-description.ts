/**
 * RTCP source description (SDES, packet type 202), RFC 3550 §6.5 (https://www.rfc-editor.org/rfc/rfc3550#section-6.5).
 *
 * ```text
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * |                          SSRC/CSRC_1                          |
 * |  type (8)     |  length (8)   |  text (length bytes) ...      |
 * |  ... more items ...  | END=0 | null octets to a 32-bit boundary |
 * |                          SSRC/CSRC_2 ...                      |
 * ```
 * @module
 */
import { RtpError } from '../errors.js';
import {
  checkUint,
  utf8Bytes,
  utf8Text,
  type RtcpBodyCodec,
  type RtcpPacketCommon,
} from './rtcp-codec.js';

/**
 * SDES item types, RFC 3550 §6.5.1-§6.5.8.
 *
 * @example
 * ```ts
 * import { RtcpSdesItemType } from '@voip/rtp';
 * const cname = { type: RtcpSdesItemType.CNAME, text: 'me@example.org' };
 * ```
 */
export const RtcpSdesItemType: {
  readonly END: 0;
  readonly CNAME: 1;
  readonly NAME: 2;
  readonly EMAIL: 3;
  readonly PHONE: 4;
  readonly LOC: 5;
  readonly TOOL: 6;
  readonly NOTE: 7;
  readonly PRIV: 8;
} = { END: 0, CNAME: 1, NAME: 2, EMAIL: 3, PHONE: 4, LOC: 5, TOOL: 6, NOTE: 7, PRIV: 8 } as const;

/** One SDES item. `text` is decoded as UTF-8 (PRIV's prefix-length octet stays inside `text`). */
export interface RtcpSdesItem {
  /** Item type 1..255 (see {@link RtcpSdesItemType}). */
  readonly type: number;
  /** Item text, at most 255 UTF-8 bytes. */
  readonly text: string;
  /**
   * The item's bytes, present only when a received item is not valid UTF-8 (`text` then shows U+FFFD
   * in place of the bad sequences). When present it is what gets serialized, and `text` is ignored.
   */
  readonly data?: Uint8Array;
}

/** One SDES chunk: a source and its items. */
export interface RtcpSdesChunk {
  /** SSRC or CSRC described. */
  readonly ssrc: number;
  /** Its items, in wire order. */
  readonly items: readonly RtcpSdesItem[];
}

/**
 * An RTCP SDES packet (RFC 3550 §6.5).
 *
 * @example
 * ```ts
 * import type { RtcpSourceDescription } from '@voip/rtp';
 * const sdes: RtcpSourceDescription = { type: 'SDES', chunks: [{ ssrc: 1, items: [{ type: 1, text: 'me@example.org' }] }] };
 * ```
 */
export interface RtcpSourceDescription extends RtcpPacketCommon {
  readonly type: 'SDES';
  /** Up to 31 chunks. */
  readonly chunks: readonly RtcpSdesChunk[];
}

function chunkLength(chunk: RtcpSdesChunk): number {
  let n = 4;
  for (const item of chunk.items) {
    n += 2 + utf8Bytes('text', item.text, item.data).length;
  }
  // RFC 3550 §6.5: the list ends with an END octet, then null octets up to a 32-bit boundary.
  return (n + 1 + 3) & ~3;
}

/** @internal Body codec of SDES. */
export const sourceDescriptionCodec: RtcpBodyCodec<RtcpSourceDescription> = {
  count: (p) => p.chunks.length,
  bodyLength: (p) => p.chunks.reduce((sum, c) => sum + chunkLength(c), 0),
  check(p) {
    if (p.chunks.length > 31) {
      throw new RangeError(`"chunks" expected at most 31 chunks, got ${p.chunks.length}`);
    }
    for (const chunk of p.chunks) {
      checkUint('ssrc', chunk.ssrc, 32);
      for (const item of chunk.items) {
        if (!Number.isInteger(item.type) || item.type < 1 || item.type > 255) {
          throw new RangeError(`"type" expected an SDES item type 1..255, got ${item.type}`);
        }
        utf8Bytes('text', item.text, item.data);
      }
    }
  },
  write(p, out, view, offset) {
    let o = offset;
    for (const chunk of p.chunks) {
      const start = o;
      view.setUint32(o, chunk.ssrc);
      o += 4;
      for (const item of chunk.items) {
        const text = utf8Bytes('text', item.text, item.data);
        out[o] = item.type;
        out[o + 1] = text.length;
        out.set(text, o + 2);
        o += 2 + text.length;
      }
      const end = start + chunkLength(chunk);
      out.fill(0, o, end); // END item and null padding
      o = end;
    }
  },
  read(bytes, view, start, end, count) {
    const chunks: RtcpSdesChunk[] = [];
    let o = start;
    for (let c = 0; c < count; c++) {
      if (o + 4 > end) {
        throw new RtpError('BAD_RTCP_PACKET', `SDES chunk ${c} of ${count} at offset ${o} runs past the packet`, o);
      }
      const ssrc = view.getUint32(o);
      o += 4;
      const items: RtcpSdesItem[] = [];
      for (;;) {
        if (o >= end) {
          throw new RtpError('BAD_RTCP_PACKET', `SDES chunk ${c} at offset ${o} has no END item`, o);
        }
        const type = bytes[o] as number;
        if (type === 0) {
          break;
        }
        if (o + 2 > end || o + 2 + (bytes[o + 1] as number) > end) {
          throw new RtpError('BAD_RTCP_PACKET', `SDES item at offset ${o} runs past the packet`, o);
        }
        const length = bytes[o + 1] as number;
        const { text, raw } = utf8Text(bytes.subarray(o + 2, o + 2 + length));
        items.push(raw === undefined ? { type, text } : { type, text, data: raw });
        o += 2 + length;
      }
      // Skip END and the null octets to the next 32-bit boundary (chunks start aligned).
      o = start + (((o - start) + 1 + 3) & ~3);
      if (o > end) {
        throw new RtpError('BAD_RTCP_PACKET', `SDES chunk ${c} padding runs past the packet`, end);
      }
      chunks.push({ ssrc, items });
    }
    if (o !== end) {
      throw new RtpError('BAD_RTCP_PACKET', `SDES has ${end - o} bytes after its ${count} chunks`, o);
    }
    return { type: 'SDES', chunks };
  },
};
