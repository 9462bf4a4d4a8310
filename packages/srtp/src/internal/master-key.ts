/**
 * One master key of a session (RFC 3711 §3.2.1, §8.1): its MKI, its lifetime counters (RFC 3711 §9.2)
 * and the session keys derived from it (RFC 3711 §4.3), cached per `r = index DIV kdr`.
 * @module
 */
import type { CipherGCMTypes } from 'node:crypto';
import { deriveSrtpKey, SrtpKdfLabel } from '../key-derivation.js';
import type { SrtpSuite } from '../suites.js';
import { AesCtr } from './aes-ctr.js';
import { gcmOpen, gcmSeal } from './aes-gcm.js';
import { AesGcm } from './aes-gcm-js.js';
import { wasmKernel } from './wasm-kernel.js';
import { HmacSha1 } from './hmac-sha1.js';
import type { PacketOperands } from './packet-operands.js';
import type { RetryBudget } from './retry-budget.js';

/**
 * Session keys for SRTP or for SRTCP, at one `r`. SRTP keeps an AES-ECB context for its keystream
 * batches and, for AES-GCM, a GHASH table (made on the first packet that uses it); SRTCP, a packet
 * every few seconds, keeps only the key bytes and the HMAC states and makes a cipher per packet.
 */
export class SessionKeys {
  readonly encKey: Uint8Array;
  readonly salt: Uint8Array;
  /** The long-lived AES-ECB keystream generator: SRTP with AES-CM or AES-GCM only. */
  readonly ctr: AesCtr | undefined;
  readonly mac: HmacSha1 | undefined;
  readonly gcm: CipherGCMTypes;
  /** The key derivation `r` these keys are for (RFC 3711 §4.3.1). */
  readonly r: number;
  /** JavaScript GHASH over `ctr` for packet-sized GCM inputs, made on first use. */
  gcmJs: AesGcm | undefined = undefined;

  /**
   * @param nativeGcm - AES-GCM through a node:crypto cipher per packet: no ECB context, no GHASH table
   */
  constructor(suite: SrtpSuite, masterKey: Uint8Array, masterSalt: Uint8Array, rtcp: boolean, r: number, nativeGcm = false) {
    const base = rtcp ? SrtpKdfLabel.SRTCP_ENCRYPTION : SrtpKdfLabel.SRTP_ENCRYPTION;
    this.r = r;
    this.gcm = suite.keyLength === 16 ? 'aes-128-gcm' : 'aes-256-gcm';
    // key and salt in one buffer: one ArrayBuffer per session key instead of two
    const kl = suite.cipher === 'NULL' ? 0 : suite.keyLength;
    const both = new Uint8Array(kl + suite.saltLength);
    const salt = deriveSrtpKey(masterKey, masterSalt, base + 2, r, suite.saltLength);
    both.set(salt, kl);
    salt.fill(0);
    this.encKey = both.subarray(0, kl);
    this.salt = both.subarray(kl);
    if (kl === 0) {
      this.ctr = undefined;
    } else {
      const key = deriveSrtpKey(masterKey, masterSalt, base, r, kl);
      this.encKey.set(key);
      key.fill(0);
      this.ctr = rtcp || (nativeGcm && suite.cipher === 'AES_GCM') ? undefined : new AesCtr(this.encKey);
    }
    if (suite.authKeyLength > 0) {
      const authKey = deriveSrtpKey(masterKey, masterSalt, base + 1, r, suite.authKeyLength);
      this.mac = new HmacSha1(authKey);
      authKey.fill(0);
    } else {
      this.mac = undefined;
    }
  }

  /**
   * Whether an AES-GCM packet with `len` bytes of AAD + text goes through this package's own GCM:
   * SRTP keys that have the ECB keystream cipher (not SRTCP, not `nativeAesGcm`), at the sizes of
   * {@link gcmOwnPath}. The transforms batch keystream only for those packets.
   */
  ownGcm(len: number): boolean {
    return this.ctr !== undefined && gcmOwnPath(len);
  }

  /**
   * AES-GCM encryption (RFC 7714 §7) of `op` (IV, AAD, text, destination; see packet-operands.ts):
   * this package's own GCM (table GHASH in WebAssembly or JavaScript) when {@link SessionKeys.ownGcm},
   * with `op.ks` or a keystream made for the packet, else a node:crypto AES-GCM cipher.
   */
  gcmSeal(op: PacketOperands): void {
    if (this.ownGcm(op.a1Len + op.n)) {
      const g = (this.gcmJs ??= new AesGcm(this.ctr!));
      if (op.ks === undefined) {
        const once = g.keystream(op.iv, op.n);
        op.ks = once;
        op.ksOff = 0;
        g.seal(op);
        op.ks = undefined;
        g.wipe(once);
      } else {
        g.seal(op);
      }
    } else {
      gcmSeal(this.gcm, this.encKey, op);
    }
  }

