/**
 * The core of `voip srtp decrypt|encrypt`: classifies each UDP payload (RFC 7983 §7: first byte
 * 128..191 is RTP/RTCP; RFC 5761 §4: second byte 192..223 is RTCP, or RFC 3550 §11: RTCP on the odd
 * port) and unprotects or protects it with the SDES keys, keeping per-SSRC counts and verdicts.
 * @module
 */
import { SrtpSession, isSrtpError, type SrtpKeyingMaterial } from '@voip/srtp';

/** How RTCP is told from RTP. */
export type RtcpRule = 'pt' | 'odd-port';

/** Per-SSRC counts, for the summary. */
export interface SsrcCounts {
  readonly ssrc: number;
  ok: number;
  failed: number;
  rtcpOk: number;
  rtcpFailed: number;
  /** Failure reasons and how often each occurred. */
  readonly reasons: Record<string, number>;
}

/**
 * What happened to the SSRCs beyond {@link SrtpTranscoderOptions.maxStreams}: they get no per-SSRC
 * counts, only these totals.
 */
export interface UntrackedCounts {
  /** Distinct SSRCs not tracked (exact up to 65,536; see `ssrcsExact`). */
  ssrcs: number;
  /** False once more than 65,536 distinct untracked SSRCs were seen: `ssrcs` is then a lower bound. */
  ssrcsExact: boolean;
  /** Packets of untracked SSRCs. */
  packets: number;
  /** Of these, the ones transformed. */
  ok: number;
  /** Of these, the ones that failed. */
  failed: number;
  /** Failure reasons of untracked SSRCs and how often each occurred. */
  readonly reasons: Record<string, number>;
}

/** The outcome for one datagram. */
export type TranscodeResult =
  | { readonly action: 'pass'; readonly why: 'not-rtp' | 'filtered' }
  | { readonly action: 'ok'; readonly kind: 'rtp' | 'rtcp'; readonly ssrc: number; readonly bytes: Uint8Array }
  | {
      readonly action: 'fail';
      readonly kind: 'rtp' | 'rtcp';
      readonly ssrc: number;
      readonly sequenceNumber: number | undefined;
      readonly reason: string;
    };

/** Options of {@link SrtpTranscoder}. */
export interface SrtpTranscoderOptions {
  /** `decrypt` (SRTP → RTP, replay protection off) or `encrypt` (RTP → SRTP). */
  readonly direction: 'decrypt' | 'encrypt';
  /** One key per direction of the call; decrypt tries each on a new SSRC and keeps the one that works. */
  readonly keys: readonly SrtpKeyingMaterial[];
  /** Initial rollover counter for every SSRC (RFC 3711 §3.3.1), for captures that start mid-call. */
  readonly rolloverCounter?: number;
  /** SRTCP tag length of the `_32` suites: 10 (RFC 4568), 4 (ffmpeg 5.1, libav) or 'auto' (either, per packet length); see @voip/srtp. */
  readonly srtcpTagLength?: 4 | 10 | 'auto';
  /** Only these SSRCs are transformed; others pass unchanged. Empty or absent: all. */
  readonly ssrcs?: ReadonlySet<number>;
  /** How RTCP is recognised. Default `'pt'`. */
  readonly rtcp?: RtcpRule;
  /**
   * At most this many SSRCs get per-SSRC {@link SsrcCounts} (default 1024); the rest are summed in {@link SrtpTranscoder.untracked}. When full, an SSRC with a packet
   * that succeeds takes the place of the oldest SSRC that has only failed, so a flood of forged
   * SSRCs cannot hide the real streams.
   */
  readonly maxStreams?: number;
}

/** Default of {@link SrtpTranscoderOptions.maxStreams}. */
export const DEFAULT_MAX_STREAMS = 1024;
/** Distinct untracked SSRCs counted exactly; beyond, {@link UntrackedCounts.ssrcs} is a lower bound. */
const MAX_UNTRACKED_DISTINCT = 1 << 16;

const u32 = (b: Uint8Array, o: number): number =>
  (((b[o] ?? 0) << 24) | ((b[o + 1] ?? 0) << 16) | ((b[o + 2] ?? 0) << 8) | (b[o + 3] ?? 0)) >>> 0;

/**
 * The stable reason for a failure thrown while transforming one packet: the @voip/srtp error code,
 * `SSRC_LIMIT` when a session cannot track one SSRC more, `MALFORMED` for other argument errors,
 * else `INTERNAL`.
 */
function failureReason(e: unknown): string {
  if (isSrtpError(e)) {
    return e.code;
  }
  if (e instanceof RangeError && /maxSsrcs/.test(e.message)) {
    return 'SSRC_LIMIT';
  }
  if (e instanceof RangeError || e instanceof TypeError) {
    return 'MALFORMED';
  }
  return 'INTERNAL';
}

