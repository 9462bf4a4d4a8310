/**
 * The SRTCP packet transform, RFC 3711 §3.4 (https://www.rfc-editor.org/rfc/rfc3711#section-3.4), and
 * its AES-GCM form, RFC 7714 §9 (https://www.rfc-editor.org/rfc/rfc7714#section-9).
 * ```text
 * AES-CM/NULL: | RTCP header (8) | encrypted rest | E | SRTCP index (31) | MKI? | auth tag (10) |
 *                authenticated: everything before the MKI
 * AES-GCM:     | RTCP header (8) | ciphertext | GCM tag (16) | E | SRTCP index | MKI? |
 *                E=1 AAD = header || E,index;  E=0 AAD = whole RTCP packet || E,index (RFC 7714 §9.2)
 * ```
 * @module
 */
import { SrtpError, type SrtpFailureReason } from '../errors.js';
import { constantTimeEqual, copyBytes, readU32, writeU32 } from './bytes.js';
import { aesCmOnce } from './aes-ctr.js';
import { GCM_TAG_LENGTH } from './aes-gcm.js';
import { keyExpired, type SessionCore } from './session-core.js';
import { gcmIv } from './packet-operands.js';
import { RtcpStreamState } from './stream-state.js';

const E_BIT = 0x80000000;
const MAX_INDEX = 0x7fffffff;

/** SRTCP packet length for an RTCP packet of `n` bytes. */
export function srtcpLength(core: SessionCore, n: number): number {
  return n + 4 + core.mkiLength + (core.aead ? GCM_TAG_LENGTH : core.srtcpTagLength);
}

/** AES-CM SRTCP IV (RFC 3711 §4.1.1 with i = SRTCP index). */
function cmIv(iv: Uint8Array, salt: Uint8Array, ssrc: number, index: number): void {
  for (let i = 0; i < 14; i++) {
    iv[i] = salt[i]!;
  }
  iv[14] = 0;
  iv[15] = 0;
  iv[4]! ^= ssrc >>> 24;
  iv[5]! ^= (ssrc >>> 16) & 0xff;
  iv[6]! ^= (ssrc >>> 8) & 0xff;
  iv[7]! ^= ssrc & 0xff;
  iv[10]! ^= index >>> 24;
  iv[11]! ^= (index >>> 16) & 0xff;
  iv[12]! ^= (index >>> 8) & 0xff;
  iv[13]! ^= index & 0xff;
}


/** Protects `rtcp` into `out[off..)`; returns bytes written. */
export function protectRtcp(core: SessionCore, rtcp: Uint8Array, out: Uint8Array, off: number): number {
  if (core.disposed) {
    keyExpired('session disposed');
  }
  const len = rtcp.length;
  if (len < 8) {
    throw new SrtpError('MALFORMED', `RTCP header needs 8 bytes, got ${len}`, 0);
  }
  if (rtcp[0]! >>> 6 !== 2) {
    throw new SrtpError('MALFORMED', `RTCP version ${rtcp[0]! >>> 6}, expected 2`, 0);
  }
  const total = srtcpLength(core, len);
  if (!Number.isInteger(off) || off < 0 || off + total > out.length) {
    throw new RangeError(`"out" expected at least ${total} bytes from offset ${off}, got ${out.length - off}`);
  }
  const ssrc = readU32(rtcp, 4);
  let st = core.txRtcp.get(ssrc);
  if (st === undefined && core.txRtcp.size >= core.maxSsrcs) {
    throw new SrtpError('SSRC_LIMIT', `already protecting RTCP of ${core.maxSsrcs} SSRCs ("maxSsrcs")`, 4);
  }
  const index = st === undefined ? 0 : st.next;
  if (index > MAX_INDEX) {
    keyExpired(`SSRC ${ssrc} exhausted the 2^31 SRTCP index space; re-key (RFC 3711 §3.4)`);
  }
  const key = core.sendKey;
  if (key.srtcpUsed >= key.srtcpLimit) {
    keyExpired(`master key lifetime of ${key.srtcpLimit} SRTCP packets is spent (RFC 3711 §9.2)`);
  }
  const sk = key.srtcpKeys(core.r(index));
  const e = core.srtcpEncrypt;
  const eword = ((e ? E_BIT : 0) | index) >>> 0;
  if (core.aead) {
    const op = core.op;
    op.ks = undefined; // SRTCP: a node:crypto cipher per packet
    gcmIv(op.iv, sk.salt, ssrc, index);
    writeU32(core.eword, 0, eword);
    if (e) {
      copyBytes(rtcp, 0, out, off, 8);
      sk.gcmSeal(op.gcm(out, off, 8, core.eword, rtcp, 8, len - 8, out, off + 8));
    } else {
      copyBytes(rtcp, 0, out, off, len);
      sk.gcmSeal(op.gcm(out, off, len, core.eword, rtcp, 0, 0, out, off + len));
    }
    writeU32(out, off + len + GCM_TAG_LENGTH, eword);
    if (key.mki !== undefined) {
      out.set(key.mki, off + len + GCM_TAG_LENGTH + 4);
    }
  } else {
    copyBytes(rtcp, 0, out, off, 8);
    if (e) {
      cmIv(core.iv, sk.salt, ssrc, index);
      aesCmOnce(sk.encKey, core.iv, rtcp, 8, out, off + 8, len - 8);
    } else {
      copyBytes(rtcp, 8, out, off + 8, len - 8);
    }
    writeU32(out, off + len, eword);
    if (key.mki !== undefined) {
      out.set(key.mki, off + len + 4);
    }
    sk.mac!.mac(out, off, off + len + 4, false, 0, out, off + len + 4 + core.mkiLength, core.srtcpTagLength);
  }
  if (st === undefined) {
    st = new RtcpStreamState(core.windowSize);
    core.txRtcp.set(ssrc, st);
  }
  st.next = index + 1;
  core.countSrtcp(key);
  return total;
}

