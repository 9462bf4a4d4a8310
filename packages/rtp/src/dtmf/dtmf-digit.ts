/**
 * The DTMF digits of RFC 4733 §3.2 (https://www.rfc-editor.org/rfc/rfc4733#section-3.2):
 * event codes 0-9 are the digits '0'-'9', 10 is '*', 11 is '#', 12-15 are 'A'-'D' (16 is flash, which
 * is not a digit).
 * @module
 */

/**
 * One DTMF key: '0'-'9', '*', '#', or 'A'-'D'.
 *
 * @example
 * ```ts
 * import type { DtmfDigit } from '@voip/rtp';
 * const star: DtmfDigit = '*';
 * ```
 */
export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

/**
 * The 16 DTMF digits in event-code order: `DTMF_DIGITS[code]` is the digit of event `code` (RFC 4733 §3.2).
 *
 * @example
 * ```ts
 * import { DTMF_DIGITS } from '@voip/rtp';
 * DTMF_DIGITS[11]; // '#'
 * DTMF_DIGITS.length; // 16
 * ```
 */
export const DTMF_DIGITS: readonly DtmfDigit[] = Object.freeze([
  '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D',
] as const);

/**
 * The RFC 4733 §3.2 event code of a DTMF digit. Lower-case 'a'-'d' are accepted as 'A'-'D'.
 * @param digit - one character: '0'-'9', '*', '#', 'A'-'D' (or 'a'-'d').
 * @returns the event code, 0-15.
 * @throws {RangeError} when `digit` is not one DTMF digit; {TypeError} when it is not a string.
 * @example
 * ```ts
 * import { dtmfEventCode } from '@voip/rtp';
 * dtmfEventCode('5'); // 5
 * dtmfEventCode('#'); // 11
 * dtmfEventCode('D'); // 15
 * ```
 */
export function dtmfEventCode(digit: string): number {
  if (typeof digit !== 'string') {
    throw new TypeError(`"digit" expected a string, got ${typeof digit}`);
  }
  const code = DTMF_DIGITS.indexOf(digit.toUpperCase() as DtmfDigit);
  if (digit.length !== 1 || code < 0) {
    throw new RangeError(`"digit" expected one of 0-9, *, #, A-D, got ${JSON.stringify(digit)}`);
  }
  return code;
}

/**
 * The DTMF digit of an RFC 4733 §3.2 event code, or `undefined` for an event that is not a digit
 * (16 = flash, and the other telephone events up to 255).
 * @param code - an event code, an integer 0-255.
 * @returns the digit for 0-15, `undefined` for 16-255.
 * @throws {RangeError} when `code` is not an integer 0-255.
 * @example
 * ```ts
 * import { dtmfDigit } from '@voip/rtp';
 * dtmfDigit(10); // '*'
 * dtmfDigit(16); // undefined (flash)
 * ```
 */
export function dtmfDigit(code: number): DtmfDigit | undefined {
  if (!Number.isInteger(code) || code < 0 || code > 255) {
    throw new RangeError(`"code" expected an integer 0..255, got ${code}`);
  }
  return DTMF_DIGITS[code];
}
