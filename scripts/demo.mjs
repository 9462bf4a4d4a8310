#!/usr/bin/env node
// The main job until `voip demo` (@voip/cli) can run a whole call: an SDES offer/answer between two
// parties (RFC 4568 §7), printed as SDP lines, with both sides' keys checked to match.
import { acceptCryptoAnswer, createCryptoOffer, selectCryptoAnswer } from '../packages/sdp-crypto/dist/index.js';

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const offer = createCryptoOffer({ suites: ['AEAD_AES_256_GCM', 'AES_256_CM_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_80'] });
console.log('Alice offers:');
for (const line of offer.lines) {console.log(`  a=crypto:${line}`);}

// Bob supports only the AES-CM suites: he skips the GCM line and answers the next one.
const answer = selectCryptoAnswer(offer.lines, { suites: ['AES_CM_128_HMAC_SHA1_80', 'AES_256_CM_HMAC_SHA1_80'] });
if (!answer.ok) {
  console.error('Bob found nothing to answer:', answer.rejections.map((r) => `${r.code}: ${r.message}`).join('; '));
  process.exit(1);
}
for (const r of answer.rejections) {console.log(`Bob skips offered line ${r.index + 1}: ${r.code}`);}
console.log(`Bob answers:\n  a=crypto:${answer.line}`);

const accepted = acceptCryptoAnswer(offer, answer.line);
if (!accepted.ok) {
  console.error('Alice rejects the answer:', accepted.error.message);
  process.exit(1);
}
const same = (a, b) => hex(a.masterKey) === hex(b.masterKey) && hex(a.masterSalt) === hex(b.masterSalt) && a.suite === b.suite;
const ok = same(accepted.local, answer.remote) && same(accepted.remote, answer.local);
console.log(`Negotiated ${accepted.remote.suite}, tag ${accepted.tag}.`);
console.log(`  Alice -> Bob key ${hex(accepted.local.masterKey)} (Bob decrypts with the same: ${same(accepted.local, answer.remote)})`);
console.log(`  Bob -> Alice key ${hex(answer.local.masterKey)} (Alice decrypts with the same: ${same(accepted.remote, answer.local)})`);
process.exit(ok ? 0 : 1);
