/**
 * The SRTP packet transform, RFC 3711 §3.3 (https://www.rfc-editor.org/rfc/rfc3711#section-3.3) with
 * AES-CM + HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1; RFC 6188) or AES-GCM (RFC 7714 §8).
 * ```text
 * AES-CM/NULL: | RTP header | encrypted payload (incl. padding) | MKI? | auth tag |
 *                authenticated: header + encrypted payload, then ROC (not sent)
 * AES-GCM:     | RTP header (AAD) | ciphertext | GCM tag (16) | MKI? |
 * ```
 * @module
 */
import { SrtpError, type SrtpFailureReason } from '../errors.js';
import { rtpHeaderLength } from '../rtp-header.js';
import { constantTimeEqual, copyBytes, readU16, readU32 } from './bytes.js';
import { GCM_TAG_LENGTH } from './aes-gcm.js';
import { gcmBlocks } from './aes-gcm-js.js';
import { BATCH_BYTES, BATCH_PACKETS, KeystreamBatch } from './keystream-batch.js';
import type { SessionKeys } from './master-key.js';
import { keyExpired, type SessionCore } from './session-core.js';
import { gcmIv } from './packet-operands.js';
import { RtpStreamState } from './stream-state.js';

/** SRTP packet length for an RTP packet of `n` bytes. */
export function srtpLength(core: SessionCore, n: number): number {
  return n + core.mkiLength + core.srtpTagLength;
}

/** AES-CM IV (RFC 3711 §4.1.1): (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16). */
function cmIv(iv: Uint8Array, salt: Uint8Array, ssrc: number, hi: number, lo: number): void {
  for (let i = 0; i < 14; i++) {
    iv[i] = salt[i]!;
  }
  iv[14] = 0;
  iv[15] = 0;
  iv[4]! ^= ssrc >>> 24;
  iv[5]! ^= (ssrc >>> 16) & 0xff;
  iv[6]! ^= (ssrc >>> 8) & 0xff;
  iv[7]! ^= ssrc & 0xff;
  // 48-bit index = hi (16 bits) || lo (32 bits), at bytes 8..13
  iv[8]! ^= (hi >>> 8) & 0xff;
  iv[9]! ^= hi & 0xff;
  iv[10]! ^= lo >>> 24;
  iv[11]! ^= (lo >>> 16) & 0xff;
  iv[12]! ^= (lo >>> 8) & 0xff;
  iv[13]! ^= lo & 0xff;
}

/**
 * Keystream for the packet `index` of `ssrc` with `n` bytes to encrypt: from the stream's batch, or
 * made now together with the next packets' when `ahead` (in-order traffic). Sets `core.op.ks` and
 * `core.op.ksOff`.
 */
function srtpKeystream(
  core: SessionCore,
  batch: KeystreamBatch,
  sk: SessionKeys,
  ssrc: number,
  index: number,
  n: number,
  ahead: boolean,
): void {
  const op = core.op;
  const gcm = core.aead;
  const blocks = gcm ? gcmBlocks(n) : (n + 15) >>> 4;
  const found = batch.find(sk, ssrc, index, blocks);
  if (found >= 0) {
    op.ks = batch.ks;
    op.ksOff = found;
    batch.prime();
    return;
  }
  // Slice size: this packet's, or the previous batch's when that is at most twice as large (packet
  // sizes vary; one large packet must not make every later batch large).
  const prev = batch.owner === sk && batch.ssrc === ssrc ? batch.blocks : 0;
  const per = prev > blocks && prev <= 2 * blocks ? prev : blocks;
  let count = ahead ? Math.max(1, Math.min(BATCH_PACKETS, Math.floor(BATCH_BYTES / 16 / per))) : 1;
  // never past the 2^48 index space (RFC 3711 §3.3.1)
  count = Math.min(count, SRTP_INDEX_LIMIT - index);
  const ctr = sk.ctr!;
  ctr.reserve(count * per);
  for (let r = 0; r < count; r++) {
    const idx = index + r;
    if (gcm) {
      gcmIv(op.iv, sk.salt, ssrc, idx);
      ctr.fillGcm(r * per, per, op.iv);
    } else {
      const v = Math.floor(idx / 65536);
      const seq = idx % 65536;
      cmIv(core.iv, sk.salt, ssrc, Math.floor(v / 65536), ((v & 0xffff) * 65536 + seq) >>> 0);
      ctr.fillCm(r * per, per, core.iv);
    }
  }
  const ks = ctr.run(count * per);
  batch.set(sk, ssrc, index, count, per, ks);
  batch.prime();
  op.ks = ks;
  op.ksOff = 0;
}

