/**
 * UDP datagrams inside captured link-layer frames: decode them (Ethernet with 802.1Q/802.1ad tags,
 * Linux cooked SLL and SLL2, raw IP, BSD loopback; IPv4 with options, IPv6 with extension headers) and
 * build or rewrite them with correct lengths and checksums.
 * IPv4: RFC 791 §3.1; IPv6: RFC 8200 §3-4; UDP: RFC 768; IPv6 UDP checksum: RFC 8200 §8.1.
 * @module
 */
import { CliError } from '../errors.js';
import { LinkType } from './pcap-file.js';
import { formatIpv4, formatIpv6, parseIpAddress } from './ip-address.js';

/** A UDP datagram found in a frame. `payload` is a view into the frame. */
export interface UdpDatagram {
  readonly family: 4 | 6;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
  /** Offset of the IP header in the frame. */
  readonly ipOffset: number;
  /** Offset of the UDP header in the frame. */
  readonly udpOffset: number;
}

/** Why a frame yielded no UDP datagram. */
export type SkipReason =
  | 'unsupported-link'
  | 'not-ip'
  | 'not-udp'
  | 'fragment'
  | 'ipv6-extension'
  | 'truncated';

/** The outcome of {@link decodeUdpFrame}. */
export type FrameDecode =
  | { readonly ok: true; readonly datagram: UdpDatagram }
  | { readonly ok: false; readonly reason: SkipReason };

/**
 * One-line warning for frames skipped for reasons a user should know (fragments, truncation,
 * extension headers, link types), or undefined when there are none.
 * @param counts - skip reasons and how often each occurred
 * @returns e.g. `skipped 3 frame(s): 2 IP fragment (not reassembled), 1 truncated`
 */
export function describeSkips(counts: ReadonlyMap<SkipReason, number>): string | undefined {
  const labels: Partial<Record<SkipReason, string>> = {
    fragment: 'IP fragment (not reassembled)',
    truncated: 'truncated (snap length or corrupt lengths)',
    'ipv6-extension': 'IPv6 extension header not walked (ESP or unknown)',
    'unsupported-link': 'unsupported link type',
  };
  const parts: string[] = [];
  let total = 0;
  for (const [reason, n] of counts) {
    const label = labels[reason];
    if (label !== undefined && n > 0) {
      parts.push(`${n} ${label}`);
      total += n;
    }
  }
  return total === 0 ? undefined : `skipped ${total} frame(s): ${parts.join(', ')}`;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);

const skip = (reason: SkipReason): FrameDecode => ({ ok: false, reason });

/** Offset of the IP header in a frame, or a skip reason. */
function ipOffset(frame: Uint8Array, linkType: number): number | SkipReason {
  const u16 = (o: number): number => ((frame[o] ?? 0) << 8) | (frame[o + 1] ?? 0);
  let etherType: number;
  let off: number;
  switch (linkType) {
    case LinkType.ETHERNET:
      if (frame.length < 14) {
        return 'truncated';
      }
      off = 12;
      etherType = u16(off);
      while (VLAN_TAGS.has(etherType)) {
        off += 4; // IEEE 802.1Q tag: TPID, TCI
        if (frame.length < off + 2) {
          return 'truncated';
        }
        etherType = u16(off);
      }
      off += 2;
      break;
    case LinkType.LINUX_SLL:
      if (frame.length < 16) {
        return 'truncated';
      }
      etherType = u16(14);
      off = 16;
      break;
    case LinkType.LINUX_SLL2:
      if (frame.length < 20) {
        return 'truncated';
      }
      etherType = u16(0);
      off = 20;
      break;
    case LinkType.NULL: {
      if (frame.length < 4) {
        return 'truncated';
      }
      // Host byte order address family: 2 is AF_INET; 24, 28, 30 are AF_INET6 on the BSDs and macOS.
      const le = (frame[0] ?? 0) | ((frame[1] ?? 0) << 8);
      const be = u16(2);
      const fam = le !== 0 ? le : be;
      etherType = fam === 2 ? ETHERTYPE_IPV4 : fam === 24 || fam === 28 || fam === 30 ? ETHERTYPE_IPV6 : -1;
      off = 4;
      break;
    }
    case LinkType.RAW:
    case 12: // LINKTYPE_RAW on some OpenBSD captures
    case LinkType.IPV4:
    case LinkType.IPV6: {
      const version = (frame[0] ?? 0) >> 4;
      etherType = version === 4 ? ETHERTYPE_IPV4 : version === 6 ? ETHERTYPE_IPV6 : -1;
      off = 0;
      break;
    }
    default:
      return 'unsupported-link';
  }
  if (etherType !== ETHERTYPE_IPV4 && etherType !== ETHERTYPE_IPV6) {
    return 'not-ip';
  }
  return off;
}