  /**
   * AES-GCM authenticated decryption of `op`; writes the plaintext only when the tag verifies.
   * `scratch` receives the computed tag.
   */
  gcmOpen(op: PacketOperands, scratch: Uint8Array): boolean {
    if (this.ownGcm(op.a1Len + op.n)) {
      const g = (this.gcmJs ??= new AesGcm(this.ctr!));
      if (op.ks === undefined) {
        const once = g.keystream(op.iv, op.n);
        op.ks = once;
        op.ksOff = 0;
        const ok = g.open(op, scratch);
        op.ks = undefined;
        g.wipe(once);
        return ok;
      }
      return g.open(op, scratch);
    }
    const pt = gcmOpen(this.gcm, this.encKey, op);
    if (pt === undefined) {
      return false;
    }
    if (op.n > 0) {
      op.dst.set(pt, op.dstOff);
    }
    return true;
  }

  dispose(): void {
    this.gcmJs?.dispose();
    this.gcmJs = undefined;
    this.encKey.fill(0);
    this.salt.fill(0);
    this.ctr?.dispose();
    this.mac?.dispose();
  }
}

/**
 * Whether an AES-GCM packet with `len` bytes of AAD + text goes through this package's own GCM (the
 * session's ECB keystream plus table GHASH, see aes-gcm-js.ts) rather than a node:crypto AES-GCM
 * cipher made for the packet. Crossovers measured on Node 20: 320 bytes with GHASH in JavaScript,
 * about 6 KiB with the WebAssembly GHASH (4 KiB taken, to stay on the safe side of it).
 */
export function gcmOwnPath(len: number): boolean {
  return len < 320 || (len < 4096 && wasmKernel() !== undefined);
}

/** The RFC 3711 §9.2 ceilings: 2^48 SRTP packets and 2^31 SRTCP packets per master key. */
export const SRTP_MAX_PACKETS: number = 2 ** 48;
export const SRTCP_MAX_PACKETS: number = 2 ** 31;
const CACHE = 4;

/** Per-master-key state. Counters count packets protected, or unprotected and authenticated. */
export class MasterKey {
  readonly masterKey: Uint8Array;
  readonly masterSalt: Uint8Array;
  /** MKI bytes as sent on the wire, or undefined when the session uses no MKI. */
  readonly mki: Uint8Array | undefined;
  readonly mkiValue: bigint | undefined;
  readonly lifetime: number | undefined;
  readonly srtpLimit: number;
  readonly srtcpLimit: number;
  srtpUsed = 0;
  srtcpUsed = 0;
  srtpWarned = false;
  srtcpWarned = false;
  /** Session keys of the last few `r`, oldest first, made on first use (most sessions only have r = 0). */
  readonly #rtp: SessionKeys[] = [];
  readonly #rtcp: SessionKeys[] = [];
  #lastRtpR = -1;
  /** Keys derived for a packet that did not (yet) authenticate, outside the cache (see unverifiedKeys). */
  #rtpProbe: SessionKeys | undefined = undefined;
  #rtcpProbe: SessionKeys | undefined = undefined;
  /** The budget each probe's derivation was paid from (refunded when its packet authenticates). */
  #rtpProbePaid: RetryBudget | undefined = undefined;
  #rtcpProbePaid: RetryBudget | undefined = undefined;
  #lastRtp: SessionKeys | undefined;

  readonly #suite: SrtpSuite;
  /** AES-GCM through node:crypto for every packet (the session's `nativeAesGcm`). */
  readonly #nativeGcm: boolean;
  /** The session's derivation budget (KDR ≠ 0), paid by a derivation that would replace a probe. */
  readonly #derivations: RetryBudget | undefined;

  constructor(
    suite: SrtpSuite,
    masterKey: Uint8Array,
    masterSalt: Uint8Array,
    lifetime: number | undefined,
    mki: { value: bigint; byteLength: number } | undefined,
    nativeGcm = false,
    derivations: RetryBudget | undefined = undefined,
  ) {
    this.#suite = suite;
    this.#nativeGcm = nativeGcm;
    this.#derivations = derivations;
    const both = new Uint8Array(masterKey.length + masterSalt.length);
    both.set(masterKey);
    both.set(masterSalt, masterKey.length);
    this.masterKey = both.subarray(0, masterKey.length);
    this.masterSalt = both.subarray(masterKey.length);
    this.lifetime = lifetime;
    this.srtpLimit = Math.min(lifetime ?? SRTP_MAX_PACKETS, SRTP_MAX_PACKETS);
    this.srtcpLimit = Math.min(lifetime ?? SRTCP_MAX_PACKETS, SRTCP_MAX_PACKETS);
    if (mki === undefined) {
      this.mki = undefined;
      this.mkiValue = undefined;
    } else {
      this.mkiValue = mki.value;
      const bytes = new Uint8Array(mki.byteLength);
      let v = mki.value;
      for (let i = mki.byteLength - 1; i >= 0; i--) {
        bytes[i] = Number(v & 0xffn);
        v >>= 8n;
      }
      this.mki = bytes;
    }
  }

  /** True when `b[off..off+mki.length)` is this key's MKI. */
  matchesMki(b: Uint8Array, off: number): boolean {
    const m = this.mki;
    if (m === undefined) {
      return false;
    }
    for (let i = 0; i < m.length; i++) {
      if (b[off + i] !== m[i]) {
        return false;
      }
    }
    return true;
  }

