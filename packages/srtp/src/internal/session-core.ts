/**
 * Validated configuration and mutable state behind an SrtpSession; shared by the SRTP and SRTCP
 * transforms. Not exported from the package.
 * @module
 */
import { SrtpError } from '../errors.js';
import type { SrtpMasterKey } from '../keying-material.js';
import { MAX_REPLAY_WINDOW, MIN_REPLAY_WINDOW } from '../replay-window.js';
import {
  DEFAULT_MAX_SSRCS,
  MAX_MASTER_KEYS,
  DEFAULT_REPLAY_WINDOW,
  type SrtpKeyLifetimeWarning,
  type SrtpSessionOptions,
} from '../session-options.js';
import { resolveSrtpSuite, type SrtpSuite } from '../suites.js';
import { RetryBudget } from './retry-budget.js';
import { expectLength } from './bytes.js';
import type { KeystreamBatch } from './keystream-batch.js';
import { MasterKey } from './master-key.js';
import { OPERANDS, type PacketOperands } from './packet-operands.js';
import { SsrcMap } from './ssrc-map.js';
import type { RtcpStreamState, RtpStreamState } from './stream-state.js';

// Scratch shared by every session of the process: a protect or unprotect call fills and reads it
// synchronously before it returns (the lifetime warning callback runs after the last use), and
// JavaScript runs one call at a time, so no two packets ever see each other's bytes.
const SCRATCH_IV = new Uint8Array(16);
const SCRATCH_TAG = new Uint8Array(20);
const SCRATCH_EWORD = new Uint8Array(4);

export class SessionCore {
  readonly suite: SrtpSuite;
  readonly aead: boolean;
  readonly srtpEncrypt: boolean;
  readonly srtpAuth: boolean;
  readonly srtcpEncrypt: boolean;
  /** SRTP tag bytes on the wire (0 with UNAUTHENTICATED_SRTP). */
  readonly srtpTagLength: number;
  /** SRTCP tag bytes protect writes (the suite's, or 4 when asked; 'auto' writes the suite's). */
  readonly srtcpTagLength: number;
  /** `srtcpTagLength: 'auto'` with a `_32` suite: unprotectRtcp picks 4 or 10 (see rxSrtcpTagLength). */
  readonly srtcpTagAuto: boolean;
  /** The SRTCP tag length unprotectRtcp authenticates against; undefined while 'auto' has not learnt it. */
  srtcpTagLearnt: number | undefined;
  readonly mkiLength: number;
  /** Master keys by a hash of their MKI bytes (see keyForMki); only with MKIs (an empty Map costs ~640 B). */
  readonly #keysByMkiHash: Map<number, MasterKey[]> | undefined;
  readonly keys: readonly MasterKey[];
  sendKey: MasterKey;
  readonly kdr: number;
  readonly replayProtection: boolean;
  readonly windowSize: number;
  readonly maxSsrcs: number;
  #derivations: RetryBudget | undefined = undefined;
  #newStreamRetries: RetryBudget | undefined = undefined;

