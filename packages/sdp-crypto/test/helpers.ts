/**
 * Test helpers: node's own base64 and CSPRNG, as an independent oracle for the package's codec, and the
 * small assertions several tests share.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { encodeBase64, type CryptoAnswerResult } from '../src/index.js';

/** `n` random bytes from node:crypto (not the package's generator). */
export function random(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

/** Base64 by node's Buffer, cross-checked against the package's encoder. */
export function b64(bytes: Uint8Array, padded = true): string {
  const full = Buffer.from(bytes).toString('base64');
  const text = padded ? full : full.replace(/=+$/, '');
  expect(encodeBase64(bytes, { padded })).toBe(text);
  return text;
}

/** Bytes of base64 text, decoded by node's Buffer. */
export function unb64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Concatenation of byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** A vector file from test/vectors/ (see test/vectors/README.md for where each value comes from). */
export function vectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8')) as T;
}

/** A realistic line: random key‖salt of `bytes` bytes, encoded by Buffer (and checked against ours). */
export function fieldLine(
  tag: number,
  suite: string,
  bytes: number,
  rest = '',
  padded = true,
): { line: string; keySalt: Uint8Array } {
  const keySalt = random(bytes);
  return { line: `a=crypto:${tag} ${suite} inline:${b64(keySalt, padded)}${rest}`, keySalt };
}

/** The answer of a `selectCryptoAnswer` that must succeed; throws with the rejections when it did not. */
export function answered(result: CryptoAnswerResult): Extract<CryptoAnswerResult, { ok: true }> {
  if (!result.ok) {
    throw new Error(`no answer: ${JSON.stringify(result.rejections)}`);
  }
  return result;
}
