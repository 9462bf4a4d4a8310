/**
 * An SRTP/SRTCP session for one direction of one SDES negotiation: RFC 3711
 * (https://www.rfc-editor.org/rfc/rfc3711), RFC 6188, RFC 7714, keyed as RFC 4568 describes.
 * @module
 */
import { SrtpError, isSrtpError, type SrtpFailureReason } from './errors.js';
import { generateSrtpKeyingMaterial } from './generate.js';
import type { SrtpKeyingMaterial } from './keying-material.js';
import type { SrtpSessionOptions } from './session-options.js';
import type { SrtpIntoResult, SrtpReceiver, SrtpSender, SrtpUnprotectResult } from './srtp-endpoints.js';
import type { SrtpSuite } from './suites.js';
import { SessionCore } from './internal/session-core.js';
import { protectRtp, srtpLength, unprotectRtp } from './internal/srtp-transform.js';
import { protectRtcp, srtcpLength, unprotectRtcp } from './internal/srtcp-transform.js';
import { RtpStreamState } from './internal/stream-state.js';
import type { SrtpRetryCounts } from './retry-counts.js';

const FAILURES: { readonly [R in SrtpFailureReason]: SrtpUnprotectResult } = {
  TOO_SHORT: Object.freeze({ ok: false, reason: 'TOO_SHORT' }),
  MALFORMED: Object.freeze({ ok: false, reason: 'MALFORMED' }),
  AUTH_FAILED: Object.freeze({ ok: false, reason: 'AUTH_FAILED' }),
  REPLAYED: Object.freeze({ ok: false, reason: 'REPLAYED' }),
  UNKNOWN_MKI: Object.freeze({ ok: false, reason: 'UNKNOWN_MKI' }),
  KEY_EXPIRED: Object.freeze({ ok: false, reason: 'KEY_EXPIRED' }),
  SSRC_LIMIT: Object.freeze({ ok: false, reason: 'SSRC_LIMIT' }),
};

/**
 * SRTP and SRTCP for one direction (or both, for callers who want one object: SDES keys are per
 * direction, so prefer {@link createSrtpSessionPair}). State per SSRC: ROC, highest index and replay
 * window, committed only after authentication (RFC 3711 §3.3.1).
 *
 * @example
 * ```ts
 * import { SrtpSession } from '@voip/srtp';
 * const tx = SrtpSession.generate();
 * const rx = new SrtpSession(tx.keyingMaterial);
 * const rtp = new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 1, 2, 3]);
 * const r = rx.unprotect(tx.protect(rtp));
 * if (r.ok) console.log(r.packet); // equals rtp
 * ```
 */
/** Reads a session's core; set by the class's static block (see {@link sessionCoreOf}). */
let coreOf: (s: SrtpSession) => SessionCore;

export class SrtpSession implements SrtpSender, SrtpReceiver {
  static {
    coreOf = (s) => s.#core;
  }
  /** The negotiated suite. */
  readonly suite: SrtpSuite;
  readonly #core: SessionCore;
  /** Everything of {@link SrtpSession.keyingMaterial} but the key copies, which are made on first read. */
  readonly #material: Omit<SrtpKeyingMaterial, 'masterKey' | 'masterSalt'>;
  #km: SrtpKeyingMaterial | undefined = undefined;

