/**
 * Builds {@link SrtpKeyingMaterial} from a negotiated line: the suite, its key params, the declarative
 * session parameters (RFC 4568 §6.3: they apply to both directions) and the line sender's window size
 * hint (WSH, RFC 4568 §6.3.6: for the direction the line's key protects).
 * @module
 */
import type { SrtpSessionParam } from '../session-param.js';
import type { SrtpKeyingMaterial, SrtpMasterKey } from '../keying-material.js';

/** Smallest SRTP replay window (RFC 3711 §3.3.2: at least 64), also RFC 4568 §6.3.6's WSH minimum. */
export const MIN_REPLAY_WINDOW = 64;
/** Largest replay window `@voip/srtp` keeps; a larger WSH hint is clamped to it. */
export const MAX_REPLAY_WINDOW = 32768;

/** Declarative session params as they compare between offer and answer: `KDR=n` and the three flags. */
export function declarativeParams(params: readonly SrtpSessionParam[]): string {
  const seen = new Set<string>();
  for (const p of params) {
    if (p.type === 'KDR') {
      seen.add(`KDR=${p.exponent}`);
    } else if (p.type === 'UNENCRYPTED_SRTP' || p.type === 'UNENCRYPTED_SRTCP' || p.type === 'UNAUTHENTICATED_SRTP') {
      seen.add(p.type);
    }
  }
  return [...seen].sort().join(' ');
}

/** The keying material for one direction: `keys` only when there are several. */
export function toKeyingMaterial(
  suite: string,
  keys: readonly SrtpMasterKey[],
  params: readonly SrtpSessionParam[],
): SrtpKeyingMaterial {
  const first = keys[0];
  if (first === undefined) {
    throw new TypeError('"keys" expected at least one key');
  }
  let keyDerivationRate: number | undefined;
  let unencryptedSrtp = false;
  let unencryptedSrtcp = false;
  let unauthenticatedSrtp = false;
  let replayWindowSize: number | undefined;
  for (const p of params) {
    switch (p.type) {
      case 'KDR':
        keyDerivationRate = 2 ** p.exponent; // RFC 4568 §6.3.1: KDR=n means a rate of 2^n
        break;
      case 'UNENCRYPTED_SRTP':
        unencryptedSrtp = true;
        break;
      case 'UNENCRYPTED_SRTCP':
        unencryptedSrtcp = true;
        break;
      case 'UNAUTHENTICATED_SRTP':
        unauthenticatedSrtp = true;
        break;
      case 'WSH':
        // RFC 4568 §6.3.6: only a hint, the receiver chooses; @voip/srtp windows are 64..32768
        replayWindowSize = Math.min(Math.max(p.windowSize, MIN_REPLAY_WINDOW), MAX_REPLAY_WINDOW);
        break;
      default:
        break;
    }
  }
  return {
    suite,
    masterKey: first.masterKey,
    masterSalt: first.masterSalt,
    ...(first.lifetime === undefined ? {} : { lifetime: first.lifetime }),
    ...(first.mki === undefined ? {} : { mki: first.mki }),
    ...(keys.length > 1 ? { keys: [...keys] } : {}),
    ...(keyDerivationRate === undefined ? {} : { keyDerivationRate }),
    ...(unencryptedSrtp ? { unencryptedSrtp } : {}),
    ...(unencryptedSrtcp ? { unencryptedSrtcp } : {}),
    ...(unauthenticatedSrtp ? { unauthenticatedSrtp } : {}),
    ...(replayWindowSize === undefined ? {} : { replayWindowSize }),
  };
}