  /**
   * Budget of key derivations for unauthenticated packets of new streams or far-ahead epochs (KDR ≠ 0),
   * made on first use (a bucket starts full, so when it is made changes nothing).
   */
  get derivations(): RetryBudget {
    return (this.#derivations ??= new RetryBudget(64, 256));
  }

  /** Budget of the new-stream ROC+1 retry: 64 at once, 64 a second (see retry-budget.ts); made on first use. */
  get newStreamRetries(): RetryBudget {
    return (this.#newStreamRetries ??= new RetryBudget(64, 64));
  }
  /** ROC assumed for an SSRC not seen yet (options.initialRolloverCounter). */
  readonly initialRoc: number;
  readonly warnThreshold: number | undefined;
  readonly onWarning: ((info: SrtpKeyLifetimeWarning) => void) | undefined;
  readonly txRtp: SsrcMap<RtpStreamState> = new SsrcMap<RtpStreamState>();
  readonly rxRtp: SsrcMap<RtpStreamState> = new SsrcMap<RtpStreamState>();
  readonly txRtcp: SsrcMap<RtcpStreamState> = new SsrcMap<RtcpStreamState>();
  readonly rxRtcp: SsrcMap<RtcpStreamState> = new SsrcMap<RtcpStreamState>();
  /** Scratch: counter block / GCM IV. Shared by all sessions (see above). */
  readonly iv: Uint8Array = SCRATCH_IV;
  /** Scratch: computed tag. */
  readonly tag: Uint8Array = SCRATCH_TAG;
  /** Scratch: the SRTCP E||index word for the GCM AAD. */
  readonly eword: Uint8Array = SCRATCH_EWORD;
  /** The operands of the packet being processed: keystream slice, GCM IV, AAD, text. Shared (see above). */
  readonly op: PacketOperands = OPERANDS;
  disposed = false;
  /** Batch for a stream that does not exist yet, made on first use; handed to it when it is created. */
  pendingBatch: KeystreamBatch | undefined = undefined;

  constructor(o: SrtpSessionOptions) {
    if (typeof o !== 'object' || o === null) {
      throw new TypeError(`"options" expected an object, got ${o === null ? 'null' : typeof o}`);
    }
    const suite = resolveSrtpSuite(o.suite);
    this.suite = suite;
    this.aead = suite.cipher === 'AES_GCM';
    if (this.aead && o.unauthenticatedSrtp === true) {
      throw new RangeError(`"unauthenticatedSrtp" cannot be used with the AEAD suite ${suite.name} (RFC 7714 §14.2)`);
    }
    this.srtpEncrypt = suite.cipher !== 'NULL' && o.unencryptedSrtp !== true;
    this.srtpAuth = o.unauthenticatedSrtp !== true;
    this.srtcpEncrypt = suite.cipher !== 'NULL' && o.unencryptedSrtcp !== true;
    this.srtpTagLength = this.srtpAuth ? suite.srtpTagLength : 0;
    this.srtcpTagLength = suite.srtcpTagLength;
    // 'auto' only has a choice to make for the _32 suites (10 or 4); elsewhere it is the suite's length
    this.srtcpTagAuto = o.srtcpTagLength === 'auto' && !this.aead && suite.srtpTagLength === 4;
    if (o.srtcpTagLength !== undefined && o.srtcpTagLength !== 'auto' && o.srtcpTagLength !== suite.srtcpTagLength) {
      // only the _32 suites may shorten it, and only to the SRTP tag's 4 bytes (ffmpeg's, libav's)
      if (o.srtcpTagLength !== 4 || suite.srtpTagLength !== 4) {
        throw new RangeError(
          `"srtcpTagLength" expected ${suite.srtcpTagLength}${suite.srtpTagLength === 4 ? ' or 4' : ''} for ${suite.name}, got ${String(o.srtcpTagLength)}`,
        );
      }
      this.srtcpTagLength = 4;
    }
    this.srtcpTagLearnt = this.srtcpTagAuto ? undefined : this.srtcpTagLength;

    const kdr = o.keyDerivationRate ?? 0;
    if (!Number.isInteger(kdr) || kdr < 0 || kdr > 2 ** 24 || (kdr !== 0 && (kdr & (kdr - 1)) !== 0)) {
      throw new RangeError(`"keyDerivationRate" expected 0 or a power of 2 up to 2^24 (RFC 3711 §4.3.1), got ${kdr}`);
    }
    this.kdr = kdr;
    const kdrBudget = kdr === 0 ? undefined : this.derivations;
    const list: readonly SrtpMasterKey[] = o.keys !== undefined && o.keys.length > 0 ? o.keys : [o];
    if (list.length > MAX_MASTER_KEYS) {
      throw new RangeError(`"keys" expected at most ${MAX_MASTER_KEYS} master keys, got ${list.length}`);
    }
    const mkiLength = list[0]!.mki?.byteLength ?? 0;
    this.keys = list.map((k, i) => {
      const name = list.length > 1 ? `keys[${i}].` : '';
      expectLength(`${name}masterKey`, k.masterKey, suite.keyLength);
      expectLength(`${name}masterSalt`, k.masterSalt, suite.saltLength);
      const mki = k.mki;
      if (list.length > 1 && mki === undefined) {
        throw new RangeError(`"${name}mki" expected when a session has several master keys (RFC 3711 §3.1)`);
      }
      if (mki !== undefined) {
        if (!Number.isInteger(mki.byteLength) || mki.byteLength < 1 || mki.byteLength > 128) {
          throw new RangeError(`"${name}mki.byteLength" expected 1..128, got ${mki.byteLength}`);
        }
        if (mki.byteLength !== mkiLength) {
          throw new RangeError(`"${name}mki.byteLength" expected ${mkiLength} like the first key, got ${mki.byteLength}`);
        }
        if (typeof mki.value !== 'bigint' || mki.value < 0n || mki.value >= 1n << BigInt(8 * mki.byteLength)) {
          throw new RangeError(`"${name}mki.value" expected a bigint that fits ${mki.byteLength} bytes`);
        }
      }
      return new MasterKey(suite, k.masterKey, k.masterSalt, lifetimeOf(name, k.lifetime), mki, o.nativeAesGcm === true, kdrBudget);
    });
    this.mkiLength = mkiLength;
    const byHash = mkiLength > 0 ? new Map<number, MasterKey[]>() : undefined;
    this.#keysByMkiHash = byHash;
    if (byHash !== undefined) {
      const seen = new Map<bigint, number>();
      this.keys.forEach((k, i) => {
        const j = seen.get(k.mkiValue!);
        if (j !== undefined) {
          throw new RangeError(`"keys[${i}].mki" duplicates keys[${j}].mki`);
        }
        seen.set(k.mkiValue!, i);
        const h = mkiHash(k.mki!, 0, mkiLength);
        const bucket = byHash.get(h);
        if (bucket === undefined) {
          byHash.set(h, [k]);
        } else {
          bucket.push(k);
        }
      });
    }
    this.sendKey = this.keys[0]!;
    if (o.sendMki !== undefined) {
      this.selectSendKey(o.sendMki);
    }
    this.replayProtection = o.replayProtection ?? true;
    const w = o.replayWindowSize ?? DEFAULT_REPLAY_WINDOW;
    if (!Number.isInteger(w) || w < MIN_REPLAY_WINDOW || w > MAX_REPLAY_WINDOW) {
      throw new RangeError(`"replayWindowSize" expected an integer in [64, 32768], got ${w}`);
    }
    this.windowSize = w;
    const m = o.maxSsrcs ?? DEFAULT_MAX_SSRCS;
    if (!Number.isInteger(m) || m < 1) {
      throw new RangeError(`"maxSsrcs" expected a positive integer, got ${m}`);
    }
    this.maxSsrcs = m;
    const roc = o.initialRolloverCounter ?? 0;
    if (!Number.isInteger(roc) || roc < 0 || roc > 0xffffffff) {
      throw new RangeError(`"initialRolloverCounter" expected a u32, got ${roc}`);
    }
    this.initialRoc = roc;
    const t = o.keyLifetimeWarningThreshold;
    if (t !== undefined && (!Number.isInteger(t) || t < 0)) {
      throw new RangeError(`"keyLifetimeWarningThreshold" expected a non-negative integer, got ${t}`);
    }
    this.warnThreshold = t;
    this.onWarning = o.onKeyLifetimeWarning;
  }

  /**
   * The SRTCP tag length to authenticate a packet of `len` bytes against, or 0 when `'auto'` cannot
   * tell (the packet is then malformed). Fixed: the configured length. `'auto'` once a packet has
   * authenticated: the length it had (locked). `'auto'` before that: the one length that leaves an RTCP
   * compound of whole 32-bit words (RFC 3550 §6.4.1: every RTCP length counts words, so the compound
   * is a multiple of 4 bytes); 10 and 4 differ by 6 bytes, so at most one of them fits. Exactly one
   * length is ever tried on a packet.
   */
  rxSrtcpTagLength(len: number): number {
    if (this.srtcpTagLearnt !== undefined) {
      return this.srtcpTagLearnt;
    }
    const rest = len - 4 - this.mkiLength; // RTCP compound || tag
    return (rest - 10) % 4 === 0 ? 10 : (rest - 4) % 4 === 0 ? 4 : 0;
  }

  /** Chooses the master key used by protect, by MKI value (RFC 3711 §3.1). */
  selectSendKey(mki: bigint | number): void {
    const v = BigInt(mki);
    const k = this.keys.find((x) => x.mkiValue === v);
    if (k === undefined) {
      throw new RangeError(`"sendMki" expected the MKI of one of the session's keys, got ${v}`);
    }
    this.sendKey = k;
  }

  /** Finds the master key whose MKI is at `b[off..)`, or the only key when the session has no MKI. */
  keyForMki(b: Uint8Array, off: number): MasterKey | undefined {
    if (this.mkiLength === 0) {
      return this.keys[0];
    }
    // O(1) whatever the number of keys: a hash of the MKI bytes (no allocation), then a byte compare.
    const bucket = this.#keysByMkiHash!.get(mkiHash(b, off, this.mkiLength));
    if (bucket !== undefined) {
      for (const k of bucket) {
        if (k.matchesMki(b, off)) {
          return k;
        }
      }
    }
    return undefined;
  }

  /** Counts one packet under `key` and fires the lifetime warning at the threshold (RFC 3711 §9.2). */
  countSrtp(key: MasterKey): void {
    const used = ++key.srtpUsed;
    if (!key.srtpWarned && this.onWarning !== undefined && key.srtpLimit - used <= this.#threshold(key.srtpLimit)) {
      key.srtpWarned = true;
      this.#warn(key, 'srtp', used, key.srtpLimit);
    }
  }

  countSrtcp(key: MasterKey): void {
    const used = ++key.srtcpUsed;
    if (!key.srtcpWarned && this.onWarning !== undefined && key.srtcpLimit - used <= this.#threshold(key.srtcpLimit)) {
      key.srtcpWarned = true;
      this.#warn(key, 'srtcp', used, key.srtcpLimit);
    }
  }

  #threshold(limit: number): number {
    return this.warnThreshold ?? Math.min(2 ** 20, Math.floor(limit / 10));
  }

  #warn(key: MasterKey, family: 'srtp' | 'srtcp', used: number, limit: number): void {
    try {
      this.onWarning?.({
        family,
        keyIndex: this.keys.indexOf(key),
        mki: key.mkiValue,
        used,
        limit,
        remaining: limit - used,
      });
    } catch {
      // documented: the callback's exceptions are ignored, so a receive path never throws
    }
  }

