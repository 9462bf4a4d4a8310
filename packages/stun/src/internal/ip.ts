/**
 * Literal IPv4 / IPv6 address parsing and RFC 5952 formatting, without node:net, so the codec runs
 * anywhere. Not exported from the package.
 * @module
 */

/**
 * Parses a dotted-quad IPv4 address into `out[off..off+4)`; false when it is not one (four decimal
 * parts 0..255, no leading zeros, nothing else). A hand-written scanner: this runs for every response.
 */
function parseIpv4Into(s: string, out: Uint8Array, off: number): boolean {
  const n = s.length;
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 0x2e; // a virtual '.' ends the last part
    if (c === 0x2e) {
      if (digits === 0 || part > 3) {
        return false;
      }
      out[off + part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && value === 0) {
        return false; // leading zero
      }
      value = value * 10 + (c - 0x30);
      if (value > 255) {
        return false;
      }
      digits++;
    } else {
      return false;
    }
  }
  return part === 4;
}

/** Parses the groups of one side of an IPv6 address; returns false on a malformed group. */
function parseGroups(s: string, out: number[], allowV4Tail: boolean): boolean {
  if (s === '') {
    return true;
  }
  const groups = s.split(':');
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (allowV4Tail && i === groups.length - 1 && g.includes('.')) {
      const v4 = new Uint8Array(4);
      if (!parseIpv4Into(g, v4, 0)) {
        return false;
      }
      out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) {
      return false;
    }
    out.push(parseInt(g, 16));
  }
  return true;
}

/**
 * Parses a literal IP address (IPv4 dotted quad or IPv6 with `::`, an IPv4 tail and an optional
 * `%zone`, which is dropped). Returns 4 or 16 bytes, or undefined when `s` is not a literal address.
 */
export function parseIp(s: string): Uint8Array | undefined {
  if (!s.includes(':')) {
    const out = new Uint8Array(4);
    return parseIpv4Into(s, out, 0) ? out : undefined;
  }
  const zone = s.indexOf('%');
  const text = zone >= 0 ? s.slice(0, zone) : s;
  const dbl = text.indexOf('::');
  const head: number[] = [];
  const tail: number[] = [];
  if (dbl >= 0) {
    if (text.indexOf('::', dbl + 1) >= 0) {
      return undefined;
    }
    const tailText = text.slice(dbl + 2);
    if (!parseGroups(text.slice(0, dbl), head, false) || !parseGroups(tailText, tail, true)) {
      return undefined;
    }
    if (head.length + tail.length > 7) {
      return undefined;
    }
  } else {
    if (!parseGroups(text, head, true) || head.length !== 8) {
      return undefined;
    }
  }
  const words = new Array<number>(8).fill(0);
  head.forEach((w, i) => (words[i] = w));
  tail.forEach((w, i) => (words[8 - tail.length + i] = w));
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = words[i]! >>> 8;
    out[2 * i + 1] = words[i]! & 0xff;
  }
  return out;
}

/** Formats 4 bytes at `b[off..]` as a dotted quad. */
export function formatIpv4(b: Uint8Array, off: number): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/** Formats 16 bytes at `b[off..]` as an IPv6 address in RFC 5952 §4 canonical form. */
export function formatIpv6(b: Uint8Array, off: number): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) {
    w.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  }
  // RFC 5952 §5: IPv4-mapped addresses keep the dotted tail.
  if (w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff) {
    return `::ffff:${formatIpv4(b, off + 12)}`;
  }
  // RFC 5952 §4.2: compress the longest run (first if tied) of two or more zero groups.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) {
      j++;
    }
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = w.map((x) => x.toString(16));
  if (bestStart < 0) {
    return hex.join(':');
  }
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Canonical text of a literal address (for comparisons), or the input unchanged if not a literal. */
export function canonicalIp(s: string): string {
  const b = parseIp(s);
  if (b === undefined) {
    return s;
  }
  return b.length === 4 ? formatIpv4(b, 0) : formatIpv6(b, 0);
}