const SRTP_INDEX_LIMIT = 2 ** 48;

/** Protects `rtp` into `out[off..)`; returns bytes written. Throws for local problems only. */
export function protectRtp(core: SessionCore, rtp: Uint8Array, out: Uint8Array, off: number): number {
  if (core.disposed) {
    keyExpired('session disposed');
  }
  const len = rtp.length;
  const hdr = rtpHeaderLength(rtp, 0, len);
  if (hdr < 0) {
    throw new SrtpError('MALFORMED', describeBadRtp(rtp), 0);
  }
  const total = len + core.mkiLength + core.srtpTagLength;
  if (!Number.isInteger(off) || off < 0 || off + total > out.length) {
    throw new RangeError(`"out" expected at least ${total} bytes from offset ${off}, got ${out.length - off}`);
  }
  const seq = readU16(rtp, 2);
  const ssrc = readU32(rtp, 8);
  let st = core.txRtp.get(ssrc);
  if (st === undefined && core.txRtp.size >= core.maxSsrcs) {
    throw new SrtpError('SSRC_LIMIT', `already protecting ${core.maxSsrcs} SSRCs ("maxSsrcs")`, 8);
  }
  // Sender index (RFC 3711 §3.3.1): estimated like the receiver does, so a sequence number that goes
  // backwards maps to its earlier index; an index already used (or older than the window) is refused.
  const v = st === undefined ? core.initialRoc : st.estimateRoc(seq);
  if (v < 0 || (st !== undefined && st.highest >= 0 && !st.window.check(v * 65536 + seq))) {
    throw new SrtpError('INDEX_REUSED', `SSRC ${ssrc} sequence ${seq} would reuse an SRTP index (RFC 3711 §9.1)`, 2);
  }
  if (v > 0xffffffff) {
    keyExpired(`SSRC ${ssrc} exhausted the 2^48 SRTP index space (RFC 3711 §9.2)`);
  }
  const key = core.sendKey;
  if (key.srtpUsed >= key.srtpLimit) {
    keyExpired(`master key lifetime of ${key.srtpLimit} SRTP packets is spent (RFC 3711 §9.2)`);
  }
  const index = v * 65536 + seq;
  const sk = key.srtpKeys(core.r(index));
  copyBytes(rtp, 0, out, off, hdr);
  const batch = st === undefined ? pendingBatch(core) : st.batch;
  if (core.aead) {
    // UNENCRYPTED_SRTP with AEAD: the whole packet is AAD, the plaintext empty (tag only).
    const aadLen = core.srtpEncrypt ? hdr : len;
    const n = len - aadLen;
    if (!core.srtpEncrypt) {
      copyBytes(rtp, hdr, out, off + hdr, len - hdr);
    }
    const op = core.op;
    op.ks = undefined;
    if (sk.ownGcm(aadLen + n)) {
      srtpKeystream(core, batch, sk, ssrc, index, n, true);
    }
    gcmIv(op.iv, sk.salt, ssrc, index);
    // the AAD from `rtp` itself (the same bytes as the header copied to `out`): the WebAssembly kernel
    // then reads it from its copy of the packet instead of copying it a second time
    sk.gcmSeal(op.gcm(rtp, 0, aadLen, undefined, rtp, aadLen, n, out, off + aadLen));
    if (key.mki !== undefined) {
      out.set(key.mki, off + len + GCM_TAG_LENGTH);
    }
  } else {
    if (key.mki !== undefined) {
      out.set(key.mki, off + len);
    }
    const tagAt = off + len + core.mkiLength;
    const op = core.op;
    if (core.srtpEncrypt) {
      srtpKeystream(core, batch, sk, ssrc, index, len - hdr, true);
    }
    // encrypt and authenticate in one pass through the WebAssembly kernel where it takes the packet
    if (!(core.srtpEncrypt && core.srtpAuth && sk.mac!.xorThenMac(op.ks!, op.ksOff, rtp, hdr, out, off, v >>> 0, tagAt, core.srtpTagLength))) {
      if (core.srtpEncrypt) {
        sk.ctr!.xorWith(op.ks!, op.ksOff, rtp, hdr, out, off + hdr, len - hdr);
      } else {
        copyBytes(rtp, hdr, out, off + hdr, len - hdr);
      }
      if (core.srtpAuth) {
        sk.mac!.mac(out, off, off + len, true, v >>> 0, out, tagAt, core.srtpTagLength);
      }
    }
  }
  if (st === undefined) {
    st = newStream(core);
    core.txRtp.set(ssrc, st);
  }
  st.commit(index);
  core.countSrtp(key);
  return total;
}

