import { describe, expect, it } from 'vitest';
import { SourceCache } from '../src/transport/source-cache.js';

describe('SourceCache (per-source values on the receive path)', () => {
  it('finds a value by address and port, apart for each port and each address', () => {
    const c = new SourceCache<string>(10);
    expect(c.get('10.0.0.1', 5000)).toBeUndefined();
    expect(c.set('10.0.0.1', 5000, 'a')).toBe('a');
    c.set('10.0.0.1', 5002, 'b');
    c.set('::1', 5000, 'c');
    expect([c.get('10.0.0.1', 5000), c.get('10.0.0.1', 5002), c.get('::1', 5000), c.get('::1', 5002)]).toEqual(['a', 'b', 'c', undefined]);
  });

  it('holds at most its limit: a spray of sources empties it and starts over, never grows past it', () => {
    const c = new SourceCache<number>(4);
    for (let port = 0; port < 4; port++) {
      c.set('192.0.2.1', port, port);
    }
    expect([0, 1, 2, 3].map((p) => c.get('192.0.2.1', p))).toEqual([0, 1, 2, 3]);
    c.set('192.0.2.2', 9, 9); // the fifth entry: the cache starts over with it alone
    expect([0, 1, 2, 3].map((p) => c.get('192.0.2.1', p))).toEqual([undefined, undefined, undefined, undefined]);
    expect(c.get('192.0.2.2', 9)).toBe(9);
    for (let i = 0; i < 1000; i++) {
      c.set(`198.51.100.${i % 250}`, i, i);
    }
    let held = 0;
    for (let i = 0; i < 1000; i++) {
      held += c.get(`198.51.100.${i % 250}`, i) === undefined ? 0 : 1;
    }
    expect(held).toBeLessThanOrEqual(4);
    expect(held).toBeGreaterThan(0);
  });
});
