/**
 * Send and receive sessions for one call: SDES keys are per direction (RFC 4568 §6.1), so the local
 * key protects and the remote key unprotects.
 * @module
 */
import type { SrtpSessionOptions } from './session-options.js';
import type { SrtpReceiver, SrtpSender } from './srtp-endpoints.js';
import { SrtpSession } from './srtp-session.js';

/**
 * Options of {@link createSrtpSessionPair}: one keying material per direction (RFC 4568 §6.1).
 *
 * @example
 * ```ts
 * import { generateSrtpKeyingMaterial, type SrtpSessionPairOptions } from '@voip/srtp';
 * const o: SrtpSessionPairOptions = { local: generateSrtpKeyingMaterial(), remote: generateSrtpKeyingMaterial() };
 * ```
 */
export interface SrtpSessionPairOptions {
  /** Our keying material (what we announced in our `a=crypto`): protects what we send. */
  readonly local: SrtpSessionOptions;
  /** The peer's keying material (their `a=crypto`): unprotects what we receive. */
  readonly remote: SrtpSessionOptions;
}

/**
 * Builds `{ send, receive }`, typed so `send` only protects and `receive` only unprotects.
 *
 * @param options - `local` and `remote` keying material (the objects `@voip/sdp-crypto` returns)
 * @returns the two halves
 * @throws {RangeError} | {SrtpError} as `new SrtpSession` does; also when both directions use the same
 *   master key (a two-time pad, RFC 3711 §9.1)
 * @example
 * ```ts
 * import { createSrtpSessionPair, generateSrtpKeyingMaterial } from '@voip/srtp';
 * const { send, receive } = createSrtpSessionPair({
 *   local: generateSrtpKeyingMaterial(), remote: generateSrtpKeyingMaterial(),
 * });
 * ```
 */
export function createSrtpSessionPair(options: SrtpSessionPairOptions): { send: SrtpSender; receive: SrtpReceiver } {
  const { local, remote } = options;
  if (sameBytes(local.masterKey, remote.masterKey) && sameBytes(local.masterSalt, remote.masterSalt)) {
    throw new RangeError('"local" and "remote" use the same master key: SDES keys must differ per direction (RFC 4568 §6.1)');
  }
  return { send: new SrtpSession(local), receive: new SrtpSession(remote) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}
