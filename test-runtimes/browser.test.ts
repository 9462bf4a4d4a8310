/**
 * The platform-neutral main entries of @voip/rtp, @voip/stun and @voip/sdp-crypto in a browser (issue
 * #10): each package's built dist, resolved through its package.json as a user's bundler would, is
 * bundled by esbuild for `platform: 'browser'` (the test fails on any unresolved import, Node builtins
 * named), loaded into a blank page of Debian's headless Chromium with no network, and its codecs run
 * there (browser-checks.js). What the page returns is checked against the same build in Node: the same
 * bytes for the same input, and each side parses and verifies what the other wrote.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';
import { build, type BuildFailure, type Message } from 'esbuild';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, describeWithPeers } from '../scripts/test-peers.js';
import { distEntry } from './global-setup.js';
import type * as RtpModule from '@voip/rtp';
import type * as StunModule from '@voip/stun';
import type * as SdpCryptoModule from '@voip/sdp-crypto';

const root = fileURLToPath(new URL('..', import.meta.url));
const checksSource = readFileSync(fileURLToPath(new URL('browser-checks.js', import.meta.url)), 'utf8');

type BrowserPackage = 'rtp' | 'stun' | 'sdp-crypto';
/** The global each IIFE bundle defines in the page. */
const GLOBAL_NAME: Record<BrowserPackage, string> = { rtp: 'VoipRtp', stun: 'VoipStun', 'sdp-crypto': 'VoipSdpCrypto' };

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

export interface BrowserBundle {
  /** The IIFE, when esbuild succeeded. */
  readonly code: string | undefined;
  /** Node builtins the bundle could not resolve (`node:dgram`, `crypto`, ...). */
  readonly nodeBuiltins: readonly string[];
  /** Every esbuild error, as text. */
  readonly errors: readonly string[];
}

/**
 * Bundles `@voip/<pkg>`'s main entry for the browser as a user's bundler would: resolved through the
 * package's `exports` (from @voip/cli, whose node_modules links the four packages) to its built dist.
 */
