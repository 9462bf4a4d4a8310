/**
 * The server side of a Binding transaction, shared by `StunServer` and `StunSocket`: RFC 5389 §7.3
 * (processing a request), §10.1.2 (short-term credentials), §7.3.1 (420 for unknown
 * comprehension-required attributes) and RFC 8489 §12 (RFC 3489 backwards compatibility). Not
 * exported from the package.
 * @module
 */
import type { AddressLike } from './address.js';
import {
  checkTextLength,
  errorCodeAttribute,
  getTextAttribute,
  mappedAddressAttribute,
  unknownAttributesAttribute,
  xorMappedAddressAttribute,
} from './attributes.js';
import { StunAttributeType, StunClass, StunMethod, stunMessageType } from './constants.js';
import { verifyFingerprint, verifyMessageIntegrity } from './integrity.js';
import type { ParsedStunMessage, StunAttribute } from './message.js';
import { serializeStunMessage } from './message.js';
import type { StunKey } from './stun-key.js';
import { utf8Encode } from './internal/bytes.js';

/** Short-term credentials a responder checks incoming Binding requests against (RFC 8489 §9.1). */
export interface StunCredentials {
  /**
   * Expected USERNAME. For ICE (RFC 8445 §7.2.2) give the local ufrag: a USERNAME of `ufrag` or
   * `ufrag:anything` matches. When absent, any USERNAME is accepted if the MAC verifies.
   */
  readonly username?: string;
  /** The password (ICE: the local ice-pwd). */
  readonly password: string;
}

/** How a request was handled: `'success'`, an error code sent back, or `'dropped'` (no answer). */
export type BindingOutcome = 'success' | 'dropped' | 400 | 401 | 420;

/** Resolved responder configuration. */
export interface ResponderConfig {
  readonly software: Uint8Array | undefined;
  readonly key: StunKey | undefined;
  readonly username: string | undefined;
  /** Add FINGERPRINT to every response (true) or only when the request had one (false). */
  readonly alwaysFingerprint: boolean;
  /** Add MAPPED-ADDRESS next to XOR-MAPPED-ADDRESS (for clients older than RFC 5389). */
  readonly mappedAddress: boolean;
}

/** Precomputes what can be. */
export function responderConfig(
  software: string | undefined,
  key: StunKey | undefined,
  username: string | undefined,
  alwaysFingerprint: boolean,
  mappedAddress: boolean,
): ResponderConfig {
  if (software !== undefined) {
    checkTextLength(StunAttributeType.Software, software);
  }
  return { software: software === undefined ? undefined : utf8Encode(software), key, username, alwaysFingerprint, mappedAddress };
}

function usernameMatches(got: string | undefined, expected: string | undefined): boolean {
  if (got === undefined) {
    return false;
  }
  return expected === undefined || got === expected || got.startsWith(`${expected}:`);
}

/**
 * Builds the answer to a parsed request from `remote`. Returns undefined for messages that get no
 * answer (indications, responses, bad FINGERPRINT, RFC 3489 non-Binding requests).
 */
export function answerRequest(
  msg: ParsedStunMessage,
  remote: AddressLike,
  cfg: ResponderConfig,
): { readonly outcome: BindingOutcome; readonly response: Uint8Array | undefined } {
  if (msg.cls !== StunClass.Request) {
    return { outcome: 'dropped', response: undefined };
  }
  // RFC 8489 §12: an RFC 3489 request (no magic cookie) gets MAPPED-ADDRESS and its 16-byte ID back.
  if (msg.rfc3489) {
    if (msg.method !== StunMethod.Binding) {
      return { outcome: 'dropped', response: undefined };
    }
    const response = serializeStunMessage({
      type: stunMessageType(StunMethod.Binding, StunClass.SuccessResponse),
      transactionId: msg.transactionId,
      attributes: [mappedAddressAttribute(remote)],
    });
    return { outcome: 'success', response };
  }
  const hadFingerprint = msg.fingerprintOffset >= 0;
  // RFC 5389 §7.3: a FINGERPRINT that does not verify means the message is not STUN: discard it.
  if (hadFingerprint && !verifyFingerprint(msg)) {
    return { outcome: 'dropped', response: undefined };
  }
  const fingerprint = hadFingerprint || cfg.alwaysFingerprint;
  const error = (code: 400 | 401 | 420, extra: StunAttribute[] = []): { outcome: BindingOutcome; response: Uint8Array } => {
    const attributes: StunAttribute[] = [errorCodeAttribute(code), ...extra];
    if (cfg.software !== undefined) {
      attributes.push({ type: StunAttributeType.Software, value: cfg.software });
    }
    const response = serializeStunMessage(
      { type: stunMessageType(msg.method, StunClass.ErrorResponse), transactionId: msg.transactionId, attributes },
      { fingerprint },
    );
    return { outcome: code, response };
  };
  // RFC 5389 §10.1.2: short-term credential checks come before the unknown-attribute check (§7.3).
  let authenticated = false;
  if (cfg.key !== undefined) {
    let username: string | undefined;
    try {
      username = getTextAttribute(msg, StunAttributeType.Username);
    } catch {
      return error(400);
    }
    if (msg.integrityOffset < 0 || username === undefined) {
      return error(400);
    }
    if (!usernameMatches(username, cfg.username) || !verifyMessageIntegrity(msg, cfg.key)) {
      return error(401);
    }
    authenticated = true;
  }
  if (msg.unknownRequiredAttributes.length > 0) {
    return error(420, [unknownAttributesAttribute(msg.unknownRequiredAttributes)]);
  }
  if (msg.method !== StunMethod.Binding) {
    return error(400);
  }
  const attributes: StunAttribute[] = [
    xorMappedAddressAttribute(remote, msg.transactionId),
  ];
  if (cfg.mappedAddress) {
    attributes.push(mappedAddressAttribute(remote));
  }
  if (cfg.software !== undefined) {
    attributes.push({ type: StunAttributeType.Software, value: cfg.software });
  }
  const response = serializeStunMessage(
    { type: stunMessageType(StunMethod.Binding, StunClass.SuccessResponse), transactionId: msg.transactionId, attributes },
    // RFC 5389 §10.1.2: the response to an authenticated request carries MESSAGE-INTEGRITY with the same key.
    authenticated ? { integrity: cfg.key, fingerprint } : { fingerprint },
  );
  return { outcome: 'success', response };
}