/**
 * Finds the UDP datagram in one captured frame.
 * @param frame - the captured bytes
 * @param linkType - the file's link type
 * @returns the datagram, or why there is none (never throws)
 * @example
 * ```ts
 * import { decodeUdpFrame, type PcapRecord } from '@voip/cli';
 * declare const record: PcapRecord;
 * const d = decodeUdpFrame(record.data, record.linkType);
 * if (d.ok) console.log(d.datagram.srcPort, d.datagram.payload.length);
 * ```
 */
export function decodeUdpFrame(frame: Uint8Array, linkType: number): FrameDecode {
  const ip = ipOffset(frame, linkType);
  if (typeof ip === 'string') {
    return skip(ip);
  }
  if (frame.length < ip + 1) {
    return skip('truncated');
  }
  const u16 = (o: number): number => ((frame[o] ?? 0) << 8) | (frame[o + 1] ?? 0);
  const version = (frame[ip] ?? 0) >> 4;
  let udp: number;
  let end: number;
  let src: string;
  let dst: string;
  let family: 4 | 6;
  if (version === 4) {
    // RFC 791 §3.1: IHL in 32-bit words, total length, flags (MF) and fragment offset.
    const ihl = ((frame[ip] ?? 0) & 0x0f) * 4;
    if (ihl < 20 || frame.length < ip + ihl) {
      return skip('truncated');
    }
    const totalLength = u16(ip + 2);
    const fragment = u16(ip + 6);
    if ((fragment & 0x2000) !== 0 || (fragment & 0x1fff) !== 0) {
      return skip('fragment');
    }
    if (frame[ip + 9] !== 17) {
      return skip('not-udp');
    }
    // A zero total length appears in captures of TCP/UDP segmentation offload: trust the capture.
    end = totalLength === 0 ? frame.length : ip + totalLength;
    if (totalLength !== 0 && totalLength < ihl) {
      return skip('truncated');
    }
    udp = ip + ihl;
    family = 4;
    src = formatIpv4(frame, ip + 12);
    dst = formatIpv4(frame, ip + 16);
  } else if (version === 6) {
    // RFC 8200 §3: 40-byte fixed header; §4: extension header chain.
    if (frame.length < ip + 40) {
      return skip('truncated');
    }
    end = ip + 40 + u16(ip + 4);
    let next = frame[ip + 6] ?? 0;
    let off = ip + 40;
    for (;;) {
      if (next === 17) {
        break;
      }
      if (next === 0 || next === 43 || next === 60) {
        // Hop-by-Hop, Routing, Destination Options: length in 8-octet units after the first 8.
        if (frame.length < off + 2) {
          return skip('truncated');
        }
        next = frame[off] ?? 0;
        off += ((frame[off + 1] ?? 0) + 1) * 8;
      } else if (next === 44) {
        // Fragment header (RFC 8200 §4.5): only an atomic fragment (offset 0, M = 0) is whole.
        if (frame.length < off + 8) {
          return skip('truncated');
        }
        if ((u16(off + 2) & 0xfff9) !== 0) {
          return skip('fragment');
        }
        next = frame[off] ?? 0;
        off += 8;
      } else if (next === 51) {
        // Authentication Header (RFC 4302 §2.2): length in 4-octet units minus 2.
        if (frame.length < off + 2) {
          return skip('truncated');
        }
        next = frame[off] ?? 0;
        off += ((frame[off + 1] ?? 0) + 2) * 4;
      } else if (next === 50 || next === 59 || next === 6 || next === 58 || next === 1) {
        return skip(next === 50 ? 'ipv6-extension' : 'not-udp');
      } else {
        return skip('ipv6-extension');
      }
    }
    udp = off;
    family = 6;
    src = formatIpv6(frame, ip + 8);
    dst = formatIpv6(frame, ip + 24);
  } else {
    return skip('not-ip');
  }
  if (end > frame.length || udp + 8 > end) {
    return skip('truncated');
  }
  const udpLength = u16(udp + 4);
  // RFC 768: length covers header and data. Jumbograms (length 0) are not expected in VoIP captures.
  if (udpLength < 8 || udp + udpLength > end) {
    return skip('truncated');
  }
  return {
    ok: true,
    datagram: {
      family,
      src,
      dst,
      srcPort: u16(udp),
      dstPort: u16(udp + 2),
      payload: frame.subarray(udp + 8, udp + udpLength),
      ipOffset: ip,
      udpOffset: udp,
    },
  };
}

