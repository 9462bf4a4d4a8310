/**
 * IPv4 and IPv6 addresses between their 4/16 wire bytes and text (RFC 5952 canonical IPv6 text,
 * https://www.rfc-editor.org/rfc/rfc5952#section-4).
 * @module
 */
import { isIP } from 'node:net';

/**
 * Formats 4 bytes as dotted IPv4.
 * @param b - bytes
 * @param o - offset of the address
 * @returns e.g. `"127.0.0.1"`
 */
export function formatIpv4(b: Uint8Array, o: number): string {
  return `${b[o] ?? 0}.${b[o + 1] ?? 0}.${b[o + 2] ?? 0}.${b[o + 3] ?? 0}`;
}

/**
 * Formats 16 bytes as IPv6 text, RFC 5952 §4: lowercase, no leading zeros, the longest run of two or
 * more zero groups (the first if tied) as `::`.
 * @param b - bytes
 * @param o - offset of the address
 * @returns e.g. `"::1"`
 */
export function formatIpv6(b: Uint8Array, o: number): string {
  const groups: string[] = [];
  for (let i = 0; i < 8; i++) {
    groups.push((((b[o + i * 2] ?? 0) << 8) | (b[o + i * 2 + 1] ?? 0)).toString(16));
  }
  const full = groups.join(':');
  let text = formatted.get(full);
  if (text === undefined) {
    // The WHATWG URL host serializer writes IPv6 the RFC 5952 §4 way (lowercase, no leading zeros, the
    // first longest run of two or more zero groups as `::`) and, unlike a router's normalizer, keeps an
    // IPv4-mapped address as IPv6 (`::ffff:102:304`): a capture shows the address as it was on the wire.
    // A capture holds few addresses and many packets: each is parsed once, not twice per packet.
    text = new URL(`http://[${full}]/`).hostname.slice(1, -1);
    if (formatted.size >= FORMATTED_LIMIT) {
      formatted.clear();
    }
    formatted.set(full, text);
  }
  return text;
}

/** IPv6 texts already formatted, by their uncompressed form; bounded, cleared when full. */
const formatted = new Map<string, string>();
const FORMATTED_LIMIT = 4096;

/**
 * Parses a literal IPv4 or IPv6 address into wire bytes.
 * @param text - e.g. `"10.0.0.1"`, `"::1"`, `"::ffff:1.2.3.4"`
 * @returns 4 or 16 bytes
 * @throws {TypeError} when `text` is not a literal IP address
 */
export function parseIpAddress(text: string): Uint8Array {
  const family = isIP(text);
  if (family === 4) {
    return Uint8Array.from(text.split('.').map(Number));
  }
  if (family !== 6) {
    throw new TypeError(`"address" expected a literal IPv4 or IPv6 address, got "${text}"`);
  }
  let s = text;
  const zone = s.indexOf('%');
  if (zone >= 0) {
    s = s.slice(0, zone);
  }
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4 !== null) {
    const parts = (v4[1] ?? '').split('.').map(Number);
    tail.push((((parts[0] ?? 0) << 8) | (parts[1] ?? 0)) >>> 0, (((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0);
    s = s.slice(0, s.length - (v4[1] ?? '').length) + '0:0';
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const h = head === '' ? [] : head.split(':').map((x) => Number.parseInt(x, 16));
  const r = rest === undefined || rest === '' ? [] : rest.split(':').map((x) => Number.parseInt(x, 16));
  const groups = rest === undefined ? h : [...h, ...new Array<number>(8 - h.length - r.length).fill(0), ...r];
  if (tail.length === 2) {
    groups[6] = tail[0] ?? 0;
    groups[7] = tail[1] ?? 0;
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[i * 2] = ((groups[i] ?? 0) >> 8) & 0xff;
    out[i * 2 + 1] = (groups[i] ?? 0) & 0xff;
  }
  return out;
}
