/**
 * Packets per second: @voip/srtp vs werift-rtp 0.8.9, same keys, same packets.
 * protect: every iteration sends the next sequence number (a sender never reuses an index).
 * unprotect: a ring of RING distinct packets protected up front; replay protection on; each receiver
 * sees each packet once, and a fresh receiver (ours and werift's alike) is made when the ring restarts.
 */
import { bench, describe } from 'vitest';
import {
  ProtectionProfileAeadAes128Gcm,
  ProtectionProfileAes128CmHmacSha1_80,
  RtpHeader,
  SrtpSession as WeriftSrtpSession,
} from 'werift-rtp';
import { SrtpSession, resolveSrtpSuite } from '../src/index.js';

const RING = 4096;
/** Longer runs than the default: the shared 2-core machine is noisy. */
const OPTS = { time: 1500, warmupTime: 300 };

for (const [suite, profile] of [
  ['AES_CM_128_HMAC_SHA1_80', ProtectionProfileAes128CmHmacSha1_80],
  ['AEAD_AES_128_GCM', ProtectionProfileAeadAes128Gcm],
] as const) {
  const s = resolveSrtpSuite(suite);
  const key = Buffer.from(Uint8Array.from({ length: s.keyLength }, (_, i) => i + 1));
  const salt = Buffer.from(Uint8Array.from({ length: s.saltLength }, (_, i) => 0x40 + i));
  const material = { suite, masterKey: new Uint8Array(key), masterSalt: new Uint8Array(salt) };
  const keys = { localMasterKey: key, localMasterSalt: salt, remoteMasterKey: key, remoteMasterSalt: salt };

  for (const size of [172, 1212]) {
    const template = new Uint8Array(size);
    template[0] = 0x80;
    template.set([0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78], 4);
    for (let i = 12; i < size; i++) {
      template[i] = i & 0xff;
    }

    describe(`protect ${suite} ${size} bytes`, () => {
      const ours = new SrtpSession(material);
      const out = new Uint8Array(size + 64);
      const pkt = new Uint8Array(template);
      let seq = 0;
      bench('@voip/srtp protectInto', () => {
        seq = (seq + 1) & 0xffff;
        pkt[2] = seq >>> 8;
        pkt[3] = seq & 0xff;
        ours.protectInto(pkt, out);
      }, OPTS);
      const ours2 = new SrtpSession(material);
      const pkt2 = new Uint8Array(template);
      let seq2 = 0;
      bench('@voip/srtp protect (new buffer)', () => {
        seq2 = (seq2 + 1) & 0xffff;
        pkt2[2] = seq2 >>> 8;
        pkt2[3] = seq2 & 0xff;
        ours2.protect(pkt2);
      }, OPTS);
      if (suite === 'AEAD_AES_128_GCM') {
        const native = new SrtpSession({ ...material, nativeAesGcm: true });
        const pkt3 = new Uint8Array(template);
        let seq3 = 0;
        bench('@voip/srtp protectInto (nativeAesGcm)', () => {
          seq3 = (seq3 + 1) & 0xffff;
          pkt3[2] = seq3 >>> 8;
          pkt3[3] = seq3 & 0xff;
          native.protectInto(pkt3, out);
        }, OPTS);
      }
      const werift = new WeriftSrtpSession({ keys, profile });
      const header = RtpHeader.deSerialize(Buffer.from(template));
      const payload = Buffer.from(template.subarray(12));
      let wseq = 0;
      bench('werift-rtp encrypt', () => {
        wseq = (wseq + 1) & 0xffff;
        header.sequenceNumber = wseq;
        werift.encrypt(payload, header);
      }, OPTS);
    });

    describe(`unprotect ${suite} ${size} bytes (replay protection on)`, () => {
      const tx = new SrtpSession(material);
      const ring: Uint8Array[] = [];
      const pkt = new Uint8Array(template);
      for (let i = 0; i < RING; i++) {
        pkt[2] = i >>> 8;
        pkt[3] = i & 0xff;
        ring.push(tx.protect(pkt));
      }
      const ringBuffers = ring.map((w) => Buffer.from(w));
      let rx = new SrtpSession(material);
      let i = 0;
      const out = new Uint8Array(size + 64);
      bench('@voip/srtp unprotectInto', () => {
        if (i === RING) {
          i = 0;
          rx = new SrtpSession(material);
        }
        if (typeof rx.unprotectInto(ring[i++]!, out) !== 'number') {
          throw new Error('unprotect failed');
        }
      }, OPTS);
      let rx2 = new SrtpSession(material);
      let j = 0;
      bench('@voip/srtp unprotect (new buffer)', () => {
        if (j === RING) {
          j = 0;
          rx2 = new SrtpSession(material);
        }
        if (!rx2.unprotect(ring[j++]!).ok) {
          throw new Error('unprotect failed');
        }
      }, OPTS);
      if (suite === 'AEAD_AES_128_GCM') {
        let nrx = new SrtpSession({ ...material, nativeAesGcm: true });
        let m = 0;
        bench('@voip/srtp unprotectInto (nativeAesGcm)', () => {
          if (m === RING) {
            m = 0;
            nrx = new SrtpSession({ ...material, nativeAesGcm: true });
          }
          if (typeof nrx.unprotectInto(ring[m++]!, out) !== 'number') {
            throw new Error('unprotect failed');
          }
        }, OPTS);
      }
      let wrx = new WeriftSrtpSession({ keys, profile });
      let k = 0;
      bench('werift-rtp decrypt', () => {
        if (k === RING) {
          k = 0;
          wrx = new WeriftSrtpSession({ keys, profile });
        }
        wrx.decrypt(ringBuffers[k++]!);
      }, OPTS);
    });
  }
}

