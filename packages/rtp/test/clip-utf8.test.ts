import { describe, expect, it, vi } from 'vitest';
import { clipUtf8 } from '../src/rtcp/rtcp-codec.js';

const utf8 = (s: string) => new TextEncoder().encode(s).length;

describe('clipUtf8 (BYE reason, RFC 3550 §6.6: 8-bit length)', () => {
  it('keeps text that fits, byte for byte', () => {
    expect(clipUtf8('busy here', 255).text).toBe('busy here');
    expect(clipUtf8('é'.repeat(127), 255).text).toBe('é'.repeat(127)); // 254 bytes
  });

  it('cuts at the last whole character at or below the limit', () => {
    // 'é' is 2 bytes, '€' 3, '𝄞' 4: 255 is not a boundary of any of them after one ASCII byte.
    for (const ch of ['é', '€', '𝄞']) {
      const { text, bytes } = clipUtf8('x' + ch.repeat(200), 255);
      expect(utf8(text)).toBe(bytes.length);
      expect(bytes.length).toBeLessThanOrEqual(255);
      expect(bytes.length).toBeGreaterThan(255 - utf8(ch));
      expect(text).toBe('x' + ch.repeat((bytes.length - 1) / utf8(ch)));
      expect(text).not.toContain('\uFFFD');
    }
  });

  it('encodes a long remote reason once, not once per removed character (was quadratic)', () => {
    const encode = vi.spyOn(TextEncoder.prototype, 'encode');
    try {
      const reason = 'ü'.repeat(32_000); // 64,000 bytes: the old loop re-encoded it ~31,900 times
      const { text } = clipUtf8(reason, 255);
      expect(text).toBe('ü'.repeat(127));
      expect(encode.mock.calls.length).toBe(1);
    } finally {
      encode.mockRestore();
    }
  });

  it('a 1 MB reason is clipped (completes well inside the default timeout)', () => {
    expect(utf8(clipUtf8('a'.repeat(1_000_000), 255).text)).toBe(255);
  });
});