/**
 * Transforms datagrams one at a time.
 *
 * @example
 * ```ts
 * import { SrtpTranscoder } from '@voip/cli';
 * import type { SrtpKeyingMaterial } from '@voip/srtp';
 * declare const material: SrtpKeyingMaterial, udpPayload: Uint8Array, write: (bytes: Uint8Array) => void;
 * const t = new SrtpTranscoder({ direction: 'decrypt', keys: [material] });
 * const r = t.process(udpPayload, { srcPort: 5004, dstPort: 6000 });
 * if (r.action === 'ok') write(r.bytes);
 * ```
 */
export class SrtpTranscoder {
  readonly #direction: 'decrypt' | 'encrypt';
  readonly #sessions: SrtpSession[];
  readonly #ssrcs: ReadonlySet<number> | undefined;
  readonly #rule: RtcpRule;
  /** SSRC → index of the session that authenticated it. */
  readonly #bound = new Map<number, number>();
  /** Per-SSRC counts, in order of first appearance. */
  readonly counts: Map<number, SsrcCounts> = new Map();
  /** Totals of the SSRCs beyond `maxStreams`. */
  readonly untracked: UntrackedCounts = { ssrcs: 0, ssrcsExact: true, packets: 0, ok: 0, failed: 0, reasons: {} };
  /** Datagrams passed unchanged because they are not RTP/RTCP. */
  passedThrough = 0;
  readonly #maxStreams: number;
  /** Tracked SSRCs with no success yet, oldest first: the ones a succeeding SSRC may displace. */
  readonly #failedOnly = new Set<number>();
  readonly #untrackedSsrcs = new Set<number>();