/**
 * Forged packets (random payload and tag) against a receiver with and without a key derivation rate
 * (RFC 3711 §4.3.1): a forgery never authenticates, so with a KDR the keys it would need are derived
 * at most within the session's derivation budget and the cost per packet should stay close to the
 * no-KDR one (one tag check). Rows: a known stream at random sequence numbers (any epoch), and fresh
 * SSRCs (new streams).
 */
describe('unprotect forged AES_CM_128_HMAC_SHA1_80 172 bytes (KDR vs none)', () => {
  const material = {
    suite: 'AES_CM_128_HMAC_SHA1_80',
    masterKey: Uint8Array.from({ length: 16 }, (_, i) => i + 1),
    masterSalt: Uint8Array.from({ length: 14 }, (_, i) => 0x40 + i),
  };
  let seed = 0x1234567;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed;
  };
  /** A ring of forged packets; `ssrc` fixed, or undefined for a fresh random SSRC each. */
  const forgeries = (ssrc: number | undefined): Uint8Array[] =>
    Array.from({ length: RING }, () => {
      const p = new Uint8Array(172 + 10);
      p[0] = 0x80;
      p[2] = rnd() & 0xff;
      p[3] = rnd() & 0xff;
      new DataView(p.buffer).setUint32(8, ssrc ?? rnd());
      for (let i = 12; i < p.length; i++) {
        p[i] = rnd() & 0xff;
      }
      return p;
    });
  const out = new Uint8Array(256);
  for (const [label, kdr] of [['no KDR', 0], ['KDR 2^4', 16], ['KDR 2^16', 65536]] as const) {
    for (const fresh of [false, true]) {
      const tx = new SrtpSession({ ...material, keyDerivationRate: kdr });
      const rx = new SrtpSession({ ...material, keyDerivationRate: kdr });
      const known = new Uint8Array(172);
      known.set([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7]);
      if (rx.unprotectInto(tx.protect(known), out) !== 172) {
        throw new Error('the real packet did not authenticate');
      }
      const ring = forgeries(fresh ? undefined : 7);
      let i = 0;
      bench(`@voip/srtp unprotectInto forged, ${label}, ${fresh ? 'fresh SSRCs' : 'known stream'}`, () => {
        if (typeof rx.unprotectInto(ring[i++ % RING]!, out) === 'number') {
          throw new Error('a forgery authenticated');
        }
      }, OPTS);
    }
  }
});
