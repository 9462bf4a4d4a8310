/**
 * Routing keys for remote addresses: one canonical string per (address, port), so that the same peer
 * written two ways (`::1` and `0:0:0:0:0:0:0:1`, `::ffff:127.0.0.1` and `127.0.0.1`) finds the same
 * call. IPv6 text follows RFC 5952 §4 (lower case, longest zero run compressed); IPv4-mapped IPv6
 * addresses (RFC 4291 §2.5.5.2), as a dual-stack socket reports IPv4 peers, become plain IPv4.
 * https://www.rfc-editor.org/rfc/rfc5952#section-4, https://www.rfc-editor.org/rfc/rfc4291#section-2.5.5.2
 * @module
 */
import type { TransportAddress } from './transport.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/;

/** Parses IPv6 text into eight 16-bit groups, or undefined when it is not IPv6. */
function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const parsePart = (part: string): number[] | undefined => {
    if (part === '') {
      return [];
    }
    const groups: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      if (i === pieces.length - 1 && piece.includes('.')) {
        // RFC 4291 §2.2 form 3: the last 32 bits written as dotted IPv4.
        if (!IPV4.test(piece)) {
          return undefined;
        }
        const [a = 0, b = 0, c = 0, d = 0] = piece.split('.').map(Number);
        groups.push((a << 8) | b, (c << 8) | d);
      } else if (HEX_GROUP.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = parsePart(halves[0] ?? '');
  if (head === undefined) {
    return undefined;
  }
  if (halves.length === 1) {
    return head.length === 8 ? head : undefined;
  }
  const tail = parsePart(halves[1] ?? '');
  if (tail === undefined || head.length + tail.length > 7) {
    return undefined;
  }
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** RFC 5952 §4.2: compress the longest run (leftmost on a tie) of two or more zero groups. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) {
      j++;
    }
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) {
    return hex.join(':');
  }
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * Returns the canonical text of a literal IP address: IPv4 unchanged, IPv4-mapped IPv6 as IPv4,
 * other IPv6 in RFC 5952 form with any `%zone` kept. Anything else is returned lower-cased, unchanged.
 *
 * @param address - A literal IPv4 or IPv6 address.
 * @returns The canonical form used for routing.
 * @example
 * ```ts
 * import { normalizeIpAddress } from '@voip/rtp';
 * normalizeIpAddress('::FFFF:127.0.0.1'); // '127.0.0.1'
 * normalizeIpAddress('0:0:0:0:0:0:0:1'); // '::1'
 * ```
 */
export function normalizeIpAddress(address: string): string {
  if (IPV4.test(address)) {
    return address;
  }
  const lower = address.toLowerCase();
  const zoneAt = lower.indexOf('%');
  const bare = zoneAt < 0 ? lower : lower.slice(0, zoneAt);
  const zone = zoneAt < 0 ? '' : lower.slice(zoneAt);
  const groups = parseIpv6(bare);
  if (groups === undefined) {
    return lower;
  }
  // RFC 4291 §2.5.5.2: ::ffff:a.b.c.d is an IPv4 peer seen through a dual-stack socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const hi = groups[6] ?? 0;
    const lo = groups[7] ?? 0;
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return formatIpv6(groups) + zone;
}

/**
 * The routing key of a remote endpoint: canonical address and port, e.g. `127.0.0.1:5004` or
 * `[::1]:5004`.
 *
 * @param remote - Address and port, as a transport reports them or as SDP gives them.
 * @returns A string equal for every spelling of the same endpoint.
 * @example
 * ```ts
 * import { transportAddressKey } from '@voip/rtp';
 * transportAddressKey({ address: '::ffff:10.0.0.1', port: 4000 }); // '10.0.0.1:4000'
 * ```
 */
export function transportAddressKey(remote: TransportAddress): string {
  const address = normalizeIpAddress(remote.address);
  return address.includes(':') ? `[${address}]:${remote.port}` : `${address}:${remote.port}`;
}
