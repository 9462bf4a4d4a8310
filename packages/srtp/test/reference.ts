/**
 * Slow, obviously-correct SRTP/SRTCP reference straight from RFC 3711 §3.3/§3.4/§4, RFC 6188 and
 * RFC 7714 §8-§9: a new node:crypto AES-CTR / AES-GCM / HMAC object per packet and per key, keys
 * re-derived for every packet (so it also covers KDR != 0). Shares no code with src/.
 */
import { createCipheriv, createHmac, type CipherGCMTypes } from 'node:crypto';

export interface RefSuite {
  cipher: 'AES_CM' | 'AES_GCM' | 'NULL';
  keyLength: number;
  saltLength: number;
  srtpTag: number;
  srtcpTag: number;
}

export const REF_SUITES: Record<string, RefSuite> = {
  AES_CM_128_HMAC_SHA1_80: { cipher: 'AES_CM', keyLength: 16, saltLength: 14, srtpTag: 10, srtcpTag: 10 },
  AES_CM_128_HMAC_SHA1_32: { cipher: 'AES_CM', keyLength: 16, saltLength: 14, srtpTag: 4, srtcpTag: 10 },
  AES_192_CM_HMAC_SHA1_80: { cipher: 'AES_CM', keyLength: 24, saltLength: 14, srtpTag: 10, srtcpTag: 10 },
  AES_192_CM_HMAC_SHA1_32: { cipher: 'AES_CM', keyLength: 24, saltLength: 14, srtpTag: 4, srtcpTag: 10 },
  AES_256_CM_HMAC_SHA1_80: { cipher: 'AES_CM', keyLength: 32, saltLength: 14, srtpTag: 10, srtcpTag: 10 },
  AES_256_CM_HMAC_SHA1_32: { cipher: 'AES_CM', keyLength: 32, saltLength: 14, srtpTag: 4, srtcpTag: 10 },
  AEAD_AES_128_GCM: { cipher: 'AES_GCM', keyLength: 16, saltLength: 12, srtpTag: 16, srtcpTag: 16 },
  AEAD_AES_256_GCM: { cipher: 'AES_GCM', keyLength: 32, saltLength: 12, srtpTag: 16, srtcpTag: 16 },
  NULL_HMAC_SHA1_80: { cipher: 'NULL', keyLength: 16, saltLength: 14, srtpTag: 10, srtcpTag: 10 },
  NULL_HMAC_SHA1_32: { cipher: 'NULL', keyLength: 16, saltLength: 14, srtpTag: 4, srtcpTag: 10 },
};

const B = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** RFC 3711 §4.3.1 PRF: AES-CM(master key, (key_id XOR salt) * 2^16). */
export function refKdf(masterKey: Uint8Array, masterSalt: Uint8Array, label: number, r: bigint, n: number): Buffer {
  const salt = Buffer.alloc(14);
  B(masterSalt).copy(salt);
  const x = (BigInt('0x' + salt.toString('hex')) ^ ((BigInt(label) << 48n) | r)) << 16n;
  const iv = Buffer.from(x.toString(16).padStart(32, '0'), 'hex');
  return createCipheriv(`aes-${masterKey.length * 8}-ctr`, masterKey, iv).update(Buffer.alloc(n));
}

function headerLength(p: Uint8Array): number {
  let n = 12 + 4 * (p[0]! & 15);
  if (p[0]! & 0x10) {
    n += 4 + 4 * ((p[n + 2]! << 8) | p[n + 3]!);
  }
  return n;
}

export interface RefKey {
  suite: RefSuite;
  masterKey: Uint8Array;
  masterSalt: Uint8Array;
  kdr?: number;
  mki?: Uint8Array;
  unencryptedSrtp?: boolean;
  unencryptedSrtcp?: boolean;
  unauthenticatedSrtp?: boolean;
}

function keys(k: RefKey, rtcp: boolean, index: bigint): { key: Buffer; salt: Buffer; auth: Buffer } {
  const r = k.kdr ? index / BigInt(k.kdr) : 0n;
  const base = rtcp ? 3 : 0;
  return {
    key: refKdf(k.masterKey, k.masterSalt, base, r, k.suite.keyLength),
    auth: refKdf(k.masterKey, k.masterSalt, base + 1, r, 20),
    salt: refKdf(k.masterKey, k.masterSalt, base + 2, r, k.suite.saltLength),
  };
}