/** Ones' complement sum of 16-bit words (RFC 1071), not yet folded or inverted. */
function sum16(b: Uint8Array, start: number, end: number, initial = 0): number {
  let s = initial;
  let i = start;
  for (; i + 1 < end; i += 2) {
    s += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  }
  if (i < end) {
    s += (b[i] ?? 0) << 8;
  }
  return s;
}

function fold(s: number): number {
  let x = s;
  while (x > 0xffff) {
    x = (x & 0xffff) + Math.floor(x / 0x10000);
  }
  return x;
}

/** The largest value of a 16-bit length field: IPv4 total length, IPv6 payload length, UDP length. */
const MAX_LENGTH_FIELD = 0xffff;

/**
 * The largest UDP payload a frame with these IP headers can carry: the IPv4 total length (RFC 791
 * §3.1), the IPv6 payload length (RFC 8200 §3, no jumbograms) and the UDP length (RFC 768) are all
 * 16-bit fields.
 * @param datagram - where the IP and UDP headers are, and the IP version
 * @returns the most payload bytes that fit (65,507 for IPv4 without options)
 * @example
 * ```ts
 * import { decodeUdpFrame, maxUdpPayload, type PcapRecord } from '@voip/cli';
 * declare const record: PcapRecord;
 * const d = decodeUdpFrame(record.data, record.linkType);
 * if (d.ok) console.log(maxUdpPayload(d.datagram));
 * ```
 */
export function maxUdpPayload(datagram: Pick<UdpDatagram, 'family' | 'ipOffset' | 'udpOffset'>): number {
  const headers = datagram.udpOffset - datagram.ipOffset + 8; // IP header (+ options/extensions) and UDP
  const ipLimit = datagram.family === 4 ? MAX_LENGTH_FIELD - headers : MAX_LENGTH_FIELD - (headers - 40);
  return Math.min(ipLimit, MAX_LENGTH_FIELD - 8);
}

/**
 * Rewrites lengths and checksums of an IP/UDP frame in place after its UDP payload was replaced:
 * IPv4 total length and header checksum, UDP checksum 0 (optional for IPv4, RFC 768); IPv6 payload
 * length and the mandatory UDP checksum over the pseudo-header (RFC 8200 §8.1).
 */
function fixLengths(frame: Uint8Array, ip: number, udp: number): void {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const udpLength = frame.length - udp;
  const version = (frame[ip] ?? 0) >> 4;
  const max = maxUdpPayload({ family: version === 4 ? 4 : 6, ipOffset: ip, udpOffset: udp });
  if (udpLength - 8 > max) {
    throw new CliError(
      'TOO_LARGE',
      `a UDP payload of ${udpLength - 8} bytes does not fit in one IPv${version === 4 ? 4 : 6} packet with these headers (at most ${max}: 16-bit length fields)`,
    );
  }
  view.setUint16(udp + 4, udpLength);
  view.setUint16(udp + 6, 0);
  if (version === 4) {
    const ihl = ((frame[ip] ?? 0) & 0x0f) * 4;
    view.setUint16(ip + 2, frame.length - ip);
    view.setUint16(ip + 10, 0);
    view.setUint16(ip + 10, ~fold(sum16(frame, ip, ip + ihl)) & 0xffff);
  } else {
    view.setUint16(ip + 4, frame.length - ip - 40);
    let s = sum16(frame, ip + 8, ip + 40); // source and destination addresses
    s += Math.floor(udpLength / 0x10000) + (udpLength & 0xffff) + 17;
    s = sum16(frame, udp, frame.length, s);
    const c = ~fold(s) & 0xffff;
    view.setUint16(udp + 6, c === 0 ? 0xffff : c);
  }
}

/**
 * Returns a copy of `frame` whose UDP payload is `payload`, keeping the link and IP headers (with
 * their options and extension headers) and recomputing lengths and checksums.
 * @param frame - the original frame
 * @param datagram - what {@link decodeUdpFrame} found in it
 * @param payload - the new UDP payload
 * @returns the new frame (any link-layer trailer after the IP packet is dropped)
 * @throws {CliError} `TOO_LARGE` when the payload exceeds {@link maxUdpPayload} (a length field would wrap)
 * @example
 * ```ts
 * import { replaceUdpPayload, type PcapRecord, type UdpDatagram } from '@voip/cli';
 * declare const record: PcapRecord, d: { datagram: UdpDatagram }, decrypted: Uint8Array;
 * const out = replaceUdpPayload(record.data, d.datagram, decrypted);
 * ```
 */