export async function bundleForBrowser(pkg: BrowserPackage): Promise<BrowserBundle> {
  try {
    const r = await build({
      stdin: { contents: `export * from '@voip/${pkg}';`, resolveDir: join(root, 'packages', 'cli'), sourcefile: `${pkg}-entry.js` },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: GLOBAL_NAME[pkg],
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    return { code: r.outputFiles[0]!.text, nodeBuiltins: [], errors: r.errors.map((m) => m.text) };
  } catch (e) {
    const errors: Message[] = (e as Partial<BuildFailure>).errors ?? [];
    if (errors.length === 0) {
      throw e;
    }
    const unresolved = errors.map((m) => /^Could not resolve "([^"]+)"/.exec(m.text)?.[1]).filter((s) => s !== undefined);
    return {
      code: undefined,
      nodeBuiltins: [...new Set(unresolved.filter((s) => NODE_BUILTINS.has(s)))].sort(),
      errors: errors.map((m) => `${m.location?.file ?? '?'}:${m.location?.line ?? 0}: ${m.text}`),
    };
  }
}

/** The checks run in Node on the Node build, for comparison. */
interface Checks {
  rtp: (lib: typeof RtpModule) => RtpResult;
  stun: (lib: typeof StunModule, password: string, transactionIdHex: string) => StunResult;
  sdpCrypto: (lib: typeof SdpCryptoModule) => SdpCryptoResult;
}
interface RtpResult {
  rtp: string;
  rtpIsRtcp: boolean;
  parsedRtp: Record<string, unknown>;
  rtpReserialized: string;
  rtpTruncated: string;
  rtcp: string;
  rtcpIsRtcp: boolean;
  rtcpTypes: string[];
  sr: Record<string, unknown>;
  sdes: string;
  bye: string;
  rtcpReserialized: string;
  rtcpTruncated: string;
}
interface StunResult {
  wire: string;
  isStun: boolean;
  type: number;
  transactionId: string;
  username: string;
  integrity: boolean;
  integrityWrongKey: boolean;
  fingerprint: boolean;
  flippedIntegrity: boolean;
  flippedFingerprint: boolean;
  truncated: string;
  longTermKey: string;
  sha256Wire: string;
  sha256Integrity: boolean;
}
interface KeyingJson {
  suite: string;
  masterKey: string;
  masterSalt: string;
}
interface SdpCryptoResult {
  error?: string;
  offerLines: string[];
  answerLine: string;
  answerLocal: KeyingJson;
  answerRemote: KeyingJson;
  acceptedLocal: KeyingJson;
  acceptedRemote: KeyingJson;
  badBase64: string;
  wrongTag: boolean;
}

function nodeChecks(): Checks {
  runInThisContext(checksSource, { filename: 'browser-checks.js' });
  return (globalThis as unknown as { voipBrowserChecks: Checks }).voipBrowserChecks;
}

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const PASSWORD = 'browser-ice-pwd';
const TRANSACTION_ID = '0102030405060708090a0b0c';

describeWithPeers(['chromium'], 'browser bundles in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    browser = await puppeteer.launch({
      executablePath: chromiumPath,
      headless: true,
      // Chromium refuses to run as root with its sandbox
      args: [...(asRoot ? ['--no-sandbox'] : []), '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Bundles `pkg`, loads it and the checks into a blank page, runs one check, returns its JSON. */
  async function runInBrowser<T>(pkg: BrowserPackage, call: string): Promise<T> {
    const bundle = await bundleForBrowser(pkg);
    expect(bundle.nodeBuiltins, `@voip/${pkg} main entry imports Node builtins:\n${bundle.errors.join('\n')}`).toEqual([]);
    expect(bundle.errors).toEqual([]);
    const page = await browser.newPage();
    try {
      const requests: string[] = [];
      const pageErrors: string[] = [];
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        requests.push(req.url());
        void req.abort();
      });
      page.on('pageerror', (err) => pageErrors.push(String(err)));
      await page.goto('about:blank');
      await page.addScriptTag({ content: bundle.code! });
      await page.addScriptTag({ content: checksSource });
      const json = await page.evaluate(`JSON.stringify(globalThis.voipBrowserChecks.${call.replace('LIB', `globalThis.${GLOBAL_NAME[pkg]}`)})`);
      expect(pageErrors).toEqual([]);
      expect(requests).toEqual([]);
      return JSON.parse(json as string) as T;
    } finally {
      await page.close();
    }
  }

  it('@voip/sdp-crypto: SDES offer/answer in the page; Node parses and answers its lines', async () => {
    const r = await runInBrowser<SdpCryptoResult>('sdp-crypto', 'sdpCrypto(LIB)');
    const lib = (await import(distEntry('sdp-crypto'))) as typeof SdpCryptoModule;
    expect(r.error).toBeUndefined();
    expect(r.offerLines.map((l) => lib.parseCryptoAttribute(l).suite)).toEqual(['AEAD_AES_256_GCM', 'AES_CM_128_HMAC_SHA1_80']);
    // the answerer takes the first line; each side's local key is the other's remote key
    expect(r.answerLocal.suite).toBe('AEAD_AES_256_GCM');
    expect(r.acceptedRemote).toEqual(r.answerLocal);
    expect(r.acceptedLocal).toEqual(r.answerRemote);
    expect(r.answerLocal.masterKey).toHaveLength(64);
    expect(r.answerLocal.masterKey).not.toBe(r.answerRemote.masterKey); // fresh random keys on each side
    // the page's lines carry those keys: Node reads them back
    const answer = lib.parseCryptoAttribute(r.answerLine).keyParams[0]!;
    expect(hex(answer.masterKey)).toBe(r.answerLocal.masterKey);
    expect(hex(answer.masterSalt)).toBe(r.answerLocal.masterSalt);
    const nodeAnswer = lib.selectCryptoAnswer(r.offerLines.map((l) => `a=crypto:${l}`));
    expect(nodeAnswer.ok && hex(nodeAnswer.remote.masterKey)).toBe(r.acceptedLocal.masterKey);
    // malformed twins: bad base64, an answer with a tag that was not offered
    expect(r.badBase64).toBe('SdpCryptoError:BAD_BASE64');
    expect(r.badBase64).toBe(nodeErrorOf(() => lib.parseCryptoAttribute('1 AES_CM_128_HMAC_SHA1_80 inline:!!!!')));
    expect(r.wrongTag).toBe(false);
  });

  it('@voip/rtp: RTP and RTCP round trips in the page, the same bytes as Node', async () => {
    const r = await runInBrowser<RtpResult>('rtp', 'rtp(LIB)');
    const lib = (await import(distEntry('rtp'))) as typeof RtpModule;
    expect(r).toEqual(nodeChecks().rtp(lib));
    expect(r.rtpReserialized).toBe(r.rtp);
    expect(r.rtcpReserialized).toBe(r.rtcp);
    expect([r.rtpIsRtcp, r.rtcpIsRtcp]).toEqual([false, true]);
    expect(r.parsedRtp).toMatchObject({ sequenceNumber: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef, marker: true, csrcs: [1, 2] });
    expect(r.rtcpTypes).toEqual(['SR', 'SDES', 'BYE']);
    expect(r.sr).toEqual({ ssrc: 0xdeadbeef, ntp: 'e8f1a2b3c4d5e6f7', packetCount: 50, reportSsrc: 0x01020304, highest: 70000 });
    const p = lib.parseRtpPacket(bytes(r.rtp));
    expect(hex(p.payload)).toBe(r.parsedRtp['payload']);
    expect(r.rtpTruncated).toMatch(/^RtpError:[A-Z0-9_]+$/);
    expect(r.rtcpTruncated).toMatch(/^RtpError:[A-Z0-9_]+$/);
  });

  it('@voip/stun: a Binding request with MESSAGE-INTEGRITY and FINGERPRINT in the page; Node verifies it', async () => {
    const r = await runInBrowser<StunResult>('stun', `stun(LIB, ${JSON.stringify(PASSWORD)}, ${JSON.stringify(TRANSACTION_ID)})`);
    const lib = (await import(distEntry('stun'))) as typeof StunModule;
    expect(r).toEqual(nodeChecks().stun(lib, PASSWORD, TRANSACTION_ID));
    expect(r).toMatchObject({
      isStun: true,
      type: lib.StunMessageType.BindingRequest,
      transactionId: TRANSACTION_ID,
      username: 'bob:alice',
      integrity: true,
      integrityWrongKey: false,
      fingerprint: true,
      flippedIntegrity: false,
      flippedFingerprint: false,
      truncated: 'StunError:TRUNCATED',
    });
    const msg = lib.parseStunMessage(bytes(r.wire));
    expect(lib.verifyMessageIntegrity(msg, lib.shortTermKey(PASSWORD))).toBe(true);
    expect(lib.verifyFingerprint(msg)).toBe(true);
    // The page's MD5 long-term key and HMAC-SHA256 integrity, against OpenSSL's (node:crypto).
    expect(r.longTermKey).toBe(createHash('md5').update(`user:realm:${PASSWORD}`).digest('hex'));
    expect(r.sha256Integrity).toBe(true);
    const sha256Wire = bytes(r.sha256Wire);
    const macAt = sha256Wire.length - 8 - 36; // MESSAGE-INTEGRITY-SHA256 (4 + 32), then FINGERPRINT (8)
    const signed = Uint8Array.from(sha256Wire.subarray(0, macAt));
    signed[3] = macAt + 36 - 20; // the length field covers up to the integrity attribute
    expect(hex(sha256Wire.subarray(macAt + 4, macAt + 36))).toBe(
      createHmac('sha256', Buffer.from(r.longTermKey, 'hex')).update(signed).digest('hex'),
    );
  });
});

function nodeErrorOf(f: () => unknown): string {
  try {
    f();
    return 'no error';
  } catch (e) {
    return `${(e as Error).name}:${(e as { code?: string }).code ?? ''}`;
  }
}

describe('bundleForBrowser', () => {
  it('reports an unresolved Node builtin by name (what fails the browser tests)', async () => {
    // a package whose main entry imports node:crypto: @voip/srtp, which is meant for Node only
    const b = await bundleForBrowser('srtp' as BrowserPackage);
    expect(b.code).toBeUndefined();
    expect(b.nodeBuiltins).toEqual(['node:crypto']); // dist keeps the node: prefix
  });
});
