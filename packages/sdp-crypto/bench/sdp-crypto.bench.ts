/**
 * Throughput of the a=crypto codec. The base64 codec is compared with node's Buffer (native code), the
 * only peer installed here that does the same job; parse/format have no installed peer and run alone.
 */
import { Buffer } from 'node:buffer';
import { bench, describe } from 'vitest';
import { decodeBase64, encodeBase64, formatCryptoAttribute, parseCryptoAttribute } from '../src/index.js';

const keySalt = new Uint8Array(46).map((_, i) => (i * 37 + 11) & 0xff);
const text = Buffer.from(keySalt).toString('base64');
const LINE = `a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:${text}|2^31|1:1 UNENCRYPTED_SRTCP`;
const attr = parseCryptoAttribute(LINE);

describe('base64 decode, 46-byte AES-256 key‖salt', () => {
  bench('@voip/sdp-crypto decodeBase64', () => {
    decodeBase64(text);
  });
  bench('node Buffer.from(text, "base64")', () => {
    Buffer.from(text, 'base64');
  });
});

describe('base64 encode, 46-byte AES-256 key‖salt', () => {
  bench('@voip/sdp-crypto encodeBase64', () => {
    encodeBase64(keySalt);
  });
  bench('node Buffer.toString("base64")', () => {
    Buffer.from(keySalt.buffer, keySalt.byteOffset, keySalt.byteLength).toString('base64');
  });
});

describe('a=crypto line (AES-256, lifetime, MKI, session param)', () => {
  bench('parseCryptoAttribute', () => {
    parseCryptoAttribute(LINE);
  });
  bench('formatCryptoAttribute', () => {
    formatCryptoAttribute(attr, { prefix: true });
  });
});