/** Unprotects `srtp` into `out[off..)`; returns bytes written or the failure reason. Never throws for
 * packet contents (only for an `out` that is too small). */
export function unprotectRtp(
  core: SessionCore,
  srtp: Uint8Array,
  out: Uint8Array,
  off: number,
): number | SrtpFailureReason {
  if (core.disposed) {
    return 'KEY_EXPIRED';
  }
  const len = srtp.length;
  if (len < 12) {
    return 'TOO_SHORT';
  }
  if (srtp[0]! >>> 6 !== 2) {
    return 'MALFORMED';
  }
  const tagLen = core.srtpTagLength;
  const body = len - core.mkiLength - tagLen;
  if (body < 12) {
    return 'TOO_SHORT';
  }
  const hdr = rtpHeaderLength(srtp, 0, body);
  if (hdr < 0) {
    return 'MALFORMED';
  }
  if (!Number.isInteger(off) || off < 0 || off + body > out.length) {
    throw new RangeError(`"out" expected at least ${body} bytes from offset ${off}, got ${out.length - off}`);
  }
  const key = core.keyForMki(srtp, core.aead ? body + tagLen : body);
  if (key === undefined) {
    return 'UNKNOWN_MKI';
  }
  if (key.srtpUsed >= key.srtpLimit) {
    return 'KEY_EXPIRED';
  }
  const seq = readU16(srtp, 2);
  const ssrc = readU32(srtp, 8);
  const st = core.rxRtp.get(ssrc);
  let v = st === undefined ? core.initialRoc : st.estimateRoc(seq);
  if (v < 0) {
    return 'REPLAYED';
  }
  if (v > 0xffffffff) {
    return 'KEY_EXPIRED';
  }
  let index = v * 65536 + seq;
  if (core.replayProtection && st !== undefined && st.highest >= 0 && !st.window.check(index)) {
    return 'REPLAYED';
  }
  let budget = core.derivationBudget(st === undefined ? -1 : st.highest, index);
  let keys = key.unverifiedKeys(false, core.r(index), budget);
  if (keys === undefined) {
    return 'AUTH_FAILED';
  }
  let sk: SessionKeys = keys;
  let ok = verifyRtp(core, sk, st, srtp, hdr, body, v, seq, ssrc, index, out, off);
  if (!ok && st === undefined && seq < 32768 && core.srtpAuth && core.initialRoc < 0xffffffff) {
    // A new SSRC whose first packets before the wrap were lost: the sender is already one ROC further
    // (cisco/libsrtp#729). Without this retry no later packet could ever authenticate. Each retry costs
    // a second tag check, so a flood of forged fresh SSRCs may spend only a bounded budget on it.
    if (core.newStreamRetries.take()) {
      v = core.initialRoc + 1;
      index = v * 65536 + seq;
      budget = core.derivationBudget(-1, index);
      keys = key.unverifiedKeys(false, core.r(index), budget);
      if (keys === undefined) {
        return 'AUTH_FAILED';
      }
      sk = keys;
      ok = verifyRtp(core, sk, st, srtp, hdr, body, v, seq, ssrc, index, out, off);
      if (ok) {
        core.newStreamRetries.succeeded();
      }
    }
  }
  if (!ok) {
    return 'AUTH_FAILED';
  }
  if (st === undefined && core.rxRtp.size >= core.maxSsrcs) {
    return 'SSRC_LIMIT';
  }
  key.commitKeys(sk, false);
  if (core.aead) {
    copyBytes(srtp, 0, out, off, core.srtpEncrypt ? hdr : body);
  } else {
    copyBytes(srtp, 0, out, off, hdr);
    if (core.srtpEncrypt) {
      const ahead = st !== undefined && index === st.highest + 1;
      srtpKeystream(core, st === undefined ? pendingBatch(core) : st.batch, sk, ssrc, index, body - hdr, ahead);
      if (core.srtpAuth) {
        // the tag was just checked over `srtp`: the kernel may still hold its copy
        sk.ctr!.xorVerified(core.op.ks!, core.op.ksOff, srtp, hdr, out, off + hdr, body - hdr);
      } else {
        sk.ctr!.xorWith(core.op.ks!, core.op.ksOff, srtp, hdr, out, off + hdr, body - hdr);
      }
    } else {
      copyBytes(srtp, hdr, out, off + hdr, body - hdr);
    }
  }
  let state = st;
  if (state === undefined) {
    state = newStream(core);
    core.rxRtp.set(ssrc, state);
  }
  state.commit(index);
  core.countSrtp(key);
  return body;
}

