/**
 * RTCP transport-layer feedback: generic NACK (packet type 205 RTPFB, FMT 1), RFC 4585 §6.2.1
 * (https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1).
 *
 * ```text
 * |V=2|P| FMT=1   |   PT=205      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * |            PID                |             BLP               |  (one or more)
 * ```
 * PID is a lost sequence number; bit i of BLP (LSB = bit 0) marks PID + i + 1 as lost too.
 * @module
 */
import { RtpError } from '../errors.js';
import { checkUint, type RtcpBodyCodec, type RtcpPacketCommon } from './rtcp-codec.js';

/** One generic NACK FCI entry (RFC 4585 §6.2.1). */
export interface RtcpNackItem {
  /** Packet ID: a lost RTP sequence number. */
  readonly pid: number;
  /** Bitmask of following lost packets: bit i means PID + i + 1. */
  readonly blp: number;
}

/**
 * A generic NACK (RFC 4585 §6.2.1).
 *
 * @example
 * ```ts
 * import { nackItemsFor, type RtcpGenericNack } from '@voip/rtp';
 * const nack: RtcpGenericNack = { type: 'NACK', senderSsrc: 1, mediaSsrc: 2, items: nackItemsFor([100, 101, 103]) };
 * ```
 */
export interface RtcpGenericNack extends RtcpPacketCommon {
  readonly type: 'NACK';
  /** SSRC of the packet sender. */
  readonly senderSsrc: number;
  /** SSRC of the media source the losses are in. */
  readonly mediaSsrc: number;
  /** At least one FCI entry. */
  readonly items: readonly RtcpNackItem[];
}

/** @internal Body codec of generic NACK. */
export const genericNackCodec: RtcpBodyCodec<RtcpGenericNack> = {
  count: () => 1,
  bodyLength: (p) => 8 + p.items.length * 4,
  check(p) {
    checkUint('senderSsrc', p.senderSsrc, 32);
    checkUint('mediaSsrc', p.mediaSsrc, 32);
    if (p.items.length === 0) {
      throw new RangeError('"items" expected at least 1 NACK entry, got 0');
    }
    for (const item of p.items) {
      checkUint('pid', item.pid, 16);
      checkUint('blp', item.blp, 16);
    }
  },
  write(p, _out, view, o) {
    view.setUint32(o, p.senderSsrc);
    view.setUint32(o + 4, p.mediaSsrc);
    let at = o + 8;
    for (const item of p.items) {
      view.setUint16(at, item.pid);
      view.setUint16(at + 2, item.blp);
      at += 4;
    }
  },
  read(_bytes, view, start, end) {
    // RFC 4585 §6.2.1: the FCI holds at least one entry.
    // Entries are whole 32-bit words: a body cut mid-word (a padding count that is not a multiple of 4)
    // would otherwise yield an entry read from the padding, which could not be written back.
    if (end - start < 12 || (end - start) % 4 !== 0) {
      throw new RtpError('BAD_RTCP_PACKET', `generic NACK body must be 8 + 4n bytes (n >= 1), got ${end - start}`, start);
    }
    const items: RtcpNackItem[] = [];
    for (let o = start + 8; o < end; o += 4) {
      items.push({ pid: view.getUint16(o), blp: view.getUint16(o + 2) });
    }
    return { type: 'NACK', senderSsrc: view.getUint32(start), mediaSsrc: view.getUint32(start + 4), items };
  },
};

/**
 * Expands NACK entries into the lost sequence numbers they name (RFC 4585 §6.2.1), in order.
 * @param items - the FCI entries.
 * @returns sequence numbers (mod 2^16).
 * @example
 * ```ts
 * import { nackSequenceNumbers } from '@voip/rtp';
 * nackSequenceNumbers([{ pid: 100, blp: 0b101 }]); // [100, 101, 103]
 * ```
 */
export function nackSequenceNumbers(items: readonly RtcpNackItem[]): number[] {
  const out: number[] = [];
  for (const { pid, blp } of items) {
    out.push(pid);
    for (let i = 0; i < 16; i++) {
      if ((blp & (1 << i)) !== 0) {
        out.push((pid + i + 1) & 0xffff);
      }
    }
  }
  return out;
}

/**
 * Packs lost sequence numbers into as few NACK entries as possible (RFC 4585 §6.2.1): each entry covers
 * its PID and the 16 numbers after it. Input order does not matter; wrap-around is handled by sorting
 * relative to the first number given.
 * @param sequenceNumbers - lost sequence numbers (0..65535).
 * @returns the FCI entries.
 * @throws {RangeError} a number outside 0..65535.
 * @example
 * ```ts
 * import { nackItemsFor } from '@voip/rtp';
 * nackItemsFor([100, 101, 103]); // [{ pid: 100, blp: 5 }]
 * ```
 */
export function nackItemsFor(sequenceNumbers: readonly number[]): RtcpNackItem[] {
  for (const s of sequenceNumbers) {
    checkUint('sequenceNumbers', s, 16);
  }
  const first = sequenceNumbers[0];
  if (first === undefined) {
    return [];
  }
  // Order by distance from the first number, so a run across 65535 → 0 stays together.
  const sorted = [...new Set(sequenceNumbers)].sort((a, b) => ((a - first) & 0xffff) - ((b - first) & 0xffff));
  const items: { pid: number; blp: number }[] = [];
  let current: { pid: number; blp: number } | undefined;
  for (const s of sorted) {
    const delta = current === undefined ? -1 : (s - current.pid) & 0xffff;
    if (current !== undefined && delta >= 1 && delta <= 16) {
      current.blp |= 1 << (delta - 1);
    } else {
      current = { pid: s, blp: 0 };
      items.push(current);
    }
  }
  return items;
}