  /** The key derivation `r` for `index` (RFC 3711 §4.3.1: index DIV key_derivation_rate). */
  /**
   * The budget a key derivation for an unauthenticated packet must spend, or undefined when it may be
   * free: with KDR 0 there is one epoch; for a known stream, its current epoch and the next are what
   * real packets use, and a derivation for them is free into an empty probe slot (see
   * MasterKey.unverifiedKeys: replacing another epoch's probe pays this budget too). New streams, older
   * epochs (a reordered packet from keys already evicted) and jumps further ahead draw on
   * {@link SessionCore.derivations} (RFC 3711 §4.3.1).
   * @param highest - the stream's highest index, -1 for a stream not seen yet
   */
  derivationBudget(highest: number, index: number): RetryBudget | undefined {
    if (this.kdr === 0) {
      return undefined;
    }
    const d = this.r(index) - this.r(highest);
    return highest >= 0 && (d === 0 || d === 1) ? undefined : this.derivations;
  }

  r(index: number): number {
    return this.kdr === 0 ? 0 : Math.floor(index / this.kdr);
  }

  dispose(): void {
    this.disposed = true;
    for (const k of this.keys) {
      k.dispose();
    }
    for (const st of [...this.txRtp.values(), ...this.rxRtp.values()]) {
      st.batch.clear();
    }
    this.pendingBatch?.clear();
    this.pendingBatch = undefined;
    this.txRtp.clear();
    this.rxRtp.clear();
    this.txRtcp.clear();
    this.rxRtcp.clear();
    SCRATCH_IV.fill(0);
    SCRATCH_TAG.fill(0);
    OPERANDS.clear();
    SCRATCH_EWORD.fill(0);
  }
}

function lifetimeOf(name: string, l: number | bigint | undefined): number | undefined {
  if (l === undefined) {
    return undefined;
  }
  const n = typeof l === 'bigint' ? Number(l) : l;
  if (!(n >= 1) || !Number.isInteger(n)) {
    throw new RangeError(`"${name}lifetime" expected a positive integer packet count, got ${String(l)}`);
  }
  return n;
}

/** Throws the protect-side SrtpError for a spent key. */
export function keyExpired(what: string): never {
  throw new SrtpError('KEY_EXPIRED', what);
}

/** FNV-1a over `b[off..off+n)`: spreads MKIs for the key lookup; collisions are settled by a byte compare. */
function mkiHash(b: Uint8Array, off: number, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ (b[off + i] ?? 0), 0x01000193);
  }
  return h >>> 0;
}