  /** SRTP session keys at `r` (RFC 3711 §4.3.1), derived on first use. */
  srtpKeys(r: number): SessionKeys {
    if (r === this.#lastRtpR && this.#lastRtp !== undefined) {
      return this.#lastRtp;
    }
    const k = this.#lookup(this.#rtp, false, r);
    this.#lastRtpR = r;
    this.#lastRtp = k;
    return k;
  }

  /** SRTCP session keys at `r` (RFC 3711 §4.3.2). */
  srtcpKeys(r: number): SessionKeys {
    return this.#lookup(this.#rtcp, true, r);
  }

  /**
   * Session keys for a packet that has not authenticated yet (unprotect). A cached epoch is returned as
   * is; another one is derived into a one-slot probe that never evicts the cache, so forged packets
   * cannot push out the keys real packets use (#15.6). With a `budget`, a derivation takes one of its
   * tokens and none happens (undefined) when it is spent. Without one (an epoch real packets are about
   * to use) the derivation is free only into an empty probe: replacing the probe's keys of another epoch
   * pays the session's derivation budget, so forgeries alternating between epochs (of two streams, or
   * an old one and the next) cannot make every packet cost a derivation. The probe empties only when a
   * packet it opened authenticates, so a flood gets one free derivation, then the budget.
   * {@link MasterKey.commitKeys} keeps the probe once its packet authenticated.
   */
  unverifiedKeys(rtcp: boolean, r: number, budget: RetryBudget | undefined): SessionKeys | undefined {
    if (!rtcp && r === this.#lastRtpR && this.#lastRtp !== undefined) {
      return this.#lastRtp;
    }
    for (const k of rtcp ? this.#rtcp : this.#rtp) {
      if (k.r === r) {
        return k;
      }
    }
    const probe = rtcp ? this.#rtcpProbe : this.#rtpProbe;
    if (probe !== undefined && probe.r === r) {
      return probe;
    }
    const pay = budget ?? (probe === undefined ? undefined : this.#derivations);
    if (pay !== undefined && !pay.take()) {
      return undefined;
    }
    probe?.dispose();
    const k = new SessionKeys(this.#suite, this.masterKey, this.masterSalt, rtcp, r, this.#nativeGcm);
    if (rtcp) {
      this.#rtcpProbe = k;
      this.#rtcpProbePaid = pay;
    } else {
      this.#rtpProbe = k;
      this.#rtpProbePaid = pay;
    }
    return k;
  }

  /**
   * The packet that `k` (from {@link MasterKey.unverifiedKeys}) opened authenticated: cache `k`, and
   * give back the token its derivation paid, if any (it was no forgery).
   */
  commitKeys(k: SessionKeys, rtcp: boolean): void {
    if (rtcp ? k !== this.#rtcpProbe : k !== this.#rtpProbe) {
      return;
    }
    const paid = rtcp ? this.#rtcpProbePaid : this.#rtpProbePaid;
    if (rtcp) {
      this.#rtcpProbe = undefined;
      this.#rtcpProbePaid = undefined;
    } else {
      this.#rtpProbe = undefined;
      this.#rtpProbePaid = undefined;
    }
    paid?.succeeded();
    this.#insert(rtcp ? this.#rtcp : this.#rtp, k);
  }

  #lookup(cache: SessionKeys[], rtcp: boolean, r: number): SessionKeys {
    for (const k of cache) {
      if (k.r === r) {
        return k;
      }
    }
    const probe = rtcp ? this.#rtcpProbe : this.#rtpProbe;
    if (probe !== undefined && probe.r === r) {
      // protect reached an epoch a forged packet had derived: take it over
      this.commitKeys(probe, rtcp);
      return probe;
    }
    const k = new SessionKeys(this.#suite, this.masterKey, this.masterSalt, rtcp, r, this.#nativeGcm);
    this.#insert(cache, k);
    return k;
  }

  #insert(cache: SessionKeys[], k: SessionKeys): void {
    if (cache.length >= CACHE) {
      // Evict the oldest r; with a non-zero KDR keys only move forward (RFC 3711 §4.3.1).
      const old = cache.shift()!;
      if (old === this.#lastRtp) {
        this.#lastRtpR = -1;
        this.#lastRtp = undefined;
      }
      old.dispose();
    }
    cache.push(k);
  }

  /** Zeroizes the master key, salt and every derived key. */
  dispose(): void {
    for (const cache of [this.#rtp, this.#rtcp]) {
      for (const k of cache) {
        k.dispose();
      }
      cache.length = 0;
    }
    this.#rtpProbe?.dispose();
    this.#rtcpProbe?.dispose();
    this.#rtpProbe = undefined;
    this.#rtcpProbe = undefined;
    this.#rtpProbePaid = undefined;
    this.#rtcpProbePaid = undefined;
    this.#lastRtp = undefined;
    this.#lastRtpR = -1;
    this.masterKey.fill(0);
    this.masterSalt.fill(0);
  }
}
