/**
 * The client retransmission schedule of a STUN request over UDP, RFC 5389 §7.2.1
 * (https://www.rfc-editor.org/rfc/rfc5389#section-7.2.1): the request is sent at 0, RTO, 3 RTO,
 * 7 RTO, ... (the interval doubles), Rc requests in all; after the last one the client waits Rm
 * times RTO and gives up. With the defaults (RTO 500 ms, Rc 7, Rm 16) requests go out at 0, 500,
 * 1500, 3500, 7500, 15500 and 31500 ms and the transaction fails at 39500 ms.
 * @module
 */

/** Retransmission parameters, RFC 5389 §7.2.1. */
export interface RetransmissionOptions {
  /** Initial retransmission timeout in ms (RTO). Default 500. */
  readonly rto?: number;
  /** Number of requests in all, original included (Rc). Default 7. */
  readonly maxRequests?: number;
  /** Wait after the last request, in multiples of RTO (Rm). Default 16. */
  readonly finalTimeoutFactor?: number;
}

/** When requests are sent and when the transaction times out, in ms from the first send. */
export interface RetransmissionSchedule {
  /** Send times; `sendAt[0]` is 0. */
  readonly sendAt: readonly number[];
  /** When the transaction fails with TIMEOUT. */
  readonly timeoutAt: number;
}

/**
 * Default initial RTO in ms, RFC 5389 §7.2.1 (https://www.rfc-editor.org/rfc/rfc5389#section-7.2.1).
 * @example
 * ```ts
 * import { DEFAULT_RTO } from '@voip/stun';
 * DEFAULT_RTO; // 500
 * ```
 */
export const DEFAULT_RTO = 500;
/**
 * Default Rc (requests in all), RFC 5389 §7.2.1 (https://www.rfc-editor.org/rfc/rfc5389#section-7.2.1).
 * @example
 * ```ts
 * import { DEFAULT_MAX_REQUESTS } from '@voip/stun';
 * DEFAULT_MAX_REQUESTS; // 7
 * ```
 */
export const DEFAULT_MAX_REQUESTS = 7;
/**
 * Default Rm (final wait in RTOs), RFC 5389 §7.2.1 (https://www.rfc-editor.org/rfc/rfc5389#section-7.2.1).
 * @example
 * ```ts
 * import { DEFAULT_FINAL_TIMEOUT_FACTOR } from '@voip/stun';
 * DEFAULT_FINAL_TIMEOUT_FACTOR; // 16
 * ```
 */
export const DEFAULT_FINAL_TIMEOUT_FACTOR = 16;

/**
 * The longest delay a timer takes (2^31 - 1 ms, about 24.8 days): a longer one fires after 1 ms in
 * Node and browsers. Every wait of a transaction is clamped to it.
 * @example
 * ```ts
 * import { MAX_TIMER_DELAY_MS } from '@voip/stun';
 * Math.min(500 * 2 ** 40, MAX_TIMER_DELAY_MS); // 2147483647
 * ```
 */
export const MAX_TIMER_DELAY_MS: number = 2 ** 31 - 1;

/**
 * How long resolving a STUN server's host name may take at most (ms), whatever the retransmission
 * schedule allows for the transaction itself: name resolution is not retransmitted.
 * @example
 * ```ts
 * import { DNS_TIMEOUT_MS } from '@voip/stun';
 * DNS_TIMEOUT_MS; // 5000
 * ```
 */
export const DNS_TIMEOUT_MS = 5000;

function positive(name: string, value: number | undefined, dflt: number, integer: boolean): number {
  if (value === undefined) {
    return dflt;
  }
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new RangeError(`"${name}" expected a positive ${integer ? 'integer' : 'number'}, got ${String(value)}`);
  }
  return value;
}

/**
 * Resolves the options to concrete values, checking them.
 * @param options - partial options
 * @returns rto, maxRequests, finalTimeoutFactor
 * @throws {RangeError} when a value is not positive (or not an integer, for the counts)
 * @example
 * ```ts
 * import { resolveRetransmission } from '@voip/stun';
 * resolveRetransmission({ rto: 100 }).maxRequests; // 7
 * ```
 */
export function resolveRetransmission(options?: RetransmissionOptions): Required<RetransmissionOptions> {
  return {
    rto: positive('rto', options?.rto, DEFAULT_RTO, false),
    maxRequests: positive('maxRequests', options?.maxRequests, DEFAULT_MAX_REQUESTS, true),
    finalTimeoutFactor: positive('finalTimeoutFactor', options?.finalTimeoutFactor, DEFAULT_FINAL_TIMEOUT_FACTOR, false),
  };
}

/**
 * The schedule for the given options, RFC 5389 §7.2.1.
 * @param options - RTO, Rc, Rm
 * @returns send times and the timeout
 * @throws {RangeError} on invalid options
 * @example
 * ```ts
 * import { retransmissionSchedule } from '@voip/stun';
 * retransmissionSchedule().timeoutAt; // 39500
 * ```
 */
export function retransmissionSchedule(options?: RetransmissionOptions): RetransmissionSchedule {
  const { rto, maxRequests, finalTimeoutFactor } = resolveRetransmission(options);
  const sendAt: number[] = [];
  let t = 0;
  let interval = rto;
  for (let i = 0; i < maxRequests; i++) {
    sendAt.push(t);
    if (i < maxRequests - 1) {
      t += interval;
      interval *= 2;
    }
  }
  return { sendAt, timeoutAt: t + finalTimeoutFactor * rto };
}