  /**
   * @param options - direction, keys, ROC, SRTCP tag length, SSRC filter, RTCP rule
   * @throws {TypeError} when no key is given, or several for encrypt; {RangeError} for an SRTCP tag
   * length the keys' suite does not allow, or a `maxStreams` that is not a positive integer
   */
  constructor(options: SrtpTranscoderOptions) {
    if (options.keys.length === 0) {
      throw new TypeError('"keys" expected at least one key');
    }
    if (options.direction === 'encrypt' && options.keys.length > 1) {
      throw new TypeError('"keys" expected one key to encrypt with');
    }
    this.#direction = options.direction;
    // Receive side with replay protection OFF: a capture may hold duplicates (retransmissions, two
    // capture points) and every authentic copy should decrypt.
    this.#sessions = options.keys.map(
      (k) =>
        new SrtpSession({
          ...k,
          replayProtection: false,
          maxSsrcs: 1 << 16,
          // --roc: the ROC of every SSRC not seen yet, which becomes state only when a packet of that
          // SSRC authenticates, so a flood of garbage SSRCs creates nothing and cannot fill maxSsrcs.
          ...(options.rolloverCounter === undefined ? {} : { initialRolloverCounter: options.rolloverCounter }),
          ...(options.srtcpTagLength === undefined ? {} : { srtcpTagLength: options.srtcpTagLength }),
        }),
    );
    this.#ssrcs = options.ssrcs !== undefined && options.ssrcs.size > 0 ? options.ssrcs : undefined;
    this.#rule = options.rtcp ?? 'pt';
    const max = options.maxStreams ?? DEFAULT_MAX_STREAMS;
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`"maxStreams" expected a positive integer, got ${max}`);
    }
    this.#maxStreams = max;
  }

  /**
   * Decides what `payload` is and transforms it.
   * @param payload - one UDP payload
   * @param ports - the UDP ports when known (for the odd-port RTCP rule)
   * @param maxOutputLength - the most bytes the result may have (what fits the frame it is written
   * into); a longer result is the failure `TOO_LARGE`
   * @returns pass, ok with the new bytes, or fail with the reason; never throws for any input
   */
  process(
    payload: Uint8Array,
    ports?: { readonly srcPort: number; readonly dstPort: number },
    maxOutputLength: number = Number.POSITIVE_INFINITY,
  ): TranscodeResult {
    const first = payload[0] ?? 0;
    // RFC 7983 §7: 128..191 is RTP or RTCP (version 2).
    if (first < 128 || first > 191 || payload.length < 8) {
      this.passedThrough++;
      return { action: 'pass', why: 'not-rtp' };
    }
    const pt = payload[1] ?? 0;
    const rtcp =
      this.#rule === 'odd-port' && ports !== undefined ? ports.dstPort % 2 === 1 : pt >= 192 && pt <= 223;
    if (!rtcp && payload.length < 12) {
      this.passedThrough++;
      return { action: 'pass', why: 'not-rtp' };
    }
    const ssrc = rtcp ? u32(payload, 4) : u32(payload, 8);
    if (this.#ssrcs !== undefined && !this.#ssrcs.has(ssrc)) {
      return { action: 'pass', why: 'filtered' };
    }
    const kind = rtcp ? 'rtcp' : 'rtp';
    const seq = rtcp ? undefined : ((payload[2] ?? 0) << 8) | (payload[3] ?? 0);
    let result: Uint8Array | string;
    try {
      result = this.#direction === 'decrypt' ? this.#decrypt(payload, ssrc, rtcp) : this.#encrypt(payload, ssrc, rtcp);
    } catch (e) {
      // Whatever one packet does, it is that packet's failure: the run goes on.
      result = failureReason(e);
    }
    if (typeof result !== 'string' && result.length > maxOutputLength) {
      result = 'TOO_LARGE';
    }
    const failed = typeof result === 'string';
    const counts = this.#countsFor(ssrc, !failed);
    if (counts === undefined) {
      const u = this.untracked;
      u.packets++;
      if (typeof result === 'string') {
        u.failed++;
        u.reasons[result] = (u.reasons[result] ?? 0) + 1;
      } else {
        u.ok++;
      }
    } else if (typeof result === 'string') {
      if (rtcp) {
        counts.rtcpFailed++;
      } else {
        counts.failed++;
      }
      counts.reasons[result] = (counts.reasons[result] ?? 0) + 1;
    } else if (rtcp) {
      counts.rtcpOk++;
    } else {
      counts.ok++;
    }
    if (typeof result === 'string') {
      return { action: 'fail', kind, ssrc, sequenceNumber: seq, reason: result };
    }
    return { action: 'ok', kind, ssrc, bytes: result };
  }

  /**
   * The counts of `ssrc`, creating them while fewer than `maxStreams` SSRCs are tracked, or when a
   * success displaces the oldest failed-only SSRC; undefined when `ssrc` stays untracked.
   */
  #countsFor(ssrc: number, success: boolean): SsrcCounts | undefined {
    let counts = this.counts.get(ssrc);
    if (counts === undefined) {
      if (this.counts.size >= this.#maxStreams) {
        const victim = success ? this.#failedOnly.values().next() : undefined;
        if (victim === undefined || victim.done === true) {
          this.#noteUntracked(ssrc);
          return undefined;
        }
        this.#evict(victim.value);
      }
      counts = { ssrc, ok: 0, failed: 0, rtcpOk: 0, rtcpFailed: 0, reasons: {} };
      this.counts.set(ssrc, counts);
      if (!success) {
        this.#failedOnly.add(ssrc);
      }
    } else if (success) {
      this.#failedOnly.delete(ssrc);
    }
    return counts;
  }

  /** Moves a tracked SSRC's counts into the untracked totals. */
  #evict(ssrc: number): void {
    const c = this.counts.get(ssrc) as SsrcCounts;
    this.counts.delete(ssrc);
    this.#failedOnly.delete(ssrc);
    const u = this.untracked;
    u.packets += c.ok + c.failed + c.rtcpOk + c.rtcpFailed;
    u.ok += c.ok + c.rtcpOk;
    u.failed += c.failed + c.rtcpFailed;
    for (const [k, v] of Object.entries(c.reasons)) {
      u.reasons[k] = (u.reasons[k] ?? 0) + v;
    }
    this.#noteUntracked(ssrc);
  }

  #noteUntracked(ssrc: number): void {
    if (this.#untrackedSsrcs.size < MAX_UNTRACKED_DISTINCT) {
      this.#untrackedSsrcs.add(ssrc);
    } else if (!this.#untrackedSsrcs.has(ssrc)) {
      this.untracked.ssrcsExact = false;
    }
    this.untracked.ssrcs = this.#untrackedSsrcs.size;
  }

  #decrypt(payload: Uint8Array, ssrc: number, rtcp: boolean): Uint8Array | string {
    const bound = this.#bound.get(ssrc);
    const order = bound !== undefined ? [bound] : this.#sessions.map((_, i) => i);
    let reason = 'AUTH_FAILED';
    for (const i of order) {
      const session = this.#sessions[i] as SrtpSession;
      const r = rtcp ? session.unprotectRtcp(payload) : session.unprotect(payload);
      if (r.ok) {
        this.#bound.set(ssrc, i);
        return r.packet;
      }
      reason = r.reason;
    }
    return reason;
  }

  #encrypt(payload: Uint8Array, ssrc: number, rtcp: boolean): Uint8Array | string {
    const session = this.#sessions[0] as SrtpSession;
    return rtcp ? session.protectRtcp(payload) : session.protect(payload);
  }

  /** Zeroizes the session keys. */
  dispose(): void {
    for (const s of this.#sessions) {
      s.dispose();
    }
  }
}
