/**
 * Why MESSAGE-INTEGRITY uses a JavaScript HMAC-SHA1: with the key's inner and outer states
 * precomputed once per credential (RFC 2104 §4), a STUN-sized MAC beats creating a node:crypto Hmac
 * per message.
 */
import { createHmac } from 'node:crypto';
import { bench, describe } from 'vitest';
import { HmacSha1Key } from '../src/internal/sha1.js';

const KEY = new TextEncoder().encode('VOkJxbRl1RmTxUk/WvJxBt');
const PRECOMPUTED = new HmacSha1Key(KEY);
const OUT = new Uint8Array(20);
const OPTS = { time: 1000, warmupTime: 300 };

for (const size of [56, 100]) {
  const data = new Uint8Array(size).map((_, i) => i);
  describe(`HMAC-SHA1 over a ${size}-byte STUN message prefix`, () => {
    bench('@voip/stun (precomputed key)', () => PRECOMPUTED.macStun(data, size, size + 4, OUT, 0), OPTS);
    bench('node:crypto createHmac', () => void createHmac('sha1', KEY).update(data).digest(), OPTS);
  });
}
