/**
 * NTP timestamps as RTCP uses them, RFC 3550 §4 (https://www.rfc-editor.org/rfc/rfc3550#section-4):
 * 64-bit fixed point seconds since 1900-01-01, and the "middle 32 bits" carried in LSR (§6.4.1).
 * @module
 */

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
export const NTP_UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800;

/**
 * Converts Unix time in milliseconds (e.g. `Date.now()`) to a 64-bit NTP timestamp (RFC 3550 §4).
 * @param unixMs - milliseconds since 1970-01-01 UTC, may be fractional.
 * @returns seconds since 1900 in the high 32 bits, the fraction in the low 32 bits (mod 2^64).
 * @throws {RangeError} `unixMs` not finite.
 * @example
 * ```ts
 * import { ntpTimestampFromUnixMs } from '@voip/rtp';
 * ntpTimestampFromUnixMs(0); // 2208988800n << 32n
 * ```
 */
export function ntpTimestampFromUnixMs(unixMs: number): bigint {
  if (!Number.isFinite(unixMs)) {
    throw new RangeError(`"unixMs" expected a finite number, got ${unixMs}`);
  }
  const totalMs = unixMs + NTP_UNIX_EPOCH_OFFSET_SECONDS * 1000;
  const seconds = Math.floor(totalMs / 1000);
  const fraction = Math.floor(((totalMs - seconds * 1000) / 1000) * 2 ** 32);
  return ((BigInt(seconds) << 32n) + BigInt(Math.min(fraction, 0xffffffff))) & 0xffffffffffffffffn;
}

/**
 * Converts a 64-bit NTP timestamp to Unix milliseconds (era 0, i.e. 1900-2036).
 * @param ntp - the NTP timestamp.
 * @returns milliseconds since 1970.
 * @example
 * ```ts
 * import { unixMsFromNtpTimestamp, ntpTimestampFromUnixMs } from '@voip/rtp';
 * unixMsFromNtpTimestamp(ntpTimestampFromUnixMs(1_700_000_000_000)); // ≈ 1700000000000
 * ```
 */
export function unixMsFromNtpTimestamp(ntp: bigint): number {
  const seconds = Number(ntp >> 32n);
  const fraction = Number(ntp & 0xffffffffn) / 2 ** 32;
  return (seconds - NTP_UNIX_EPOCH_OFFSET_SECONDS + fraction) * 1000;
}

/**
 * The middle 32 bits of an NTP timestamp, as sent in a report block's LSR field (RFC 3550 §6.4.1).
 * @param ntp - the SR's NTP timestamp.
 * @returns 16 bits of seconds and 16 bits of fraction.
 * @example
 * ```ts
 * import { ntpMiddle32 } from '@voip/rtp';
 * ntpMiddle32(0xe65f2b8a80000000n); // 0x2b8a8000
 * ```
 */
export function ntpMiddle32(ntp: bigint): number {
  return Number((ntp >> 16n) & 0xffffffffn);
}