/** Unprotects `srtcp` into `out[off..)`; returns bytes written or the failure reason. */
export function unprotectRtcp(
  core: SessionCore,
  srtcp: Uint8Array,
  out: Uint8Array,
  off: number,
): number | SrtpFailureReason {
  if (core.disposed) {
    return 'KEY_EXPIRED';
  }
  const len = srtcp.length;
  if (len < 8) {
    return 'TOO_SHORT';
  }
  if (srtcp[0]! >>> 6 !== 2) {
    return 'MALFORMED';
  }
  const mkiLen = core.mkiLength;
  let ePos: number;
  let mkiPos: number;
  let tagPos: number;
  let outLen: number;
  let tagLen = GCM_TAG_LENGTH;
  if (core.aead) {
    mkiPos = len - mkiLen;
    ePos = mkiPos - 4;
    tagPos = ePos - GCM_TAG_LENGTH;
    outLen = tagPos;
  } else {
    tagLen = core.rxSrtcpTagLength(len);
    if (tagLen === 0) {
      return len < 8 + 4 + mkiLen + 4 ? 'TOO_SHORT' : 'MALFORMED'; // 'auto': no length fits whole words
    }
    tagPos = len - tagLen;
    mkiPos = tagPos - mkiLen;
    ePos = mkiPos - 4;
    outLen = ePos;
  }
  if (outLen < 8) {
    return 'TOO_SHORT';
  }
  if (!Number.isInteger(off) || off < 0 || off + outLen > out.length) {
    throw new RangeError(`"out" expected at least ${outLen} bytes from offset ${off}, got ${out.length - off}`);
  }
  const key = core.keyForMki(srtcp, mkiPos);
  if (key === undefined) {
    return 'UNKNOWN_MKI';
  }
  if (key.srtcpUsed >= key.srtcpLimit) {
    return 'KEY_EXPIRED';
  }
  const eword = readU32(srtcp, ePos);
  const encrypted = eword >= E_BIT;
  const index = eword & MAX_INDEX;
  const ssrc = readU32(srtcp, 4);
  const st = core.rxRtcp.get(ssrc);
  if (core.replayProtection && st !== undefined && !st.window.check(index)) {
    return 'REPLAYED';
  }
  const budget = core.derivationBudget(st === undefined ? -1 : st.window.highest, index);
  const sk = key.unverifiedKeys(true, core.r(index), budget);
  if (sk === undefined) {
    return 'AUTH_FAILED';
  }
  if (core.aead) {
    const op = core.op;
    op.ks = undefined;
    gcmIv(op.iv, sk.salt, ssrc, index);
    for (let i = 0; i < 4; i++) {
      core.eword[i] = srtcp[ePos + i]!;
    }
    if (encrypted) {
      op.gcm(srtcp, 0, 8, core.eword, srtcp, 8, tagPos - 8, out, off + 8);
    } else {
      op.gcm(srtcp, 0, tagPos, core.eword, srtcp, 0, 0, out, off);
    }
    op.tagOff = tagPos;
    const ok = sk.gcmOpen(op, core.tag);
    if (!ok) {
      return 'AUTH_FAILED';
    }
    if (st === undefined && core.rxRtcp.size >= core.maxSsrcs) {
      return 'SSRC_LIMIT';
    }
    copyBytes(srtcp, 0, out, off, encrypted ? 8 : outLen);
  } else {
    // RFC 3711 §3.4: authenticate even when E=0 (libsrtp#20: the E bit is covered by the tag).
    sk.mac!.mac(srtcp, 0, ePos + 4, false, 0, core.tag, 0, tagLen);
    if (!constantTimeEqual(core.tag, 0, srtcp, tagPos, tagLen)) {
      return 'AUTH_FAILED';
    }
    if (st === undefined && core.rxRtcp.size >= core.maxSsrcs) {
      return 'SSRC_LIMIT';
    }
    copyBytes(srtcp, 0, out, off, 8);
    if (encrypted && sk.encKey.length > 0) {
      cmIv(core.iv, sk.salt, ssrc, index);
      aesCmOnce(sk.encKey, core.iv, srtcp, 8, out, off + 8, outLen - 8);
    } else {
      copyBytes(srtcp, 8, out, off + 8, outLen - 8);
    }
  }
  key.commitKeys(sk, true);
  if (core.srtcpTagLearnt === undefined) {
    core.srtcpTagLearnt = tagLen; // 'auto': the peer's length, from its first authentic packet
  }
  let state = st;
  if (state === undefined) {
    state = new RtcpStreamState(core.windowSize);
    core.rxRtcp.set(ssrc, state);
  }
  state.window.accept(index);
  core.countSrtcp(key);
  return outLen;
}
