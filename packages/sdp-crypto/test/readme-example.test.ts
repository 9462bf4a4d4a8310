/**
 * Runs the README's offer/answer example exactly as written (the code block after the
 * `<!-- example: offer-answer` marker), with `@voip/sdp-crypto` bound to this package's source.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const block = /<!-- example: offer-answer[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

describe('README example', () => {
  it('is present and imports only from @voip/sdp-crypto', () => {
    expect(block).toContain("from '@voip/sdp-crypto';");
    expect(block.match(/^import /gm)).toHaveLength(1);
  });

  it('runs, and both parties end up with matching keys', () => {
    const code = block.replace(/^import (\{[^}]*\}) from '@voip\/sdp-crypto';$/m, 'const $1 = lib;');
    const logs: string[] = [];
    const console = { log: (...args: unknown[]): number => logs.push(args.map(String).join(' ')) };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const run = new Function('lib', 'console', `${code}\nreturn { offer, answer, accepted };`) as (
      l: typeof lib,
      c: typeof console,
    ) => { offer: lib.CryptoOffer; answer: lib.CryptoAnswerResult; accepted: lib.CryptoAnswerAcceptance };
    const { answer, accepted } = run(lib, console);
    expect(logs[0]).toMatch(/^a=crypto:1 AEAD_AES_256_GCM inline:[A-Za-z0-9+/]{59}=$/);
    expect(logs[1]).toBe('AEAD_AES_256_GCM 32');
    if (!answer.ok || !accepted.ok) {
      throw new Error('example did not negotiate');
    }
    expect(accepted.local.masterKey).toEqual(answer.remote.masterKey);
    expect(accepted.local.masterSalt).toEqual(answer.remote.masterSalt);
    expect(answer.local.masterKey).toEqual(accepted.remote.masterKey);
    expect(answer.local.masterSalt).toEqual(accepted.remote.masterSalt);
    expect(answer.local.masterKey).not.toEqual(answer.remote.masterKey);
  });

  it('the single-line example parses and formats as documented', () => {
    const attr = lib.parseCryptoAttribute(
      'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32',
    );
    expect(attr.keyParams[0]?.masterKey.length).toBe(16);
    expect(attr.keyParams[0]?.lifetime).toBe(1048576);
    expect(attr.keyParams[0]?.mki).toEqual({ value: 1n, byteLength: 32 });
    expect(lib.formatCryptoAttribute(attr, { prefix: true, padded: false })).toBe(
      'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32',
    );
    expect(lib.getCryptoSuite('AES_CM_256_HMAC_SHA1_80')?.name).toBe('AES_256_CM_HMAC_SHA1_80');
  });
});