function ctrIv(salt: Buffer, ssrc: number, index: bigint): Buffer {
  const s = BigInt('0x' + salt.toString('hex')) << 16n;
  const x = s ^ (BigInt(ssrc) << 64n) ^ (index << 16n);
  return Buffer.from(x.toString(16).padStart(32, '0'), 'hex');
}

function gcmIv(salt: Buffer, ssrc: number, hi: number, lo: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(ssrc, 2);
  iv.writeUInt32BE(hi >>> 0, 6);
  iv.writeUInt16BE(lo, 10);
  for (let i = 0; i < 12; i++) {
    iv[i]! ^= salt[i]!;
  }
  return iv;
}

/** RFC 3711 §3.3 SRTP protect with an explicit ROC. */
export function refProtect(k: RefKey, packet: Uint8Array, roc: number): Buffer {
  const p = B(packet);
  const h = headerLength(p);
  const seq = p.readUInt16BE(2);
  const ssrc = p.readUInt32BE(8);
  const index = (BigInt(roc) << 16n) | BigInt(seq);
  const ks = keys(k, false, index);
  const mki = Buffer.from(k.mki ?? new Uint8Array(0));
  if (k.suite.cipher === 'AES_GCM') {
    const c = createCipheriv(`aes-${k.suite.keyLength * 8}-gcm` as CipherGCMTypes, ks.key, gcmIv(ks.salt, ssrc, roc, seq));
    if (k.unencryptedSrtp) {
      c.setAAD(p);
      c.final();
      return Buffer.concat([p, c.getAuthTag(), mki]);
    }
    c.setAAD(p.subarray(0, h));
    const ct = Buffer.concat([c.update(p.subarray(h)), c.final()]);
    return Buffer.concat([p.subarray(0, h), ct, c.getAuthTag(), mki]);
  }
  let body = p.subarray(h);
  if (k.suite.cipher === 'AES_CM' && !k.unencryptedSrtp) {
    body = createCipheriv(`aes-${k.suite.keyLength * 8}-ctr`, ks.key, ctrIv(ks.salt, ssrc, index)).update(body);
  }
  const authed = Buffer.concat([p.subarray(0, h), body]);
  if (k.unauthenticatedSrtp) {
    return Buffer.concat([authed, mki]);
  }
  const rocB = Buffer.alloc(4);
  rocB.writeUInt32BE(roc >>> 0);
  const tag = createHmac('sha1', ks.auth).update(authed).update(rocB).digest().subarray(0, k.suite.srtpTag);
  return Buffer.concat([authed, mki, tag]);
}

/** RFC 3711 §3.4 SRTCP protect with an explicit SRTCP index. */
export function refProtectRtcp(k: RefKey, packet: Uint8Array, index: number): Buffer {
  const p = B(packet);
  const ssrc = p.readUInt32BE(4);
  const ks = keys(k, true, BigInt(index));
  const mki = Buffer.from(k.mki ?? new Uint8Array(0));
  const e = k.suite.cipher !== 'NULL' && !k.unencryptedSrtcp;
  const ew = Buffer.alloc(4);
  ew.writeUInt32BE(((e ? 0x80000000 : 0) | index) >>> 0);
  if (k.suite.cipher === 'AES_GCM') {
    const iv = Buffer.alloc(12);
    iv.writeUInt32BE(ssrc, 2);
    iv.writeUInt32BE(index, 8);
    for (let i = 0; i < 12; i++) {
      iv[i]! ^= ks.salt[i]!;
    }
    const c = createCipheriv(`aes-${k.suite.keyLength * 8}-gcm` as CipherGCMTypes, ks.key, iv);
    if (!e) {
      c.setAAD(Buffer.concat([p, ew]));
      c.final();
      return Buffer.concat([p, c.getAuthTag(), ew, mki]);
    }
    c.setAAD(Buffer.concat([p.subarray(0, 8), ew]));
    const ct = Buffer.concat([c.update(p.subarray(8)), c.final()]);
    return Buffer.concat([p.subarray(0, 8), ct, c.getAuthTag(), ew, mki]);
  }
  let body = p.subarray(8);
  if (e) {
    body = createCipheriv(`aes-${k.suite.keyLength * 8}-ctr`, ks.key, ctrIv(ks.salt, ssrc, BigInt(index))).update(body);
  }
  const authed = Buffer.concat([p.subarray(0, 8), body, ew]);
  const tag = createHmac('sha1', ks.auth).update(authed).digest().subarray(0, k.suite.srtcpTag);
  return Buffer.concat([authed, mki, tag]);
}