/**
 * Checks the packet's tag for ROC `v` (RFC 3711 §3.3 step 4-5; RFC 7714 §8.2). For AEAD suites this
 * also decrypts the payload into `out` (only when the tag verifies); AES-CM decrypts afterwards.
 */
function verifyRtp(
  core: SessionCore,
  sk: SessionKeys,
  st: RtpStreamState | undefined,
  srtp: Uint8Array,
  hdr: number,
  body: number,
  v: number,
  seq: number,
  ssrc: number,
  index: number,
  out: Uint8Array,
  off: number,
): boolean {
  if (core.aead) {
    const aadLen = core.srtpEncrypt ? hdr : body;
    const n = body - aadLen;
    // Batch ahead only for the next index of a known stream: a forged packet (GCM makes its keystream
    // before the tag is checked) then costs one packet's keystream, never a batch.
    const ahead = st !== undefined && index === st.highest + 1;
    const op = core.op;
    op.ks = undefined;
    if (sk.ownGcm(body)) {
      srtpKeystream(core, st === undefined ? pendingBatch(core) : st.batch, sk, ssrc, index, n, ahead);
    }
    gcmIv(op.iv, sk.salt, ssrc, index);
    op.gcm(srtp, 0, aadLen, undefined, srtp, aadLen, n, out, off + aadLen).tagOff = body;
    return sk.gcmOpen(op, core.tag);
  }
  if (!core.srtpAuth) {
    return true;
  }
  const tagLen = core.srtpTagLength;
  sk.mac!.mac(srtp, 0, body, true, v >>> 0, core.tag, 0, tagLen);
  return constantTimeEqual(core.tag, 0, srtp, body + core.mkiLength, tagLen);
}

/** The batch for packets of SSRCs without a stream yet, made on first use. */
function pendingBatch(core: SessionCore): KeystreamBatch {
  return (core.pendingBatch ??= new KeystreamBatch());
}

/** A new stream state, inheriting the pending batch (its slices are keyed by SSRC, so still valid). */
function newStream(core: SessionCore): RtpStreamState {
  const st = new RtpStreamState(core.windowSize, core.pendingBatch);
  core.pendingBatch = undefined;
  return st;
}

function describeBadRtp(rtp: Uint8Array): string {
  if (rtp.length < 12) {
    return `RTP header needs 12 bytes, got ${rtp.length}`;
  }
  if (rtp[0]! >>> 6 !== 2) {
    return `RTP version ${rtp[0]! >>> 6}, expected 2`;
  }
  return `RTP CSRC list or header extension runs past the end of the ${rtp.length}-byte packet`;
}