  /**
   * @param options - keying material (the shape `@voip/sdp-crypto` returns) plus policy
   * @throws {RangeError} wrong key/salt lengths, bad MKI, window, KDR or limits
   * @throws {SrtpError} `UNSUPPORTED_SUITE` for F8, AEAD_AES_*_GCM_8, AES_CM_128_NULL_AUTH (refused: no
   *   SRTP authentication) and unknown suite names
   */
  constructor(options: SrtpSessionOptions) {
    this.#core = new SessionCore(options);
    this.suite = this.#core.suite;
    this.#material = {
      suite: this.suite.name,
      ...(options.lifetime !== undefined ? { lifetime: options.lifetime } : {}),
      ...(options.mki !== undefined ? { mki: options.mki } : {}),
      ...(this.#core.keys.length > 1
        ? {
            // several keys (rare): copied now, like the first key's on first read
            keys: this.#core.keys.map((k, i) => ({
              masterKey: new Uint8Array(k.masterKey),
              masterSalt: new Uint8Array(k.masterSalt),
              ...(options.keys?.[i]?.lifetime !== undefined ? { lifetime: options.keys[i].lifetime } : {}),
              ...(options.keys?.[i]?.mki !== undefined ? { mki: options.keys[i].mki } : {}),
            })),
          }
        : {}),
      ...(options.keyDerivationRate !== undefined ? { keyDerivationRate: options.keyDerivationRate } : {}),
      ...(options.unencryptedSrtp !== undefined ? { unencryptedSrtp: options.unencryptedSrtp } : {}),
      ...(options.unencryptedSrtcp !== undefined ? { unencryptedSrtcp: options.unencryptedSrtcp } : {}),
      ...(options.unauthenticatedSrtp !== undefined ? { unauthenticatedSrtp: options.unauthenticatedSrtp } : {}),
      ...(options.replayWindowSize !== undefined ? { replayWindowSize: this.#core.windowSize } : {}),
    };
  }

  /**
   * The keying material this session was built from, e.g. for an `a=crypto` line: copies of the keys
   * (made on first read, the same object afterwards), so mutating them cannot change the session;
   * zeroized by dispose.
   */
  get keyingMaterial(): SrtpKeyingMaterial {
    if (this.#km === undefined) {
      const k0 = this.#core.keys[0]!;
      this.#km = { ...this.#material, masterKey: new Uint8Array(k0.masterKey), masterSalt: new Uint8Array(k0.masterSalt) };
    }
    return this.#km;
  }

  /**
   * A session with a fresh random key (see {@link generateSrtpKeyingMaterial}); read its
   * `keyingMaterial` to announce it in `a=crypto`.
   *
   * @param suite - default `AES_CM_128_HMAC_SHA1_80`
   * @param options - policy options (replay window, limits, ...)
   * @returns a new session
   * @throws {SrtpError} `UNSUPPORTED_SUITE` for a suite that is not implemented, refused or unknown
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const s = SrtpSession.generate('AES_256_CM_HMAC_SHA1_80');
   * s.keyingMaterial.masterKey.length; // 32
   * ```
   */
  static generate(
    suite?: string,
    options?: Omit<SrtpSessionOptions, 'suite' | 'masterKey' | 'masterSalt' | 'keys' | 'mki'>,
  ): SrtpSession {
    return new SrtpSession({ ...options, ...generateSrtpKeyingMaterial(suite) });
  }

  /**
   * Protects one RTP packet (RFC 3711 §3.3) into a new buffer. Encrypts from after the CSRCs and the
   * header extension; the header is authenticated, never rewritten.
   * @param rtp - one serialized RTP packet
   * @returns the SRTP packet (a new Uint8Array)
   * @throws {SrtpError} `MALFORMED` | `KEY_EXPIRED` | `INDEX_REUSED` | `SSRC_LIMIT`
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const wire = SrtpSession.generate().protect(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7]));
   * ```
   */
  protect(rtp: Uint8Array): Uint8Array {
    const out = new Uint8Array(srtpLength(this.#core, rtp.length));
    protectRtp(this.#core, rtp, out, 0);
    return out;
  }

  /**
   * Protects one RTP packet into `out[offset..)` (RFC 3711 §3.3).
   * @param rtp - one serialized RTP packet
   * @param out - destination with {@link SrtpSession.protectedLength} bytes free from `offset`
   * @param offset - where to write; default 0
   * @returns bytes written
   * @throws {SrtpError} `MALFORMED` | `KEY_EXPIRED` | `INDEX_REUSED` | `SSRC_LIMIT`; {RangeError} when `out` is too small
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const s = SrtpSession.generate();
   * const out = new Uint8Array(1500);
   * const n = s.protectInto(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7]), out);
   * ```
   */
  protectInto(rtp: Uint8Array, out: Uint8Array, offset = 0): number {
    return protectRtp(this.#core, rtp, out, offset);
  }

  /**
   * Protects one (compound) RTCP packet (RFC 3711 §3.4) into a new buffer; the SRTCP index of the
   * sender SSRC (bytes 4..7) starts at 0 and never wraps.
   * @param rtcp - serialized RTCP
   * @returns the SRTCP packet
   * @throws {SrtpError} `MALFORMED` | `KEY_EXPIRED` (index 2^31-1 used, or lifetime spent) | `SSRC_LIMIT`
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const srtcp = SrtpSession.generate().protectRtcp(new Uint8Array([0x81, 0xc9, 0, 1, 0, 0, 0, 7]));
   * ```
   */
  protectRtcp(rtcp: Uint8Array): Uint8Array {
    const out = new Uint8Array(srtcpLength(this.#core, rtcp.length));
    protectRtcp(this.#core, rtcp, out, 0);
    return out;
  }

  /**
   * Protects one RTCP packet into `out[offset..)` (RFC 3711 §3.4).
   * @param rtcp - serialized RTCP
   * @param out - destination with {@link SrtpSession.protectedRtcpLength} bytes free from `offset`
   * @param offset - default 0
   * @returns bytes written
   * @throws {SrtpError} `MALFORMED` | `KEY_EXPIRED` | `SSRC_LIMIT`; {RangeError} when `out` is too small
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const n = SrtpSession.generate().protectRtcpInto(new Uint8Array([0x81, 0xc9, 0, 1, 0, 0, 0, 7]), new Uint8Array(64));
   * ```
   */
  protectRtcpInto(rtcp: Uint8Array, out: Uint8Array, offset = 0): number {
    return protectRtcp(this.#core, rtcp, out, offset);
  }

  /**
   * Authenticates, replay-checks and decrypts one SRTP packet (RFC 3711 §3.3). Never throws for
   * anything it is given (a non-Uint8Array is `MALFORMED`); only a defect of this package would throw.
   * @param srtp - one SRTP packet from the network
   * @returns `{ ok: true, packet }` with a new buffer, or `{ ok: false, reason }`
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const r = SrtpSession.generate().unprotect(new Uint8Array(3));
   * r.ok; // false, r.reason === 'TOO_SHORT'
   * ```
   */
  unprotect(srtp: Uint8Array): SrtpUnprotectResult {
    if (!isBytes(srtp)) {
      return FAILURES.MALFORMED; // not a Uint8Array: still never throw to a socket handler
    }
    try {
      const out = new Uint8Array(Math.max(0, srtp.length - this.#core.mkiLength - this.#core.srtpTagLength));
      const r = unprotectRtp(this.#core, srtp, out, 0);
      return typeof r === 'number' ? { ok: true, packet: r === out.length ? out : out.subarray(0, r) } : FAILURES[r];
    } catch (e) {
      return wireFailure(e);
    }
  }

  /**
   * Unprotects one SRTP packet into `out[offset..)`; `out` may be `srtp` itself (in place, same offset).
   * Never throws for packet contents; `out`'s bytes are unspecified after a failure.
   * @param srtp - one SRTP packet
   * @param out - destination with at least `srtp.length` bytes free from `offset`
   * @param offset - default 0
   * @returns bytes written, or the failure reason
   * @throws {RangeError} when `out` is too small
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const r = SrtpSession.generate().unprotectInto(new Uint8Array(3), new Uint8Array(1500));
   * typeof r === 'number' ? r : r; // 'TOO_SHORT'
   * ```
   */
  unprotectInto(srtp: Uint8Array, out: Uint8Array, offset = 0): SrtpIntoResult {
    return unprotectRtp(this.#core, srtp, out, offset);
  }

  /**
   * Authenticates (also with E=0), replay-checks and decrypts one SRTCP packet (RFC 3711 §3.4,
   * RFC 7714 §9). Never throws for anything it is given (a non-Uint8Array is `MALFORMED`); only a defect
   * of this package would throw.
   * @param srtcp - one SRTCP packet
   * @returns `{ ok: true, packet }` or `{ ok: false, reason }`
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().unprotectRtcp(new Uint8Array(30)).ok; // false
   * ```
   */
  unprotectRtcp(srtcp: Uint8Array): SrtpUnprotectResult {
    if (!isBytes(srtcp)) {
      return FAILURES.MALFORMED;
    }
    try {
      const tag = this.#core.aead ? 16 : (this.#core.srtcpTagLearnt ?? 4); // 'auto' not yet learnt: at most this
      const out = new Uint8Array(Math.max(0, srtcp.length - 4 - this.#core.mkiLength - tag));
      const r = unprotectRtcp(this.#core, srtcp, out, 0);
      return typeof r === 'number' ? { ok: true, packet: r === out.length ? out : out.subarray(0, r) } : FAILURES[r];
    } catch (e) {
      return wireFailure(e);
    }
  }

  /**
   * Unprotects one SRTCP packet into `out[offset..)` (may be in place).
   * @param srtcp - one SRTCP packet
   * @param out - destination with at least `srtcp.length` bytes free from `offset`
   * @param offset - default 0
   * @returns bytes written, or the failure reason
   * @throws {RangeError} when `out` is too small
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().unprotectRtcpInto(new Uint8Array(30), new Uint8Array(64)); // 'AUTH_FAILED' or another reason
   * ```
   */
  unprotectRtcpInto(srtcp: Uint8Array, out: Uint8Array, offset = 0): SrtpIntoResult {
    return unprotectRtcp(this.#core, srtcp, out, offset);
  }

  /**
   * Bytes an RTP packet of `rtpLength` bytes takes once protected (adds MKI and tag).
   * @param rtpLength - RTP packet length
   * @returns SRTP packet length
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().protectedLength(172); // 182
   * ```
   */
  protectedLength(rtpLength: number): number {
    return srtpLength(this.#core, rtpLength);
  }

  /**
   * Bytes an RTCP packet of `rtcpLength` bytes takes once protected (adds E/index, MKI and tag).
   * @param rtcpLength - RTCP packet length
   * @returns SRTCP packet length
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().protectedRtcpLength(28); // 42
   * ```
   */
  protectedRtcpLength(rtcpLength: number): number {
    return srtcpLength(this.#core, rtcpLength);
  }

  /**
   * The SRTCP tag length in bytes `unprotectRtcp` authenticates against: the configured one (the suite's
   * by default), or with `srtcpTagLength: 'auto'` and a `_32` suite the one the peer's first authentic
   * SRTCP packet had (4 for ffmpeg 5.1 and baresip, 10 per RFC 3711), undefined before that packet.
   * @returns tag bytes, or undefined while `'auto'` has not seen an authentic packet
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const rx = SrtpSession.generate('AES_CM_128_HMAC_SHA1_32', { srtcpTagLength: 'auto' });
   * rx.srtcpTagLengthInUse; // undefined until an SRTCP packet authenticates, then 4 or 10
   * ```
   */
  get srtcpTagLengthInUse(): number | undefined {
    return this.#core.srtcpTagLearnt;
  }

  /**
   * How often a new SSRC's first packet, failing under the assumed ROC, was tried again one ROC later
   * (a receiver that missed the packets before the sender's first wrap, cisco/libsrtp#729), how often
   * that found a late joiner, and how often it was skipped because forged packets of fresh SSRCs had
   * spent the retry budget (64 at once, 64 a second: a flood costs one tag check per packet beyond it).
   * @returns a snapshot of the counts
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().newStreamRetries; // { tried: 0, authenticated: 0, skipped: 0 }
   * ```
   */
  get newStreamRetries(): SrtpRetryCounts {
    return this.#core.newStreamRetries.counts();
  }

  /**
   * The SRTP rollover counter (RFC 3711 §3.2.1) this session sends `ssrc` under; undefined when it has
   * neither sent on nor been told a ROC for that SSRC.
   * @param ssrc - u32
   * @returns ROC or undefined
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().getSendRolloverCounter(7); // undefined
   * ```
   */
  getSendRolloverCounter(ssrc: number): number | undefined {
    return this.#core.txRtp.get(ssrc >>> 0)?.roc;
  }

  /**
   * The SRTP rollover counter (RFC 3711 §3.2.1) of what this session receives from `ssrc`; undefined
   * when no packet of that SSRC has authenticated and no ROC was set for it.
   * @param ssrc - u32
   * @returns ROC or undefined
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().getReceiveRolloverCounter(7); // undefined
   * ```
   */
  getReceiveRolloverCounter(ssrc: number): number | undefined {
    return this.#core.rxRtp.get(ssrc >>> 0)?.roc;
  }

  /**
   * Sets the ROC this session sends `ssrc` under (late join, re-INVITE keeping keys: RFC 4568 §7.1.4),
   * keeping the highest sequence number. Re-stating the current ROC changes nothing, and every index
   * already used stays used; a higher ROC moves the stream forward. A lower ROC is refused: protect would
   * then reuse indices, and so keystream (RFC 3711 §9.1). Creates send state only.
   * @param ssrc - u32
   * @param roc - u32
   * @throws {RangeError} when `roc` or `ssrc` is not a u32
   * @throws {SrtpError} `INDEX_REUSED` when `ssrc` has sent under a higher ROC; `SSRC_LIMIT` when a new
   *   SSRC would pass `maxSsrcs` (nothing is changed either way)
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().setSendRolloverCounter(0x1234, 3);
   * ```
   */
  setSendRolloverCounter(ssrc: number, roc: number): void {
    checkRocArguments(ssrc, roc);
    const sent = this.#core.txRtp.get(ssrc);
    if (sent !== undefined && sent.highest >= 0 && roc < sent.roc) {
      throw new SrtpError(
        'INDEX_REUSED',
        `SSRC ${ssrc} has sent under ROC ${sent.roc}: ROC ${roc} would reuse SRTP indices (RFC 3711 §9.1)`,
      );
    }
    this.#streamFor(this.#core.txRtp, ssrc).setRoc(roc);
  }

  /**
   * Sets the ROC of what this session receives from `ssrc` (late join, re-INVITE: RFC 4568 §7.1.4),
   * keeping the highest sequence number and what the replay window has seen: the same ROC again changes
   * nothing, a higher one slides the window forward (older packets count as too old). A lower ROC would
   * re-open old packets to replay, so it is refused unless `force` is set (then the window restarts at
   * the lowered index: use it only when the signalling is authenticated and really means it).
   * Creates receive state only.
   * @param ssrc - u32
   * @param roc - u32
   * @param options - `force: true` lowers a ROC that a packet has already advanced
   * @throws {RangeError} when `roc` or `ssrc` is not a u32
   * @throws {SrtpError} `ROC_LOWERED` when `roc` is below the stream's current ROC and not forced;
   *   `SSRC_LIMIT` when a new SSRC would pass `maxSsrcs` (nothing is changed either way)
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const rx = SrtpSession.generate();
   * rx.setReceiveRolloverCounter(0x1234, 3);
   * rx.setReceiveRolloverCounter(0x1234, 2); // no packet yet: nothing to replay, allowed
   * ```
   */
  setReceiveRolloverCounter(ssrc: number, roc: number, options: { readonly force?: boolean } = {}): void {
    checkRocArguments(ssrc, roc);
    const received = this.#core.rxRtp.get(ssrc);
    if (received !== undefined && received.highest >= 0 && roc < received.roc && options.force !== true) {
      throw new SrtpError(
        'ROC_LOWERED',
        `SSRC ${ssrc} is received under ROC ${received.roc}: ROC ${roc} would accept replays of older packets (pass { force: true } to lower it)`,
      );
    }
    this.#streamFor(this.#core.rxRtp, ssrc).setRoc(roc);
  }

  #streamFor(map: SessionCore['rxRtp'], ssrc: number): RtpStreamState {
    let st = map.get(ssrc);
    if (st === undefined) {
      if (map.size >= this.#core.maxSsrcs) {
        throw new SrtpError('SSRC_LIMIT', `SSRC ${ssrc} would exceed "maxSsrcs" ${this.#core.maxSsrcs}`);
      }
      st = new RtpStreamState(this.#core.windowSize);
      map.set(ssrc, st);
    }
    return st;
  }

  /**
   * Switches the master key used by protect to the one with MKI `mki` (RFC 3711 §3.1 re-keying).
   * @param mki - MKI value of one of the session's keys
   * @throws {RangeError} when no key has that MKI
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const k = (v: bigint) => ({ masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14), mki: { value: v, byteLength: 1 } });
   * const s = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', ...k(1n), keys: [k(1n), k(2n)] });
   * s.selectSendKey(2n);
   * ```
   */
  selectSendKey(mki: bigint | number): void {
    this.#core.selectSendKey(mki);
  }

  /**
   * Zeroizes master and session keys and forgets all streams; later protect calls throw
   * `KEY_EXPIRED`, unprotect calls return it.
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().dispose();
   * ```
   */
  dispose(): void {
    this.#core.dispose();
    for (const k of [this.#km, ...(this.#material.keys ?? [])]) {
      k?.masterKey.fill(0);
      k?.masterSalt.fill(0);
    }
  }
}

/** A Uint8Array (Buffer included), also one from another realm. */
function isBytes(b: unknown): b is Uint8Array {
  return b instanceof Uint8Array || Object.prototype.toString.call(b) === '[object Uint8Array]';
}

/**
 * The result for an exception thrown while unprotecting: the package's own wire-format error
 * (`SrtpError` `MALFORMED`) becomes a `MALFORMED` result; anything else is a bug and is rethrown, so it
 * surfaces instead of passing for a bad packet.
 */
function wireFailure(e: unknown): SrtpUnprotectResult {
  if (isSrtpError(e) && e.code === 'MALFORMED') {
    return FAILURES.MALFORMED;
  }
  throw e;
}

function checkRocArguments(ssrc: number, roc: number): void {
  if (!Number.isInteger(ssrc) || ssrc < 0 || ssrc > 0xffffffff) {
    throw new RangeError(`"ssrc" expected a u32, got ${ssrc}`);
  }
  if (!Number.isInteger(roc) || roc < 0 || roc > 0xffffffff) {
    throw new RangeError(`"roc" expected a u32, got ${roc}`);
  }
}

/**
 * The {@link SessionCore} behind a session: for the package's own tests, which check its per-SSRC
 * state; not exported from the package.
 */
export function sessionCoreOf(session: SrtpSession): SessionCore {
  return coreOf(session);
}