export function replaceUdpPayload(frame: Uint8Array, datagram: UdpDatagram, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(datagram.udpOffset + 8 + payload.length);
  out.set(frame.subarray(0, datagram.udpOffset + 8));
  out.set(payload, datagram.udpOffset + 8);
  fixLengths(out, datagram.ipOffset, datagram.udpOffset);
  return out;
}

/** Addresses and ports of a datagram to build. */
export interface UdpEndpoints {
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
}

/**
 * Builds a frame carrying one UDP datagram, for writing a capture.
 * @param linkType - one of {@link LinkType}
 * @param endpoints - literal addresses (both IPv4 or both IPv6) and ports
 * @param payload - the UDP payload
 * @returns the frame
 * @throws {TypeError} for a non-literal or mixed-family address; {@link RangeError} for a link type it cannot write;
 * {@link CliError} `TOO_LARGE` for a payload that does not fit one IP packet (over 65,507 bytes for IPv4)
 * @example
 * ```ts
 * import { LinkType, buildUdpFrame } from '@voip/cli';
 * declare const rtp: Uint8Array;
 * buildUdpFrame(LinkType.ETHERNET, { src: '127.0.0.1', dst: '127.0.0.1', srcPort: 5004, dstPort: 5006 }, rtp);
 * ```
 */
export function buildUdpFrame(linkType: number, endpoints: UdpEndpoints, payload: Uint8Array): Uint8Array {
  const src = parseIpAddress(endpoints.src);
  const dst = parseIpAddress(endpoints.dst);
  if (src.length !== dst.length) {
    throw new TypeError(`"src" and "dst" expected the same address family, got ${endpoints.src} and ${endpoints.dst}`);
  }
  const v6 = src.length === 16;
  const etherType = v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
  let link: Uint8Array;
  switch (linkType) {
    case LinkType.ETHERNET:
      link = new Uint8Array(14);
      link.set([0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1]); // locally administered MACs
      break;
    case LinkType.LINUX_SLL:
      link = new Uint8Array(16);
      link.set([0, 0, 0, 1, 0, 6]); // packet type 0 (to us), ARPHRD_ETHER, address length 6
      break;
    case LinkType.LINUX_SLL2:
      link = new Uint8Array(20);
      link.set([0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6]); // interface 1, ARPHRD_ETHER, to us, length 6
      break;
    case LinkType.NULL:
      link = Uint8Array.from([v6 ? 30 : 2, 0, 0, 0]);
      break;
    case LinkType.RAW:
    case LinkType.IPV4:
    case LinkType.IPV6:
      link = new Uint8Array(0);
      break;
    default:
      throw new RangeError(`"linkType" expected 0, 1, 101, 113, 228, 229 or 276, got ${linkType}`);
  }
  if (linkType === LinkType.ETHERNET) {
    link[12] = etherType >> 8;
    link[13] = etherType & 0xff;
  } else if (linkType === LinkType.LINUX_SLL) {
    link[14] = etherType >> 8;
    link[15] = etherType & 0xff;
  } else if (linkType === LinkType.LINUX_SLL2) {
    link[0] = etherType >> 8;
    link[1] = etherType & 0xff;
  }
  const ipLength = v6 ? 40 : 20;
  const ip = link.length;
  const udp = ip + ipLength;
  const out = new Uint8Array(udp + 8 + payload.length);
  out.set(link);
  if (v6) {
    out[ip] = 0x60;
    out[ip + 6] = 17; // next header UDP
    out[ip + 7] = 64; // hop limit
    out.set(src, ip + 8);
    out.set(dst, ip + 24);
  } else {
    out[ip] = 0x45;
    out[ip + 6] = 0x40; // don't fragment
    out[ip + 8] = 64; // TTL
    out[ip + 9] = 17;
    out.set(src, ip + 12);
    out.set(dst, ip + 16);
  }
  out[udp] = endpoints.srcPort >> 8;
  out[udp + 1] = endpoints.srcPort & 0xff;
  out[udp + 2] = endpoints.dstPort >> 8;
  out[udp + 3] = endpoints.dstPort & 0xff;
  out.set(payload, udp + 8);
  fixLengths(out, ip, udp);
  return out;
}
