/**
 * `@voip/srtp`: SRTP and SRTCP (RFC 3711) for every SDES suite (RFC 4568, RFC 6188, RFC 7714).
 * @module
 */
export { SrtpError, isSrtpError } from './errors.js';
export type { SrtpErrorCode, SrtpFailureReason } from './errors.js';
export type { SrtpKeyingMaterial, SrtpMasterKey } from './keying-material.js';
export { resolveSrtpSuite, isSupportedSrtpSuite, SRTP_SUITE_NAMES, SrtpCipher } from './suites.js';
export type { SrtpSuite, SrtpSuiteName } from './suites.js';
export { deriveSrtpKey, SrtpKdfLabel } from './key-derivation.js';
export { ReplayWindow, MIN_REPLAY_WINDOW, MAX_REPLAY_WINDOW } from './replay-window.js';
export { rtpHeaderLength } from './rtp-header.js';
export { DEFAULT_MAX_SSRCS, DEFAULT_REPLAY_WINDOW, MAX_MASTER_KEYS } from './session-options.js';
export type { SrtpSessionOptions, SrtpKeyLifetimeWarning } from './session-options.js';
export { SrtpSession } from './srtp-session.js';
export { generateSrtpKeyingMaterial } from './generate.js';
export type { SrtpSender, SrtpReceiver, SrtpUnprotectResult, SrtpIntoResult } from './srtp-endpoints.js';
export { createSrtpSessionPair } from './session-pair.js';
export type { SrtpSessionPairOptions } from './session-pair.js';
export type { SrtpRetryCounts } from './retry-counts.js';
