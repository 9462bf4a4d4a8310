/**
 * What the classic pcap and the pcapng readers share: the record they both produce, the magics that
 * tell the formats apart, and the bound on a record's size.
 * @module
 */

/** One captured frame. `data` is a view into the reader's chunk: copy it to keep it beyond use. */
export interface PcapRecord {
  readonly seconds: number;
  /** Nanoseconds within the second (microsecond files give multiples of 1000). */
  readonly nanoseconds: number;
  /** Seconds × 10^6 + microseconds: exact in a double until the year 2255. */
  readonly timestampMicros: number;
  readonly originalLength: number;
  readonly linkType: number;
  /** The file has nanosecond timestamps (magic 0xa1b23c4d). */
  readonly nanosecond: boolean;
  readonly data: Uint8Array;
}

/** Classic pcap magic, microsecond timestamps. */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
/** Classic pcap magic, nanosecond timestamps. */
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** First four bytes of a pcapng file (the Section Header Block type, pcapng §4.1). */
export const PCAPNG_MAGIC = 0x0a0d0d0a;

/**
 * The most captured bytes one record may hold: 256 KiB, tcpdump's and Wireshark's largest snap length.
 * A record claiming more is corrupt and is refused before anything is buffered for it.
 */
export const MAX_RECORD_BYTES: number = 256 * 1024;

/**
 * The largest pcapng block accepted: a packet of {@link MAX_RECORD_BYTES} plus room for its header and
 * options; section, interface and other blocks get the same bound.
 */
export const MAX_BLOCK_BYTES: number = MAX_RECORD_BYTES + 64 * 1024;
