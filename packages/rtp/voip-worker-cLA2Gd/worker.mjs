// packages/rtp/bench/load-workers-worker.ts
import { parentPort } from "node:worker_threads";

// packages/rtp/bench/load-run.ts
import { fork } from "node:child_process";
import { createSocket as createSocket2 } from "node:dgram";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

// packages/srtp/src/errors.ts
var SrtpError = class extends Error {
  name = "SrtpError";
  /** Stable machine-readable code. */
  code;
  /** Byte offset into the input where the problem is, when there is one. */
  offset;
  /**
   * @param code - stable code
   * @param message - human readable detail
   * @param offset - byte offset into the input, if relevant
   * @param options - standard `ErrorOptions` (`cause`)
   */
  constructor(code, message, offset, options) {
    super(message, options);
    this.code = code;
    this.offset = offset;
  }
};
var isSrtpError = (e) => e instanceof Error && e.name === "SrtpError";

// packages/srtp/src/suites.ts
var SrtpCipher = { AES_CM: "AES_CM", AES_GCM: "AES_GCM", NULL: "NULL" };
var hmac = (name, cipher, keyLength, srtpTagLength) => ({ name, cipher, keyLength, saltLength: 14, srtpTagLength, srtcpTagLength: 10, authKeyLength: 20 });
var gcm = (name, keyLength) => ({
  name,
  cipher: SrtpCipher.AES_GCM,
  keyLength,
  saltLength: 12,
  srtpTagLength: 16,
  srtcpTagLength: 16,
  authKeyLength: 0
});
var SUITES = /* @__PURE__ */ new Map([
  ["AES_CM_128_HMAC_SHA1_80", hmac("AES_CM_128_HMAC_SHA1_80", SrtpCipher.AES_CM, 16, 10)],
  ["AES_CM_128_HMAC_SHA1_32", hmac("AES_CM_128_HMAC_SHA1_32", SrtpCipher.AES_CM, 16, 4)],
  ["AES_192_CM_HMAC_SHA1_80", hmac("AES_192_CM_HMAC_SHA1_80", SrtpCipher.AES_CM, 24, 10)],
  ["AES_192_CM_HMAC_SHA1_32", hmac("AES_192_CM_HMAC_SHA1_32", SrtpCipher.AES_CM, 24, 4)],
  ["AES_256_CM_HMAC_SHA1_80", hmac("AES_256_CM_HMAC_SHA1_80", SrtpCipher.AES_CM, 32, 10)],
  ["AES_256_CM_HMAC_SHA1_32", hmac("AES_256_CM_HMAC_SHA1_32", SrtpCipher.AES_CM, 32, 4)],
  ["AEAD_AES_128_GCM", gcm("AEAD_AES_128_GCM", 16)],
  ["AEAD_AES_256_GCM", gcm("AEAD_AES_256_GCM", 32)],
  ["NULL_HMAC_SHA1_80", hmac("NULL_HMAC_SHA1_80", SrtpCipher.NULL, 16, 10)],
  ["NULL_HMAC_SHA1_32", hmac("NULL_HMAC_SHA1_32", SrtpCipher.NULL, 16, 4)]
]);
var ALIASES = /* @__PURE__ */ new Map([
  ["AES_CM_256_HMAC_SHA1_80", "AES_256_CM_HMAC_SHA1_80"],
  ["AES_CM_256_HMAC_SHA1_32", "AES_256_CM_HMAC_SHA1_32"],
  ["AES_CM_192_HMAC_SHA1_80", "AES_192_CM_HMAC_SHA1_80"],
  ["AES_CM_192_HMAC_SHA1_32", "AES_192_CM_HMAC_SHA1_32"]
]);
var RECOGNISED_UNSUPPORTED = /* @__PURE__ */ new Set([
  "AEAD_AES_128_GCM_8",
  "AEAD_AES_256_GCM_8",
  "F8_128_HMAC_SHA1_80",
  "F8_128_HMAC_SHA1_32"
]);
var REFUSED = /* @__PURE__ */ new Map([
  [
    "AES_CM_128_NULL_AUTH",
    "no SRTP authentication (RFC 3711 \xA74.2 NULL auth): no integrity and no replay protection (RFC 3711 \xA73.3.2)"
  ]
]);
function resolveSrtpSuite(name) {
  if (typeof name !== "string") {
    throw new TypeError(`"suite" expected a string, got ${name === null ? "null" : typeof name}`);
  }
  const canonical = ALIASES.get(name) ?? name;
  const suite = SUITES.get(canonical);
  if (suite !== void 0) {
    return suite;
  }
  if (RECOGNISED_UNSUPPORTED.has(name)) {
    throw new SrtpError("UNSUPPORTED_SUITE", `"suite" ${name} is recognised but not implemented by @voip/srtp`);
  }
  const why = REFUSED.get(name);
  if (why !== void 0) {
    throw new SrtpError("UNSUPPORTED_SUITE", `"suite" ${name} is refused: ${why}`);
  }
  throw new SrtpError(
    "UNSUPPORTED_SUITE",
    `"suite" ${JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}...` : name)} is unknown; expected one of ${[...SUITES.keys()].join(", ")}`
  );
}
var SRTP_SUITE_NAMES = [...SUITES.keys()];

// packages/srtp/src/key-derivation.ts
import { createCipheriv } from "node:crypto";
var SrtpKdfLabel = {
  SRTP_ENCRYPTION: 0,
  SRTP_AUTHENTICATION: 1,
  SRTP_SALT: 2,
  SRTCP_ENCRYPTION: 3,
  SRTCP_AUTHENTICATION: 4,
  SRTCP_SALT: 5
};
function deriveSrtpKey(masterKey, masterSalt, label, r, length) {
  if (masterKey.length !== 16 && masterKey.length !== 24 && masterKey.length !== 32) {
    throw new RangeError(`"masterKey" expected 16, 24 or 32 bytes, got ${masterKey.length}`);
  }
  if (masterSalt.length !== 14 && masterSalt.length !== 12) {
    throw new RangeError(`"masterSalt" expected 14 or 12 bytes, got ${masterSalt.length}`);
  }
  if (!Number.isSafeInteger(r) || r < 0 || r >= 2 ** 48) {
    throw new RangeError(`"r" expected an integer in [0, 2^48), got ${r}`);
  }
  const iv = new Uint8Array(16);
  iv.set(masterSalt);
  iv[7] ^= label;
  const hi = Math.floor(r / 2 ** 32);
  const lo = r >>> 0;
  iv[8] ^= hi >>> 8 & 255;
  iv[9] ^= hi & 255;
  iv[10] ^= lo >>> 24;
  iv[11] ^= lo >>> 16 & 255;
  iv[12] ^= lo >>> 8 & 255;
  iv[13] ^= lo & 255;
  const ctr = createCipheriv(`aes-${masterKey.length * 8}-ctr`, masterKey, iv);
  const ks = ctr.update(new Uint8Array(length));
  ctr.final();
  const out = new Uint8Array(ks);
  ks.fill(0);
  iv.fill(0);
  return out;
}

// packages/srtp/src/replay-window.ts
var MIN_REPLAY_WINDOW = 64;
var MAX_REPLAY_WINDOW = 32768;
var ReplayWindow = class {
  /** Window size in packets. */
  size;
  bits;
  ringBits;
  top = -1;
  /**
   * @param size - packets, 64..32768 (RFC 3711 §3.3.2 asks for at least 64)
   * @throws {RangeError} when `size` is out of range
   */
  constructor(size = MIN_REPLAY_WINDOW) {
    if (!Number.isInteger(size) || size < MIN_REPLAY_WINDOW || size > MAX_REPLAY_WINDOW) {
      throw new RangeError(`"replayWindowSize" expected an integer in [64, 32768], got ${size}`);
    }
    this.size = size;
    const words2 = Math.ceil(size / 32);
    this.bits = new Uint32Array(words2);
    this.ringBits = words2 * 32;
  }
  /** Highest accepted index, or -1 before the first. */
  get highest() {
    return this.top;
  }
  /**
   * True when `index` is new: above the highest, or inside the window and not yet seen.
   * @param index - packet index (non-negative integer)
   * @returns whether the packet may be accepted
   */
  check(index) {
    if (index > this.top) {
      return true;
    }
    if (this.top - index >= this.size) {
      return false;
    }
    const bit = index % this.ringBits;
    return (this.bits[bit >>> 5] & 1 << (bit & 31)) === 0;
  }
  /**
   * Records `index` as seen, sliding the window forward when it is the new highest.
   * @param index - an index for which {@link ReplayWindow.check} returned true
   */
  accept(index) {
    this.advanceTo(index);
    const bit = index % this.ringBits;
    this.bits[bit >>> 5] |= 1 << (bit & 31);
  }
  /**
   * Slides the window so that `index` is its top without recording `index` as seen: everything older
   * than the window is refused from then on, and what the window still covers keeps its marks. Does
   * nothing when `index` is not above the highest (a window never moves back).
   * @param index - packet index (non-negative integer)
   * @example
   * ```ts
   * import { ReplayWindow } from '@voip/srtp';
   * const w = new ReplayWindow(64);
   * w.accept(10);
   * w.advanceTo(65536 + 10); // a higher ROC was signalled
   * w.check(10); // false: too old
   * w.check(65536 + 10); // true: not seen yet
   * ```
   */
  advanceTo(index) {
    if (index > this.top) {
      const step = this.top < 0 ? this.ringBits : index - this.top;
      if (step >= this.ringBits) {
        this.bits.fill(0);
      } else {
        for (let i = this.top + 1; i <= index; i++) {
          const b = i % this.ringBits;
          this.bits[b >>> 5] &= ~(1 << (b & 31));
        }
      }
      this.top = index;
    }
  }
};

// packages/srtp/src/rtp-header.ts
function rtpHeaderLength(bytes, off, length) {
  if (length < 12 || off < 0 || off + length > bytes.length) {
    return -1;
  }
  const b0 = bytes[off];
  if (b0 >>> 6 !== 2) {
    return -1;
  }
  let n = 12 + 4 * (b0 & 15);
  if ((b0 & 16) !== 0) {
    if (n + 4 > length) {
      return -1;
    }
    n += 4 + 4 * (bytes[off + n + 2] << 8 | bytes[off + n + 3]);
  }
  return n <= length ? n : -1;
}

// packages/srtp/src/session-options.ts
var DEFAULT_MAX_SSRCS = 64;
var MAX_MASTER_KEYS = 32;
var DEFAULT_REPLAY_WINDOW = 64;

// packages/srtp/src/generate.ts
import { randomBytes } from "node:crypto";
function generateSrtpKeyingMaterial(suite = "AES_CM_128_HMAC_SHA1_80") {
  const s = resolveSrtpSuite(suite);
  const kb = randomBytes(s.keyLength + s.saltLength);
  const material = {
    suite: s.name,
    masterKey: new Uint8Array(kb.subarray(0, s.keyLength)),
    masterSalt: new Uint8Array(kb.subarray(s.keyLength))
  };
  kb.fill(0);
  return material;
}

// packages/srtp/src/internal/retry-budget.ts
var RetryBudget = class {
  tokens;
  last;
  triedCount = 0;
  authenticatedCount = 0;
  skippedCount = 0;
  capacity;
  perSecond;
  now;
  constructor(capacity, perSecond, now = () => performance.now()) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.now = now;
    this.tokens = capacity;
    this.last = now();
  }
  /** Takes a token for one retry; false (and counted as skipped) when none is left. */
  take() {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (t - this.last) * this.perSecond / 1e3);
    this.last = t;
    if (this.tokens < 1) {
      this.skippedCount++;
      return false;
    }
    this.tokens--;
    this.triedCount++;
    return true;
  }
  /** The retry authenticated: it was a real late joiner, not a forgery, so its token comes back. */
  succeeded() {
    this.authenticatedCount++;
    this.tokens = Math.min(this.capacity, this.tokens + 1);
  }
  counts() {
    return { tried: this.triedCount, authenticated: this.authenticatedCount, skipped: this.skippedCount };
  }
};

// packages/srtp/src/internal/bytes.ts
function constantTimeEqual(a, aOff, b, bOff, n) {
  let diff = 0;
  for (let i = 0; i < n; i++) {
    diff |= a[aOff + i] ^ b[bOff + i];
  }
  return diff === 0;
}
function readU32(b, off) {
  return (b[off] << 24 | b[off + 1] << 16 | b[off + 2] << 8 | b[off + 3]) >>> 0;
}
function writeU32(b, off, v) {
  b[off] = v >>> 24;
  b[off + 1] = v >>> 16 & 255;
  b[off + 2] = v >>> 8 & 255;
  b[off + 3] = v & 255;
}
function copyBytes(src, srcOff, dst, dstOff, n) {
  if (src === dst && srcOff === dstOff) {
    return;
  }
  if (n > 64) {
    dst.set(src.subarray(srcOff, srcOff + n), dstOff);
    return;
  }
  for (let i = 0; i < n; i++) {
    dst[dstOff + i] = src[srcOff + i];
  }
}
function expectLength(name, b, ...n) {
  if (!(b instanceof Uint8Array)) {
    throw new TypeError(`"${name}" expected Uint8Array, got ${typeof b}`);
  }
  if (!n.includes(b.length)) {
    throw new RangeError(`"${name}" expected ${n.join(" or ")} bytes, got ${b.length}`);
  }
}

// packages/srtp/src/internal/aes-ctr.ts
import { createCipheriv as createCipheriv2 } from "node:crypto";

// packages/srtp/src/internal/word-views.ts
var LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
var EMPTY32 = new Int32Array(0);
var SLOTS = 9;
var cacheBuf = new Array(SLOTS).fill(void 0);
var cacheView = new Array(SLOTS).fill(EMPTY32);
var nextSrc = 1;
var nextDst = 5;
function primeKeystreamView(buf, view2) {
  cacheBuf[0] = buf;
  cacheView[0] = view2;
}
function int32View(buf) {
  return new Int32Array(buf, 0, buf.byteLength >>> 2);
}
function view32(buf, role) {
  if (role === 0) {
    if (cacheBuf[0] === buf) {
      return cacheView[0];
    }
  } else {
    for (let i = 1; i < SLOTS; i++) {
      if (cacheBuf[i] === buf) {
        return cacheView[i];
      }
    }
  }
  const v = int32View(buf);
  let slot = 0;
  if (role === 1) {
    slot = nextSrc;
    nextSrc = slot === 4 ? 1 : slot + 1;
  } else if (role === 2) {
    slot = nextDst;
    nextDst = slot === 8 ? 5 : slot + 1;
  }
  cacheBuf[slot] = buf;
  cacheView[slot] = v;
  return v;
}

// packages/srtp/src/internal/wasm-kernel-binary.ts
var WASM_KERNEL_BASE64 = "AGFzbQEAAAABNQdgBH9/f38AYAJ/fwBgA39/fwBgB39/f39/f38AYAh/f39/f39/fwBgAX8Bf2AFf39/f38AAwoJAAECAwQEAAUGBQMBAAIHKQUGbWVtb3J5AgADeG9yAAIEc2VhbAAEBG9wZW4ABQhobWFjU2hhMQAICuwvCcYEAgR7AX8gAf0ABAAhBCACIANBBHRqIQgCQCACIAhPDQADQCAEIAL9AAQA/VEhBSAF/Qzw8PDw8PDw8PDw8PDw8PDw/U4hBiAFQQT9ayEHIAAgBv0WAGr9AAQAIAAgB/0WAGr9AASAAv1RIAAgBv0WAWr9AASABCAAIAf9FgFq/QAEgAb9Uf1RIAAgBv0WAmr9AASACCAAIAf9FgJq/QAEgAr9USAAIAb9FgNq/QAEgAwgACAH/RYDav0ABIAO/VH9Uf1RIAAgBv0WBGr9AASAECAAIAf9FgRq/QAEgBL9USAAIAb9FgVq/QAEgBQgACAH/RYFav0ABIAW/VH9USAAIAb9FgZq/QAEgBggACAH/RYGav0ABIAa/VEgACAG/RYHav0ABIAcIAAgB/0WB2r9AASAHv1R/VH9Uf1RIAAgBv0WCGr9AASAICAAIAf9Fghq/QAEgCL9USAAIAb9Fglq/QAEgCQgACAH/RYJav0ABIAm/VH9USAAIAb9Fgpq/QAEgCggACAH/RYKav0ABIAq/VEgACAG/RYLav0ABIAsIAAgB/0WC2r9AASALv1R/VH9USAAIAb9Fgxq/QAEgDAgACAH/RYMav0ABIAy/VEgACAG/RYNav0ABIA0IAAgB/0WDWr9AASANv1R/VEgACAG/RYOav0ABIA4IAAgB/0WDmr9AASAOv1RIAAgBv0WD2r9AASAPCAAIAf9Fg9q/QAEgD79Uf1R/VH9Uf1RIQQgAkEQaiECIAIgCEkNAAsLIAEgBP0LBAALMgECfyAAIAFqIQIgAkEPakFwcSEDAkADQCACIANPDQEgAkEAOgAAIAJBAWohAgwACwsLPAEBfyAAIAJqIQMCQANAIAAgA08NASAAIAD9AAQAIAH9AAQA/VH9CwQAIABBEGohACABQRBqIQEMAAsLC0QAIAQgBRABIAH9DAAAAAAAAAAAAAAAAAAAAAD9CwQAIAAgASACIAMQACAAIAEgBCAFQQ9qQQR2EAAgACABIAZBARAACzQAIAQgBkEQaiAFEAIgACABIAIgAyAEIAUgBxADIAQgBWogAf0ABAAgBv0ABAD9Uf0LBAALMQAgACABIAIgAyAEIAUgBxADIAEgAf0ABAAgBv0ABAD9Uf0LBAAgBCAGQRBqIAUQAgv1JgEIfwJAA0AgAkUNASADIAH9AAQAIAH9AAQA/Q0DAgEABwYFBAsKCQgPDg0M/QsEACADIAH9AAQQIAH9AAQQ/Q0DAgEABwYFBAsKCQgPDg0M/QsEECADIAH9AAQgIAH9AAQg/Q0DAgEABwYFBAsKCQgPDg0M/QsEICADIAH9AAQwIAH9AAQw/Q0DAgEABwYFBAsKCQgPDg0M/QsEMCADQcAAaiEKIANBwAJqIQsDQCAKIApBDGsoAgAgCkEgaygCAHMgCkE4aygCACAKQcAAaygCAHNzQQF3NgIAIApBBGohCiAKIAtJDQALIAAoAgAhBCAAKAIEIQUgACgCCCEGIAAoAgwhByAAKAIQIQggBEEFdyAHIAUgBiAHc3FzaiAIQZnzidQFaiADKAIAamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgByAFIAYgB3Nxc2ogCEGZ84nUBWogAygCBGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAcgBSAGIAdzcXNqIAhBmfOJ1AVqIAMoAghqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAHIAUgBiAHc3FzaiAIQZnzidQFaiADKAIMamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgByAFIAYgB3Nxc2ogCEGZ84nUBWogAygCEGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAcgBSAGIAdzcXNqIAhBmfOJ1AVqIAMoAhRqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAHIAUgBiAHc3FzaiAIQZnzidQFaiADKAIYamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgByAFIAYgB3Nxc2ogCEGZ84nUBWogAygCHGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAcgBSAGIAdzcXNqIAhBmfOJ1AVqIAMoAiBqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAHIAUgBiAHc3FzaiAIQZnzidQFaiADKAIkamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgByAFIAYgB3Nxc2ogCEGZ84nUBWogAygCKGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAcgBSAGIAdzcXNqIAhBmfOJ1AVqIAMoAixqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAHIAUgBiAHc3FzaiAIQZnzidQFaiADKAIwamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgByAFIAYgB3Nxc2ogCEGZ84nUBWogAygCNGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAcgBSAGIAdzcXNqIAhBmfOJ1AVqIAMoAjhqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAHIAUgBiAHc3FzaiAIQZnzidQFaiADKAI8amohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgByAFIAYgB3Nxc2ogCEGZ84nUBWogAygCQGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAcgBSAGIAdzcXNqIAhBmfOJ1AVqIAMoAkRqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAHIAUgBiAHc3FzaiAIQZnzidQFaiADKAJIamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgByAFIAYgB3Nxc2ogCEGZ84nUBWogAygCTGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhBodfn9gZqIAMoAlBqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQaHX5/YGaiADKAJUamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEGh1+f2BmogAygCWGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhBodfn9gZqIAMoAlxqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQaHX5/YGaiADKAJgamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEGh1+f2BmogAygCZGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhBodfn9gZqIAMoAmhqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQaHX5/YGaiADKAJsamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEGh1+f2BmogAygCcGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhBodfn9gZqIAMoAnRqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQaHX5/YGaiADKAJ4amohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEGh1+f2BmogAygCfGpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhBodfn9gZqIAMoAoABamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEGh1+f2BmogAygChAFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQaHX5/YGaiADKAKIAWpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhBodfn9gZqIAMoAowBamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEGh1+f2BmogAygCkAFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQaHX5/YGaiADKAKUAWpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhBodfn9gZqIAMoApgBamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEGh1+f2BmogAygCnAFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAZxIAcgBSAGcnFyaiAIQdz57vh4aiADKAKgAWpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBnEgByAFIAZycXJqIAhB3Pnu+HhqIAMoAqQBamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGcSAHIAUgBnJxcmogCEHc+e74eGogAygCqAFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAZxIAcgBSAGcnFyaiAIQdz57vh4aiADKAKsAWpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBnEgByAFIAZycXJqIAhB3Pnu+HhqIAMoArABamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGcSAHIAUgBnJxcmogCEHc+e74eGogAygCtAFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAZxIAcgBSAGcnFyaiAIQdz57vh4aiADKAK4AWpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBnEgByAFIAZycXJqIAhB3Pnu+HhqIAMoArwBamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGcSAHIAUgBnJxcmogCEHc+e74eGogAygCwAFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAZxIAcgBSAGcnFyaiAIQdz57vh4aiADKALEAWpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBnEgByAFIAZycXJqIAhB3Pnu+HhqIAMoAsgBamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGcSAHIAUgBnJxcmogCEHc+e74eGogAygCzAFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAZxIAcgBSAGcnFyaiAIQdz57vh4aiADKALQAWpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBnEgByAFIAZycXJqIAhB3Pnu+HhqIAMoAtQBamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGcSAHIAUgBnJxcmogCEHc+e74eGogAygC2AFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAZxIAcgBSAGcnFyaiAIQdz57vh4aiADKALcAWpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBnEgByAFIAZycXJqIAhB3Pnu+HhqIAMoAuABamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGcSAHIAUgBnJxcmogCEHc+e74eGogAygC5AFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAZxIAcgBSAGcnFyaiAIQdz57vh4aiADKALoAWpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBnEgByAFIAZycXJqIAhB3Pnu+HhqIAMoAuwBamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEHWg4vTfGogAygC8AFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQdaDi9N8aiADKAL0AWpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhB1oOL03xqIAMoAvgBamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEHWg4vTfGogAygC/AFqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQdaDi9N8aiADKAKAAmpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhB1oOL03xqIAMoAoQCamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEHWg4vTfGogAygCiAJqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQdaDi9N8aiADKAKMAmpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhB1oOL03xqIAMoApACamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEHWg4vTfGogAygClAJqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQdaDi9N8aiADKAKYAmpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhB1oOL03xqIAMoApwCamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEHWg4vTfGogAygCoAJqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQdaDi9N8aiADKAKkAmpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhB1oOL03xqIAMoAqgCamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEHWg4vTfGogAygCrAJqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQdaDi9N8aiADKAKwAmpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAEQQV3IAUgBiAHc3NqIAhB1oOL03xqIAMoArQCamohCSAHIQggBiEHIAVBHnchBiAEIQUgCSEEIARBBXcgBSAGIAdzc2ogCEHWg4vTfGogAygCuAJqaiEJIAchCCAGIQcgBUEedyEGIAQhBSAJIQQgBEEFdyAFIAYgB3NzaiAIQdaDi9N8aiADKAK8AmpqIQkgByEIIAYhByAFQR53IQYgBCEFIAkhBCAAIAAoAgAgBGo2AgAgACAAKAIEIAVqNgIEIAAgACgCCCAGajYCCCAAIAAoAgwgB2o2AgwgACAAKAIQIAhqNgIQIAFBwABqIQEgAkEBayECDAALCwsZACAAQQh3Qf+B/AdxIABBCHhBgP6DeHFyC/QBAQN/IANBFGohBSADQdQAaiEGIAMgAP0ABAD9CwQAIAMgACgCEDYCECADIAEgAiAGEAZBACEHA0AgBSAHaiADIAdqKAIAEAc2AgAgB0EEaiEHIAdBFEkNAAsgBUGAATYCFCAF/QwAAAAAAAAAAAAAAAAAAAAA/QsEGCAF/QwAAAAAAAAAAAAAAAAAAAAA/QsEKCAFQgA3AzggBUGgBRAHNgI8IAMgAP0ABBT9CwQAIAMgACgCJDYCECADIAVBASAGEAZBACEHA0AgBCAHaiADIAdqKAIAEAc2AgAgB0EEaiEHIAdBFEkNAAsgA0EAQZQD/AsACw==";

// packages/srtp/src/internal/wasm-kernel.ts
var PAGE = 65536;
var X_AT = 0;
var L_AT = 16;
var A_AT = 32;
var A_MAX = 8192;
var KS_AT = A_AT + A_MAX + 16;
var KS_MAX = 16384;
var C_AT = KS_AT + KS_MAX + A_MAX;
var TABLES_AT = 2 * PAGE;
var MAC_ST_AT = TABLES_AT - 512;
var MAC_SCRATCH_AT = MAC_ST_AT + 48;
var MAC_OUT_AT = TABLES_AT - 32;
var C_MAX = MAC_ST_AT - C_AT - 128;
var MAC_SLACK = 2048;
var GHASH_TABLE_BYTES = 8192;
var WasmKernel = class {
  exports;
  /** Byte view of the memory, renewed when the memory grows. */
  u8;
  /** Word view of the memory (platform order: used only to copy words, never to read values). */
  i32;
  /** Table slots released by their keys, reused before the memory grows. */
  freeSlots = [];
  /** The address after the last table slot ever handed out. */
  top = TABLES_AT;
  /** Where the next {@link WasmKernel.put} writes. */
  at = A_AT;
  /** The keystream buffer whose bytes are at KS_AT (buffers are never rewritten, only zeroed). */
  loadedKs = void 0;
  /** The HMAC-SHA1 states (HmacSha1's words 0-9) whose copy is at MAC_ST_AT. */
  loadedMac = void 0;
  /** Views of the text area by length, so copying a packet out allocates nothing once seen. */
  textViews = /* @__PURE__ */ new Map();
  constructor(module) {
    this.exports = new WebAssembly.Instance(module).exports;
    this.u8 = new Uint8Array(this.exports.memory.buffer);
    this.i32 = new Int32Array(this.exports.memory.buffer);
  }
  /** Tables in use (for tests and memory accounting). */
  get tablesInUse() {
    return (this.top - TABLES_AT) / GHASH_TABLE_BYTES - this.freeSlots.length;
  }
  /** The WebAssembly memory's byte view (renewed when it grows): for writing a key's tables. */
  get bytes() {
    return this.u8;
  }
  /**
   * A table slot's address: a released one, or the next one at the end of the memory; -1 when the
   * memory cannot grow (its 4 GiB limit, or the system's), and the key then hashes in JavaScript.
   */
  allocateTable() {
    const reused = this.freeSlots.pop();
    if (reused !== void 0) {
      return reused;
    }
    const t = this.top;
    const memory2 = this.exports.memory;
    if (memory2.buffer.byteLength < t + GHASH_TABLE_BYTES) {
      try {
        memory2.grow(Math.max(1, memory2.buffer.byteLength / PAGE / 4) | 0);
      } catch {
        return -1;
      }
      this.u8 = new Uint8Array(memory2.buffer);
      this.i32 = new Int32Array(memory2.buffer);
      this.textViews.clear();
    }
    this.top = t + GHASH_TABLE_BYTES;
    return t;
  }
  /** Zeroes the table at `t` and makes its slot free. */
  releaseTable(t) {
    this.u8.fill(0, t, t + GHASH_TABLE_BYTES);
    this.freeSlots.push(t);
  }
  /**
   * Whether {@link WasmKernel.seal} and {@link WasmKernel.open} take a packet of this shape: AAD of
   * `aLen` bytes, text from `srcOff` of a `srcLength`-byte packet, keystream buffer of `ksLength`.
   */
  fits(aLen, srcOff, srcLength, ksLength) {
    return aLen <= A_MAX && srcOff <= A_MAX && srcLength - srcOff <= C_MAX && ksLength <= KS_MAX;
  }
  /** Zeroes the copy of `ks` if it is the loaded keystream (its batch is done with it). */
  forgetKeystream(ks) {
    if (this.loadedKs === ks) {
      this.u8.fill(0, KS_AT, KS_AT + ks.length);
      this.loadedKs = void 0;
    }
  }
  /**
   * Encrypts `op.src[srcOff..+n)` with the keystream `op.ks[ksOff..)` (E(K, J0) first) and writes the
   * ciphertext and the tag over AAD `a1[a1Off..+a1Len) || a2` to `op.dst[dstOff..)`. Check
   * {@link WasmKernel.fits} first.
   */
  seal(t, op) {
    const n = op.n;
    const aBlocks = this.prepare(op.ks, op.a1, op.a1Off, op.a1Len, op.a2, op.src, op.srcOff, n);
    this.exports.seal(t, X_AT, A_AT, aBlocks, C_AT, n, KS_AT + op.ksOff, L_AT);
    op.dst.set(this.textView(n + 16), op.dstOff);
  }
  /**
   * Verifies the tag at `op.src[tagOff..+16)` over AAD and ciphertext `src[srcOff..+n)` and only then
   * writes the plaintext to `op.dst[dstOff..)`.
   * @returns false when the tag does not verify (dst untouched)
   */
  open(t, op) {
    const n = op.n;
    const aBlocks = this.prepare(op.ks, op.a1, op.a1Off, op.a1Len, op.a2, op.src, op.srcOff, n);
    this.exports.open(t, X_AT, A_AT, aBlocks, C_AT, n, KS_AT + op.ksOff, L_AT);
    if (!constantTimeEqual(this.u8, X_AT, op.src, op.tagOff, 16)) {
      return false;
    }
    if (n > 0) {
      op.dst.set(this.textView(n), op.dstOff);
    }
    return true;
  }
  /**
   * `dst[dstOff..+n)` = `src[srcOff..+n)` XOR `ks[ksOff..+n)` (AES-CM's keystream; may be the same
   * bytes). Check {@link WasmKernel.fits} (with no AAD) first.
   */
  xor(ks, ksOff, src, srcOff, dst, dstOff, n) {
    const u8 = this.u8;
    if (this.loadedKs !== ks) {
      u8.set(ks, KS_AT);
      this.loadedKs = ks;
    }
    u8.set(src, C_AT - srcOff);
    this.exports.xor(C_AT, KS_AT + ksOff, n);
    dst.set(this.textView(n), dstOff);
  }
  /**
   * Whether {@link WasmKernel.hmacSha1} takes `data[start..end)`: the copy in is of the whole of
   * `data`, so it may reach at most MAC_SLACK bytes before and after the message.
   */
  macFits(data, start, end) {
    return start <= MAC_SLACK && data.length - end <= MAC_SLACK && data.length - start + 72 <= C_MAX;
  }
  /**
   * The first `tagLength` bytes of HMAC-SHA1(key, data[start..end) || trailer) to `out[outOff..)`,
   * `trailer` a big-endian u32 when `withTrailer`; `st` the key's precomputed inner and outer states
   * (words 0-4 and 5-9, see hmac-sha1.ts). Check {@link WasmKernel.macFits} first.
   */
  hmacSha1(st, data, start, end, withTrailer, trailer, out, outOff, tagLength) {
    const u8 = this.u8;
    if (this.loadedMac !== st) {
      const i32 = this.i32;
      for (let i = 0; i < 10; i++) {
        i32[(MAC_ST_AT >>> 2) + i] = st[i];
      }
      this.loadedMac = st;
    }
    u8.set(data, C_AT - start);
    let m = C_AT + end - start;
    if (withTrailer) {
      writeU32(u8, m, trailer);
      m += 4;
    }
    const bits = (64 + m - C_AT) * 8;
    const blocks = m - C_AT + 72 >>> 6;
    const padEnd = C_AT + blocks * 64;
    u8[m++] = 128;
    while (m < padEnd - 4) {
      u8[m++] = 0;
    }
    writeU32(u8, m, bits);
    this.exports.hmacSha1(MAC_ST_AT, C_AT, blocks, MAC_SCRATCH_AT, MAC_OUT_AT);
    for (let i = 0; i < tagLength; i++) {
      out[outOff + i] = u8[MAC_OUT_AT + i];
    }
  }
  /** Zeroes the copy of an HMAC key's states (its HmacSha1 is disposed). */
  forgetMac(st) {
    if (this.loadedMac === st) {
      this.u8.fill(0, MAC_ST_AT, MAC_ST_AT + 40);
      this.loadedMac = void 0;
    }
  }
  /** Lays out keystream, AAD blocks, length block and text; returns the number of AAD blocks. */
  prepare(ks, a1, a1Off, a1Len, a2, src, srcOff, n) {
    if (this.loadedKs !== ks) {
      this.u8.set(ks, KS_AT);
      this.loadedKs = ks;
    }
    this.at = A_AT;
    this.put(a1, a1Off, a1Len);
    const aLen = a2 === void 0 ? a1Len : a1Len + a2.length;
    if (a2 !== void 0) {
      this.put(a2, 0, a2.length);
    }
    const u8 = this.u8;
    let p = this.at;
    while ((p & 15) !== 0) {
      u8[p++] = 0;
    }
    this.lengths(aLen, n);
    u8.set(src, C_AT - srcOff);
    return p - A_AT >>> 4;
  }
  /** Appends `src[off..off+n)` to the AAD blocks, word by word where both sides are aligned. */
  put(src, off, n) {
    let p = this.at;
    let i = 0;
    const sa = src.byteOffset + off;
    if (n >= 32 && ((sa | p) & 3) === 0) {
      const s32 = view32(src.buffer, 1);
      const d32 = this.i32;
      const nw = n >>> 2;
      for (let w = 0, sp = sa >>> 2, dp = p >>> 2; w < nw; w++) {
        d32[dp + w] = s32[sp + w];
      }
      i = nw << 2;
    }
    const u8 = this.u8;
    for (p += i; i < n; i++, p++) {
      u8[p] = src[off + i];
    }
    this.at = p;
  }
  /** Writes len(A) || len(C) in bits, 64-bit big-endian each (the lengths are far below 2^29 bytes). */
  lengths(aLen, cLen) {
    const u8 = this.u8;
    writeU32(u8, L_AT, 0);
    writeU32(u8, L_AT + 4, aLen * 8);
    writeU32(u8, L_AT + 8, 0);
    writeU32(u8, L_AT + 12, cLen * 8);
  }
  /** `len` bytes of the text area, as a view kept per length (at most 64 lengths at a time). */
  textView(len) {
    let v = this.textViews.get(len);
    if (v === void 0) {
      if (this.textViews.size >= 64) {
        this.textViews.clear();
      }
      v = this.u8.subarray(C_AT, C_AT + len);
      this.textViews.set(len, v);
    }
    return v;
  }
};
var instance;
var enabled = true;
function wasmKernel() {
  if (instance === void 0) {
    if (!LITTLE_ENDIAN) {
      instance = null;
      return void 0;
    }
    try {
      instance = new WasmKernel(new WebAssembly.Module(Buffer.from(WASM_KERNEL_BASE64, "base64")));
    } catch {
      instance = null;
    }
  }
  return enabled && instance !== null ? instance : void 0;
}
function releaseGhashTable(t) {
  if (instance) {
    instance.releaseTable(t);
  }
}
function forgetWasmKeystream(ks) {
  if (instance) {
    instance.forgetKeystream(ks);
  }
}
function forgetWasmMac(st) {
  if (instance) {
    instance.forgetMac(st);
  }
}
var ghashTableRegistry = new FinalizationRegistry(releaseGhashTable);

// packages/srtp/src/internal/aes-ctr.ts
var EMPTY322 = new Int32Array(0);
var counters = new Uint8Array(0);
var words = EMPTY322;
var views = [];
var WASM_XOR_FROM = 256;
var AesCtr = class {
  ecb;
  /** @param key - AES key, 16, 24 or 32 bytes */
  constructor(key) {
    this.ecb = createCipheriv2(`aes-${key.length * 8}-ecb`, key, null);
    this.ecb.setAutoPadding(false);
  }
  /** Makes room for `blocks` counter blocks. Call before the fill methods of one run set. */
  reserve(blocks) {
    if (counters.length < blocks * 16) {
      counters = new Uint8Array(Math.max(blocks * 16, 256 * 16));
      words = new Int32Array(counters.buffer);
      views = [];
    }
  }
  /**
   * Writes `blocks` SRTP counter blocks at block position `at`: `iv` + j in the low 16 bits, which the
   * SRTP IV leaves zero (RFC 3711 §4.1.1), so no carry leaves them.
   */
  fillCm(at, blocks, iv) {
    const base = iv[14] << 8 | iv[15];
    if (LITTLE_ENDIAN) {
      const w = words;
      const w0 = iv[0] | iv[1] << 8 | iv[2] << 16 | iv[3] << 24;
      const w1 = iv[4] | iv[5] << 8 | iv[6] << 16 | iv[7] << 24;
      const w2 = iv[8] | iv[9] << 8 | iv[10] << 16 | iv[11] << 24;
      const w3 = iv[12] | iv[13] << 8;
      for (let j = 0, p = at * 4; j < blocks; j++, p += 4) {
        const low = base + j;
        w[p] = w0;
        w[p + 1] = w1;
        w[p + 2] = w2;
        w[p + 3] = w3 | (low & 65280) << 8 | (low & 255) << 24;
      }
      return;
    }
    const v = counters;
    for (let j = 0, p = at * 16; j < blocks; j++, p += 16) {
      for (let k = 0; k < 14; k++) {
        v[p + k] = iv[k];
      }
      const low = base + j;
      v[p + 14] = low >>> 8 & 255;
      v[p + 15] = low & 255;
    }
  }
  /** Writes the GCM counter blocks J0, inc32(J0), ... for a 96-bit IV (SP 800-38D §7.1) at `at`. */
  fillGcm(at, blocks, iv) {
    if (LITTLE_ENDIAN) {
      const w = words;
      const w0 = iv[0] | iv[1] << 8 | iv[2] << 16 | iv[3] << 24;
      const w1 = iv[4] | iv[5] << 8 | iv[6] << 16 | iv[7] << 24;
      const w2 = iv[8] | iv[9] << 8 | iv[10] << 16 | iv[11] << 24;
      for (let j = 1, p = at * 4; j <= blocks; j++, p += 4) {
        w[p] = w0;
        w[p + 1] = w1;
        w[p + 2] = w2;
        w[p + 3] = j >>> 24 | j >>> 8 & 65280 | (j & 65280) << 8 | j << 24;
      }
      return;
    }
    const v = counters;
    for (let j = 0, p = at * 16; j < blocks; j++, p += 16) {
      for (let k = 0; k < 12; k++) {
        v[p + k] = iv[k];
      }
      const c = j + 1;
      v[p + 12] = c >>> 24;
      v[p + 13] = c >>> 16 & 255;
      v[p + 14] = c >>> 8 & 255;
      v[p + 15] = c & 255;
    }
  }
  /** Encrypts the first `blocks` counter blocks: one native call, one returned Buffer. */
  run(blocks) {
    let v = views[blocks];
    if (v === void 0) {
      v = counters.subarray(0, blocks * 16);
      views[blocks] = v;
    }
    return this.ecb.update(v);
  }
  /** XORs `ks[ksOff..+n)` over `src[srcOff..+n)` into `dst[dstOff..)` (may be the same bytes). */
  xorWith(ks, ksOff, src, srcOff, dst, dstOff, n) {
    if (n >= WASM_XOR_FROM) {
      const w = wasmKernel();
      if (w !== void 0 && w.fits(0, srcOff, src.length, ks.length)) {
        w.xor(ks, ksOff, src, srcOff, dst, dstOff, n);
        return;
      }
    }
    let i = 0;
    const sa = src.byteOffset + srcOff;
    const da = dst.byteOffset + dstOff;
    const ka = ks.byteOffset + ksOff;
    if (n >= 32 && ((sa | da | ka) & 3) === 0) {
      const k32 = view32(ks.buffer, 0);
      const s32 = view32(src.buffer, 1);
      const d32 = view32(dst.buffer, 2);
      const nw = n >>> 2;
      for (let w = 0, sp = sa >>> 2, dp = da >>> 2, kp = ka >>> 2; w < nw; w++) {
        d32[dp + w] = s32[sp + w] ^ k32[kp + w];
      }
      i = nw << 2;
    }
    for (; i < n; i++) {
      dst[dstOff + i] = src[srcOff + i] ^ ks[ksOff + i];
    }
  }
  /**
   * XORs `n` bytes of keystream starting at SRTP counter block `iv` over `src[srcOff..)` into
   * `dst[dstOff..)` (may be the same bytes): one packet, no batching.
   */
  xor(iv, src, srcOff, dst, dstOff, n) {
    if (n <= 0) {
      return;
    }
    const blocks = n + 15 >>> 4;
    this.reserve(blocks);
    this.fillCm(0, blocks, iv);
    const ks = this.run(blocks);
    this.xorWith(ks, 0, src, srcOff, dst, dstOff, n);
    forgetWasmKeystream(ks);
    ks.fill(0);
  }
  /** Encrypts whole blocks `src` (a multiple of 16 bytes) in ECB mode: one native call. */
  ecbBlocks(src) {
    return this.ecb.update(src);
  }
  /** Zeroes the shared counter blocks; node:crypto offers no way to wipe the expanded key. */
  dispose() {
    counters.fill(0);
  }
};
function aesCmOnce(key, iv, src, srcOff, dst, dstOff, n) {
  if (n <= 0) {
    return;
  }
  const c = createCipheriv2(`aes-${key.length * 8}-ctr`, key, iv);
  const out = c.update(src.subarray(srcOff, srcOff + n));
  dst.set(out, dstOff);
  out.fill(0);
}

// packages/srtp/src/internal/aes-gcm.ts
import { createCipheriv as createCipheriv3, createDecipheriv } from "node:crypto";
var GCM_TAG_LENGTH = 16;
var scratch = new Uint8Array(64);
var view = scratch.subarray(0, 12);
function joinAad(op) {
  const { a1, a1Off, a1Len, a2 } = op;
  const len = a1Len + (a2 === void 0 ? 0 : a2.length);
  if (len > scratch.length) {
    scratch = new Uint8Array(Math.max(len, 2 * scratch.length));
    view = scratch.subarray(0, len);
  } else if (view.length !== len) {
    view = scratch.subarray(0, len);
  }
  const s = scratch;
  for (let i = 0; i < a1Len; i++) {
    s[i] = a1[a1Off + i];
  }
  if (a2 !== void 0) {
    for (let i = 0; i < a2.length; i++) {
      s[a1Len + i] = a2[i];
    }
  }
  return view;
}
function gcmSeal(algorithm, key, op) {
  const { src, srcOff, n, dst, dstOff } = op;
  const c = createCipheriv3(algorithm, key, op.iv);
  c.setAAD(joinAad(op));
  if (n > 0) {
    const ct = c.update(src.subarray(srcOff, srcOff + n));
    dst.set(ct, dstOff);
  }
  c.final();
  dst.set(c.getAuthTag(), dstOff + n);
}
function gcmOpen(algorithm, key, op) {
  const { src, srcOff, n, tagOff } = op;
  try {
    const d = createDecipheriv(algorithm, key, op.iv);
    d.setAAD(joinAad(op));
    d.setAuthTag(src.subarray(tagOff, tagOff + GCM_TAG_LENGTH));
    const pt = n > 0 ? d.update(src.subarray(srcOff, srcOff + n)) : EMPTY;
    d.final();
    return pt;
  } catch {
    return void 0;
  }
}
var EMPTY = new Uint8Array(0);

// packages/srtp/src/internal/aes-gcm-js.ts
var R8 = (() => {
  const r = new Int32Array(256);
  for (let b = 0; b < 256; b++) {
    let z0 = 0;
    let z3 = b;
    for (let k = 0; k < 8; k++) {
      const carry = z3 & 1;
      z3 >>>= 1;
      z0 = z0 >>> 1 ^ (carry ? 3774873600 : 0);
    }
    r[b] = z0;
  }
  return r;
})();
var X = new Int32Array(4);
var gcmBlocks = (n) => 1 + (n + 15 >>> 4);
var AesGcm = class {
  ctr;
  /** H = E(K, 0^128) as 4 big-endian words (SP 800-38D §6.4). */
  h = new Int32Array(4);
  /** M[b] = b * H, 256 entries of 4 big-endian words: the JavaScript GHASH's table, made on first use. */
  m = void 0;
  /**
   * Address of this key's GHASH tables in the WebAssembly kernel's memory (8 KiB, layout in
   * wasm/kernel.wat), or -1: made on the key's first packet when the kernel is there, kept per key (a
   * SessionKeys, shared by the session's streams) until dispose() or garbage collection releases it.
   */
  table = -1;
  /** The kernel's memory could not grow for this key's tables: it hashes in JavaScript for good. */
  noTable = false;
  /** The shared accumulator, held in a field so the hot loops read it like their own. */
  x = X;
  /** Bytes pending in the current GHASH block (0..15). */
  pending = 0;
  /** @param ctr - the AES (ECB) cipher of the session key, 16 or 32 bytes */
  constructor(ctr) {
    this.ctr = ctr;
    const h = ctr.ecbBlocks(new Uint8Array(16));
    for (let i = 0; i < 4; i++) {
      this.h[i] = h[4 * i] << 24 | h[4 * i + 1] << 16 | h[4 * i + 2] << 8 | h[4 * i + 3];
    }
    h.fill(0);
  }
  /** M[b] = b * H for the 256 byte values b (Shoup's 8-bit table). */
  buildM() {
    const m = new Int32Array(1024);
    let v0 = this.h[0];
    let v1 = this.h[1];
    let v2 = this.h[2];
    let v3 = this.h[3];
    for (let bit = 128; bit >= 1; bit >>>= 1) {
      m[4 * bit] = v0;
      m[4 * bit + 1] = v1;
      m[4 * bit + 2] = v2;
      m[4 * bit + 3] = v3;
      const carry = v3 & 1;
      v3 = v3 >>> 1 | v2 << 31;
      v2 = v2 >>> 1 | v1 << 31;
      v1 = v1 >>> 1 | v0 << 31;
      v0 = v0 >>> 1 ^ (carry ? 3774873600 : 0);
    }
    for (let i = 2; i < 256; i <<= 1) {
      for (let j = 1; j < i; j++) {
        for (let k = 0; k < 4; k++) {
          m[4 * (i + j) + k] = m[4 * i + k] ^ m[4 * j + k];
        }
      }
    }
    return m;
  }
  /**
   * Writes this key's 32 nibble-position tables into the kernel's memory at `t` (layout in
   * wasm/kernel.wat): for byte i, (n << 4 at byte i) * H and (n at byte i) * H for n = 0..15, which are
   * M[n << 4] and M[n] times x^(8i), in GCM's byte order.
   */
  writeTables(w, t) {
    const m = this.m ?? this.buildM();
    const cur = new Int32Array(128);
    for (let n = 0; n < 16; n++) {
      cur.set(m.subarray(4 * (n << 4), 4 * (n << 4) + 4), 4 * n);
      cur.set(m.subarray(4 * n, 4 * n + 4), 64 + 4 * n);
    }
    if (m !== this.m) {
      m.fill(0);
    }
    const u8 = w.bytes;
    for (let pos = 0; pos < 16; pos++) {
      for (let e = 0; e < 128; e += 4) {
        let z0 = cur[e];
        let z1 = cur[e + 1];
        let z2 = cur[e + 2];
        let z3 = cur[e + 3];
        if (pos > 0) {
          const rem = z3 & 255;
          z3 = z3 >>> 8 | z2 << 24;
          z2 = z2 >>> 8 | z1 << 24;
          z1 = z1 >>> 8 | z0 << 24;
          z0 = z0 >>> 8 ^ R8[rem];
          cur[e] = z0;
          cur[e + 1] = z1;
          cur[e + 2] = z2;
          cur[e + 3] = z3;
        }
        const q = t + (2 * pos + (e >>> 6) << 8) + ((e & 63) << 2);
        writeU32(u8, q, z0);
        writeU32(u8, q + 4, z1);
        writeU32(u8, q + 8, z2);
        writeU32(u8, q + 12, z3);
      }
    }
    cur.fill(0);
  }
  /** X = X * H (Horner over the 16 bytes of X, last byte first; SP 800-38D §6.3 with Shoup's tables). */
  mulH() {
    const x = this.x;
    const m = this.m ??= this.buildM();
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    for (let w = 3; w >= 0; w--) {
      let word = x[w];
      for (let k = 0; k < 4; k++) {
        const rem = z3 & 255;
        z3 = z3 >>> 8 | z2 << 24;
        z2 = z2 >>> 8 | z1 << 24;
        z1 = z1 >>> 8 | z0 << 24;
        z0 = z0 >>> 8 ^ R8[rem];
        const p = (word & 255) << 2;
        word >>>= 8;
        z0 ^= m[p];
        z1 ^= m[p + 1];
        z2 ^= m[p + 2];
        z3 ^= m[p + 3];
      }
    }
    x[0] = z0;
    x[1] = z1;
    x[2] = z2;
    x[3] = z3;
  }
  /**
   * Absorbs `b[off..off+n)` into GHASH, continuing a partial block.
   */
  absorb(b, off, n) {
    const x = this.x;
    let i = 0;
    while (i < n) {
      if (this.pending === 0 && n - i >= 16) {
        const p = off + i;
        x[0] ^= b[p] << 24 | b[p + 1] << 16 | b[p + 2] << 8 | b[p + 3];
        x[1] ^= b[p + 4] << 24 | b[p + 5] << 16 | b[p + 6] << 8 | b[p + 7];
        x[2] ^= b[p + 8] << 24 | b[p + 9] << 16 | b[p + 10] << 8 | b[p + 11];
        x[3] ^= b[p + 12] << 24 | b[p + 13] << 16 | b[p + 14] << 8 | b[p + 15];
        this.mulH();
        i += 16;
        continue;
      }
      const f = this.pending;
      x[f >>> 2] ^= b[off + i] << 24 - 8 * (f & 3);
      i++;
      if (f === 15) {
        this.pending = 0;
        this.mulH();
      } else {
        this.pending = f + 1;
      }
    }
  }
  /** Zero-pads the pending block (SP 800-38D §6.4). */
  pad() {
    if (this.pending !== 0) {
      this.pending = 0;
      this.mulH();
    }
  }
  /**
   * The WebAssembly kernel, with this key's tables made, when the packet of `op` goes through it.
   */
  viaWasm(op) {
    if (this.noTable) {
      return void 0;
    }
    const w = wasmKernel();
    if (w === void 0 || !w.fits(op.aadLength(), op.srcOff, op.src.length, op.ks.length)) {
      return void 0;
    }
    if (this.table < 0) {
      const t = w.allocateTable();
      if (t < 0) {
        this.noTable = true;
        return void 0;
      }
      this.table = t;
      this.writeTables(w, t);
      ghashTableRegistry.register(this, t, this);
    }
    return w;
  }
  /** Zeroes a per-packet keystream from {@link AesGcm.keystream} (and its copy in WebAssembly). */
  wipe(ks) {
    forgetWasmKeystream(ks);
    ks.fill(0);
  }
  /** Keystream for one packet: E(J0), then the counter blocks for `n` bytes, in one ECB call. */
  keystream(iv, n) {
    const blocks = gcmBlocks(n);
    this.ctr.reserve(blocks);
    this.ctr.fillGcm(0, blocks, iv);
    return this.ctr.run(blocks);
  }
  /** GHASH(A = a1 || a2 of `op`, C = `c[cOff..+op.n)`) XOR E(J0), into `out[outOff..+16)`. */
  tag(op, c, cOff, out, outOff) {
    const { ks, ksOff, a2, n } = op;
    const x = this.x;
    x.fill(0);
    this.pending = 0;
    this.absorb(op.a1, op.a1Off, op.a1Len);
    if (a2 !== void 0) {
      this.absorb(a2, 0, a2.length);
    }
    this.pad();
    this.absorb(c, cOff, n);
    this.pad();
    x[1] ^= op.aadLength() * 8;
    x[3] ^= n * 8;
    this.mulH();
    for (let i = 0; i < 16; i++) {
      out[outOff + i] = x[i >>> 2] >>> 24 - 8 * (i & 3) & 255 ^ ks[ksOff + i];
    }
  }
  /**
   * Encrypts `op.src[srcOff..+n)` into `op.dst[dstOff..)` with the keystream `op.ks[ksOff..)` (from
   * {@link AesGcm.keystream} or a batch) and writes the tag after it. `a1` may be `dst` (the header
   * already copied there).
   */
  seal(op) {
    const w = this.viaWasm(op);
    if (w !== void 0) {
      w.seal(this.table, op);
      return;
    }
    this.ctr.xorWith(op.ks, op.ksOff + 16, op.src, op.srcOff, op.dst, op.dstOff, op.n);
    this.tag(op, op.dst, op.dstOff, op.dst, op.dstOff + op.n);
  }
  /**
   * Verifies the tag at `op.src[tagOff..+16)` over AAD and ciphertext `src[srcOff..+n)` and only then
   * decrypts into `op.dst[dstOff..)` (may be the same bytes). `scratch` receives the computed tag.
   * @returns false when the tag does not verify (dst untouched)
   */
  open(op, scratch3) {
    const w = this.viaWasm(op);
    if (w !== void 0) {
      return w.open(this.table, op);
    }
    this.tag(op, op.src, op.srcOff, scratch3, 0);
    if (!constantTimeEqual(scratch3, 0, op.src, op.tagOff, 16)) {
      return false;
    }
    this.ctr.xorWith(op.ks, op.ksOff + 16, op.src, op.srcOff, op.dst, op.dstOff, op.n);
    return true;
  }
  /** Zeroizes the GHASH key table and scratch state. */
  dispose() {
    this.m?.fill(0);
    this.m = void 0;
    this.h.fill(0);
    if (this.table >= 0) {
      ghashTableRegistry.unregister(this);
      releaseGhashTable(this.table);
      this.table = -1;
    }
    X.fill(0);
  }
};

// packages/srtp/src/internal/hmac-sha1.ts
import * as nodeCrypto from "node:crypto";
var oneShot = nodeCrypto.hash;
var NATIVE_HMAC_THRESHOLD = 448;
var IV = [1732584193, 4023233417, 2562383102, 271733878, 3285377520];
function compress(h, w, src, off) {
  for (let i = 0, j = off; i < 16; i++, j += 4) {
    w[i] = src[j] << 24 | src[j + 1] << 16 | src[j + 2] << 8 | src[j + 3];
  }
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
    w[i] = x << 1 | x >>> 31;
  }
  let a = h[0];
  let b = h[1];
  let c = h[2];
  let d = h[3];
  let e = h[4];
  let t = 0;
  for (let i = 0; i < 20; i++) {
    t = (a << 5 | a >>> 27) + (d ^ b & (c ^ d)) + e + 1518500249 + w[i] | 0;
    e = d;
    d = c;
    c = b << 30 | b >>> 2;
    b = a;
    a = t;
  }
  for (let i = 20; i < 40; i++) {
    t = (a << 5 | a >>> 27) + (b ^ c ^ d) + e + 1859775393 + w[i] | 0;
    e = d;
    d = c;
    c = b << 30 | b >>> 2;
    b = a;
    a = t;
  }
  for (let i = 40; i < 60; i++) {
    t = (a << 5 | a >>> 27) + (b & c | d & (b | c)) + e + 2400959708 + w[i] | 0;
    e = d;
    d = c;
    c = b << 30 | b >>> 2;
    b = a;
    a = t;
  }
  for (let i = 60; i < 80; i++) {
    t = (a << 5 | a >>> 27) + (b ^ c ^ d) + e + 3395469782 + w[i] | 0;
    e = d;
    d = c;
    c = b << 30 | b >>> 2;
    b = a;
    a = t;
  }
  h[0] = h[0] + a | 0;
  h[1] = h[1] + b | 0;
  h[2] = h[2] + c | 0;
  h[3] = h[3] + d | 0;
  h[4] = h[4] + e | 0;
}
var H = new Int32Array(5);
var W = new Int32Array(80);
var TAIL = new Uint8Array(128);
var scratch2 = new Uint8Array(0);
var padsOf;
function wipeScratch() {
  H.fill(0);
  W.fill(0);
  TAIL.fill(0);
  scratch2.fill(0);
  padsOf = void 0;
}
var HmacSha1 = class {
  /** Words 0-4: inner state H(K^ipad); 5-9: outer state H(K^opad); 10-25: the key, zero-padded to 64 bytes. */
  st = new Int32Array(26);
  /** @param key - at most 64 bytes (SRTP session auth keys are 20). */
  constructor(key) {
    if (key.length > 64) {
      throw new RangeError(`"key" expected at most 64 bytes, got ${key.length}`);
    }
    const st = this.st;
    for (let i = 0; i < 64; i++) {
      st[10 + (i >>> 2)] |= (key[i] ?? 0) << 24 - 8 * (i & 3);
    }
    for (const [at, byte] of [
      [0, 54],
      [5, 92]
    ]) {
      this.padded(TAIL, 0, byte);
      for (let i = 0; i < 5; i++) {
        H[i] = IV[i];
      }
      compress(H, W, TAIL, 0);
      for (let i = 0; i < 5; i++) {
        st[at + i] = H[i];
      }
    }
    wipeScratch();
  }
  /** Writes the 64 bytes K XOR `byte` (ipad 0x36, opad 0x5c) to `b[off..)`. */
  padded(b, off, byte) {
    const st = this.st;
    for (let i = 0; i < 64; i++) {
      b[off + i] = st[10 + (i >>> 2)] >>> 24 - 8 * (i & 3) & 255 ^ byte;
    }
  }
  /**
   * Writes the first `tagLength` bytes of HMAC(key, data[start..end) ‖ trailer) to `out[outOff..)`,
   * where `trailer` is a big-endian u32 (the SRTP ROC, RFC 3711 §4.2) when `withTrailer` is set.
   */
  mac(data, start, end, withTrailer, trailer, out, outOff, tagLength) {
    const tail = TAIL;
    if (end - start >= NATIVE_HMAC_THRESHOLD && oneShot !== void 0) {
      const n = end - start;
      if (scratch2.length < 68 + n) {
        scratch2.fill(0);
        scratch2 = new Uint8Array(Math.max(68 + n, 1600));
        padsOf = void 0;
      }
      const sc = scratch2;
      if (padsOf !== this.st) {
        this.padded(sc, 0, 54);
        padsOf = this.st;
      }
      sc.set(data.subarray(start, end), 64);
      let m = 64 + n;
      if (withTrailer) {
        sc[m++] = trailer >>> 24;
        sc[m++] = trailer >>> 16 & 255;
        sc[m++] = trailer >>> 8 & 255;
        sc[m++] = trailer & 255;
      }
      const inner = oneShot("sha1", sc.subarray(0, m), "buffer");
      for (let i = 0; i < 20; i++) {
        tail[i] = inner[i];
      }
      inner.fill(0);
      this.outer(out, outOff, tagLength);
      return;
    }
    if (end - start >= NATIVE_HMAC_THRESHOLD) {
      const key = new Uint8Array(64);
      this.padded(key, 0, 0);
      const m = nodeCrypto.createHmac("sha1", key).update(data.subarray(start, end));
      key.fill(0);
      if (withTrailer) {
        tail[0] = trailer >>> 24;
        tail[1] = trailer >>> 16 & 255;
        tail[2] = trailer >>> 8 & 255;
        tail[3] = trailer & 255;
        m.update(tail.subarray(0, 4));
      }
      const d = m.digest();
      for (let i = 0; i < tagLength; i++) {
        out[outOff + i] = d[i];
      }
      d.fill(0);
      return;
    }
    const k = wasmKernel();
    if (k !== void 0 && k.macFits(data, start, end)) {
      k.hmacSha1(this.st, data, start, end, withTrailer, trailer, out, outOff, tagLength);
      return;
    }
    const h = H;
    const w = W;
    const st = this.st;
    h[0] = st[0];
    h[1] = st[1];
    h[2] = st[2];
    h[3] = st[3];
    h[4] = st[4];
    let pos = start;
    while (end - pos >= 64) {
      compress(h, w, data, pos);
      pos += 64;
    }
    let t = 0;
    while (pos < end) {
      tail[t++] = data[pos++];
    }
    if (withTrailer) {
      tail[t++] = trailer >>> 24;
      tail[t++] = trailer >>> 16 & 255;
      tail[t++] = trailer >>> 8 & 255;
      tail[t++] = trailer & 255;
    }
    const bits = (64 + end - start + (withTrailer ? 4 : 0)) * 8;
    tail[t++] = 128;
    const blockEnd = t + 8 <= 64 ? 64 : 128;
    while (t < blockEnd - 4) {
      tail[t++] = 0;
    }
    tail[t++] = bits >>> 24;
    tail[t++] = bits >>> 16 & 255;
    tail[t++] = bits >>> 8 & 255;
    tail[t] = bits & 255;
    compress(h, w, tail, 0);
    if (blockEnd === 128) {
      compress(h, w, tail, 64);
    }
    for (let i = 0; i < 5; i++) {
      const v = h[i];
      tail[4 * i] = v >>> 24;
      tail[4 * i + 1] = v >>> 16 & 255;
      tail[4 * i + 2] = v >>> 8 & 255;
      tail[4 * i + 3] = v & 255;
    }
    this.outer(out, outOff, tagLength);
  }
  /**
   * The outer hash of HMAC from the inner digest at TAIL[0..20): one block (digest, 0x80, zeros, the
   * bit length of 64 + 20 bytes) compressed from the precomputed outer state; one compression in
   * JavaScript costs less than a native call.
   */
  outer(out, outOff, tagLength) {
    const tail = TAIL;
    const h = H;
    const st = this.st;
    tail[20] = 128;
    tail.fill(0, 21, 62);
    tail[62] = 84 * 8 >>> 8;
    tail[63] = 84 * 8 & 255;
    h[0] = st[5];
    h[1] = st[6];
    h[2] = st[7];
    h[3] = st[8];
    h[4] = st[9];
    compress(h, W, tail, 0);
    for (let i = 0; i < tagLength; i++) {
      out[outOff + i] = h[i >>> 2] >>> 24 - 8 * (i & 3) & 255;
    }
  }
  /** Zeroizes the keyed states and key, and the shared scratch. */
  dispose() {
    forgetWasmMac(this.st);
    this.st.fill(0);
    wipeScratch();
  }
};

// packages/srtp/src/internal/master-key.ts
var SessionKeys = class {
  encKey;
  salt;
  /** The long-lived AES-ECB keystream generator: SRTP with AES-CM or AES-GCM only. */
  ctr;
  mac;
  gcm;
  /** The key derivation `r` these keys are for (RFC 3711 §4.3.1). */
  r;
  /** JavaScript GHASH over `ctr` for packet-sized GCM inputs, made on first use. */
  gcmJs = void 0;
  /**
   * @param nativeGcm - AES-GCM through a node:crypto cipher per packet: no ECB context, no GHASH table
   */
  constructor(suite, masterKey, masterSalt, rtcp, r, nativeGcm = false) {
    const base = rtcp ? SrtpKdfLabel.SRTCP_ENCRYPTION : SrtpKdfLabel.SRTP_ENCRYPTION;
    this.r = r;
    this.gcm = suite.keyLength === 16 ? "aes-128-gcm" : "aes-256-gcm";
    const kl = suite.cipher === "NULL" ? 0 : suite.keyLength;
    const both = new Uint8Array(kl + suite.saltLength);
    const salt = deriveSrtpKey(masterKey, masterSalt, base + 2, r, suite.saltLength);
    both.set(salt, kl);
    salt.fill(0);
    this.encKey = both.subarray(0, kl);
    this.salt = both.subarray(kl);
    if (kl === 0) {
      this.ctr = void 0;
    } else {
      const key = deriveSrtpKey(masterKey, masterSalt, base, r, kl);
      this.encKey.set(key);
      key.fill(0);
      this.ctr = rtcp || nativeGcm && suite.cipher === "AES_GCM" ? void 0 : new AesCtr(this.encKey);
    }
    if (suite.authKeyLength > 0) {
      const authKey = deriveSrtpKey(masterKey, masterSalt, base + 1, r, suite.authKeyLength);
      this.mac = new HmacSha1(authKey);
      authKey.fill(0);
    } else {
      this.mac = void 0;
    }
  }
  /**
   * Whether an AES-GCM packet with `len` bytes of AAD + text goes through this package's own GCM:
   * SRTP keys that have the ECB keystream cipher (not SRTCP, not `nativeAesGcm`), at the sizes of
   * {@link gcmOwnPath}. The transforms batch keystream only for those packets.
   */
  ownGcm(len) {
    return this.ctr !== void 0 && gcmOwnPath(len);
  }
  /**
   * AES-GCM encryption (RFC 7714 §7) of `op` (IV, AAD, text, destination; see packet-operands.ts):
   * this package's own GCM (table GHASH in WebAssembly or JavaScript) when {@link SessionKeys.ownGcm},
   * with `op.ks` or a keystream made for the packet, else a node:crypto AES-GCM cipher.
   */
  gcmSeal(op) {
    if (this.ownGcm(op.a1Len + op.n)) {
      const g = this.gcmJs ??= new AesGcm(this.ctr);
      if (op.ks === void 0) {
        const once = g.keystream(op.iv, op.n);
        op.ks = once;
        op.ksOff = 0;
        g.seal(op);
        op.ks = void 0;
        g.wipe(once);
      } else {
        g.seal(op);
      }
    } else {
      gcmSeal(this.gcm, this.encKey, op);
    }
  }
  /**
   * AES-GCM authenticated decryption of `op`; writes the plaintext only when the tag verifies.
   * `scratch` receives the computed tag.
   */
  gcmOpen(op, scratch3) {
    if (this.ownGcm(op.a1Len + op.n)) {
      const g = this.gcmJs ??= new AesGcm(this.ctr);
      if (op.ks === void 0) {
        const once = g.keystream(op.iv, op.n);
        op.ks = once;
        op.ksOff = 0;
        const ok = g.open(op, scratch3);
        op.ks = void 0;
        g.wipe(once);
        return ok;
      }
      return g.open(op, scratch3);
    }
    const pt = gcmOpen(this.gcm, this.encKey, op);
    if (pt === void 0) {
      return false;
    }
    if (op.n > 0) {
      op.dst.set(pt, op.dstOff);
    }
    return true;
  }
  dispose() {
    this.gcmJs?.dispose();
    this.gcmJs = void 0;
    this.encKey.fill(0);
    this.salt.fill(0);
    this.ctr?.dispose();
    this.mac?.dispose();
  }
};
function gcmOwnPath(len) {
  return len < 320 || len < 4096 && wasmKernel() !== void 0;
}
var SRTP_MAX_PACKETS = 2 ** 48;
var SRTCP_MAX_PACKETS = 2 ** 31;
var CACHE = 4;
var MasterKey = class {
  masterKey;
  masterSalt;
  /** MKI bytes as sent on the wire, or undefined when the session uses no MKI. */
  mki;
  mkiValue;
  lifetime;
  srtpLimit;
  srtcpLimit;
  srtpUsed = 0;
  srtcpUsed = 0;
  srtpWarned = false;
  srtcpWarned = false;
  /** Session keys of the last few `r`, oldest first, made on first use (most sessions only have r = 0). */
  rtp = [];
  rtcp = [];
  lastRtpR = -1;
  /** Keys derived for a packet that did not (yet) authenticate, outside the cache (see unverifiedKeys). */
  rtpProbe = void 0;
  rtcpProbe = void 0;
  /** The budget each probe's derivation was paid from (refunded when its packet authenticates). */
  rtpProbePaid = void 0;
  rtcpProbePaid = void 0;
  lastRtp;
  suite;
  /** AES-GCM through node:crypto for every packet (the session's `nativeAesGcm`). */
  nativeGcm;
  /** The session's derivation budget (KDR ≠ 0), paid by a derivation that would replace a probe. */
  derivations;
  constructor(suite, masterKey, masterSalt, lifetime, mki, nativeGcm = false, derivations = void 0) {
    this.suite = suite;
    this.nativeGcm = nativeGcm;
    this.derivations = derivations;
    const both = new Uint8Array(masterKey.length + masterSalt.length);
    both.set(masterKey);
    both.set(masterSalt, masterKey.length);
    this.masterKey = both.subarray(0, masterKey.length);
    this.masterSalt = both.subarray(masterKey.length);
    this.lifetime = lifetime;
    this.srtpLimit = Math.min(lifetime ?? SRTP_MAX_PACKETS, SRTP_MAX_PACKETS);
    this.srtcpLimit = Math.min(lifetime ?? SRTCP_MAX_PACKETS, SRTCP_MAX_PACKETS);
    if (mki === void 0) {
      this.mki = void 0;
      this.mkiValue = void 0;
    } else {
      this.mkiValue = mki.value;
      const bytes = new Uint8Array(mki.byteLength);
      let v = mki.value;
      for (let i = mki.byteLength - 1; i >= 0; i--) {
        bytes[i] = Number(v & 0xffn);
        v >>= 8n;
      }
      this.mki = bytes;
    }
  }
  /** True when `b[off..off+mki.length)` is this key's MKI. */
  matchesMki(b, off) {
    const m = this.mki;
    if (m === void 0) {
      return false;
    }
    for (let i = 0; i < m.length; i++) {
      if (b[off + i] !== m[i]) {
        return false;
      }
    }
    return true;
  }
  /** SRTP session keys at `r` (RFC 3711 §4.3.1), derived on first use. */
  srtpKeys(r) {
    if (r === this.lastRtpR && this.lastRtp !== void 0) {
      return this.lastRtp;
    }
    const k = this.lookup(this.rtp, false, r);
    this.lastRtpR = r;
    this.lastRtp = k;
    return k;
  }
  /** SRTCP session keys at `r` (RFC 3711 §4.3.2). */
  srtcpKeys(r) {
    return this.lookup(this.rtcp, true, r);
  }
  /**
   * Session keys for a packet that has not authenticated yet (unprotect). A cached epoch is returned as
   * is; another one is derived into a one-slot probe that never evicts the cache, so forged packets
   * cannot push out the keys real packets use (#15.6). With a `budget`, a derivation takes one of its
   * tokens and none happens (undefined) when it is spent. Without one (an epoch real packets are about
   * to use) the derivation is free only into an empty probe: replacing the probe's keys of another epoch
   * pays the session's derivation budget, so forgeries alternating between epochs (of two streams, or
   * an old one and the next) cannot make every packet cost a derivation. The probe empties only when a
   * packet it opened authenticates, so a flood gets one free derivation, then the budget.
   * {@link MasterKey.commitKeys} keeps the probe once its packet authenticated.
   */
  unverifiedKeys(rtcp, r, budget) {
    if (!rtcp && r === this.lastRtpR && this.lastRtp !== void 0) {
      return this.lastRtp;
    }
    for (const k2 of rtcp ? this.rtcp : this.rtp) {
      if (k2.r === r) {
        return k2;
      }
    }
    const probe = rtcp ? this.rtcpProbe : this.rtpProbe;
    if (probe !== void 0 && probe.r === r) {
      return probe;
    }
    const pay = budget ?? (probe === void 0 ? void 0 : this.derivations);
    if (pay !== void 0 && !pay.take()) {
      return void 0;
    }
    probe?.dispose();
    const k = new SessionKeys(this.suite, this.masterKey, this.masterSalt, rtcp, r, this.nativeGcm);
    if (rtcp) {
      this.rtcpProbe = k;
      this.rtcpProbePaid = pay;
    } else {
      this.rtpProbe = k;
      this.rtpProbePaid = pay;
    }
    return k;
  }
  /**
   * The packet that `k` (from {@link MasterKey.unverifiedKeys}) opened authenticated: cache `k`, and
   * give back the token its derivation paid, if any (it was no forgery).
   */
  commitKeys(k, rtcp) {
    if (rtcp ? k !== this.rtcpProbe : k !== this.rtpProbe) {
      return;
    }
    const paid = rtcp ? this.rtcpProbePaid : this.rtpProbePaid;
    if (rtcp) {
      this.rtcpProbe = void 0;
      this.rtcpProbePaid = void 0;
    } else {
      this.rtpProbe = void 0;
      this.rtpProbePaid = void 0;
    }
    paid?.succeeded();
    this.insert(rtcp ? this.rtcp : this.rtp, k);
  }
  lookup(cache, rtcp, r) {
    for (const k2 of cache) {
      if (k2.r === r) {
        return k2;
      }
    }
    const probe = rtcp ? this.rtcpProbe : this.rtpProbe;
    if (probe !== void 0 && probe.r === r) {
      this.commitKeys(probe, rtcp);
      return probe;
    }
    const k = new SessionKeys(this.suite, this.masterKey, this.masterSalt, rtcp, r, this.nativeGcm);
    this.insert(cache, k);
    return k;
  }
  insert(cache, k) {
    if (cache.length >= CACHE) {
      const old = cache.shift();
      if (old === this.lastRtp) {
        this.lastRtpR = -1;
        this.lastRtp = void 0;
      }
      old.dispose();
    }
    cache.push(k);
  }
  /** Zeroizes the master key, salt and every derived key. */
  dispose() {
    for (const cache of [this.rtp, this.rtcp]) {
      for (const k of cache) {
        k.dispose();
      }
      cache.length = 0;
    }
    this.rtpProbe?.dispose();
    this.rtcpProbe?.dispose();
    this.rtpProbe = void 0;
    this.rtcpProbe = void 0;
    this.rtpProbePaid = void 0;
    this.rtcpProbePaid = void 0;
    this.lastRtp = void 0;
    this.lastRtpR = -1;
    this.masterKey.fill(0);
    this.masterSalt.fill(0);
  }
};

// packages/srtp/src/internal/packet-operands.ts
var EMPTY2 = new Uint8Array(0);
var PacketOperands = class {
  /** Keystream from `ksOff` (AES-GCM: E(K, J0), then the counter blocks); undefined: none made yet. */
  ks = void 0;
  ksOff = 0;
  /** The 12-byte AES-GCM IV, written by {@link gcmIv}. */
  iv = new Uint8Array(12);
  /** AAD: `a1[a1Off..+a1Len)`, then `a2` when given (RFC 7714 §9.1: the SRTCP E-flag/index word). */
  a1 = EMPTY2;
  a1Off = 0;
  a1Len = 0;
  a2 = void 0;
  /** The text: `src[srcOff..+n)`. */
  src = EMPTY2;
  srcOff = 0;
  n = 0;
  /** open: where the 16-byte tag is in `src`. */
  tagOff = 0;
  /** Where the result goes: `dst[dstOff..)` (seal: the ciphertext, then the tag). */
  dst = EMPTY2;
  dstOff = 0;
  /** Bytes of AAD. */
  aadLength() {
    return this.a1Len + (this.a2 === void 0 ? 0 : this.a2.length);
  }
  /** Sets the AAD, the text and the destination of a seal or open in one call. */
  gcm(a1, a1Off, a1Len, a2, src, srcOff, n, dst, dstOff) {
    this.a1 = a1;
    this.a1Off = a1Off;
    this.a1Len = a1Len;
    this.a2 = a2;
    this.src = src;
    this.srcOff = srcOff;
    this.n = n;
    this.dst = dst;
    this.dstOff = dstOff;
    return this;
  }
  /** Drops the references to packet buffers and zeroes the IV (dispose). */
  clear() {
    this.ks = void 0;
    this.a1 = this.src = this.dst = EMPTY2;
    this.a2 = void 0;
    this.iv.fill(0);
  }
};
var OPERANDS = new PacketOperands();
function gcmIv(iv, salt, ssrc, index) {
  const hi = Math.floor(index / 2 ** 32);
  const lo = index >>> 0;
  iv[0] = salt[0];
  iv[1] = salt[1];
  iv[2] = salt[2] ^ ssrc >>> 24;
  iv[3] = salt[3] ^ ssrc >>> 16 & 255;
  iv[4] = salt[4] ^ ssrc >>> 8 & 255;
  iv[5] = salt[5] ^ ssrc & 255;
  iv[6] = salt[6] ^ hi >>> 8 & 255;
  iv[7] = salt[7] ^ hi & 255;
  iv[8] = salt[8] ^ lo >>> 24;
  iv[9] = salt[9] ^ lo >>> 16 & 255;
  iv[10] = salt[10] ^ lo >>> 8 & 255;
  iv[11] = salt[11] ^ lo & 255;
}

// packages/srtp/src/internal/ssrc-map.ts
var SsrcMap = class {
  /** SSRC of the first entry (a u32), or -1. */
  firstSsrc = -1;
  first = void 0;
  more = void 0;
  /** Entries held. */
  get size() {
    return (this.firstSsrc < 0 ? 0 : 1) + (this.more === void 0 ? 0 : this.more.size);
  }
  get(ssrc) {
    if (ssrc === this.firstSsrc) {
      return this.first;
    }
    return this.more === void 0 ? void 0 : this.more.get(ssrc);
  }
  set(ssrc, value) {
    if (this.firstSsrc < 0 || ssrc === this.firstSsrc) {
      this.firstSsrc = ssrc;
      this.first = value;
      return;
    }
    (this.more ??= /* @__PURE__ */ new Map()).set(ssrc, value);
  }
  /** A new array of the values, first entry first. */
  values() {
    const out = this.firstSsrc < 0 ? [] : [this.first];
    if (this.more !== void 0) {
      out.push(...this.more.values());
    }
    return out;
  }
  clear() {
    this.firstSsrc = -1;
    this.first = void 0;
    this.more = void 0;
  }
};

// packages/srtp/src/internal/session-core.ts
var SCRATCH_IV = new Uint8Array(16);
var SCRATCH_TAG = new Uint8Array(20);
var SCRATCH_EWORD = new Uint8Array(4);
var SessionCore = class {
  suite;
  aead;
  srtpEncrypt;
  srtpAuth;
  srtcpEncrypt;
  /** SRTP tag bytes on the wire (0 with UNAUTHENTICATED_SRTP). */
  srtpTagLength;
  /** SRTCP tag bytes protect writes (the suite's, or 4 when asked; 'auto' writes the suite's). */
  srtcpTagLength;
  /** `srtcpTagLength: 'auto'` with a `_32` suite: unprotectRtcp picks 4 or 10 (see rxSrtcpTagLength). */
  srtcpTagAuto;
  /** The SRTCP tag length unprotectRtcp authenticates against; undefined while 'auto' has not learnt it. */
  srtcpTagLearnt;
  mkiLength;
  /** Master keys by a hash of their MKI bytes (see keyForMki). */
  keysByMkiHash = /* @__PURE__ */ new Map();
  keys;
  sendKey;
  kdr;
  replayProtection;
  windowSize;
  maxSsrcs;
  /** Budget of key derivations for unauthenticated packets of new streams or far-ahead epochs (KDR ≠ 0). */
  derivations = new RetryBudget(64, 256);
  /** Budget of the new-stream ROC+1 retry: 64 at once, 64 a second (see retry-budget.ts). */
  newStreamRetries = new RetryBudget(64, 64);
  /** ROC assumed for an SSRC not seen yet (options.initialRolloverCounter). */
  initialRoc;
  warnThreshold;
  onWarning;
  txRtp = new SsrcMap();
  rxRtp = new SsrcMap();
  txRtcp = new SsrcMap();
  rxRtcp = new SsrcMap();
  /** Scratch: counter block / GCM IV. Shared by all sessions (see above). */
  iv = SCRATCH_IV;
  /** Scratch: computed tag. */
  tag = SCRATCH_TAG;
  /** Scratch: the SRTCP E||index word for the GCM AAD. */
  eword = SCRATCH_EWORD;
  /** The operands of the packet being processed: keystream slice, GCM IV, AAD, text. Shared (see above). */
  op = OPERANDS;
  disposed = false;
  /** Batch for a stream that does not exist yet, made on first use; handed to it when it is created. */
  pendingBatch = void 0;
  constructor(o) {
    if (typeof o !== "object" || o === null) {
      throw new TypeError(`"options" expected an object, got ${o === null ? "null" : typeof o}`);
    }
    const suite = resolveSrtpSuite(o.suite);
    this.suite = suite;
    this.aead = suite.cipher === "AES_GCM";
    if (this.aead && o.unauthenticatedSrtp === true) {
      throw new RangeError(`"unauthenticatedSrtp" cannot be used with the AEAD suite ${suite.name} (RFC 7714 \xA714.2)`);
    }
    this.srtpEncrypt = suite.cipher !== "NULL" && o.unencryptedSrtp !== true;
    this.srtpAuth = o.unauthenticatedSrtp !== true;
    this.srtcpEncrypt = suite.cipher !== "NULL" && o.unencryptedSrtcp !== true;
    this.srtpTagLength = this.srtpAuth ? suite.srtpTagLength : 0;
    this.srtcpTagLength = suite.srtcpTagLength;
    this.srtcpTagAuto = o.srtcpTagLength === "auto" && !this.aead && suite.srtpTagLength === 4;
    if (o.srtcpTagLength !== void 0 && o.srtcpTagLength !== "auto" && o.srtcpTagLength !== suite.srtcpTagLength) {
      if (o.srtcpTagLength !== 4 || suite.srtpTagLength !== 4) {
        throw new RangeError(
          `"srtcpTagLength" expected ${suite.srtcpTagLength}${suite.srtpTagLength === 4 ? " or 4" : ""} for ${suite.name}, got ${String(o.srtcpTagLength)}`
        );
      }
      this.srtcpTagLength = 4;
    }
    this.srtcpTagLearnt = this.srtcpTagAuto ? void 0 : this.srtcpTagLength;
    const kdr = o.keyDerivationRate ?? 0;
    if (!Number.isInteger(kdr) || kdr < 0 || kdr > 2 ** 24 || kdr !== 0 && (kdr & kdr - 1) !== 0) {
      throw new RangeError(`"keyDerivationRate" expected 0 or a power of 2 up to 2^24 (RFC 3711 \xA74.3.1), got ${kdr}`);
    }
    this.kdr = kdr;
    const kdrBudget = kdr === 0 ? void 0 : this.derivations;
    const list = o.keys !== void 0 && o.keys.length > 0 ? o.keys : [o];
    if (list.length > MAX_MASTER_KEYS) {
      throw new RangeError(`"keys" expected at most ${MAX_MASTER_KEYS} master keys, got ${list.length}`);
    }
    const mkiLength = list[0].mki?.byteLength ?? 0;
    this.keys = list.map((k, i) => {
      const name = list.length > 1 ? `keys[${i}].` : "";
      expectLength(`${name}masterKey`, k.masterKey, suite.keyLength);
      expectLength(`${name}masterSalt`, k.masterSalt, suite.saltLength);
      const mki = k.mki;
      if (list.length > 1 && mki === void 0) {
        throw new RangeError(`"${name}mki" expected when a session has several master keys (RFC 3711 \xA73.1)`);
      }
      if (mki !== void 0) {
        if (!Number.isInteger(mki.byteLength) || mki.byteLength < 1 || mki.byteLength > 128) {
          throw new RangeError(`"${name}mki.byteLength" expected 1..128, got ${mki.byteLength}`);
        }
        if (mki.byteLength !== mkiLength) {
          throw new RangeError(`"${name}mki.byteLength" expected ${mkiLength} like the first key, got ${mki.byteLength}`);
        }
        if (typeof mki.value !== "bigint" || mki.value < 0n || mki.value >= 1n << BigInt(8 * mki.byteLength)) {
          throw new RangeError(`"${name}mki.value" expected a bigint that fits ${mki.byteLength} bytes`);
        }
      }
      return new MasterKey(suite, k.masterKey, k.masterSalt, lifetimeOf(name, k.lifetime), mki, o.nativeAesGcm === true, kdrBudget);
    });
    this.mkiLength = mkiLength;
    if (mkiLength > 0) {
      const seen = /* @__PURE__ */ new Map();
      this.keys.forEach((k, i) => {
        const j = seen.get(k.mkiValue);
        if (j !== void 0) {
          throw new RangeError(`"keys[${i}].mki" duplicates keys[${j}].mki`);
        }
        seen.set(k.mkiValue, i);
        const h = mkiHash(k.mki, 0, mkiLength);
        const bucket = this.keysByMkiHash.get(h);
        if (bucket === void 0) {
          this.keysByMkiHash.set(h, [k]);
        } else {
          bucket.push(k);
        }
      });
    }
    this.sendKey = this.keys[0];
    if (o.sendMki !== void 0) {
      this.selectSendKey(o.sendMki);
    }
    this.replayProtection = o.replayProtection ?? true;
    const w = o.replayWindowSize ?? DEFAULT_REPLAY_WINDOW;
    if (!Number.isInteger(w) || w < MIN_REPLAY_WINDOW || w > MAX_REPLAY_WINDOW) {
      throw new RangeError(`"replayWindowSize" expected an integer in [64, 32768], got ${w}`);
    }
    this.windowSize = w;
    const m = o.maxSsrcs ?? DEFAULT_MAX_SSRCS;
    if (!Number.isInteger(m) || m < 1) {
      throw new RangeError(`"maxSsrcs" expected a positive integer, got ${m}`);
    }
    this.maxSsrcs = m;
    const roc = o.initialRolloverCounter ?? 0;
    if (!Number.isInteger(roc) || roc < 0 || roc > 4294967295) {
      throw new RangeError(`"initialRolloverCounter" expected a u32, got ${roc}`);
    }
    this.initialRoc = roc;
    const t = o.keyLifetimeWarningThreshold;
    if (t !== void 0 && (!Number.isInteger(t) || t < 0)) {
      throw new RangeError(`"keyLifetimeWarningThreshold" expected a non-negative integer, got ${t}`);
    }
    this.warnThreshold = t;
    this.onWarning = o.onKeyLifetimeWarning;
  }
  /**
   * The SRTCP tag length to authenticate a packet of `len` bytes against, or 0 when `'auto'` cannot
   * tell (the packet is then malformed). Fixed: the configured length. `'auto'` once a packet has
   * authenticated: the length it had (locked). `'auto'` before that: the one length that leaves an RTCP
   * compound of whole 32-bit words (RFC 3550 §6.4.1: every RTCP length counts words, so the compound
   * is a multiple of 4 bytes); 10 and 4 differ by 6 bytes, so at most one of them fits. Exactly one
   * length is ever tried on a packet.
   */
  rxSrtcpTagLength(len) {
    if (this.srtcpTagLearnt !== void 0) {
      return this.srtcpTagLearnt;
    }
    const rest = len - 4 - this.mkiLength;
    return (rest - 10) % 4 === 0 ? 10 : (rest - 4) % 4 === 0 ? 4 : 0;
  }
  /** Chooses the master key used by protect, by MKI value (RFC 3711 §3.1). */
  selectSendKey(mki) {
    const v = BigInt(mki);
    const k = this.keys.find((x) => x.mkiValue === v);
    if (k === void 0) {
      throw new RangeError(`"sendMki" expected the MKI of one of the session's keys, got ${v}`);
    }
    this.sendKey = k;
  }
  /** Finds the master key whose MKI is at `b[off..)`, or the only key when the session has no MKI. */
  keyForMki(b, off) {
    if (this.mkiLength === 0) {
      return this.keys[0];
    }
    const bucket = this.keysByMkiHash.get(mkiHash(b, off, this.mkiLength));
    if (bucket !== void 0) {
      for (const k of bucket) {
        if (k.matchesMki(b, off)) {
          return k;
        }
      }
    }
    return void 0;
  }
  /** Counts one packet under `key` and fires the lifetime warning at the threshold (RFC 3711 §9.2). */
  countSrtp(key) {
    const used = ++key.srtpUsed;
    if (!key.srtpWarned && this.onWarning !== void 0 && key.srtpLimit - used <= this.threshold(key.srtpLimit)) {
      key.srtpWarned = true;
      this.warn(key, "srtp", used, key.srtpLimit);
    }
  }
  countSrtcp(key) {
    const used = ++key.srtcpUsed;
    if (!key.srtcpWarned && this.onWarning !== void 0 && key.srtcpLimit - used <= this.threshold(key.srtcpLimit)) {
      key.srtcpWarned = true;
      this.warn(key, "srtcp", used, key.srtcpLimit);
    }
  }
  threshold(limit) {
    return this.warnThreshold ?? Math.min(2 ** 20, Math.floor(limit / 10));
  }
  warn(key, family, used, limit) {
    try {
      this.onWarning?.({
        family,
        keyIndex: this.keys.indexOf(key),
        mki: key.mkiValue,
        used,
        limit,
        remaining: limit - used
      });
    } catch {
    }
  }
  /** The key derivation `r` for `index` (RFC 3711 §4.3.1: index DIV key_derivation_rate). */
  /**
   * The budget a key derivation for an unauthenticated packet must spend, or undefined when it may be
   * free: with KDR 0 there is one epoch; for a known stream, its current epoch and the next are what
   * real packets use, and a derivation for them is free into an empty probe slot (see
   * MasterKey.unverifiedKeys: replacing another epoch's probe pays this budget too). New streams, older
   * epochs (a reordered packet from keys already evicted) and jumps further ahead draw on
   * {@link SessionCore.derivations} (RFC 3711 §4.3.1).
   * @param highest - the stream's highest index, -1 for a stream not seen yet
   */
  derivationBudget(highest, index) {
    if (this.kdr === 0) {
      return void 0;
    }
    const d = this.r(index) - this.r(highest);
    return highest >= 0 && (d === 0 || d === 1) ? void 0 : this.derivations;
  }
  r(index) {
    return this.kdr === 0 ? 0 : Math.floor(index / this.kdr);
  }
  dispose() {
    this.disposed = true;
    for (const k of this.keys) {
      k.dispose();
    }
    for (const st of [...this.txRtp.values(), ...this.rxRtp.values()]) {
      st.batch.clear();
    }
    this.pendingBatch?.clear();
    this.pendingBatch = void 0;
    this.txRtp.clear();
    this.rxRtp.clear();
    this.txRtcp.clear();
    this.rxRtcp.clear();
    SCRATCH_IV.fill(0);
    SCRATCH_TAG.fill(0);
    OPERANDS.clear();
    SCRATCH_EWORD.fill(0);
  }
};
function lifetimeOf(name, l) {
  if (l === void 0) {
    return void 0;
  }
  const n = typeof l === "bigint" ? Number(l) : l;
  if (!(n >= 1) || !Number.isInteger(n)) {
    throw new RangeError(`"${name}lifetime" expected a positive integer packet count, got ${String(l)}`);
  }
  return n;
}
function keyExpired(what) {
  throw new SrtpError("KEY_EXPIRED", what);
}
function mkiHash(b, off, n) {
  let h = 2166136261;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ (b[off + i] ?? 0), 16777619);
  }
  return h >>> 0;
}

// packages/srtp/src/internal/keystream-batch.ts
var EMPTY3 = new Uint8Array(0);
var EMPTY323 = new Int32Array(0);
var BATCH_BYTES = 16384;
var BATCH_PACKETS = 16;
var KeystreamBatch = class {
  owner = void 0;
  ssrc = 0;
  first = 0;
  count = 0;
  /** Blocks per packet slice. */
  blocks = 0;
  ks = EMPTY3;
  /** Int32Array over `ks`'s whole buffer, for the word-wise XOR (see aes-ctr.ts). */
  ks32 = EMPTY323;
  /** Byte offset of the slice for (owner, ssrc, index) with at least `blocks` blocks, or -1. */
  find(owner, ssrc, index, blocks) {
    if (owner !== this.owner || ssrc !== this.ssrc || blocks > this.blocks) {
      return -1;
    }
    const r = index - this.first;
    if (r < 0 || r >= this.count) {
      return -1;
    }
    return r * this.blocks * 16;
  }
  /** Makes this batch's keystream the one the next XOR reads without making a view. */
  prime() {
    primeKeystreamView(this.ks.buffer, this.ks32);
  }
  /** Replaces the batch, zeroizing the previous keystream. */
  set(owner, ssrc, first, count, blocks, ks) {
    forgetWasmKeystream(this.ks);
    this.ks.fill(0);
    this.owner = owner;
    this.ssrc = ssrc;
    this.first = first;
    this.count = count;
    this.blocks = blocks;
    this.ks = ks;
    this.ks32 = int32View(ks.buffer);
  }
  /** Forgets the batch and zeroizes its keystream. */
  clear() {
    forgetWasmKeystream(this.ks);
    this.ks.fill(0);
    this.ks = EMPTY3;
    this.ks32 = EMPTY323;
    this.owner = void 0;
    this.count = 0;
  }
};

// packages/srtp/src/internal/stream-state.ts
var RtpStreamState = class {
  /** Highest authenticated (or sent) index, -1 before the first packet. */
  highest = -1;
  /** ROC to assume for the first packet (set with set{Send,Receive}RolloverCounter before it arrived). */
  initialRoc = 0;
  window;
  /** Keystream of the next packets (see keystream-batch.ts). */
  batch;
  windowSize;
  /** @param batch - the session's pending batch when the stream's first packet used it */
  constructor(windowSize, batch = new KeystreamBatch()) {
    this.windowSize = windowSize;
    this.window = new ReplayWindow(windowSize);
    this.batch = batch;
  }
  /** The current ROC. */
  get roc() {
    return this.highest < 0 ? this.initialRoc : Math.floor(this.highest / 65536);
  }
  /**
   * Guesses the ROC `v` of a packet with sequence number `seq` (RFC 3711 Appendix A). May return -1
   * (before the stream's first ROC) or 2^32 (index space exhausted); callers refuse those.
   */
  estimateRoc(seq) {
    const top = this.highest;
    if (top < 0) {
      return this.initialRoc;
    }
    const roc = Math.floor(top / 65536);
    const sl = top % 65536;
    if (sl < 32768) {
      return seq - sl > 32768 ? roc - 1 : roc;
    }
    return sl - 32768 > seq ? roc + 1 : roc;
  }
  /** Commits an authenticated index (RFC 3711 §3.3.1: update ROC and s_l only after authentication). */
  commit(index) {
    if (index > this.highest) {
      this.highest = index;
    }
    this.window.accept(index);
  }
  /**
   * Sets the ROC (late join, re-INVITE: RFC 4568 §7.1.4), keeping the highest sequence number. The
   * same ROC again changes nothing (the window keeps every index it has seen, so a re-stated ROC never
   * re-opens a used index); a higher one slides the window forward (everything before it is too old);
   * a lower one, which callers allow only on receive and only when forced, starts a fresh window there.
   */
  setRoc(roc) {
    if (this.highest < 0) {
      this.initialRoc = roc;
      return;
    }
    const current = Math.floor(this.highest / 65536);
    if (roc === current) {
      return;
    }
    this.highest = roc * 65536 + this.highest % 65536;
    if (roc < current) {
      this.window = new ReplayWindow(this.windowSize);
    }
    this.window.advanceTo(this.highest);
  }
};
var RtcpStreamState = class {
  /** Next index to send. */
  next = 0;
  w = void 0;
  windowSize;
  constructor(windowSize) {
    this.windowSize = windowSize;
  }
  get window() {
    return this.w ??= new ReplayWindow(this.windowSize);
  }
};

// packages/srtp/src/internal/srtp-transform.ts
function srtpLength(core, n) {
  return n + core.mkiLength + core.srtpTagLength;
}
function cmIv(iv, salt, ssrc, hi, lo) {
  for (let i = 0; i < 14; i++) {
    iv[i] = salt[i];
  }
  iv[14] = 0;
  iv[15] = 0;
  iv[4] ^= ssrc >>> 24;
  iv[5] ^= ssrc >>> 16 & 255;
  iv[6] ^= ssrc >>> 8 & 255;
  iv[7] ^= ssrc & 255;
  iv[8] ^= hi >>> 8 & 255;
  iv[9] ^= hi & 255;
  iv[10] ^= lo >>> 24;
  iv[11] ^= lo >>> 16 & 255;
  iv[12] ^= lo >>> 8 & 255;
  iv[13] ^= lo & 255;
}
function srtpKeystream(core, batch, sk, ssrc, index, n, ahead) {
  const op = core.op;
  const gcm2 = core.aead;
  const blocks = gcm2 ? gcmBlocks(n) : n + 15 >>> 4;
  const found = batch.find(sk, ssrc, index, blocks);
  if (found >= 0) {
    op.ks = batch.ks;
    op.ksOff = found;
    batch.prime();
    return;
  }
  const prev = batch.owner === sk && batch.ssrc === ssrc ? batch.blocks : 0;
  const per = prev > blocks && prev <= 2 * blocks ? prev : blocks;
  let count = ahead ? Math.max(1, Math.min(BATCH_PACKETS, Math.floor(BATCH_BYTES / 16 / per))) : 1;
  count = Math.min(count, SRTP_INDEX_LIMIT - index);
  const ctr = sk.ctr;
  ctr.reserve(count * per);
  for (let r = 0; r < count; r++) {
    const idx = index + r;
    if (gcm2) {
      gcmIv(op.iv, sk.salt, ssrc, idx);
      ctr.fillGcm(r * per, per, op.iv);
    } else {
      const v = Math.floor(idx / 65536);
      const seq = idx % 65536;
      cmIv(core.iv, sk.salt, ssrc, Math.floor(v / 65536), (v & 65535) * 65536 + seq >>> 0);
      ctr.fillCm(r * per, per, core.iv);
    }
  }
  const ks = ctr.run(count * per);
  batch.set(sk, ssrc, index, count, per, ks);
  batch.prime();
  op.ks = ks;
  op.ksOff = 0;
}
var SRTP_INDEX_LIMIT = 2 ** 48;
function protectRtp(core, rtp, out, off) {
  if (core.disposed) {
    keyExpired("session disposed");
  }
  const len = rtp.length;
  const hdr = rtpHeaderLength(rtp, 0, len);
  if (hdr < 0) {
    throw new SrtpError("MALFORMED", describeBadRtp(rtp), 0);
  }
  const total = len + core.mkiLength + core.srtpTagLength;
  if (!Number.isInteger(off) || off < 0 || off + total > out.length) {
    throw new RangeError(`"out" expected at least ${total} bytes from offset ${off}, got ${out.length - off}`);
  }
  const seq = rtp[2] << 8 | rtp[3];
  const ssrc = readU32(rtp, 8);
  let st = core.txRtp.get(ssrc);
  if (st === void 0 && core.txRtp.size >= core.maxSsrcs) {
    throw new SrtpError("SSRC_LIMIT", `already protecting ${core.maxSsrcs} SSRCs ("maxSsrcs")`, 8);
  }
  const v = st === void 0 ? core.initialRoc : st.estimateRoc(seq);
  if (v < 0 || st !== void 0 && st.highest >= 0 && !st.window.check(v * 65536 + seq)) {
    throw new SrtpError("INDEX_REUSED", `SSRC ${ssrc} sequence ${seq} would reuse an SRTP index (RFC 3711 \xA79.1)`, 2);
  }
  if (v > 4294967295) {
    keyExpired(`SSRC ${ssrc} exhausted the 2^48 SRTP index space (RFC 3711 \xA79.2)`);
  }
  const key = core.sendKey;
  if (key.srtpUsed >= key.srtpLimit) {
    keyExpired(`master key lifetime of ${key.srtpLimit} SRTP packets is spent (RFC 3711 \xA79.2)`);
  }
  const index = v * 65536 + seq;
  const sk = key.srtpKeys(core.r(index));
  copyBytes(rtp, 0, out, off, hdr);
  const batch = st === void 0 ? pendingBatch(core) : st.batch;
  if (core.aead) {
    const aadLen = core.srtpEncrypt ? hdr : len;
    const n = len - aadLen;
    if (!core.srtpEncrypt) {
      copyBytes(rtp, hdr, out, off + hdr, len - hdr);
    }
    const op = core.op;
    op.ks = void 0;
    if (sk.ownGcm(aadLen + n)) {
      srtpKeystream(core, batch, sk, ssrc, index, n, true);
    }
    gcmIv(op.iv, sk.salt, ssrc, index);
    sk.gcmSeal(op.gcm(out, off, aadLen, void 0, rtp, aadLen, n, out, off + aadLen));
    if (key.mki !== void 0) {
      out.set(key.mki, off + len + GCM_TAG_LENGTH);
    }
  } else {
    if (core.srtpEncrypt) {
      srtpKeystream(core, batch, sk, ssrc, index, len - hdr, true);
      sk.ctr.xorWith(core.op.ks, core.op.ksOff, rtp, hdr, out, off + hdr, len - hdr);
    } else {
      copyBytes(rtp, hdr, out, off + hdr, len - hdr);
    }
    if (key.mki !== void 0) {
      out.set(key.mki, off + len);
    }
    if (core.srtpAuth) {
      sk.mac.mac(out, off, off + len, true, v >>> 0, out, off + len + core.mkiLength, core.srtpTagLength);
    }
  }
  if (st === void 0) {
    st = newStream(core);
    core.txRtp.set(ssrc, st);
  }
  st.commit(index);
  core.countSrtp(key);
  return total;
}
function unprotectRtp(core, srtp, out, off) {
  if (core.disposed) {
    return "KEY_EXPIRED";
  }
  const len = srtp.length;
  if (len < 12) {
    return "TOO_SHORT";
  }
  if (srtp[0] >>> 6 !== 2) {
    return "MALFORMED";
  }
  const tagLen = core.srtpTagLength;
  const body = len - core.mkiLength - tagLen;
  if (body < 12) {
    return "TOO_SHORT";
  }
  const hdr = rtpHeaderLength(srtp, 0, body);
  if (hdr < 0) {
    return "MALFORMED";
  }
  if (!Number.isInteger(off) || off < 0 || off + body > out.length) {
    throw new RangeError(`"out" expected at least ${body} bytes from offset ${off}, got ${out.length - off}`);
  }
  const key = core.keyForMki(srtp, core.aead ? body + tagLen : body);
  if (key === void 0) {
    return "UNKNOWN_MKI";
  }
  if (key.srtpUsed >= key.srtpLimit) {
    return "KEY_EXPIRED";
  }
  const seq = srtp[2] << 8 | srtp[3];
  const ssrc = readU32(srtp, 8);
  const st = core.rxRtp.get(ssrc);
  let v = st === void 0 ? core.initialRoc : st.estimateRoc(seq);
  if (v < 0) {
    return "REPLAYED";
  }
  if (v > 4294967295) {
    return "KEY_EXPIRED";
  }
  let index = v * 65536 + seq;
  if (core.replayProtection && st !== void 0 && st.highest >= 0 && !st.window.check(index)) {
    return "REPLAYED";
  }
  let budget = core.derivationBudget(st === void 0 ? -1 : st.highest, index);
  let keys = key.unverifiedKeys(false, core.r(index), budget);
  if (keys === void 0) {
    return "AUTH_FAILED";
  }
  let sk = keys;
  let ok = verifyRtp(core, sk, st, srtp, hdr, body, v, seq, ssrc, index, out, off);
  if (!ok && st === void 0 && seq < 32768 && core.srtpAuth && core.initialRoc < 4294967295) {
    if (core.newStreamRetries.take()) {
      v = core.initialRoc + 1;
      index = v * 65536 + seq;
      budget = core.derivationBudget(-1, index);
      keys = key.unverifiedKeys(false, core.r(index), budget);
      if (keys === void 0) {
        return "AUTH_FAILED";
      }
      sk = keys;
      ok = verifyRtp(core, sk, st, srtp, hdr, body, v, seq, ssrc, index, out, off);
      if (ok) {
        core.newStreamRetries.succeeded();
      }
    }
  }
  if (!ok) {
    return "AUTH_FAILED";
  }
  if (st === void 0 && core.rxRtp.size >= core.maxSsrcs) {
    return "SSRC_LIMIT";
  }
  key.commitKeys(sk, false);
  if (core.aead) {
    copyBytes(srtp, 0, out, off, core.srtpEncrypt ? hdr : body);
  } else {
    copyBytes(srtp, 0, out, off, hdr);
    if (core.srtpEncrypt) {
      const ahead = st !== void 0 && index === st.highest + 1;
      srtpKeystream(core, st === void 0 ? pendingBatch(core) : st.batch, sk, ssrc, index, body - hdr, ahead);
      sk.ctr.xorWith(core.op.ks, core.op.ksOff, srtp, hdr, out, off + hdr, body - hdr);
    } else {
      copyBytes(srtp, hdr, out, off + hdr, body - hdr);
    }
  }
  let state = st;
  if (state === void 0) {
    state = newStream(core);
    core.rxRtp.set(ssrc, state);
  }
  state.commit(index);
  core.countSrtp(key);
  return body;
}
function verifyRtp(core, sk, st, srtp, hdr, body, v, seq, ssrc, index, out, off) {
  if (core.aead) {
    const aadLen = core.srtpEncrypt ? hdr : body;
    const n = body - aadLen;
    const ahead = st !== void 0 && index === st.highest + 1;
    const op = core.op;
    op.ks = void 0;
    if (sk.ownGcm(body)) {
      srtpKeystream(core, st === void 0 ? pendingBatch(core) : st.batch, sk, ssrc, index, n, ahead);
    }
    gcmIv(op.iv, sk.salt, ssrc, index);
    op.gcm(srtp, 0, aadLen, void 0, srtp, aadLen, n, out, off + aadLen).tagOff = body;
    return sk.gcmOpen(op, core.tag);
  }
  if (!core.srtpAuth) {
    return true;
  }
  const tagLen = core.srtpTagLength;
  sk.mac.mac(srtp, 0, body, true, v >>> 0, core.tag, 0, tagLen);
  return constantTimeEqual(core.tag, 0, srtp, body + core.mkiLength, tagLen);
}
function pendingBatch(core) {
  return core.pendingBatch ??= new KeystreamBatch();
}
function newStream(core) {
  const st = new RtpStreamState(core.windowSize, core.pendingBatch);
  core.pendingBatch = void 0;
  return st;
}
function describeBadRtp(rtp) {
  if (rtp.length < 12) {
    return `RTP header needs 12 bytes, got ${rtp.length}`;
  }
  if (rtp[0] >>> 6 !== 2) {
    return `RTP version ${rtp[0] >>> 6}, expected 2`;
  }
  return `RTP CSRC list or header extension runs past the end of the ${rtp.length}-byte packet`;
}

// packages/srtp/src/internal/srtcp-transform.ts
var E_BIT = 2147483648;
var MAX_INDEX = 2147483647;
function srtcpLength(core, n) {
  return n + 4 + core.mkiLength + (core.aead ? GCM_TAG_LENGTH : core.srtcpTagLength);
}
function cmIv2(iv, salt, ssrc, index) {
  for (let i = 0; i < 14; i++) {
    iv[i] = salt[i];
  }
  iv[14] = 0;
  iv[15] = 0;
  iv[4] ^= ssrc >>> 24;
  iv[5] ^= ssrc >>> 16 & 255;
  iv[6] ^= ssrc >>> 8 & 255;
  iv[7] ^= ssrc & 255;
  iv[10] ^= index >>> 24;
  iv[11] ^= index >>> 16 & 255;
  iv[12] ^= index >>> 8 & 255;
  iv[13] ^= index & 255;
}
function protectRtcp(core, rtcp, out, off) {
  if (core.disposed) {
    keyExpired("session disposed");
  }
  const len = rtcp.length;
  if (len < 8) {
    throw new SrtpError("MALFORMED", `RTCP header needs 8 bytes, got ${len}`, 0);
  }
  if (rtcp[0] >>> 6 !== 2) {
    throw new SrtpError("MALFORMED", `RTCP version ${rtcp[0] >>> 6}, expected 2`, 0);
  }
  const total = srtcpLength(core, len);
  if (!Number.isInteger(off) || off < 0 || off + total > out.length) {
    throw new RangeError(`"out" expected at least ${total} bytes from offset ${off}, got ${out.length - off}`);
  }
  const ssrc = readU32(rtcp, 4);
  let st = core.txRtcp.get(ssrc);
  if (st === void 0 && core.txRtcp.size >= core.maxSsrcs) {
    throw new SrtpError("SSRC_LIMIT", `already protecting RTCP of ${core.maxSsrcs} SSRCs ("maxSsrcs")`, 4);
  }
  const index = st === void 0 ? 0 : st.next;
  if (index > MAX_INDEX) {
    keyExpired(`SSRC ${ssrc} exhausted the 2^31 SRTCP index space; re-key (RFC 3711 \xA73.4)`);
  }
  const key = core.sendKey;
  if (key.srtcpUsed >= key.srtcpLimit) {
    keyExpired(`master key lifetime of ${key.srtcpLimit} SRTCP packets is spent (RFC 3711 \xA79.2)`);
  }
  const sk = key.srtcpKeys(core.r(index));
  const e = core.srtcpEncrypt;
  const eword = ((e ? E_BIT : 0) | index) >>> 0;
  if (core.aead) {
    const op = core.op;
    op.ks = void 0;
    gcmIv(op.iv, sk.salt, ssrc, index);
    writeU32(core.eword, 0, eword);
    if (e) {
      copyBytes(rtcp, 0, out, off, 8);
      sk.gcmSeal(op.gcm(out, off, 8, core.eword, rtcp, 8, len - 8, out, off + 8));
    } else {
      copyBytes(rtcp, 0, out, off, len);
      sk.gcmSeal(op.gcm(out, off, len, core.eword, rtcp, 0, 0, out, off + len));
    }
    writeU32(out, off + len + GCM_TAG_LENGTH, eword);
    if (key.mki !== void 0) {
      out.set(key.mki, off + len + GCM_TAG_LENGTH + 4);
    }
  } else {
    copyBytes(rtcp, 0, out, off, 8);
    if (e) {
      cmIv2(core.iv, sk.salt, ssrc, index);
      aesCmOnce(sk.encKey, core.iv, rtcp, 8, out, off + 8, len - 8);
    } else {
      copyBytes(rtcp, 8, out, off + 8, len - 8);
    }
    writeU32(out, off + len, eword);
    if (key.mki !== void 0) {
      out.set(key.mki, off + len + 4);
    }
    sk.mac.mac(out, off, off + len + 4, false, 0, out, off + len + 4 + core.mkiLength, core.srtcpTagLength);
  }
  if (st === void 0) {
    st = new RtcpStreamState(core.windowSize);
    core.txRtcp.set(ssrc, st);
  }
  st.next = index + 1;
  core.countSrtcp(key);
  return total;
}
function unprotectRtcp(core, srtcp, out, off) {
  if (core.disposed) {
    return "KEY_EXPIRED";
  }
  const len = srtcp.length;
  if (len < 8) {
    return "TOO_SHORT";
  }
  if (srtcp[0] >>> 6 !== 2) {
    return "MALFORMED";
  }
  const mkiLen = core.mkiLength;
  let ePos;
  let mkiPos;
  let tagPos;
  let outLen;
  let tagLen = GCM_TAG_LENGTH;
  if (core.aead) {
    mkiPos = len - mkiLen;
    ePos = mkiPos - 4;
    tagPos = ePos - GCM_TAG_LENGTH;
    outLen = tagPos;
  } else {
    tagLen = core.rxSrtcpTagLength(len);
    if (tagLen === 0) {
      return len < 8 + 4 + mkiLen + 4 ? "TOO_SHORT" : "MALFORMED";
    }
    tagPos = len - tagLen;
    mkiPos = tagPos - mkiLen;
    ePos = mkiPos - 4;
    outLen = ePos;
  }
  if (outLen < 8) {
    return "TOO_SHORT";
  }
  if (!Number.isInteger(off) || off < 0 || off + outLen > out.length) {
    throw new RangeError(`"out" expected at least ${outLen} bytes from offset ${off}, got ${out.length - off}`);
  }
  const key = core.keyForMki(srtcp, mkiPos);
  if (key === void 0) {
    return "UNKNOWN_MKI";
  }
  if (key.srtcpUsed >= key.srtcpLimit) {
    return "KEY_EXPIRED";
  }
  const eword = readU32(srtcp, ePos);
  const encrypted = eword >= E_BIT;
  const index = eword & MAX_INDEX;
  const ssrc = readU32(srtcp, 4);
  const st = core.rxRtcp.get(ssrc);
  if (core.replayProtection && st !== void 0 && !st.window.check(index)) {
    return "REPLAYED";
  }
  const budget = core.derivationBudget(st === void 0 ? -1 : st.window.highest, index);
  const sk = key.unverifiedKeys(true, core.r(index), budget);
  if (sk === void 0) {
    return "AUTH_FAILED";
  }
  if (core.aead) {
    const op = core.op;
    op.ks = void 0;
    gcmIv(op.iv, sk.salt, ssrc, index);
    for (let i = 0; i < 4; i++) {
      core.eword[i] = srtcp[ePos + i];
    }
    if (encrypted) {
      op.gcm(srtcp, 0, 8, core.eword, srtcp, 8, tagPos - 8, out, off + 8);
    } else {
      op.gcm(srtcp, 0, tagPos, core.eword, srtcp, 0, 0, out, off);
    }
    op.tagOff = tagPos;
    const ok = sk.gcmOpen(op, core.tag);
    if (!ok) {
      return "AUTH_FAILED";
    }
    if (st === void 0 && core.rxRtcp.size >= core.maxSsrcs) {
      return "SSRC_LIMIT";
    }
    copyBytes(srtcp, 0, out, off, encrypted ? 8 : outLen);
  } else {
    sk.mac.mac(srtcp, 0, ePos + 4, false, 0, core.tag, 0, tagLen);
    if (!constantTimeEqual(core.tag, 0, srtcp, tagPos, tagLen)) {
      return "AUTH_FAILED";
    }
    if (st === void 0 && core.rxRtcp.size >= core.maxSsrcs) {
      return "SSRC_LIMIT";
    }
    copyBytes(srtcp, 0, out, off, 8);
    if (encrypted && sk.encKey.length > 0) {
      cmIv2(core.iv, sk.salt, ssrc, index);
      aesCmOnce(sk.encKey, core.iv, srtcp, 8, out, off + 8, outLen - 8);
    } else {
      copyBytes(srtcp, 8, out, off + 8, outLen - 8);
    }
  }
  key.commitKeys(sk, true);
  if (core.srtcpTagLearnt === void 0) {
    core.srtcpTagLearnt = tagLen;
  }
  let state = st;
  if (state === void 0) {
    state = new RtcpStreamState(core.windowSize);
    core.rxRtcp.set(ssrc, state);
  }
  state.window.accept(index);
  core.countSrtcp(key);
  return outLen;
}

// packages/srtp/src/srtp-session.ts
var FAILURES = {
  TOO_SHORT: Object.freeze({ ok: false, reason: "TOO_SHORT" }),
  MALFORMED: Object.freeze({ ok: false, reason: "MALFORMED" }),
  AUTH_FAILED: Object.freeze({ ok: false, reason: "AUTH_FAILED" }),
  REPLAYED: Object.freeze({ ok: false, reason: "REPLAYED" }),
  UNKNOWN_MKI: Object.freeze({ ok: false, reason: "UNKNOWN_MKI" }),
  KEY_EXPIRED: Object.freeze({ ok: false, reason: "KEY_EXPIRED" }),
  SSRC_LIMIT: Object.freeze({ ok: false, reason: "SSRC_LIMIT" })
};
var SrtpSession = class _SrtpSession {
  /** The negotiated suite. */
  suite;
  core;
  /** Everything of {@link SrtpSession.keyingMaterial} but the key copies, which are made on first read. */
  material;
  km = void 0;
  /**
   * @param options - keying material (the shape `@voip/sdp-crypto` returns) plus policy
   * @throws {RangeError} wrong key/salt lengths, bad MKI, window, KDR or limits
   * @throws {SrtpError} `UNSUPPORTED_SUITE` for F8, AEAD_AES_*_GCM_8, AES_CM_128_NULL_AUTH (refused: no
   *   SRTP authentication) and unknown suite names
   */
  constructor(options) {
    this.core = new SessionCore(options);
    this.suite = this.core.suite;
    this.material = {
      suite: this.suite.name,
      ...options.lifetime !== void 0 ? { lifetime: options.lifetime } : {},
      ...options.mki !== void 0 ? { mki: options.mki } : {},
      ...this.core.keys.length > 1 ? {
        // several keys (rare): copied now, like the first key's on first read
        keys: this.core.keys.map((k, i) => ({
          masterKey: new Uint8Array(k.masterKey),
          masterSalt: new Uint8Array(k.masterSalt),
          ...options.keys?.[i]?.lifetime !== void 0 ? { lifetime: options.keys[i].lifetime } : {},
          ...options.keys?.[i]?.mki !== void 0 ? { mki: options.keys[i].mki } : {}
        }))
      } : {},
      ...options.keyDerivationRate !== void 0 ? { keyDerivationRate: options.keyDerivationRate } : {},
      ...options.unencryptedSrtp !== void 0 ? { unencryptedSrtp: options.unencryptedSrtp } : {},
      ...options.unencryptedSrtcp !== void 0 ? { unencryptedSrtcp: options.unencryptedSrtcp } : {},
      ...options.unauthenticatedSrtp !== void 0 ? { unauthenticatedSrtp: options.unauthenticatedSrtp } : {},
      ...options.replayWindowSize !== void 0 ? { replayWindowSize: this.core.windowSize } : {}
    };
  }
  /**
   * The keying material this session was built from, e.g. for an `a=crypto` line: copies of the keys
   * (made on first read, the same object afterwards), so mutating them cannot change the session;
   * zeroized by dispose.
   */
  get keyingMaterial() {
    if (this.km === void 0) {
      const k0 = this.core.keys[0];
      this.km = { ...this.material, masterKey: new Uint8Array(k0.masterKey), masterSalt: new Uint8Array(k0.masterSalt) };
    }
    return this.km;
  }
  /**
   * A session with a fresh random key (see {@link generateSrtpKeyingMaterial}); read its
   * `keyingMaterial` to announce it in `a=crypto`.
   *
   * @param suite - default `AES_CM_128_HMAC_SHA1_80`
   * @param options - policy options (replay window, limits, ...)
   * @returns a new session
   * @throws {SrtpError} `UNSUPPORTED_SUITE` for a suite that is not implemented, refused or unknown
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const s = SrtpSession.generate('AES_256_CM_HMAC_SHA1_80');
   * s.keyingMaterial.masterKey.length; // 32
   * ```
   */
  static generate(suite, options) {
    return new _SrtpSession({ ...options, ...generateSrtpKeyingMaterial(suite) });
  }
  /**
   * Protects one RTP packet (RFC 3711 §3.3) into a new buffer. Encrypts from after the CSRCs and the
   * header extension; the header is authenticated, never rewritten.
   * @param rtp - one serialized RTP packet
   * @returns the SRTP packet (a new Uint8Array)
   * @throws {SrtpError} `MALFORMED` | `KEY_EXPIRED` | `INDEX_REUSED` | `SSRC_LIMIT`
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const wire = SrtpSession.generate().protect(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7]));
   * ```
   */
  protect(rtp) {
    const out = new Uint8Array(srtpLength(this.core, rtp.length));
    protectRtp(this.core, rtp, out, 0);
    return out;
  }
  /**
   * Protects one RTP packet into `out[offset..)` (RFC 3711 §3.3).
   * @param rtp - one serialized RTP packet
   * @param out - destination with {@link SrtpSession.protectedLength} bytes free from `offset`
   * @param offset - where to write; default 0
   * @returns bytes written
   * @throws {SrtpError} `MALFORMED` | `KEY_EXPIRED` | `INDEX_REUSED` | `SSRC_LIMIT`; {RangeError} when `out` is too small
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const s = SrtpSession.generate();
   * const out = new Uint8Array(1500);
   * const n = s.protectInto(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7]), out);
   * ```
   */
  protectInto(rtp, out, offset = 0) {
    return protectRtp(this.core, rtp, out, offset);
  }
  /**
   * Protects one (compound) RTCP packet (RFC 3711 §3.4) into a new buffer; the SRTCP index of the
   * sender SSRC (bytes 4..7) starts at 0 and never wraps.
   * @param rtcp - serialized RTCP
   * @returns the SRTCP packet
   * @throws {SrtpError} `MALFORMED` | `KEY_EXPIRED` (index 2^31-1 used, or lifetime spent) | `SSRC_LIMIT`
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const srtcp = SrtpSession.generate().protectRtcp(new Uint8Array([0x81, 0xc9, 0, 1, 0, 0, 0, 7]));
   * ```
   */
  protectRtcp(rtcp) {
    const out = new Uint8Array(srtcpLength(this.core, rtcp.length));
    protectRtcp(this.core, rtcp, out, 0);
    return out;
  }
  /**
   * Protects one RTCP packet into `out[offset..)` (RFC 3711 §3.4).
   * @param rtcp - serialized RTCP
   * @param out - destination with {@link SrtpSession.protectedRtcpLength} bytes free from `offset`
   * @param offset - default 0
   * @returns bytes written
   * @throws {SrtpError} `MALFORMED` | `KEY_EXPIRED` | `SSRC_LIMIT`; {RangeError} when `out` is too small
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const n = SrtpSession.generate().protectRtcpInto(new Uint8Array([0x81, 0xc9, 0, 1, 0, 0, 0, 7]), new Uint8Array(64));
   * ```
   */
  protectRtcpInto(rtcp, out, offset = 0) {
    return protectRtcp(this.core, rtcp, out, offset);
  }
  /**
   * Authenticates, replay-checks and decrypts one SRTP packet (RFC 3711 §3.3). Never throws for
   * anything it is given (a non-Uint8Array is `MALFORMED`); only a defect of this package would throw.
   * @param srtp - one SRTP packet from the network
   * @returns `{ ok: true, packet }` with a new buffer, or `{ ok: false, reason }`
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const r = SrtpSession.generate().unprotect(new Uint8Array(3));
   * r.ok; // false, r.reason === 'TOO_SHORT'
   * ```
   */
  unprotect(srtp) {
    if (!isBytes(srtp)) {
      return FAILURES.MALFORMED;
    }
    try {
      const out = new Uint8Array(Math.max(0, srtp.length - this.core.mkiLength - this.core.srtpTagLength));
      const r = unprotectRtp(this.core, srtp, out, 0);
      return typeof r === "number" ? { ok: true, packet: r === out.length ? out : out.subarray(0, r) } : FAILURES[r];
    } catch (e) {
      return wireFailure(e);
    }
  }
  /**
   * Unprotects one SRTP packet into `out[offset..)`; `out` may be `srtp` itself (in place, same offset).
   * Never throws for packet contents; `out`'s bytes are unspecified after a failure.
   * @param srtp - one SRTP packet
   * @param out - destination with at least `srtp.length` bytes free from `offset`
   * @param offset - default 0
   * @returns bytes written, or the failure reason
   * @throws {RangeError} when `out` is too small
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const r = SrtpSession.generate().unprotectInto(new Uint8Array(3), new Uint8Array(1500));
   * typeof r === 'number' ? r : r; // 'TOO_SHORT'
   * ```
   */
  unprotectInto(srtp, out, offset = 0) {
    return unprotectRtp(this.core, srtp, out, offset);
  }
  /**
   * Authenticates (also with E=0), replay-checks and decrypts one SRTCP packet (RFC 3711 §3.4,
   * RFC 7714 §9). Never throws for anything it is given (a non-Uint8Array is `MALFORMED`); only a defect
   * of this package would throw.
   * @param srtcp - one SRTCP packet
   * @returns `{ ok: true, packet }` or `{ ok: false, reason }`
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().unprotectRtcp(new Uint8Array(30)).ok; // false
   * ```
   */
  unprotectRtcp(srtcp) {
    if (!isBytes(srtcp)) {
      return FAILURES.MALFORMED;
    }
    try {
      const tag = this.core.aead ? 16 : this.core.srtcpTagLearnt ?? 4;
      const out = new Uint8Array(Math.max(0, srtcp.length - 4 - this.core.mkiLength - tag));
      const r = unprotectRtcp(this.core, srtcp, out, 0);
      return typeof r === "number" ? { ok: true, packet: r === out.length ? out : out.subarray(0, r) } : FAILURES[r];
    } catch (e) {
      return wireFailure(e);
    }
  }
  /**
   * Unprotects one SRTCP packet into `out[offset..)` (may be in place).
   * @param srtcp - one SRTCP packet
   * @param out - destination with at least `srtcp.length` bytes free from `offset`
   * @param offset - default 0
   * @returns bytes written, or the failure reason
   * @throws {RangeError} when `out` is too small
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().unprotectRtcpInto(new Uint8Array(30), new Uint8Array(64)); // 'AUTH_FAILED' or another reason
   * ```
   */
  unprotectRtcpInto(srtcp, out, offset = 0) {
    return unprotectRtcp(this.core, srtcp, out, offset);
  }
  /**
   * Bytes an RTP packet of `rtpLength` bytes takes once protected (adds MKI and tag).
   * @param rtpLength - RTP packet length
   * @returns SRTP packet length
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().protectedLength(172); // 182
   * ```
   */
  protectedLength(rtpLength) {
    return srtpLength(this.core, rtpLength);
  }
  /**
   * Bytes an RTCP packet of `rtcpLength` bytes takes once protected (adds E/index, MKI and tag).
   * @param rtcpLength - RTCP packet length
   * @returns SRTCP packet length
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().protectedRtcpLength(28); // 42
   * ```
   */
  protectedRtcpLength(rtcpLength) {
    return srtcpLength(this.core, rtcpLength);
  }
  /**
   * The SRTCP tag length in bytes `unprotectRtcp` authenticates against: the configured one (the suite's
   * by default), or with `srtcpTagLength: 'auto'` and a `_32` suite the one the peer's first authentic
   * SRTCP packet had (4 for ffmpeg 5.1 and baresip, 10 per RFC 3711), undefined before that packet.
   * @returns tag bytes, or undefined while `'auto'` has not seen an authentic packet
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const rx = SrtpSession.generate('AES_CM_128_HMAC_SHA1_32', { srtcpTagLength: 'auto' });
   * rx.srtcpTagLengthInUse; // undefined until an SRTCP packet authenticates, then 4 or 10
   * ```
   */
  get srtcpTagLengthInUse() {
    return this.core.srtcpTagLearnt;
  }
  /**
   * How often a new SSRC's first packet, failing under the assumed ROC, was tried again one ROC later
   * (a receiver that missed the packets before the sender's first wrap, cisco/libsrtp#729), how often
   * that found a late joiner, and how often it was skipped because forged packets of fresh SSRCs had
   * spent the retry budget (64 at once, 64 a second: a flood costs one tag check per packet beyond it).
   * @returns a snapshot of the counts
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().newStreamRetries; // { tried: 0, authenticated: 0, skipped: 0 }
   * ```
   */
  get newStreamRetries() {
    return this.core.newStreamRetries.counts();
  }
  /**
   * The SRTP rollover counter (RFC 3711 §3.2.1) this session sends `ssrc` under; undefined when it has
   * neither sent on nor been told a ROC for that SSRC.
   * @param ssrc - u32
   * @returns ROC or undefined
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().getSendRolloverCounter(7); // undefined
   * ```
   */
  getSendRolloverCounter(ssrc) {
    return this.core.txRtp.get(ssrc >>> 0)?.roc;
  }
  /**
   * The SRTP rollover counter (RFC 3711 §3.2.1) of what this session receives from `ssrc`; undefined
   * when no packet of that SSRC has authenticated and no ROC was set for it.
   * @param ssrc - u32
   * @returns ROC or undefined
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().getReceiveRolloverCounter(7); // undefined
   * ```
   */
  getReceiveRolloverCounter(ssrc) {
    return this.core.rxRtp.get(ssrc >>> 0)?.roc;
  }
  /**
   * Sets the ROC this session sends `ssrc` under (late join, re-INVITE keeping keys: RFC 4568 §7.1.4),
   * keeping the highest sequence number. Re-stating the current ROC changes nothing, and every index
   * already used stays used; a higher ROC moves the stream forward. A lower ROC is refused: protect would
   * then reuse indices, and so keystream (RFC 3711 §9.1). Creates send state only.
   * @param ssrc - u32
   * @param roc - u32
   * @throws {RangeError} when `roc` or `ssrc` is not a u32
   * @throws {SrtpError} `INDEX_REUSED` when `ssrc` has sent under a higher ROC; `SSRC_LIMIT` when a new
   *   SSRC would pass `maxSsrcs` (nothing is changed either way)
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().setSendRolloverCounter(0x1234, 3);
   * ```
   */
  setSendRolloverCounter(ssrc, roc) {
    checkRocArguments(ssrc, roc);
    const sent = this.core.txRtp.get(ssrc);
    if (sent !== void 0 && sent.highest >= 0 && roc < sent.roc) {
      throw new SrtpError(
        "INDEX_REUSED",
        `SSRC ${ssrc} has sent under ROC ${sent.roc}: ROC ${roc} would reuse SRTP indices (RFC 3711 \xA79.1)`
      );
    }
    this.streamFor(this.core.txRtp, ssrc).setRoc(roc);
  }
  /**
   * Sets the ROC of what this session receives from `ssrc` (late join, re-INVITE: RFC 4568 §7.1.4),
   * keeping the highest sequence number and what the replay window has seen: the same ROC again changes
   * nothing, a higher one slides the window forward (older packets count as too old). A lower ROC would
   * re-open old packets to replay, so it is refused unless `force` is set (then the window restarts at
   * the lowered index: use it only when the signalling is authenticated and really means it).
   * Creates receive state only.
   * @param ssrc - u32
   * @param roc - u32
   * @param options - `force: true` lowers a ROC that a packet has already advanced
   * @throws {RangeError} when `roc` or `ssrc` is not a u32
   * @throws {SrtpError} `ROC_LOWERED` when `roc` is below the stream's current ROC and not forced;
   *   `SSRC_LIMIT` when a new SSRC would pass `maxSsrcs` (nothing is changed either way)
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const rx = SrtpSession.generate();
   * rx.setReceiveRolloverCounter(0x1234, 3);
   * rx.setReceiveRolloverCounter(0x1234, 2); // no packet yet: nothing to replay, allowed
   * ```
   */
  setReceiveRolloverCounter(ssrc, roc, options = {}) {
    checkRocArguments(ssrc, roc);
    const received = this.core.rxRtp.get(ssrc);
    if (received !== void 0 && received.highest >= 0 && roc < received.roc && options.force !== true) {
      throw new SrtpError(
        "ROC_LOWERED",
        `SSRC ${ssrc} is received under ROC ${received.roc}: ROC ${roc} would accept replays of older packets (pass { force: true } to lower it)`
      );
    }
    this.streamFor(this.core.rxRtp, ssrc).setRoc(roc);
  }
  streamFor(map, ssrc) {
    let st = map.get(ssrc);
    if (st === void 0) {
      if (map.size >= this.core.maxSsrcs) {
        throw new SrtpError("SSRC_LIMIT", `SSRC ${ssrc} would exceed "maxSsrcs" ${this.core.maxSsrcs}`);
      }
      st = new RtpStreamState(this.core.windowSize);
      map.set(ssrc, st);
    }
    return st;
  }
  /**
   * Switches the master key used by protect to the one with MKI `mki` (RFC 3711 §3.1 re-keying).
   * @param mki - MKI value of one of the session's keys
   * @throws {RangeError} when no key has that MKI
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * const k = (v: bigint) => ({ masterKey: new Uint8Array(16), masterSalt: new Uint8Array(14), mki: { value: v, byteLength: 1 } });
   * const s = new SrtpSession({ suite: 'AES_CM_128_HMAC_SHA1_80', ...k(1n), keys: [k(1n), k(2n)] });
   * s.selectSendKey(2n);
   * ```
   */
  selectSendKey(mki) {
    this.core.selectSendKey(mki);
  }
  /**
   * Zeroizes master and session keys and forgets all streams; later protect calls throw
   * `KEY_EXPIRED`, unprotect calls return it.
   * @example
   * ```ts
   * import { SrtpSession } from '@voip/srtp';
   * SrtpSession.generate().dispose();
   * ```
   */
  dispose() {
    this.core.dispose();
    for (const k of [this.km, ...this.material.keys ?? []]) {
      k?.masterKey.fill(0);
      k?.masterSalt.fill(0);
    }
  }
};
function isBytes(b) {
  return b instanceof Uint8Array || Object.prototype.toString.call(b) === "[object Uint8Array]";
}
function wireFailure(e) {
  if (isSrtpError(e) && e.code === "MALFORMED") {
    return FAILURES.MALFORMED;
  }
  throw e;
}
function checkRocArguments(ssrc, roc) {
  if (!Number.isInteger(ssrc) || ssrc < 0 || ssrc > 4294967295) {
    throw new RangeError(`"ssrc" expected a u32, got ${ssrc}`);
  }
  if (!Number.isInteger(roc) || roc < 0 || roc > 4294967295) {
    throw new RangeError(`"roc" expected a u32, got ${roc}`);
  }
}

// packages/srtp/src/session-pair.ts
function createSrtpSessionPair(options) {
  const { local, remote } = options;
  if (sameBytes(local.masterKey, remote.masterKey) && sameBytes(local.masterSalt, remote.masterSalt)) {
    throw new RangeError('"local" and "remote" use the same master key: SDES keys must differ per direction (RFC 4568 \xA76.1)');
  }
  return { send: new SrtpSession(local), receive: new SrtpSession(remote) };
}
function sameBytes(a, b) {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

// packages/rtp/src/errors.ts
var RtpError = class extends Error {
  name = "RtpError";
  /** Stable machine-readable reason. */
  code;
  /** Byte offset into the parsed input where the problem was found, when known. */
  offset;
  /**
   * @param code - the stable reason.
   * @param message - a human-readable explanation.
   * @param offset - the byte offset into the input.
   * @param options - standard `ErrorOptions` (`cause`).
   */
  constructor(code, message, offset, options) {
    super(message, options);
    this.code = code;
    this.offset = offset;
  }
};
function isRtpError(e) {
  return e instanceof Error && e.name === "RtpError";
}
var CodecNegotiationError = class extends Error {
  name = "CodecNegotiationError";
  /** Stable code; never renamed. */
  code;
  /**
   * @param code - Why negotiation failed.
   * @param message - Human-readable detail.
   * @param options - Standard error options (`cause`).
   */
  constructor(code, message, options) {
    super(message, options);
    this.code = code;
  }
};

// packages/rtp/src/packet/rtp-packet.ts
var RTP_FIXED_HEADER_LENGTH = 12;
var NO_CSRCS = Object.freeze([]);
function parseRtpPacket(bytes) {
  const length = bytes.length;
  if (length < RTP_FIXED_HEADER_LENGTH) {
    throw new RtpError("TRUNCATED", `RTP packet needs 12 bytes, got ${length}`, 0);
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 >> 6 !== 2) {
    throw new RtpError("BAD_VERSION", `RTP version must be 2, got ${b0 >> 6}`, 0);
  }
  let offset = RTP_FIXED_HEADER_LENGTH;
  let csrcs = NO_CSRCS;
  const cc = b0 & 15;
  if (cc !== 0) {
    if (offset + cc * 4 > length) {
      throw new RtpError("BAD_CSRC_COUNT", `${cc} CSRCs need ${cc * 4} bytes at offset 12, ${length - 12} left`, 12);
    }
    const list = new Array(cc);
    for (let i = 0; i < cc; i++, offset += 4) {
      list[i] = readU322(bytes, offset);
    }
    csrcs = list;
  }
  let extension;
  if ((b0 & 16) !== 0) {
    if (offset + 4 > length) {
      throw new RtpError("BAD_EXTENSION_LENGTH", `header extension header at offset ${offset} runs past the end`, offset);
    }
    const profile = bytes[offset] << 8 | bytes[offset + 1];
    const words2 = bytes[offset + 2] << 8 | bytes[offset + 3];
    const start = offset + 4;
    const end = start + words2 * 4;
    if (end > length) {
      throw new RtpError(
        "BAD_EXTENSION_LENGTH",
        `header extension of ${words2 * 4} bytes at offset ${start} exceeds remaining ${length - start}`,
        offset + 2
      );
    }
    extension = { profile, data: bytes.subarray(start, end) };
    offset = end;
  }
  let payloadEnd = length;
  let paddingLength = 0;
  if ((b0 & 32) !== 0) {
    paddingLength = bytes[length - 1];
    if (paddingLength === 0 || paddingLength > length - offset) {
      throw new RtpError(
        "BAD_PADDING",
        `padding count ${paddingLength} is 0 or exceeds the ${length - offset} bytes after the header`,
        length - 1
      );
    }
    payloadEnd = length - paddingLength;
  }
  return {
    payloadType: b1 & 127,
    sequenceNumber: bytes[2] << 8 | bytes[3],
    timestamp: readU322(bytes, 4),
    ssrc: readU322(bytes, 8),
    marker: b1 >= 128,
    csrcs,
    extension,
    // header + payload + padding == length by construction: the final length check of RFC 3550 A.1.
    payload: bytes.subarray(offset, payloadEnd),
    paddingLength
  };
}
function rtpPacketByteLength(packet) {
  const ext = packet.extension;
  return RTP_FIXED_HEADER_LENGTH + (packet.csrcs === void 0 ? 0 : packet.csrcs.length * 4) + (ext === void 0 ? 0 : 4 + ext.data.length) + packet.payload.length + (packet.paddingLength ?? 0);
}
function serializeRtpPacketInto(packet, out, offset = 0) {
  const { payloadType, sequenceNumber, timestamp, ssrc, payload } = packet;
  const csrcs = packet.csrcs ?? NO_CSRCS;
  const ext = packet.extension;
  const paddingLength = packet.paddingLength ?? 0;
  if ((payloadType & 127) !== payloadType) {
    throw new RangeError(`"payloadType" expected an integer 0..127, got ${payloadType}`);
  }
  if ((sequenceNumber & 65535) !== sequenceNumber) {
    throw new RangeError(`"sequenceNumber" expected an integer 0..65535, got ${sequenceNumber}`);
  }
  if (timestamp >>> 0 !== timestamp) {
    throw new RangeError(`"timestamp" expected an integer 0..2^32-1, got ${timestamp}`);
  }
  if (ssrc >>> 0 !== ssrc) {
    throw new RangeError(`"ssrc" expected an integer 0..2^32-1, got ${ssrc}`);
  }
  if (csrcs.length > 15) {
    throw new RangeError(`"csrcs" expected at most 15 entries, got ${csrcs.length}`);
  }
  for (const csrc of csrcs) {
    if (csrc >>> 0 !== csrc) {
      throw new RangeError(`"csrcs" expected 32-bit unsigned integers, got ${csrc}`);
    }
  }
  if ((paddingLength & 255) !== paddingLength) {
    throw new RangeError(`"paddingLength" expected an integer 0..255, got ${paddingLength}`);
  }
  if (ext !== void 0 && (ext.data.length % 4 !== 0 || ext.data.length > 262140 || (ext.profile & 65535) !== ext.profile)) {
    throw new RangeError(
      `"extension" expected a 16-bit profile and data of a multiple of 4 bytes up to 262140, got profile ${ext.profile} and ${ext.data.length} bytes`
    );
  }
  const total = rtpPacketByteLength(packet);
  if (!Number.isInteger(offset) || offset < 0 || out.length - offset < total) {
    throw new RangeError(`"out" expected ${total} bytes from offset ${offset}, got ${out.length - offset}`);
  }
  let o = offset;
  out[o] = 128 | (paddingLength !== 0 ? 32 : 0) | (ext !== void 0 ? 16 : 0) | csrcs.length;
  out[o + 1] = (packet.marker === true ? 128 : 0) | payloadType;
  out[o + 2] = sequenceNumber >>> 8;
  out[o + 3] = sequenceNumber & 255;
  writeU322(out, o + 4, timestamp);
  writeU322(out, o + 8, ssrc);
  o += RTP_FIXED_HEADER_LENGTH;
  for (const csrc of csrcs) {
    writeU322(out, o, csrc);
    o += 4;
  }
  if (ext !== void 0) {
    const words2 = ext.data.length >>> 2;
    out[o] = ext.profile >>> 8;
    out[o + 1] = ext.profile & 255;
    out[o + 2] = words2 >>> 8;
    out[o + 3] = words2 & 255;
    out.set(ext.data, o + 4);
    o += 4 + ext.data.length;
  }
  out.set(payload, o);
  o += payload.length;
  if (paddingLength !== 0) {
    out.fill(0, o, o + paddingLength - 1);
    out[o + paddingLength - 1] = paddingLength;
    o += paddingLength;
  }
  return o - offset;
}
function serializeRtpPacket(packet) {
  const out = new Uint8Array(rtpPacketByteLength(packet));
  serializeRtpPacketInto(packet, out, 0);
  return out;
}
function readU322(bytes, offset) {
  return (bytes[offset] << 24 | bytes[offset + 1] << 16 | bytes[offset + 2] << 8 | bytes[offset + 3]) >>> 0;
}
function writeU322(out, offset, value) {
  out[offset] = value >>> 24;
  out[offset + 1] = value >>> 16 & 255;
  out[offset + 2] = value >>> 8 & 255;
  out[offset + 3] = value & 255;
}

// packages/rtp/src/packet/demux.ts
var RTP_MIN_LENGTH = 12;
var RTCP_MIN_LENGTH = 8;
function isRtcpPacket(bytes) {
  if (bytes.length < RTCP_MIN_LENGTH) {
    return false;
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  return b0 >= 128 && b0 <= 191 && b1 >= 192 && b1 <= 223;
}
function isRtpPacket(bytes) {
  if (bytes.length < RTP_MIN_LENGTH) {
    return false;
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  return b0 >= 128 && b0 <= 191 && (b1 < 192 || b1 > 223);
}
function isRtpOrRtcp(bytes) {
  return isRtpPacket(bytes) || isRtcpPacket(bytes);
}

// packages/rtp/src/rtcp/rtcp-codec.ts
var RTCP_HEADER_LENGTH = 4;
function viewOf(bytes) {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
function checkUint(name, value, bits) {
  if (!Number.isInteger(value) || value < 0 || value > 2 ** bits - 1) {
    throw new RangeError(`"${name}" expected an integer 0..2^${bits}-1, got ${value}`);
  }
}
var encoder = new TextEncoder();
var strict = new TextDecoder("utf-8", { fatal: true });
var lossy = new TextDecoder("utf-8", { fatal: false });
function utf8Bytes(name, text, raw) {
  const bytes = raw ?? encoder.encode(text);
  if (bytes.length > 255) {
    throw new RangeError(`"${name}" expected at most 255 UTF-8 bytes, got ${bytes.length}`);
  }
  return bytes;
}
function utf8Text(bytes) {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    return { text: lossy.decode(bytes), raw: bytes };
  }
}
function clipUtf8(text, max) {
  const bytes = encoder.encode(text);
  if (bytes.length <= max) {
    return { text, bytes };
  }
  let cut = max;
  while (cut > 0 && (bytes[cut] & 192) === 128) {
    cut--;
  }
  const kept = bytes.subarray(0, cut);
  return { text: strict.decode(kept), bytes: kept };
}
function pad4(n) {
  return n + 3 & ~3;
}

// packages/rtp/src/rtcp/rtcp-report-block.ts
var RTCP_REPORT_BLOCK_LENGTH = 24;
function readReportBlock(view2, offset) {
  const word = view2.getUint32(offset + 4);
  return {
    ssrc: view2.getUint32(offset),
    fractionLost: word >>> 24,
    // RFC 3550 §6.4.1: cumulative lost is a signed 24-bit integer; sign-extend.
    cumulativeLost: word << 8 >> 8,
    highestSequence: view2.getUint32(offset + 8),
    jitter: view2.getUint32(offset + 12),
    lastSenderReport: view2.getUint32(offset + 16),
    delaySinceLastSenderReport: view2.getUint32(offset + 20)
  };
}
function checkReportBlock(block) {
  checkUint("ssrc", block.ssrc, 32);
  checkUint("fractionLost", block.fractionLost, 8);
  if (!Number.isInteger(block.cumulativeLost) || block.cumulativeLost < -8388608 || block.cumulativeLost > 8388607) {
    throw new RangeError(`"cumulativeLost" expected an integer -8388608..8388607, got ${block.cumulativeLost}`);
  }
  checkUint("highestSequence", block.highestSequence, 32);
  checkUint("jitter", block.jitter, 32);
  checkUint("lastSenderReport", block.lastSenderReport, 32);
  checkUint("delaySinceLastSenderReport", block.delaySinceLastSenderReport, 32);
}
function writeReportBlock(view2, offset, block) {
  view2.setUint32(offset, block.ssrc);
  view2.setUint32(offset + 4, (block.fractionLost << 24 | block.cumulativeLost & 16777215) >>> 0);
  view2.setUint32(offset + 8, block.highestSequence);
  view2.setUint32(offset + 12, block.jitter);
  view2.setUint32(offset + 16, block.lastSenderReport);
  view2.setUint32(offset + 20, block.delaySinceLastSenderReport);
}

// packages/rtp/src/rtcp/rtcp-source-description.ts
var RtcpSdesItemType = { END: 0, CNAME: 1, NAME: 2, EMAIL: 3, PHONE: 4, LOC: 5, TOOL: 6, NOTE: 7, PRIV: 8 };
function chunkLength(chunk) {
  let n = 4;
  for (const item of chunk.items) {
    n += 2 + utf8Bytes("text", item.text, item.data).length;
  }
  return n + 1 + 3 & ~3;
}
var sourceDescriptionCodec = {
  count: (p) => p.chunks.length,
  bodyLength: (p) => p.chunks.reduce((sum, c) => sum + chunkLength(c), 0),
  check(p) {
    if (p.chunks.length > 31) {
      throw new RangeError(`"chunks" expected at most 31 chunks, got ${p.chunks.length}`);
    }
    for (const chunk of p.chunks) {
      checkUint("ssrc", chunk.ssrc, 32);
      for (const item of chunk.items) {
        if (!Number.isInteger(item.type) || item.type < 1 || item.type > 255) {
          throw new RangeError(`"type" expected an SDES item type 1..255, got ${item.type}`);
        }
        utf8Bytes("text", item.text, item.data);
      }
    }
  },
  write(p, out, view2, offset) {
    let o = offset;
    for (const chunk of p.chunks) {
      const start = o;
      view2.setUint32(o, chunk.ssrc);
      o += 4;
      for (const item of chunk.items) {
        const text = utf8Bytes("text", item.text, item.data);
        out[o] = item.type;
        out[o + 1] = text.length;
        out.set(text, o + 2);
        o += 2 + text.length;
      }
      const end = start + chunkLength(chunk);
      out.fill(0, o, end);
      o = end;
    }
  },
  read(bytes, view2, start, end, count) {
    const chunks = [];
    let o = start;
    for (let c = 0; c < count; c++) {
      if (o + 4 > end) {
        throw new RtpError("BAD_RTCP_PACKET", `SDES chunk ${c} of ${count} at offset ${o} runs past the packet`, o);
      }
      const ssrc = view2.getUint32(o);
      o += 4;
      const items = [];
      for (; ; ) {
        if (o >= end) {
          throw new RtpError("BAD_RTCP_PACKET", `SDES chunk ${c} at offset ${o} has no END item`, o);
        }
        const type = bytes[o];
        if (type === 0) {
          break;
        }
        if (o + 2 > end || o + 2 + bytes[o + 1] > end) {
          throw new RtpError("BAD_RTCP_PACKET", `SDES item at offset ${o} runs past the packet`, o);
        }
        const length = bytes[o + 1];
        const { text, raw } = utf8Text(bytes.subarray(o + 2, o + 2 + length));
        items.push(raw === void 0 ? { type, text } : { type, text, data: raw });
        o += 2 + length;
      }
      o = start + (o - start + 1 + 3 & ~3);
      if (o > end) {
        throw new RtpError("BAD_RTCP_PACKET", `SDES chunk ${c} padding runs past the packet`, end);
      }
      chunks.push({ ssrc, items });
    }
    if (o !== end) {
      throw new RtpError("BAD_RTCP_PACKET", `SDES has ${end - o} bytes after its ${count} chunks`, o);
    }
    return { type: "SDES", chunks };
  }
};

// packages/rtp/src/rtcp/rtcp-generic-nack.ts
var genericNackCodec = {
  count: () => 1,
  bodyLength: (p) => 8 + p.items.length * 4,
  check(p) {
    checkUint("senderSsrc", p.senderSsrc, 32);
    checkUint("mediaSsrc", p.mediaSsrc, 32);
    if (p.items.length === 0) {
      throw new RangeError('"items" expected at least 1 NACK entry, got 0');
    }
    for (const item of p.items) {
      checkUint("pid", item.pid, 16);
      checkUint("blp", item.blp, 16);
    }
  },
  write(p, _out, view2, o) {
    view2.setUint32(o, p.senderSsrc);
    view2.setUint32(o + 4, p.mediaSsrc);
    let at = o + 8;
    for (const item of p.items) {
      view2.setUint16(at, item.pid);
      view2.setUint16(at + 2, item.blp);
      at += 4;
    }
  },
  read(_bytes, view2, start, end) {
    if (end - start < 12 || (end - start) % 4 !== 0) {
      throw new RtpError("BAD_RTCP_PACKET", `generic NACK body must be 8 + 4n bytes (n >= 1), got ${end - start}`, start);
    }
    const items = [];
    for (let o = start + 8; o < end; o += 4) {
      items.push({ pid: view2.getUint16(o), blp: view2.getUint16(o + 2) });
    }
    return { type: "NACK", senderSsrc: view2.getUint32(start), mediaSsrc: view2.getUint32(start + 4), items };
  }
};

// packages/rtp/src/rtcp/rtcp-app.ts
var appCodec = {
  count: (p) => p.subtype,
  bodyLength: (p) => 8 + p.data.length,
  check(p) {
    checkUint("subtype", p.subtype, 5);
    checkUint("ssrc", p.ssrc, 32);
    if (p.name.length !== 4 || !/^[\x00-\xff]{4}$/.test(p.name)) {
      throw new RangeError(`"name" expected 4 ASCII (or Latin-1) characters, got ${JSON.stringify(p.name)}`);
    }
  },
  write(p, out, view2, o) {
    view2.setUint32(o, p.ssrc);
    for (let i = 0; i < 4; i++) {
      out[o + 4 + i] = p.name.charCodeAt(i);
    }
    out.set(p.data, o + 8);
  },
  read(bytes, view2, start, end, count) {
    if (start + 8 > end) {
      throw new RtpError("BAD_RTCP_PACKET", `APP needs 8 body bytes, has ${end - start}`, start);
    }
    let name = "";
    for (let i = 0; i < 4; i++) {
      name += String.fromCharCode(bytes[start + 4 + i]);
    }
    return { type: "APP", subtype: count, ssrc: view2.getUint32(start), name, data: bytes.subarray(start + 8, end) };
  }
};

// packages/rtp/src/rtcp/rtcp-bye.ts
var byeCodec = {
  count: (p) => p.ssrcs.length,
  bodyLength: (p) => p.ssrcs.length * 4 + (p.reason === void 0 ? 0 : pad4(1 + utf8Bytes("reason", p.reason, p.reasonData).length)),
  check(p) {
    if (p.ssrcs.length > 31) {
      throw new RangeError(`"ssrcs" expected at most 31 sources, got ${p.ssrcs.length}`);
    }
    for (const ssrc of p.ssrcs) {
      checkUint("ssrcs", ssrc, 32);
    }
    if (p.reason !== void 0) {
      utf8Bytes("reason", p.reason, p.reasonData);
    }
  },
  write(p, out, view2, offset) {
    let o = offset;
    for (const ssrc of p.ssrcs) {
      view2.setUint32(o, ssrc);
      o += 4;
    }
    if (p.reason !== void 0) {
      const text = utf8Bytes("reason", p.reason, p.reasonData);
      out[o] = text.length;
      out.set(text, o + 1);
      out.fill(0, o + 1 + text.length, o + pad4(1 + text.length));
    }
  },
  read(bytes, view2, start, end, count) {
    if (start + count * 4 > end) {
      throw new RtpError("BAD_RTCP_PACKET", `BYE with ${count} sources needs ${count * 4} body bytes, has ${end - start}`, start);
    }
    const ssrcs = [];
    let o = start;
    for (let i = 0; i < count; i++, o += 4) {
      ssrcs.push(view2.getUint32(o));
    }
    if (o === end) {
      return { type: "BYE", ssrcs };
    }
    const length = bytes[o];
    if (pad4(o + 1 + length - start) + start !== end) {
      throw new RtpError("BAD_RTCP_PACKET", `BYE reason of ${length} bytes at offset ${o} does not fill the packet`, o);
    }
    const { text, raw } = utf8Text(bytes.subarray(o + 1, o + 1 + length));
    return raw === void 0 ? { type: "BYE", ssrcs, reason: text } : { type: "BYE", ssrcs, reason: text, reasonData: raw };
  }
};

// packages/rtp/src/rtcp/rtcp-full-intra-request.ts
var fullIntraRequestCodec = {
  count: () => 4,
  bodyLength: (p) => 8 + p.entries.length * 8,
  check(p) {
    checkUint("senderSsrc", p.senderSsrc, 32);
    checkUint("mediaSsrc", p.mediaSsrc, 32);
    if (p.entries.length === 0) {
      throw new RangeError('"entries" expected at least 1 FIR entry, got 0');
    }
    for (const e of p.entries) {
      checkUint("ssrc", e.ssrc, 32);
      checkUint("sequenceNumber", e.sequenceNumber, 8);
    }
  },
  write(p, _out, view2, o) {
    view2.setUint32(o, p.senderSsrc);
    view2.setUint32(o + 4, p.mediaSsrc);
    let at = o + 8;
    for (const e of p.entries) {
      view2.setUint32(at, e.ssrc);
      view2.setUint32(at + 4, e.sequenceNumber << 24 >>> 0);
      at += 8;
    }
  },
  read(_bytes, view2, start, end) {
    if (end - start < 16 || (end - start - 8) % 8 !== 0) {
      throw new RtpError("BAD_RTCP_PACKET", `FIR body must be 8 + 8n bytes (n >= 1), got ${end - start}`, start);
    }
    const entries = [];
    for (let o = start + 8; o < end; o += 8) {
      entries.push({ ssrc: view2.getUint32(o), sequenceNumber: view2.getUint8(o + 4) });
    }
    return { type: "FIR", senderSsrc: view2.getUint32(start), mediaSsrc: view2.getUint32(start + 4), entries };
  }
};

// packages/rtp/src/rtcp/rtcp-picture-loss-indication.ts
var pictureLossIndicationCodec = {
  count: () => 1,
  bodyLength: () => 8,
  check(p) {
    checkUint("senderSsrc", p.senderSsrc, 32);
    checkUint("mediaSsrc", p.mediaSsrc, 32);
  },
  write(p, _out, view2, o) {
    view2.setUint32(o, p.senderSsrc);
    view2.setUint32(o + 4, p.mediaSsrc);
  },
  read(_bytes, view2, start, end) {
    if (end - start !== 8) {
      throw new RtpError("BAD_RTCP_PACKET", `PLI body must be 8 bytes, got ${end - start}`, start);
    }
    return { type: "PLI", senderSsrc: view2.getUint32(start), mediaSsrc: view2.getUint32(start + 4) };
  }
};

// packages/rtp/src/rtcp/rtcp-sender-report.ts
var senderReportCodec = {
  count: (p) => p.reports.length,
  bodyLength: (p) => 24 + p.reports.length * RTCP_REPORT_BLOCK_LENGTH + (p.profileExtension?.length ?? 0),
  check(p) {
    checkUint("ssrc", p.ssrc, 32);
    if (typeof p.ntpTimestamp !== "bigint" || p.ntpTimestamp < 0n || p.ntpTimestamp > 0xffffffffffffffffn) {
      throw new RangeError(`"ntpTimestamp" expected a bigint 0..2^64-1, got ${String(p.ntpTimestamp)}`);
    }
    checkUint("rtpTimestamp", p.rtpTimestamp, 32);
    checkUint("packetCount", p.packetCount, 32);
    checkUint("octetCount", p.octetCount, 32);
    checkReports(p.reports);
  },
  write(p, out, view2, o) {
    view2.setUint32(o, p.ssrc);
    view2.setBigUint64(o + 4, p.ntpTimestamp);
    view2.setUint32(o + 12, p.rtpTimestamp);
    view2.setUint32(o + 16, p.packetCount);
    view2.setUint32(o + 20, p.octetCount);
    writeReports(p.reports, p.profileExtension, out, view2, o + 24);
  },
  read(bytes, view2, start, end, count) {
    if (start + 24 + count * RTCP_REPORT_BLOCK_LENGTH > end) {
      throw new RtpError("BAD_RTCP_PACKET", `SR with ${count} report blocks needs ${24 + count * 24} body bytes, has ${end - start}`, start);
    }
    const [reports, profileExtension] = readReports(bytes, view2, start + 24, end, count);
    const sr = {
      type: "SR",
      ssrc: view2.getUint32(start),
      ntpTimestamp: view2.getBigUint64(start + 4),
      rtpTimestamp: view2.getUint32(start + 12),
      packetCount: view2.getUint32(start + 16),
      octetCount: view2.getUint32(start + 20),
      reports
    };
    return profileExtension === void 0 ? sr : { ...sr, profileExtension };
  }
};
function checkReports(reports) {
  if (reports.length > 31) {
    throw new RangeError(`"reports" expected at most 31 report blocks, got ${reports.length}`);
  }
  for (const block of reports) {
    checkReportBlock(block);
  }
}
function writeReports(reports, profileExtension, out, view2, offset) {
  let o = offset;
  for (const block of reports) {
    writeReportBlock(view2, o, block);
    o += RTCP_REPORT_BLOCK_LENGTH;
  }
  if (profileExtension !== void 0) {
    out.set(profileExtension, o);
  }
}
function readReports(bytes, view2, offset, end, count) {
  const reports = [];
  let o = offset;
  for (let i = 0; i < count; i++, o += RTCP_REPORT_BLOCK_LENGTH) {
    reports.push(readReportBlock(view2, o));
  }
  return [reports, o < end ? bytes.subarray(o, end) : void 0];
}

// packages/rtp/src/rtcp/rtcp-receiver-report.ts
var receiverReportCodec = {
  count: (p) => p.reports.length,
  bodyLength: (p) => 4 + p.reports.length * RTCP_REPORT_BLOCK_LENGTH + (p.profileExtension?.length ?? 0),
  check(p) {
    checkUint("ssrc", p.ssrc, 32);
    checkReports(p.reports);
  },
  write(p, out, view2, o) {
    view2.setUint32(o, p.ssrc);
    writeReports(p.reports, p.profileExtension, out, view2, o + 4);
  },
  read(bytes, view2, start, end, count) {
    if (start + 4 + count * RTCP_REPORT_BLOCK_LENGTH > end) {
      throw new RtpError("BAD_RTCP_PACKET", `RR with ${count} report blocks needs ${4 + count * 24} body bytes, has ${end - start}`, start);
    }
    const [reports, profileExtension] = readReports(bytes, view2, start + 4, end, count);
    const rr = { type: "RR", ssrc: view2.getUint32(start), reports };
    return profileExtension === void 0 ? rr : { ...rr, profileExtension };
  }
};

// packages/rtp/src/rtcp/rtcp-unknown.ts
var unknownCodec = {
  count: (p) => p.count,
  bodyLength: (p) => p.body.length,
  check(p) {
    checkUint("packetType", p.packetType, 8);
    checkUint("count", p.count, 5);
  },
  write(p, out, _view, o) {
    out.set(p.body, o);
  },
  read() {
    throw new Error("unreachable: unknown packets are read by readRtcpPacket");
  }
};

// packages/rtp/src/rtcp/rtcp-packet.ts
function codecOf(p) {
  const pick = (pt, codec) => [
    pt,
    codec
  ];
  switch (p.type) {
    case "SR":
      return pick(200, senderReportCodec);
    case "RR":
      return pick(201, receiverReportCodec);
    case "SDES":
      return pick(202, sourceDescriptionCodec);
    case "BYE":
      return pick(203, byeCodec);
    case "APP":
      return pick(204, appCodec);
    case "NACK":
      return pick(205, genericNackCodec);
    case "PLI":
      return pick(206, pictureLossIndicationCodec);
    case "FIR":
      return pick(206, fullIntraRequestCodec);
    case "UNKNOWN":
      return pick(p.packetType, unknownCodec);
    default:
      throw new TypeError(`"type" expected an RTCP packet type, got ${String(p.type)}`);
  }
}
function readRtcpPacket(bytes, offset, view2 = viewOf(bytes)) {
  if (offset + RTCP_HEADER_LENGTH > bytes.length) {
    throw new RtpError("TRUNCATED", `RTCP header at offset ${offset} needs 4 bytes, ${bytes.length - offset} left`, offset);
  }
  const b0 = bytes[offset];
  if (b0 >> 6 !== 2) {
    throw new RtpError("BAD_VERSION", `RTCP version must be 2, got ${b0 >> 6} at offset ${offset}`, offset);
  }
  const count = b0 & 31;
  const packetType = bytes[offset + 1];
  const end = offset + (view2.getUint16(offset + 2) + 1) * 4;
  if (end > bytes.length) {
    throw new RtpError(
      "BAD_RTCP_LENGTH",
      `RTCP packet at offset ${offset} claims ${end - offset} bytes, ${bytes.length - offset} left`,
      offset + 2
    );
  }
  let bodyEnd = end;
  let paddingLength = 0;
  if ((b0 & 32) !== 0) {
    paddingLength = bytes[end - 1];
    if (paddingLength === 0 || paddingLength > end - offset - RTCP_HEADER_LENGTH) {
      throw new RtpError("BAD_PADDING", `RTCP padding count ${paddingLength} at offset ${end - 1} is 0 or too long`, end - 1);
    }
    bodyEnd = end - paddingLength;
  }
  const start = offset + RTCP_HEADER_LENGTH;
  let packet;
  switch (packetType) {
    case 200:
      packet = senderReportCodec.read(bytes, view2, start, bodyEnd, count);
      break;
    case 201:
      packet = receiverReportCodec.read(bytes, view2, start, bodyEnd, count);
      break;
    case 202:
      packet = sourceDescriptionCodec.read(bytes, view2, start, bodyEnd, count);
      break;
    case 203:
      packet = byeCodec.read(bytes, view2, start, bodyEnd, count);
      break;
    case 204:
      packet = appCodec.read(bytes, view2, start, bodyEnd, count);
      break;
    case 205:
      packet = count === 1 ? genericNackCodec.read(bytes, view2, start, bodyEnd, count) : unknown();
      break;
    case 206:
      packet = count === 1 ? pictureLossIndicationCodec.read(bytes, view2, start, bodyEnd, count) : count === 4 ? fullIntraRequestCodec.read(bytes, view2, start, bodyEnd, count) : unknown();
      break;
    default:
      packet = unknown();
  }
  return [paddingLength === 0 ? packet : { ...packet, paddingLength }, end];
  function unknown() {
    return { type: "UNKNOWN", packetType, count, body: bytes.subarray(start, bodyEnd) };
  }
}
function rtcpPacketByteLength(packet) {
  return RTCP_HEADER_LENGTH + codecOf(packet)[1].bodyLength(packet) + (packet.paddingLength ?? 0);
}
function writeRtcpPacket(packet, out, view2, offset) {
  const [packetType, codec] = codecOf(packet);
  codec.check(packet);
  const padding = packet.paddingLength ?? 0;
  if (!Number.isInteger(padding) || padding < 0 || padding > 255) {
    throw new RangeError(`"paddingLength" expected an integer 0..255, got ${padding}`);
  }
  const total = RTCP_HEADER_LENGTH + codec.bodyLength(packet) + padding;
  if (total % 4 !== 0 || total > 262144) {
    throw new RangeError(`RTCP packet expected a multiple of 4 bytes up to 262144, got ${total}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || out.length - offset < total) {
    throw new RangeError(`"out" expected ${total} bytes from offset ${offset}, got ${out.length - offset}`);
  }
  out[offset] = 128 | (padding !== 0 ? 32 : 0) | codec.count(packet);
  out[offset + 1] = packetType;
  view2.setUint16(offset + 2, total / 4 - 1);
  codec.write(packet, out, view2, offset + RTCP_HEADER_LENGTH);
  if (padding !== 0) {
    out.fill(0, offset + total - padding, offset + total - 1);
    out[offset + total - 1] = padding;
  }
  return total;
}

// packages/rtp/src/rtcp/rtcp-compound.ts
function parseRtcpCompound(bytes, options) {
  const strict2 = options?.strict ?? true;
  if (bytes.length === 0) {
    throw new RtpError("TRUNCATED", "empty RTCP compound packet", 0);
  }
  const view2 = viewOf(bytes);
  const packets = [];
  let offset = 0;
  while (offset < bytes.length) {
    const [packet, next] = readRtcpPacket(bytes, offset, view2);
    if (strict2) {
      if (offset === 0 && packet.type !== "SR" && packet.type !== "RR") {
        throw new RtpError("BAD_RTCP_COMPOUND", `compound starts with ${describe(packet)}, not SR or RR`, 0);
      }
      if (offset === 0 && (bytes[0] & 32) !== 0) {
        throw new RtpError("BAD_RTCP_COMPOUND", "the first packet of a compound has the padding bit set", 0);
      }
      if (next < bytes.length && (packet.paddingLength ?? 0) !== 0) {
        throw new RtpError("BAD_RTCP_COMPOUND", `padded RTCP packet at offset ${offset} is not the last`, offset);
      }
    }
    packets.push(packet);
    offset = next;
  }
  return packets;
}
function describe(p) {
  return p.type === "UNKNOWN" ? `packet type ${p.packetType}` : p.type;
}
function rtcpCompoundByteLength(packets) {
  let n = 0;
  for (const p of packets) {
    n += rtcpPacketByteLength(p);
  }
  return n;
}
function serializeRtcpCompoundInto(packets, out, offset = 0) {
  if (packets.length === 0) {
    throw new RangeError('"packets" expected at least 1 RTCP packet, got 0');
  }
  const view2 = viewOf(out);
  let o = offset;
  for (const p of packets) {
    o += writeRtcpPacket(p, out, view2, o);
  }
  return o - offset;
}
function serializeRtcpCompound(packets) {
  const out = new Uint8Array(rtcpCompoundByteLength(packets));
  serializeRtcpCompoundInto(packets, out, 0);
  return out;
}

// packages/rtp/src/statistics/sequence.ts
var MIN_SEQUENTIAL = 2;
var MAX_DROPOUT = 3e3;
var MAX_MISORDER = 100;
var RTP_SEQ_MOD = 65536;
var RtpSequenceTracker = class {
  /** Highest sequence number seen (16 bits). */
  maxSeq;
  /** Shifted count of sequence number cycles (multiples of 65536). */
  cycles = 0;
  /** First sequence number counted (after probation). */
  baseSeq;
  /** Last "bad" sequence number + 1: a jump is accepted when the next packet follows it. */
  badSeq = RTP_SEQ_MOD + 1;
  /** Sequential packets still needed before the source is valid; 0 = valid. */
  probation;
  /** Packets in sequence needed to validate a source (and to re-validate it after a gap in probation). */
  #minSequential;
  /** Packets counted (A.1 `received`): duplicates count too, which is why loss may go negative. */
  received = 0;
  /** `expected` at the previous report (A.3). */
  expectedPrior = 0;
  /** `received` at the previous report (A.3). */
  receivedPrior = 0;
  /**
   * Starts tracking at the first packet seen, in probation (RFC 3550 A.1: `init_seq` then
   * `max_seq = seq - 1`, `probation = MIN_SEQUENTIAL`).
   * @param firstSequence - sequence number of the first packet (0..65535).
   * @param minSequential - packets needed in sequence, default {@link MIN_SEQUENTIAL}.
   */
  constructor(firstSequence, minSequential = MIN_SEQUENTIAL) {
    this.baseSeq = firstSequence;
    this.maxSeq = firstSequence - 1 & 65535;
    this.probation = minSequential;
    this.#minSequential = minSequential;
  }
  #init(seq) {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
  }
  /**
   * Feeds one sequence number (RFC 3550 A.1 `update_seq`).
   * @param seq - the packet's 16-bit sequence number.
   * @returns true when the packet is counted; false during probation or for an unconfirmed jump.
   */
  update(seq) {
    const udelta = seq - this.maxSeq & 65535;
    if (this.probation > 0) {
      if (seq === (this.maxSeq + 1 & 65535)) {
        this.probation--;
        this.maxSeq = seq;
        if (this.probation === 0) {
          this.#init(seq);
          this.received++;
          return true;
        }
      } else {
        this.probation = this.#minSequential - 1;
        this.maxSeq = seq;
      }
      return false;
    }
    if (udelta < MAX_DROPOUT) {
      if (seq < this.maxSeq) {
        this.cycles += RTP_SEQ_MOD;
      }
      this.maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      if (seq === this.badSeq) {
        this.#init(seq);
      } else {
        this.badSeq = seq + 1 & 65535;
        return false;
      }
    }
    this.received++;
    return true;
  }
  /** True once probation is over. */
  get valid() {
    return this.probation === 0;
  }
  /** Extended highest sequence number: cycles + max_seq (RFC 3550 A.3). */
  get extendedHighestSequence() {
    return this.cycles + this.maxSeq;
  }
  /** Packets expected: extended max − base + 1 (RFC 3550 A.3); 0 during probation. */
  get expected() {
    return this.valid ? this.extendedHighestSequence - this.baseSeq + 1 : 0;
  }
  /** Cumulative lost: expected − received (RFC 3550 A.3); negative with duplicates. */
  get lost() {
    return this.expected - this.received;
  }
  /**
   * Fraction lost since the previous call, as the 8-bit fixed point of RFC 3550 A.3, and moves the
   * "prior" marks forward.
   * @returns 0..255.
   */
  takeFractionLost() {
    const expected = this.expected;
    const expectedInterval = expected - this.expectedPrior;
    this.expectedPrior = expected;
    const receivedInterval = this.received - this.receivedPrior;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    if (expectedInterval <= 0 || lostInterval <= 0) {
      return 0;
    }
    return Math.min(255, Math.floor(lostInterval * 256 / expectedInterval));
  }
};

// packages/rtp/src/statistics/ntp-time.ts
var NTP_UNIX_EPOCH_OFFSET_SECONDS = 2208988800;
function ntpTimestampFromUnixMs(unixMs) {
  if (!Number.isFinite(unixMs)) {
    throw new RangeError(`"unixMs" expected a finite number, got ${unixMs}`);
  }
  const totalMs = unixMs + NTP_UNIX_EPOCH_OFFSET_SECONDS * 1e3;
  const seconds = Math.floor(totalMs / 1e3);
  const fraction = Math.floor((totalMs - seconds * 1e3) / 1e3 * 2 ** 32);
  return (BigInt(seconds) << 32n) + BigInt(Math.min(fraction, 4294967295)) & 0xffffffffffffffffn;
}
function ntpMiddle32(ntp) {
  return Number(ntp >> 16n & 0xffffffffn);
}

// packages/rtp/src/statistics/receiver-statistics.ts
var RtpReceiverStatistics = class {
  #clockRate;
  #ssrc;
  #sequence;
  #jitter = 0;
  #hasPrevious = false;
  #lastTimestamp = 0;
  #lastArrival = 0;
  #lastSenderReport = 0;
  #lastSenderReportArrivalMs;
  /**
   * @param options - clock rate (Hz) and optionally the SSRC.
   * @throws {RangeError} a clock rate that is not a positive number, or an SSRC outside 32 bits.
   */
  constructor(options) {
    if (!(options.clockRate > 0) || !Number.isFinite(options.clockRate)) {
      throw new RangeError(`"clockRate" expected a positive number, got ${options.clockRate}`);
    }
    if (options.ssrc !== void 0 && (!Number.isInteger(options.ssrc) || options.ssrc < 0 || options.ssrc > 4294967295)) {
      throw new RangeError(`"ssrc" expected an integer 0..2^32-1, got ${options.ssrc}`);
    }
    this.#clockRate = options.clockRate;
    this.#ssrc = options.ssrc;
  }
  /**
   * Feeds one received packet (RFC 3550 A.1 `update_seq`, A.8 jitter). Never throws.
   * @param packet - sequence number, timestamp and SSRC of the packet.
   * @param arrivalTimeMs - arrival time on a monotonic millisecond clock.
   * @returns false when the packet was not counted: another SSRC, still in probation, or an
   *   unconfirmed sequence jump.
   */
  receive(packet, arrivalTimeMs) {
    if (this.#ssrc === void 0) {
      this.#ssrc = packet.ssrc;
    } else if (packet.ssrc !== this.#ssrc) {
      return false;
    }
    const seq = packet.sequenceNumber & 65535;
    this.#sequence ??= new RtpSequenceTracker(seq, MIN_SEQUENTIAL);
    const counted = this.#sequence.update(seq);
    this.#updateJitter(packet.timestamp >>> 0, arrivalTimeMs);
    return counted;
  }
  /**
   * RFC 3550 A.8: transit = arrival (in timestamp units) − RTP timestamp; D = difference of transits;
   * J += (|D| − J) / 16. Computed from successive arrivals, with the timestamp difference taken as a
   * signed 32-bit value so wrap-around of the RTP timestamp does not matter.
   */
  #updateJitter(timestamp, arrivalTimeMs) {
    if (!Number.isFinite(arrivalTimeMs)) {
      return;
    }
    const arrival = arrivalTimeMs * this.#clockRate / 1e3;
    if (this.#hasPrevious) {
      const timestampDelta = timestamp - this.#lastTimestamp | 0;
      const d = Math.abs(arrival - this.#lastArrival - timestampDelta);
      this.#jitter += (d - this.#jitter) / 16;
    }
    this.#hasPrevious = true;
    this.#lastTimestamp = timestamp;
    this.#lastArrival = arrival;
  }
  /**
   * Records an SR from this source, for the LSR / DLSR fields (RFC 3550 §6.4.1).
   * @param report - the sender report.
   * @param arrivalTimeMs - when it arrived, on the same clock as {@link receive}.
   */
  senderReportReceived(report, arrivalTimeMs) {
    if (this.#ssrc !== void 0 && report.ssrc !== this.#ssrc) {
      return;
    }
    this.#lastSenderReport = ntpMiddle32(report.ntpTimestamp);
    this.#lastSenderReportArrivalMs = arrivalTimeMs;
  }
  /**
   * The report block for this source now (RFC 3550 §6.4.1, A.3). Fraction lost covers the interval
   * since the previous call, so call it once per RTCP report.
   * @param nowMs - current time on the same clock as {@link receive}.
   * @returns the block; SSRC 0 while no packet has been seen.
   */
  reportBlock(nowMs) {
    const seq = this.#sequence;
    const fractionLost = seq === void 0 ? 0 : seq.takeFractionLost();
    let dlsr = 0;
    if (this.#lastSenderReportArrivalMs !== void 0) {
      dlsr = Math.round((nowMs - this.#lastSenderReportArrivalMs) / 1e3 * 65536);
      dlsr = Number.isFinite(dlsr) ? Math.min(4294967295, Math.max(0, dlsr)) : 0;
    }
    return {
      ssrc: this.#ssrc ?? 0,
      fractionLost,
      // A.3: clamp to the signed 24-bit field.
      cumulativeLost: Math.max(-8388608, Math.min(8388607, this.packetsLost)),
      highestSequence: this.extendedHighestSequence >>> 0,
      jitter: Math.min(4294967295, Math.floor(this.#jitter)),
      lastSenderReport: this.#lastSenderReportArrivalMs === void 0 ? 0 : this.#lastSenderReport,
      delaySinceLastSenderReport: dlsr
    };
  }
  /** The tracked SSRC, once known. */
  get ssrc() {
    return this.#ssrc;
  }
  /** Packets counted (RFC 3550 A.1 `received`; the probation packets are not). */
  get packetsReceived() {
    return this.#sequence?.received ?? 0;
  }
  /** Cumulative packets lost, expected − received (RFC 3550 A.3); negative with duplicates. */
  get packetsLost() {
    return this.#sequence?.lost ?? 0;
  }
  /** Packets expected (RFC 3550 A.3). */
  get packetsExpected() {
    return this.#sequence?.expected ?? 0;
  }
  /** Extended highest sequence number received (RFC 3550 A.1). */
  get extendedHighestSequence() {
    return this.#sequence?.extendedHighestSequence ?? 0;
  }
  /** Interarrival jitter estimate in timestamp units, unrounded (RFC 3550 A.8). */
  get jitter() {
    return this.#jitter;
  }
  /** The A.1 sequence state, for diagnostics; `undefined` before the first packet. */
  get sequence() {
    return this.#sequence;
  }
};

// packages/rtp/src/statistics/sender-statistics.ts
var RtpSenderStatistics = class {
  #ssrc;
  #clockRate;
  #packets = 0;
  #octets = 0;
  #lastTimestamp;
  #lastSentMs = 0;
  /**
   * @param options - our SSRC and the clock rate.
   * @throws {RangeError} an SSRC outside 32 bits or a clock rate that is not positive.
   */
  constructor(options) {
    if (!Number.isInteger(options.ssrc) || options.ssrc < 0 || options.ssrc > 4294967295) {
      throw new RangeError(`"ssrc" expected an integer 0..2^32-1, got ${options.ssrc}`);
    }
    if (!(options.clockRate > 0) || !Number.isFinite(options.clockRate)) {
      throw new RangeError(`"clockRate" expected a positive number, got ${options.clockRate}`);
    }
    this.#ssrc = options.ssrc;
    this.#clockRate = options.clockRate;
  }
  /**
   * Counts one sent RTP packet: the sender's packet count and payload octet count (RFC 3550 §6.4.1:
   * octets exclude header and padding).
   * @param packet - its RTP timestamp and payload.
   * @param nowMs - Unix milliseconds when it was sent.
   */
  sent(packet, nowMs) {
    this.#packets++;
    this.#octets += packet.payload.length;
    this.#lastTimestamp = packet.timestamp >>> 0;
    this.#lastSentMs = nowMs;
  }
  /**
   * Builds a sender report for `nowMs` (RFC 3550 §6.4.1): NTP time of `nowMs`, the RTP timestamp of
   * the same instant extrapolated from the last sent packet at the clock rate, counts mod 2^32, and
   * the given report blocks.
   * @param nowMs - Unix milliseconds now.
   * @param reports - report blocks for the sources we receive (at most 31).
   * @returns the SR.
   * @throws {RangeError} `nowMs` not finite.
   */
  senderReport(nowMs, reports = []) {
    const ntpTimestamp = ntpTimestampFromUnixMs(nowMs);
    const elapsed = (nowMs - this.#lastSentMs) * this.#clockRate / 1e3;
    const rtpTimestamp = this.#lastTimestamp === void 0 ? 0 : this.#lastTimestamp + Math.round(elapsed) >>> 0;
    return {
      type: "SR",
      ssrc: this.#ssrc,
      ntpTimestamp,
      rtpTimestamp,
      packetCount: this.#packets >>> 0,
      octetCount: this.#octets % 2 ** 32,
      reports: reports.slice(0, 31)
    };
  }
  /** Packets sent so far. */
  get packetsSent() {
    return this.#packets;
  }
  /** Payload octets sent so far. */
  get octetsSent() {
    return this.#octets;
  }
  /** Our SSRC. */
  get ssrc() {
    return this.#ssrc;
  }
};

// packages/rtp/src/transport/address-key.ts
var IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
var HEX_GROUP = /^[0-9a-f]{1,4}$/;
function parseIpv6(text) {
  const halves = text.split("::");
  if (halves.length > 2) {
    return void 0;
  }
  const parsePart = (part) => {
    if (part === "") {
      return [];
    }
    const groups = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] ?? "";
      if (i === pieces.length - 1 && piece.includes(".")) {
        if (!IPV4.test(piece)) {
          return void 0;
        }
        const [a = 0, b = 0, c = 0, d = 0] = piece.split(".").map(Number);
        groups.push(a << 8 | b, c << 8 | d);
      } else if (HEX_GROUP.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return void 0;
      }
    }
    return groups;
  };
  const head = parsePart(halves[0] ?? "");
  if (head === void 0) {
    return void 0;
  }
  if (halves.length === 1) {
    return head.length === 8 ? head : void 0;
  }
  const tail = parsePart(halves[1] ?? "");
  if (tail === void 0 || head.length + tail.length > 7) {
    return void 0;
  }
  return [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
}
function formatIpv6(groups) {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) {
      j++;
    }
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) {
    return hex.join(":");
  }
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
function normalizeIpAddress(address) {
  if (IPV4.test(address)) {
    return address;
  }
  const lower = address.toLowerCase();
  const zoneAt = lower.indexOf("%");
  const bare = zoneAt < 0 ? lower : lower.slice(0, zoneAt);
  const zone = zoneAt < 0 ? "" : lower.slice(zoneAt);
  const groups = parseIpv6(bare);
  if (groups === void 0) {
    return lower;
  }
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 65535) {
    const hi = groups[6] ?? 0;
    const lo = groups[7] ?? 0;
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return formatIpv6(groups) + zone;
}
function transportAddressKey(remote) {
  const address = normalizeIpAddress(remote.address);
  return address.includes(":") ? `[${address}]:${remote.port}` : `${address}:${remote.port}`;
}

// packages/rtp/src/transport/logger.ts
var ignore = () => {
};
var SILENT_LOGGER = Object.freeze({ debug: ignore, warn: ignore, error: ignore });
function safeLog(logger, level, message, details) {
  try {
    logger[level](message, details);
  } catch {
  }
}

// packages/rtp/src/transport/multiplexer.ts
var OUTCOME_COUNTER = {
  rtp: "rtpDelivered",
  rtcp: "rtcpDelivered",
  malformed: "malformed",
  "auth-failed": "authFailed",
  "latch-rejected": "latchRejected",
  unexpected: "unexpected",
  "call-ended": "callEnded",
  "handler-error": "handlerErrors"
};
var RtpMultiplexer = class {
  /** The logger calls inherit unless they are given their own. */
  logger;
  #transport;
  #routes = /* @__PURE__ */ new Map();
  /** Keys in #routes that are only a call's RTCP source: an RTP registration may take them over. */
  #rtcpOnly = /* @__PURE__ */ new Set();
  #keysByCall = /* @__PURE__ */ new Map();
  #wildcard;
  #closed;
  #counters = {
    datagramsReceived: 0,
    notRtpOrRtcp: 0,
    noCall: 0,
    rtpDelivered: 0,
    rtcpDelivered: 0,
    malformed: 0,
    authFailed: 0,
    latchRejected: 0,
    unexpected: 0,
    callEnded: 0,
    handlerErrors: 0,
    datagramsSent: 0
  };
  /**
   * Takes over the transport's datagram handler.
   * @param transport - The socket, e.g. from `createUdpTransport` (`@voip/rtp/node`) or a `StunSocket` (`@voip/stun/node`).
   * @param options - Logger.
   */
  constructor(transport, options = {}) {
    this.#transport = transport;
    this.logger = options.logger ?? SILENT_LOGGER;
    transport.setDatagramHandler((data, remote) => this.#datagramReceived(data, remote));
  }
  /** The transport's bound local address (the port to put in SDP). */
  localAddress() {
    return this.#transport.localAddress();
  }
  /** A snapshot of the counters. */
  counters() {
    return { ...this.#counters };
  }
  /** How many calls are registered (each counted once, whatever its number of routes). */
  get callCount() {
    return this.#keysByCall.size;
  }
  /**
   * Routes datagrams from `address` to `call` and starts the call's RTCP reports. Without rtcp-mux the
   * call's RTCP source (remote port + 1, or `remoteRtcpPort`; RFC 3550 §11, RFC 3605) is routed too.
   *
   * @param address - The remote RTP address, or `null` for the wildcard call (remote not known yet).
   * @param call - A call created with `multiplexer: this` (or `rtcpMultiplexer: this`: then only its RTCP
   *   arrives here, and the RTP multiplexer owns its timers).
   * @throws {TypeError} When the call belongs to another multiplexer.
   * @throws {RtpError} `CLOSED` when the multiplexer is closed, `CALL_ENDED` when the call has ended.
   * @throws {RangeError} When the port is not 1..65535, or the address (or the wildcard) is already
   *   registered to another call.
   * @example
   * ```ts
   * declare const mux: import('@voip/rtp').RtpMultiplexer;
   * declare const call: import('@voip/rtp').RtpCall;
   * mux.registerCall(null, call); // take the first caller that shows up, then latch to it
   * ```
   */
  registerCall(address, call) {
    if (call.multiplexer !== this && call.rtcpMultiplexer !== this) {
      throw new TypeError('"call" expected a call created with this multiplexer (or as its rtcpMultiplexer)');
    }
    if (this.#closed !== void 0) {
      throw new RtpError("CLOSED", '"multiplexer" is closed');
    }
    if (call.ended) {
      throw new RtpError("CALL_ENDED", '"call" has ended (hung up, or the remote sent a BYE)');
    }
    const keys = this.#keysByCall.get(call) ?? /* @__PURE__ */ new Set();
    if (address === null) {
      if (this.#wildcard !== void 0 && this.#wildcard !== call) {
        throw new RangeError('"address" null (wildcard) is already registered to another call');
      }
      this.#wildcard = call;
      keys.add(null);
    } else {
      if (!Number.isInteger(address.port) || address.port < 1 || address.port > 65535) {
        throw new RangeError(`"port" expected 1..65535, got ${address.port}`);
      }
      const key = transportAddressKey(address);
      const owner = this.#routes.get(key);
      if (owner !== void 0 && owner !== call) {
        if (!this.#rtcpOnly.has(key)) {
          throw new RangeError(`"address" ${key} is already registered to another call`);
        }
        this.#keysByCall.get(owner)?.delete(key);
        safeLog(this.logger, "warn", "RTP address was another call's RTCP route; reassigned", { address: key });
      }
      this.#routes.set(key, call);
      this.#rtcpOnly.delete(key);
      keys.add(key);
      const rtcp = call.rtcpRemoteAddress(address);
      if (rtcp !== void 0) {
        const rtcpKey = transportAddressKey(rtcp);
        const rtcpOwner = this.#routes.get(rtcpKey);
        if (rtcpOwner === void 0) {
          this.#routes.set(rtcpKey, call);
          this.#rtcpOnly.add(rtcpKey);
          keys.add(rtcpKey);
        } else if (rtcpOwner !== call) {
          safeLog(this.logger, "warn", "RTCP address already routed to another call", { address: rtcpKey });
        }
      }
    }
    this.#keysByCall.set(call, keys);
    if (call.multiplexer === this) {
      call.start();
    }
  }
  /**
   * Stops routing `address` (and its RTCP route). A call left with no route stops its RTCP timer.
   *
   * @param address - The same address given to {@link registerCall}, or `null` for the wildcard.
   * @returns Whether something was registered there.
   * @example
   * ```ts
   * declare const mux: import('@voip/rtp').RtpMultiplexer;
   * mux.unregisterCall({ address: '192.0.2.1', port: 40000 });
   * ```
   */
  unregisterCall(address) {
    if (address !== null && this.#rtcpOnly.has(transportAddressKey(address))) {
      return false;
    }
    const call = address === null ? this.#wildcard : this.#routes.get(transportAddressKey(address));
    if (call === void 0) {
      return false;
    }
    const keys = this.#keysByCall.get(call);
    if (address === null) {
      this.#wildcard = void 0;
      keys?.delete(null);
    } else {
      const key = transportAddressKey(address);
      this.#routes.delete(key);
      keys?.delete(key);
      const rtcp = call.rtcpRemoteAddress(address);
      if (rtcp !== void 0) {
        const rtcpKey = transportAddressKey(rtcp);
        if (this.#routes.get(rtcpKey) === call && this.#rtcpOnly.has(rtcpKey)) {
          this.#routes.delete(rtcpKey);
          this.#rtcpOnly.delete(rtcpKey);
          keys?.delete(rtcpKey);
        }
      }
    }
    if (keys === void 0 || keys.size === 0) {
      this.#keysByCall.delete(call);
      if (call.multiplexer === this) {
        call.stop();
      }
    }
    return true;
  }
  /**
   * Removes every route of `call` (what {@link RtpCall.hangUp} uses) and stops it.
   * @param call - A registered call.
   * @returns Whether the call was registered.
   * @example
   * ```ts
   * declare const mux: import('@voip/rtp').RtpMultiplexer;
   * declare const call: import('@voip/rtp').RtpCall;
   * mux.removeCall(call);
   * ```
   */
  removeCall(call) {
    const keys = this.#keysByCall.get(call);
    if (keys === void 0) {
      return false;
    }
    for (const key of keys) {
      if (key === null) {
        this.#wildcard = void 0;
      } else if (this.#routes.get(key) === call) {
        this.#routes.delete(key);
        this.#rtcpOnly.delete(key);
      }
    }
    this.#keysByCall.delete(call);
    if (call.multiplexer === this) {
      call.stop();
    }
    return true;
  }
  /**
   * Sends one datagram on the shared socket (what calls use). Network errors go to the transport's hook.
   * @param data - An RTP/SRTP/RTCP datagram.
   * @param remote - Destination.
   * @throws {TypeError} From the transport, for a malformed address; {RangeError} for a port out of range.
   * @example
   * ```ts
   * declare const mux: import('@voip/rtp').RtpMultiplexer;
   * mux.send(new Uint8Array([0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]), { address: '127.0.0.1', port: 4000 });
   * ```
   */
  send(data, remote) {
    this.#transport.send(data, remote);
    this.#counters.datagramsSent++;
  }
  /**
   * Stops every call's RTCP timer (without sending BYE: use `hangUp` for that), detaches from the
   * transport and closes it. Calling it twice is harmless.
   * @returns Resolves when the socket is closed.
   * @example
   * ```ts
   * declare const mux: import('@voip/rtp').RtpMultiplexer;
   * await mux.close();
   * ```
   */
  close() {
    if (this.#closed === void 0) {
      for (const call of [...this.#keysByCall.keys()]) {
        this.removeCall(call);
      }
      this.#transport.setDatagramHandler(void 0);
      this.#closed = this.#transport.close();
    }
    return this.#closed;
  }
  /** The socket handler: never throws, whatever arrives. */
  #datagramReceived(data, remote) {
    const counters2 = this.#counters;
    counters2.datagramsReceived++;
    try {
      if (!isRtpOrRtcp(data)) {
        counters2.notRtpOrRtcp++;
        safeLog(this.logger, "debug", "dropped a datagram that is not RTP or RTCP", { remote, length: data.length });
        return;
      }
      const key = transportAddressKey(remote);
      let direct = this.#routes.get(key);
      if (direct !== void 0 && !isRtcpByte(data) && this.#rtcpOnly.has(key)) {
        direct = void 0;
      }
      const call = direct ?? this.#wildcard;
      if (call === void 0) {
        counters2.noCall++;
        safeLog(this.logger, "debug", "dropped RTP/RTCP from a source with no call", { remote });
        return;
      }
      const outcome = call.datagramReceived(data, remote, direct === void 0);
      counters2[OUTCOME_COUNTER[outcome]]++;
      if (outcome === "handler-error") {
        counters2[isRtcpByte(data) ? "rtcpDelivered" : "rtpDelivered"]++;
      }
    } catch (error) {
      counters2.handlerErrors++;
      safeLog(this.logger, "error", "unexpected error while routing a datagram", { remote, error });
    }
  }
};
function isRtcpByte(data) {
  const b1 = data[1] ?? 0;
  return b1 >= 192 && b1 <= 223;
}

// packages/rtp/src/statistics/report-interval.ts
var RTCP_MIN_INTERVAL_MS = 5e3;
function rtcpIntervalMs(input) {
  const { members, senders, weSent, averageRtcpSize, initial } = input;
  let bandwidth = input.rtcpBandwidth;
  if (!(members >= 1)) {
    throw new RangeError(`"members" expected >= 1, got ${members}`);
  }
  if (!(bandwidth > 0)) {
    throw new RangeError(`"rtcpBandwidth" expected > 0, got ${bandwidth}`);
  }
  if (!(averageRtcpSize > 0)) {
    throw new RangeError(`"averageRtcpSize" expected > 0, got ${averageRtcpSize}`);
  }
  const baseMin = input.minIntervalMs ?? RTCP_MIN_INTERVAL_MS;
  const minMs = initial ? baseMin / 2 : baseMin;
  let n = members;
  if (senders <= members * 0.25) {
    if (weSent) {
      bandwidth *= 0.25;
      n = senders;
    } else {
      bandwidth *= 0.75;
      n -= senders;
    }
  }
  let t = averageRtcpSize * n / bandwidth * 1e3;
  if (t < minMs) {
    t = minMs;
  }
  const random = input.random ?? Math.random();
  return t * (random + 0.5) / (Math.E - 1.5);
}

// packages/rtp/src/call/call-rtcp.ts
var MAX_SOURCES = 32;
var MAX_REPORT_BLOCKS = 31;
var UDP_IP_OVERHEAD = 28;
var DROP_COUNTER = {
  malformed: "malformed",
  "auth-failed": "authFailed",
  "latch-rejected": "latchRejected",
  unexpected: "unexpected",
  "handler-error": "handlerErrors"
};
var CallRtcp = class {
  #ssrc;
  #media;
  #send;
  #logger;
  #enabled;
  #minIntervalMs;
  #rtcpBandwidth;
  #cname;
  #sendClockRate;
  #sender;
  #sources = /* @__PURE__ */ new Map();
  #sendersSinceReport = /* @__PURE__ */ new Set();
  #drops = {
    malformed: 0,
    authFailed: 0,
    latchRejected: 0,
    unexpected: 0,
    handlerErrors: 0
  };
  #timer;
  #running = false;
  /** `tp` of RFC 3550 §6.3: when we last sent a report (or started), on the monotonic clock. */
  #lastReportAt = 0;
  #initial = true;
  /** Sent RTP since our last report. */
  #weSent = false;
  /** Sent RTP in the interval before that (RFC 3550 §6.4: SR when we sent in either of the two). */
  #weSentBefore = false;
  #averageRtcpSize = UDP_IP_OVERHEAD + 100;
  #packetsReceived = 0;
  #octetsReceived = 0;
  #rtcpSent = 0;
  #rtcpReceived = 0;
  #remoteReport;
  #remoteBye;
  #byeReceived = false;
  constructor(init) {
    const { options } = init;
    this.#ssrc = init.ssrc;
    this.#media = init.media;
    this.#send = init.send;
    this.#logger = init.logger;
    this.#enabled = options.enabled ?? true;
    const minIntervalMs = options.minIntervalMs;
    if (minIntervalMs !== void 0 && !(minIntervalMs > 0)) {
      throw new RangeError(`"rtcp.minIntervalMs" expected > 0, got ${minIntervalMs}`);
    }
    this.#minIntervalMs = minIntervalMs;
    const sessionBandwidth = options.sessionBandwidth ?? 64e3;
    if (!(sessionBandwidth > 0)) {
      throw new RangeError(`"rtcp.sessionBandwidth" expected > 0 bits/s, got ${sessionBandwidth}`);
    }
    this.#rtcpBandwidth = sessionBandwidth * 0.05 / 8;
    this.#cname = options.cname ?? `${randomHex(8)}@voip`;
    this.#sendClockRate = init.media[0]?.clockRate ?? 8e3;
    this.#sender = new RtpSenderStatistics({ ssrc: init.ssrc, clockRate: this.#sendClockRate });
  }
  /** Starts the report timer (first report after half the interval, §6.2). Idempotent. */
  start() {
    if (this.#enabled && !this.#running) {
      this.#running = true;
      this.#lastReportAt = performance.now();
      this.#armTimer(this.#interval());
    }
  }
  /** Stops the report timer. */
  stop() {
    this.#running = false;
    if (this.#timer !== void 0) {
      clearTimeout(this.#timer);
      this.#timer = void 0;
    }
  }
  /** A fresh randomised interval T for the session as it is now (RFC 3550 A.7 `rtcp_interval`). */
  #interval() {
    return rtcpIntervalMs({
      members: 1 + Math.max(1, this.#sources.size),
      senders: (this.#weSent ? 1 : 0) + this.#sendersSinceReport.size,
      rtcpBandwidth: this.#rtcpBandwidth,
      weSent: this.#weSent,
      averageRtcpSize: this.#averageRtcpSize,
      initial: this.#initial,
      minIntervalMs: this.#minIntervalMs
    });
  }
  #armTimer(ms) {
    this.#timer = setTimeout(() => {
      this.#timer = void 0;
      this.#expired();
    }, Math.max(0, ms));
    this.#timer.unref?.();
  }
  /**
   * The report timer expired (RFC 3550 §6.3.6 and A.7 `OnExpire`), with timer reconsideration (§6.3.3):
   * draw a new interval T; send only if tp + T is already past, else wait until tp + T. The interval's
   * e − 3/2 compensation (§6.3.1) is exactly what makes the mean spacing of reports come out at the
   * deterministic interval with this rule (5 s for a two-party call at the minimum).
   */
  #expired() {
    const now = performance.now();
    const interval = this.#interval();
    if (this.#lastReportAt + interval > now) {
      this.#armTimer(this.#lastReportAt + interval - now);
      return;
    }
    try {
      this.sendReport(void 0);
    } catch (error) {
      safeLog(this.#logger, "error", "could not send RTCP report", { ssrc: this.#ssrc, error });
    }
    this.#lastReportAt = now;
    if (this.#running) {
      this.#armTimer(this.#interval());
    }
  }
  /** Counts one dropped datagram; returns the counter's new value. */
  count(outcome) {
    const counter = DROP_COUNTER[outcome];
    return counter === void 0 ? 0 : ++this.#drops[counter];
  }
  /** Records one RTP packet we sent. */
  sent(packet, nowMs) {
    this.#sender.sent(packet, nowMs);
    this.#weSent = true;
  }
  /** Records one RTP packet received (RFC 3550 A.1, A.8). */
  received(packet, nowMs) {
    this.#packetsReceived++;
    this.#octetsReceived += packet.payload.length;
    let source = this.#sources.get(packet.ssrc);
    if (source === void 0) {
      if (this.#sources.size >= MAX_SOURCES) {
        return;
      }
      const clockRate = this.#media.find((m) => m.payloadType === packet.payloadType)?.clockRate ?? this.#sendClockRate;
      source = {
        ssrc: packet.ssrc,
        clockRate,
        stats: new RtpReceiverStatistics({ clockRate, ssrc: packet.ssrc }),
        packets: 0,
        ended: false
      };
      this.#sources.set(packet.ssrc, source);
    }
    source.packets++;
    source.stats.receive(packet, nowMs);
    this.#sendersSinceReport.add(packet.ssrc);
  }
  /** Parses a (decrypted) RTCP compound leniently; undefined when malformed. */
  parse(bytes) {
    try {
      return parseRtcpCompound(bytes, { strict: false });
    } catch {
      return void 0;
    }
  }
  /** Takes in the remote's RTCP: SRs for LSR/DLSR (A.8, §6.4.1), report blocks about us, BYE (§6.6). */
  rtcpReceived(packets, nowMs) {
    this.#rtcpReceived++;
    for (const packet of packets) {
      switch (packet.type) {
        case "SR":
          this.#sources.get(packet.ssrc)?.stats.senderReportReceived(packet, nowMs);
          this.#reportBlocksReceived(packet.ssrc, packet.reports, nowMs);
          break;
        case "RR":
          this.#reportBlocksReceived(packet.ssrc, packet.reports, nowMs);
          break;
        case "BYE":
          if (packet.ssrcs.includes(this.#ssrc)) {
            break;
          }
          this.#byeReceived = true;
          for (const ssrc of packet.ssrcs) {
            const source = this.#sources.get(ssrc);
            if (source !== void 0) {
              source.ended = true;
            }
          }
          this.#remoteBye = { ssrcs: [...packet.ssrcs], reason: packet.reason };
          safeLog(this.#logger, "debug", "RTCP BYE received", { ssrc: this.#ssrc, bye: this.#remoteBye });
          break;
        default:
          break;
      }
    }
  }
  /**
   * Whether the remote has left (RFC 3550 §6.6): a BYE arrived that does not name our own SSRC, and every
   * remote source heard from so far has sent a BYE (so a BYE for an old SSRC while a new one talks does
   * not end the call).
   */
  remoteHasLeft() {
    if (!this.#byeReceived) {
      return false;
    }
    for (const source of this.#sources.values()) {
      if (!source.ended) {
        return false;
      }
    }
    return true;
  }
  /** The remote's last BYE (its SSRCs and reason), if any. */
  get remoteBye() {
    return this.#remoteBye;
  }
  #reportBlocksReceived(reporterSsrc, reports, nowMs) {
    for (const block of reports) {
      if (block.ssrc === this.#ssrc) {
        let roundTripTimeMs;
        if (block.lastSenderReport !== 0) {
          const arrival = ntpMiddle32(ntpTimestampFromUnixMs(nowMs));
          const rtt = arrival - block.lastSenderReport - block.delaySinceLastSenderReport | 0;
          roundTripTimeMs = Math.max(0, rtt) / 65536 * 1e3;
        }
        this.#remoteReport = {
          roundTripTimeMs,
          reporterSsrc,
          fractionLost: block.fractionLost / 256,
          cumulativeLost: block.cumulativeLost,
          highestSequence: block.highestSequence,
          jitter: block.jitter,
          jitterMs: block.jitter / this.#sendClockRate * 1e3,
          receivedAtMs: nowMs
        };
      }
    }
  }
  /**
   * Builds and sends one compound: SR if we sent RTP since the report before last, else RR (§6.4), then SDES
   * CNAME (§6.1 requires it in every compound), then BYE when `bye` is given (§6.6). A BYE goes out at
   * once, without the BYE back-off of §6.3.7, which the RFC waives for sessions of fewer than 50 members:
   * a call tracks at most 32 remote sources, so its session never reaches 50.
   * @returns False when there was no destination.
   */
  sendReport(bye) {
    const nowMs = wallClockMs();
    const blocks = [];
    for (const source of this.#sources.values()) {
      if (!source.ended && this.#sendersSinceReport.has(source.ssrc) && blocks.length < MAX_REPORT_BLOCKS) {
        blocks.push(source.stats.reportBlock(nowMs));
      }
    }
    const packets = [
      this.#weSent || this.#weSentBefore ? this.#sender.senderReport(nowMs, blocks) : { type: "RR", ssrc: this.#ssrc, reports: blocks },
      { type: "SDES", chunks: [{ ssrc: this.#ssrc, items: [{ type: RtcpSdesItemType.CNAME, text: this.#cname }] }] }
    ];
    if (bye !== void 0) {
      const reason = bye.reason === void 0 ? void 0 : clipUtf8(bye.reason, 255).text;
      packets.push(reason === void 0 ? { type: "BYE", ssrcs: [this.#ssrc] } : { type: "BYE", ssrcs: [this.#ssrc], reason });
    }
    const compound = serializeRtcpCompound(packets);
    if (!this.#send(compound)) {
      return false;
    }
    this.#rtcpSent++;
    this.#initial = false;
    this.#weSentBefore = this.#weSent;
    this.#weSent = false;
    this.#sendersSinceReport.clear();
    this.#averageRtcpSize = (compound.length + UDP_IP_OVERHEAD) / 16 + 15 / 16 * this.#averageRtcpSize;
    return true;
  }
  /** The call's statistics snapshot. */
  statistics(latchedAddress) {
    const sources = [];
    let main;
    let mainPackets = -1;
    let packetsLost = 0;
    for (const source of this.#sources.values()) {
      const { stats } = source;
      const entry = {
        ssrc: source.ssrc,
        packetsReceived: source.packets,
        packetsLost: stats.packetsLost,
        extendedHighestSequence: stats.extendedHighestSequence,
        jitter: stats.jitter,
        jitterMs: stats.jitter / source.clockRate * 1e3,
        ended: source.ended
      };
      sources.push(entry);
      packetsLost += entry.packetsLost;
      if (source.packets > mainPackets) {
        main = entry;
        mainPackets = source.packets;
      }
    }
    return {
      ssrc: this.#ssrc,
      packetsSent: this.#sender.packetsSent,
      octetsSent: this.#sender.octetsSent,
      packetsReceived: this.#packetsReceived,
      octetsReceived: this.#octetsReceived,
      packetsLost,
      jitter: main?.jitter ?? 0,
      jitterMs: main?.jitterMs ?? 0,
      rtcpSent: this.#rtcpSent,
      rtcpReceived: this.#rtcpReceived,
      ...this.#drops,
      latchedAddress,
      sources,
      remoteReport: this.#remoteReport,
      remoteBye: this.#remoteBye
    };
  }
};
function wallClockMs() {
  return performance.timeOrigin + performance.now();
}
function randomUint32() {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}
function randomHex(bytes) {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
}

// packages/rtp/src/call/media-description.ts
function formatRtpmap(media) {
  validateMediaDescription(media);
  const channels = media.channels !== void 0 && media.channels !== 1 ? `/${media.channels}` : "";
  return `${media.payloadType} ${media.encodingName}/${media.clockRate}${channels}`;
}
function validateMediaDescription(media) {
  const { payloadType, clockRate, remotePort, remoteRtcpPort } = media;
  if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) {
    throw new RangeError(`"payloadType" expected 0..127, got ${payloadType}`);
  }
  if (!Number.isInteger(clockRate) || clockRate <= 0) {
    throw new RangeError(`"clockRate" expected a positive integer, got ${clockRate}`);
  }
  for (const [name, port] of [
    ["remotePort", remotePort],
    ["remoteRtcpPort", remoteRtcpPort]
  ]) {
    if (port !== void 0 && (!Number.isInteger(port) || port < 1 || port > 65535)) {
      throw new RangeError(`"${name}" expected 1..65535, got ${port}`);
    }
  }
}

// packages/rtp/src/call/source-latch.ts
var copy = (a) => ({ address: a.address, port: a.port, family: a.family });
var SourceLatch = class {
  #mode;
  #media;
  #payloadTypes;
  #remoteSsrc;
  #latched;
  #latchedKey;
  #rtcpSource;
  #firstSource;
  constructor(mode, media, remoteSsrc) {
    if (mode !== "first-valid-rtp" && mode !== "off") {
      throw new TypeError(`"latching" expected 'first-valid-rtp' or 'off', got ${JSON.stringify(mode)}`);
    }
    this.#mode = mode;
    this.#media = media[0];
    this.#payloadTypes = new Set(media.map((m) => m.payloadType));
    this.#remoteSsrc = remoteSsrc;
  }
  /** The latched source, if any. */
  get latched() {
    return this.#latched;
  }
  /** Whether latching applies to a datagram (wildcard route and latching on). */
  applies(viaWildcard) {
    return viaWildcard && this.#mode !== "off";
  }
  /** Before SRTP and parsing: false when latched to another source. */
  rtpSourceAllowed(remote) {
    return this.#latchedKey === void 0 || transportAddressKey(remote) === this.#latchedKey;
  }
  /**
   * After SRTP and parsing: latches when not latched yet and the packet is valid. Authenticated
   * packets always are; without SRTP, the payload type must be the call's and the SSRC the announced
   * one (when announced). Returns false for an unexpected packet before latching.
   */
  latchOnRtp(packet, remote, authenticated) {
    if (this.#latchedKey !== void 0) {
      return true;
    }
    if (!authenticated && (!this.#payloadTypes.has(packet.payloadType) || this.#remoteSsrc !== void 0 && packet.ssrc !== this.#remoteSsrc)) {
      return false;
    }
    this.#latched = copy(remote);
    this.#latchedKey = transportAddressKey(remote);
    return true;
  }
  /** Remembers the first source of delivered RTP (the default destination when nothing else names one). */
  rtpDelivered(remote) {
    this.#firstSource ??= copy(remote);
  }
  /**
   * Whether RTCP from `remote` may be processed under latching: before latching only when it can be
   * authenticated; after, only from the latched IP on the RTP port (rtcp-mux) or its RTCP port.
   */
  rtcpSourceAllowed(remote, authenticated) {
    const latched = this.#latched;
    if (latched === void 0) {
      return authenticated ? "ok" : "not-latched";
    }
    const key = transportAddressKey(remote);
    if (key === this.#latchedKey) {
      return "ok";
    }
    const rtcp = this.rtcpRemoteAddress(latched);
    return rtcp !== void 0 && key === transportAddressKey(rtcp) ? "ok" : "other-source";
  }
  /** Remembers where the latched remote's RTCP comes from, to answer there (symmetric RTCP). */
  rtcpDelivered(remote) {
    if (this.#latched !== void 0) {
      this.#rtcpSource = copy(remote);
    }
  }
  /** The remote RTP address: latched, else the media's, else the first source heard. */
  remoteAddress() {
    if (this.#latched !== void 0) {
      return this.#latched;
    }
    const media = this.#media;
    if (media?.remoteAddress !== void 0 && media.remotePort !== void 0) {
      return { address: media.remoteAddress, port: media.remotePort };
    }
    return this.#firstSource;
  }
  /**
   * Where RTCP for an RTP remote goes when it is not the RTP address itself: `remoteRtcpPort` (RFC 3605)
   * or port + 1 (RFC 3550 §11) without rtcp-mux; undefined with rtcp-mux (RFC 5761).
   */
  rtcpRemoteAddress(rtp) {
    const media = this.#media;
    if (media?.rtcpMux === true) {
      return void 0;
    }
    const sameAsMedia = media?.remoteAddress !== void 0 && media.remotePort === rtp.port;
    const port = sameAsMedia && media.remoteRtcpPort !== void 0 ? media.remoteRtcpPort : rtp.port + 1;
    return port <= 65535 ? { address: rtp.address, port } : void 0;
  }
  /** Where our RTCP goes: where the remote's RTCP came from, else the RTP remote (mux) or its RTCP port. */
  rtcpDestination() {
    if (this.#rtcpSource !== void 0) {
      return this.#rtcpSource;
    }
    const rtp = this.remoteAddress();
    return rtp === void 0 ? void 0 : this.rtcpRemoteAddress(rtp) ?? rtp;
  }
  /** Forgets the latch (and the sources learnt from it). */
  reset() {
    this.#latched = void 0;
    this.#latchedKey = void 0;
    this.#rtcpSource = void 0;
    this.#firstSource = void 0;
  }
};

// packages/rtp/src/dtmf/dtmf-digit.ts
var DTMF_DIGITS = Object.freeze([
  "0",
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
  "*",
  "#",
  "A",
  "B",
  "C",
  "D"
]);
function dtmfEventCode(digit) {
  if (typeof digit !== "string") {
    throw new TypeError(`"digit" expected a string, got ${typeof digit}`);
  }
  const code = DTMF_DIGITS.indexOf(digit.toUpperCase());
  if (digit.length !== 1 || code < 0) {
    throw new RangeError(`"digit" expected one of 0-9, *, #, A-D, got ${JSON.stringify(digit)}`);
  }
  return code;
}

// packages/rtp/src/dtmf/telephone-event.ts
var TELEPHONE_EVENT_LENGTH = 4;
var TELEPHONE_EVENT_MAX_DURATION = 65535;
function readEvent(payload, offset) {
  const flags = payload[offset + 1];
  return {
    event: payload[offset],
    end: (flags & 128) !== 0,
    reserved: (flags & 64) !== 0,
    volume: flags & 63,
    duration: payload[offset + 2] << 8 | payload[offset + 3]
  };
}
function parseTelephoneEvents(payload) {
  const length = payload.length;
  if (length < TELEPHONE_EVENT_LENGTH || length % TELEPHONE_EVENT_LENGTH !== 0) {
    const at = length - length % TELEPHONE_EVENT_LENGTH;
    throw new RtpError(
      "TRUNCATED",
      `telephone-event payload of ${length} bytes is not a whole number of 4-byte reports (incomplete report at offset ${at})`,
      length < TELEPHONE_EVENT_LENGTH ? 0 : at
    );
  }
  const events = [];
  for (let offset = 0; offset < length; offset += TELEPHONE_EVENT_LENGTH) {
    events.push(readEvent(payload, offset));
  }
  return events;
}
function asList(events) {
  return Array.isArray(events) ? events : [events];
}
function telephoneEventByteLength(events) {
  return asList(events).length * TELEPHONE_EVENT_LENGTH;
}
function checkEvent(e, index) {
  const where = index === 0 ? "" : ` (report ${index})`;
  if (!Number.isInteger(e.event) || e.event < 0 || e.event > 255) {
    throw new RangeError(`"event" expected an integer 0..255, got ${e.event}${where}`);
  }
  const volume = e.volume ?? 0;
  if (!Number.isInteger(volume) || volume < 0 || volume > 63) {
    throw new RangeError(`"volume" expected an integer 0..63, got ${volume}${where}`);
  }
  if (!Number.isInteger(e.duration) || e.duration < 0 || e.duration > TELEPHONE_EVENT_MAX_DURATION) {
    throw new RangeError(`"duration" expected an integer 0..65535, got ${e.duration}${where}`);
  }
}
function serializeTelephoneEventInto(events, out, offset = 0) {
  const list = asList(events);
  if (list.length === 0) {
    throw new RangeError('"events" expected at least one event report');
  }
  list.forEach(checkEvent);
  const total = list.length * TELEPHONE_EVENT_LENGTH;
  if (!Number.isInteger(offset) || offset < 0 || out.length - offset < total) {
    throw new RangeError(`"out" expected ${total} bytes from offset ${offset}, got ${out.length - offset}`);
  }
  let o = offset;
  for (const e of list) {
    out[o] = e.event;
    out[o + 1] = (e.end === true ? 128 : 0) | (e.volume ?? 0);
    out[o + 2] = e.duration >>> 8;
    out[o + 3] = e.duration & 255;
    o += TELEPHONE_EVENT_LENGTH;
  }
  return total;
}
function serializeTelephoneEvent(events) {
  const out = new Uint8Array(telephoneEventByteLength(events));
  serializeTelephoneEventInto(events, out, 0);
  return out;
}

// packages/rtp/src/dtmf/dtmf-receiver.ts
var MAX_SEGMENT_SKIP = 8;
var ENDED_MEMORY = 32;
function isBefore(a, b) {
  const d = b - a >>> 0;
  return d !== 0 && d < 2147483648;
}
var DtmfReceiver = class {
  formats = /* @__PURE__ */ new Map();
  clockRate;
  timeoutMs;
  onDigitStart;
  onDigitEnd;
  sources = /* @__PURE__ */ new Map();
  count = { packets: 0, digits: 0, endsInferred: 0, duplicates: 0, late: 0, malformed: 0, unexpectedPayloadType: 0 };
  /**
   * @param options - the telephone-event payload types, optionally the default clock rate, the
   *   timeout and the callbacks.
   * @throws {RangeError} a payload type outside 0-127, a clock rate that is not a positive integer, a
   *   timeout not positive.
   */
  constructor(options) {
    const clockRate = options.clockRate ?? 8e3;
    checkClockRate(clockRate);
    this.clockRate = clockRate;
    for (const f of options.payloadTypes) {
      const pt = typeof f === "number" ? f : f.payloadType;
      const rate = typeof f === "number" ? clockRate : f.clockRate;
      if (!Number.isInteger(pt) || pt < 0 || pt > 127) {
        throw new RangeError(`"payloadTypes" expected integers 0..127, got ${pt}`);
      }
      checkClockRate(rate);
      this.formats.set(pt, rate);
    }
    const timeoutMs = options.timeoutMs ?? 1e3;
    if (typeof timeoutMs !== "number" || !(timeoutMs > 0)) {
      throw new RangeError(`"timeoutMs" expected a positive number, got ${timeoutMs}`);
    }
    this.timeoutMs = timeoutMs;
    this.onDigitStart = options.onDigitStart;
    this.onDigitEnd = options.onDigitEnd;
  }
  /**
   * Whether a payload type was given as telephone-event.
   * @param payloadType - an RTP payload type.
   * @returns true for a negotiated telephone-event payload type.
   * @example
   * ```ts
   * import { DtmfReceiver } from '@voip/rtp';
   * new DtmfReceiver({ payloadTypes: [101] }).isTelephoneEvent(0); // false
   * ```
   */
  isTelephoneEvent(payloadType) {
    return this.formats.has(payloadType);
  }
  /**
   * The counts so far (a snapshot).
   * @example
   * ```ts
   * import { DtmfReceiver } from '@voip/rtp';
   * new DtmfReceiver({ payloadTypes: [101] }).counters.duplicates; // 0
   * ```
   */
  get counters() {
    return { ...this.count };
  }
  /**
   * Takes one telephone-event packet. Calls `onDigitStart` / `onDigitEnd` as the rules of the class
   * say, before returning. Never throws for what the packet holds: a malformed payload is the outcome
   * `malformed` with the {@link RtpError}.
   * @param packet - the packet (a parsed `RtpPacket`, or the fields listed in {@link DtmfReceivedPacket}).
   * @param nowMs - the caller's clock, in milliseconds (the same clock as for {@link DtmfReceiver.poll}).
   * @returns what was done with it, and the reports it carried.
   * @throws {RangeError} when `nowMs` is not a finite number.
   * @example
   * ```ts
   * import { DtmfReceiver, serializeTelephoneEvent } from '@voip/rtp';
   * const receiver = new DtmfReceiver({ payloadTypes: [101], onDigitStart: (e) => console.log(e.digit) });
   * const payload = serializeTelephoneEvent({ event: 7, volume: 10, duration: 400 });
   * receiver.receive({ payloadType: 101, timestamp: 8000, ssrc: 42, payload }, 1000).outcome; // 'started' (logs 7)
   * receiver.receive({ payloadType: 101, timestamp: 8000, ssrc: 42, payload }, 1050).outcome; // 'updated'
   * ```
   */
  receive(packet, nowMs) {
    if (typeof nowMs !== "number" || !Number.isFinite(nowMs)) {
      throw new RangeError(`"nowMs" expected a finite number, got ${nowMs}`);
    }
    this.count.packets++;
    let reports;
    try {
      reports = parseTelephoneEvents(packet.payload);
    } catch (e) {
      if (!isRtpError(e)) {
        throw e;
      }
      this.count.malformed++;
      return { outcome: "malformed", reports: [], error: e };
    }
    const report = reports[0];
    const { payloadType, ssrc } = packet;
    const timestamp = packet.timestamp >>> 0;
    const rate = this.formats.get(payloadType);
    if (rate === void 0) {
      this.count.unexpectedPayloadType++;
    }
    let source = this.sources.get(ssrc);
    if (source === void 0) {
      source = { ssrc, active: void 0, ended: [], newest: void 0 };
      this.sources.set(ssrc, source);
    }
    const active = source.active;
    if (active !== void 0 && active.event === report.event) {
      if (timestamp === active.segmentTimestamp) {
        return { outcome: this.update(source, active, report, nowMs), reports };
      }
      const ahead = timestamp - active.segmentTimestamp >>> 0;
      const segments = ahead / TELEPHONE_EVENT_MAX_DURATION;
      if (Number.isInteger(segments) && segments >= 1 && segments <= MAX_SEGMENT_SKIP) {
        for (let i = 0; i < segments; i++) {
          remember(source, active.segmentTimestamp + i * TELEPHONE_EVENT_MAX_DURATION >>> 0);
        }
        active.base += ahead;
        active.segmentTimestamp = timestamp;
        active.duration = 0;
        source.newest = timestamp;
        return { outcome: this.update(source, active, report, nowMs), reports };
      }
    }
    if (source.ended.includes(timestamp)) {
      this.count.duplicates++;
      return { outcome: "duplicate", reports };
    }
    if (source.newest !== void 0 && isBefore(timestamp, source.newest)) {
      this.count.late++;
      return { outcome: "late", reports };
    }
    if (active !== void 0) {
      this.finish(source, active, "next-event", nowMs);
    }
    const started = {
      event: report.event,
      timestamp,
      payloadType,
      clockRate: rate ?? this.clockRate,
      unexpectedPayloadType: rate === void 0,
      segmentTimestamp: timestamp,
      base: 0,
      duration: report.duration,
      volume: report.volume,
      lastPacketMs: nowMs
    };
    source.active = started;
    source.newest = timestamp;
    this.count.digits++;
    this.onDigitStart?.(startOf(started, ssrc, nowMs));
    if (report.end) {
      this.finish(source, started, "end", nowMs);
      return { outcome: "ended", reports };
    }
    return { outcome: "started", reports };
  }
  /**
   * Ends every event that has had no packet for `timeoutMs` (its `onDigitEnd` has `reason:
   * 'timeout'`). Call it now and then, e.g. with each audio packet or on a timer of your own.
   * @param nowMs - the caller's clock, as given to {@link DtmfReceiver.receive}.
   * @returns how many events it ended.
   * @throws {RangeError} when `nowMs` is not a finite number.
   * @example
   * ```ts
   * import { DtmfReceiver, serializeTelephoneEvent } from '@voip/rtp';
   * const receiver = new DtmfReceiver({ payloadTypes: [101], timeoutMs: 500 });
   * receiver.receive({ payloadType: 101, timestamp: 0, ssrc: 1, payload: serializeTelephoneEvent({ event: 1, duration: 400 }) }, 0);
   * receiver.poll(400); // 0
   * receiver.poll(500); // 1: the end packets never came
   * ```
   */
  poll(nowMs) {
    if (typeof nowMs !== "number" || !Number.isFinite(nowMs)) {
      throw new RangeError(`"nowMs" expected a finite number, got ${nowMs}`);
    }
    let ended = 0;
    for (const source of this.sources.values()) {
      const active = source.active;
      if (active !== void 0 && nowMs - active.lastPacketMs >= this.timeoutMs) {
        this.finish(source, active, "timeout", nowMs);
        ended++;
      }
    }
    return ended;
  }
  /**
   * Forgets an SSRC (e.g. when the stream it belongs to is gone), ending its event in progress as a
   * timeout first.
   * @param ssrc - the SSRC.
   * @param nowMs - the caller's clock, for the end report.
   * @example
   * ```ts
   * import { DtmfReceiver } from '@voip/rtp';
   * new DtmfReceiver({ payloadTypes: [101] }).forget(0x1234, 0);
   * ```
   */
  forget(ssrc, nowMs) {
    const source = this.sources.get(ssrc);
    if (source?.active !== void 0) {
      this.finish(source, source.active, "timeout", nowMs);
    }
    this.sources.delete(ssrc);
  }
  update(source, active, report, nowMs) {
    active.duration = Math.max(active.duration, report.duration);
    active.volume = report.volume;
    active.lastPacketMs = nowMs;
    if (report.end) {
      this.finish(source, active, "end", nowMs);
      return "ended";
    }
    return "updated";
  }
  finish(source, active, reason, nowMs) {
    source.active = void 0;
    remember(source, active.segmentTimestamp);
    if (reason !== "end") {
      this.count.endsInferred++;
    }
    const duration = active.base + active.duration;
    this.onDigitEnd?.({
      ...startOf(active, source.ssrc, nowMs),
      duration,
      durationMs: duration * 1e3 / active.clockRate,
      reason,
      endInferred: reason !== "end"
    });
  }
};
function checkClockRate(rate) {
  if (!Number.isInteger(rate) || rate <= 0) {
    throw new RangeError(`"clockRate" expected a positive integer, got ${rate}`);
  }
}
function remember(source, timestamp) {
  if (!source.ended.includes(timestamp)) {
    source.ended.push(timestamp);
    if (source.ended.length > ENDED_MEMORY) {
      source.ended.shift();
    }
  }
}
function startOf(active, ssrc, atMs) {
  return {
    digit: DTMF_DIGITS[active.event],
    event: active.event,
    timestamp: active.timestamp,
    ssrc,
    payloadType: active.payloadType,
    unexpectedPayloadType: active.unexpectedPayloadType,
    volume: active.volume,
    atMs
  };
}

// packages/rtp/src/dtmf/dtmf-sender.ts
function positiveNumber(name, value) {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`"${name}" expected a positive number, got ${value}`);
  }
  return value;
}
var DtmfSender = class _DtmfSender {
  /** The telephone-event payload type. */
  payloadType;
  /** The RTP clock rate, Hz. */
  clockRate;
  /** Milliseconds between updates and between the repeats of a final report. */
  packetIntervalMs;
  /** The volume, 0-63 (0 to -63 dBm0). */
  volume;
  /** The default tone length of a digit, ms. */
  durationMs;
  /** The default pause after a digit, ms. */
  pauseMs;
  /**
   * @param options - the payload type, and optionally clock rate, update interval, volume, tone and
   *   pause lengths.
   * @throws {RangeError} a payload type outside 0-127, a clock rate that is not a positive integer, an
   *   interval not positive or longer than 0xFFFF timestamp units, a volume outside 0-63, a duration
   *   not positive, a pause negative.
   */
  constructor(options) {
    const { payloadType } = options;
    if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) {
      throw new RangeError(`"payloadType" expected an integer 0..127, got ${payloadType}`);
    }
    const clockRate = options.clockRate ?? 8e3;
    if (!Number.isInteger(clockRate) || clockRate <= 0) {
      throw new RangeError(`"clockRate" expected a positive integer, got ${clockRate}`);
    }
    const packetIntervalMs = positiveNumber("packetIntervalMs", options.packetIntervalMs ?? 50);
    const intervalSamples = Math.round(packetIntervalMs * clockRate / 1e3);
    if (intervalSamples < 1 || intervalSamples > TELEPHONE_EVENT_MAX_DURATION) {
      throw new RangeError(
        `"packetIntervalMs" expected 1..65535 timestamp units at ${clockRate} Hz, got ${packetIntervalMs} ms (${intervalSamples} units)`
      );
    }
    const volume = options.volume ?? 10;
    if (!Number.isInteger(volume) || volume < 0 || volume > 63) {
      throw new RangeError(`"volume" expected an integer 0..63, got ${volume}`);
    }
    this.payloadType = payloadType;
    this.clockRate = clockRate;
    this.packetIntervalMs = packetIntervalMs;
    this.volume = volume;
    this.durationMs = positiveNumber("durationMs", options.durationMs ?? 100);
    this.pauseMs = _DtmfSender.checkPause(options.pauseMs ?? 70);
  }
  static checkPause(pauseMs) {
    if (typeof pauseMs !== "number" || !Number.isFinite(pauseMs) || pauseMs < 0) {
      throw new RangeError(`"pauseMs" expected a number >= 0, got ${pauseMs}`);
    }
    return pauseMs;
  }
  /**
   * Plans the packets of a digit sequence: each digit sounds `durationMs`, then `pauseMs` of silence.
   * Digit `i` starts at `startMs + i × (durationMs + pauseMs)` with the RTP timestamp of that time.
   * @param digits - DTMF digits, '0'-'9', '*', '#', 'A'-'D' (lower-case 'a'-'d' too); may be empty.
   * @param startTimestamp - the RTP timestamp of `startMs` in the stream the packets go into.
   * @param startMs - when the first tone starts, in the caller's milliseconds; default 0.
   * @returns the packets in sending order, and the end of the sequence.
   * @throws {RangeError} an unknown digit (nothing is planned then), or a start timestamp that is not a
   *   32-bit unsigned integer.
   * @example
   * ```ts
   * import { DtmfSender } from '@voip/rtp';
   * const plan = new DtmfSender({ payloadType: 101, clockRate: 48000 }).planDigits('*9', 0, Date.now());
   * plan.packets.filter((p) => p.marker).length; // 2: one event per digit
   * ```
   */
  planDigits(digits, startTimestamp, startMs = 0) {
    if (typeof digits !== "string") {
      throw new TypeError(`"digits" expected a string, got ${typeof digits}`);
    }
    const codes = Array.from(digits, (d, i) => {
      try {
        return dtmfEventCode(d);
      } catch (e) {
        throw new RangeError(`"digits" has ${JSON.stringify(d)} at index ${i}, expected 0-9, *, #, A-D`, { cause: e });
      }
    });
    return this.planEvents(codes, this.durationMs, this.pauseMs, startTimestamp, startMs);
  }
  /**
   * Plans one telephone event of any code (RFC 4733 §2.3.1), e.g. 16 (flash), with
   * its own length; no pause follows (`endMs` is when the tone stops).
   * @param event - the event code, 0-255.
   * @param durationMs - how long it lasts, ms.
   * @param startTimestamp - the RTP timestamp of `startMs`.
   * @param startMs - when it starts; default 0.
   * @returns the packets in sending order, and the end of the event.
   * @throws {RangeError} an event outside 0-255, a duration not positive, a bad start timestamp.
   * @example
   * ```ts
   * import { DtmfSender } from '@voip/rtp';
   * const flash = new DtmfSender({ payloadType: 101 }).planEvent(16, 300, 0);
   * flash.packets.length; // 8: updates at 50..250 ms, then the end report three times
   * ```
   */
  planEvent(event, durationMs, startTimestamp, startMs = 0) {
    if (!Number.isInteger(event) || event < 0 || event > 255) {
      throw new RangeError(`"event" expected an integer 0..255, got ${event}`);
    }
    return this.planEvents([event], positiveNumber("durationMs", durationMs), 0, startTimestamp, startMs);
  }
  samples(ms) {
    return Math.round(ms * this.clockRate / 1e3);
  }
  planEvents(codes, durationMs, pauseMs, startTimestamp, startMs) {
    if (startTimestamp >>> 0 !== startTimestamp) {
      throw new RangeError(`"startTimestamp" expected an integer 0..2^32-1, got ${startTimestamp}`);
    }
    if (typeof startMs !== "number" || !Number.isFinite(startMs)) {
      throw new RangeError(`"startMs" expected a finite number, got ${startMs}`);
    }
    const packets = [];
    const step = durationMs + pauseMs;
    codes.forEach((code, i) => {
      const offsetMs = i * step;
      this.planOne(packets, code, durationMs, startTimestamp + this.samples(offsetMs) >>> 0, startMs + offsetMs);
    });
    packets.sort((a, b) => a.atMs - b.atMs);
    const totalMs = codes.length * step;
    return { packets, endMs: startMs + totalMs, endTimestamp: startTimestamp + this.samples(totalMs) >>> 0 };
  }
  planOne(out, event, durationMs, timestamp, startMs) {
    const M = TELEPHONE_EVENT_MAX_DURATION;
    const interval = this.packetIntervalMs;
    const total = Math.max(1, this.samples(durationMs));
    const digit = DTMF_DIGITS[event];
    let first = true;
    let finishedSegments = 0;
    const emit = (atMs, segment, duration, end, copies) => {
      const segmentTimestamp = timestamp + segment * M >>> 0;
      const payload = serializeTelephoneEvent({ event, end, volume: this.volume, duration });
      for (let r = 0; r < copies; r++) {
        out.push({
          atMs: atMs + r * interval,
          payloadType: this.payloadType,
          marker: first && r === 0,
          timestamp: segmentTimestamp,
          payload,
          event,
          digit,
          end,
          duration,
          retransmission: r
        });
      }
      first = false;
    };
    const tick = (atMs, elapsed, end) => {
      const segment = Math.floor((elapsed - 1) / M);
      while (finishedSegments < segment) {
        emit(atMs, finishedSegments, M, false, 3);
        finishedSegments++;
      }
      const duration = elapsed - segment * M;
      if (end) {
        emit(atMs, segment, duration, true, 3);
      } else if (duration === M) {
        emit(atMs, segment, M, false, 3);
        finishedSegments++;
      } else {
        emit(atMs, segment, duration, false, 1);
      }
    };
    for (let k = 1; k * interval < durationMs; k++) {
      const elapsed = this.samples(k * interval);
      if (elapsed >= total) {
        break;
      }
      tick(startMs + k * interval, elapsed, false);
    }
    tick(startMs + durationMs, total, true);
  }
};

// packages/rtp/src/call/rtp-call.ts
var DTMF_POLL_MS = 200;
var DTMF_POLL_IDLE_MS = 2e3;
var RtpCall = class {
  /** The shared socket. */
  multiplexer;
  /** The socket RTCP is sent from: {@link RtpCallOptions.rtcpMultiplexer}, else {@link multiplexer}. */
  rtcpMultiplexer;
  /** The formats this call receives; the first one names the remote endpoint. */
  media;
  /** Who is calling. */
  caller;
  /** Our SSRC. */
  ssrc;
  /** The logger this call reports to. */
  logger;
  #signalling;
  #sendContext;
  #receiveContext;
  #disposeSrtp;
  #latch;
  #onPacket;
  #onRtcp;
  #onEnd;
  #endOnRemoteBye;
  #rtcp;
  #ended = false;
  #endedBy;
  /** The next RTP sequence number for our SSRC (RFC 3550 §5.1: a random start). */
  #nextSequenceNumber = randomUint32() & 65535;
  /** The last RTP timestamp sent with our SSRC, and when (monotonic ms), to place DTMF events on the stream's clock. */
  #lastTimestamp = 0;
  /** When #lastTimestamp was sent (wall-clock ms, as the sender statistics get it), or NaN before the first packet. */
  #lastTimestampAtMs = Number.NaN;
  #dtmfMedia;
  #dtmfOptions;
  #dtmfReceiver;
  #dtmfPollTimer;
  #lastDtmfPacketMs = 0;
  /** Digits being sent: each sendDigits waits for the one before. */
  #dtmfQueue = Promise.resolve();
  #hangUp;
  /**
   * @param options - Multiplexer, media, SRTP contexts, signalling, latching and RTCP settings.
   * @throws {RangeError} When `media` is empty, a description is out of range (`"payloadType" expected
   *   0..127, got 200`), or `rtcp.minIntervalMs` / `rtcp.sessionBandwidth` is not positive.
   * @throws {RangeError} When `ssrc` or `remoteSsrc` is not a 32-bit unsigned integer.
   * @throws {TypeError} When `ssrc` or `remoteSsrc` is not a number, or `latching` is unknown.
   */
  constructor(options) {
    const media = isMediaList(options.media) ? [...options.media] : [options.media];
    if (media.length === 0) {
      throw new RangeError('"media" expected at least one media description, got 0');
    }
    media.forEach(validateMediaDescription);
    for (const [name, value] of [
      ["ssrc", options.ssrc],
      ["remoteSsrc", options.remoteSsrc]
    ]) {
      if (value !== void 0 && typeof value !== "number") {
        throw new TypeError(`"${name}" expected a number, got ${typeof value}`);
      }
      if (value !== void 0 && (!Number.isInteger(value) || value < 0 || value > 4294967295)) {
        throw new RangeError(`"${name}" expected a 32-bit unsigned integer, got ${value}`);
      }
    }
    this.multiplexer = options.multiplexer;
    this.rtcpMultiplexer = options.rtcpMultiplexer ?? options.multiplexer;
    this.media = Object.freeze(media);
    this.caller = options.caller;
    this.ssrc = options.ssrc ?? randomUint32();
    this.logger = options.logger ?? options.multiplexer.logger;
    const signalling = options.signalling;
    this.#signalling = typeof signalling === "function" ? signalling : signalling && ((call, reason) => signalling.hangUp(call, reason));
    this.#sendContext = options.srtp?.send;
    this.#receiveContext = options.srtp?.receive;
    this.#disposeSrtp = options.disposeSrtpOnHangUp ?? true;
    this.#latch = new SourceLatch(options.latching ?? "first-valid-rtp", media, options.remoteSsrc);
    this.#onPacket = options.onPacket;
    this.#onRtcp = options.onRtcp;
    this.#onEnd = options.onEnd;
    this.#endOnRemoteBye = options.endOnRemoteBye ?? true;
    this.#rtcp = new CallRtcp({
      ssrc: this.ssrc,
      media,
      options: options.rtcp ?? {},
      send: (compound) => this.#sendRtcp(compound),
      logger: this.logger
    });
    this.#dtmfOptions = options.dtmf ?? {};
    const telephoneEvents = media.filter((m) => m.encodingName.toLowerCase() === "telephone-event");
    this.#dtmfMedia = telephoneEvents[0];
    this.#dtmfReceiver = telephoneEvents.length === 0 ? void 0 : new DtmfReceiver({
      payloadTypes: telephoneEvents.map((m) => ({ payloadType: m.payloadType, clockRate: m.clockRate })),
      onDigitStart: (start) => this.#dtmfOptions.onDigitStart?.(this, start),
      onDigitEnd: (end) => this.#dtmfOptions.onDigitEnd?.(this, end)
    });
  }
  /**
   * Picks the codec to answer an offer with. The signalling layer calls it before answering; override
   * it in a subclass (`static override negotiateCodec`).
   *
   * @param remoteMedia - The formats the remote offered.
   * @returns The description to answer with.
   * @throws {CodecNegotiationError} `NOT_IMPLEMENTED` unless overridden (overrides throw `NO_COMMON_CODEC`).
   * @example
   * ```ts
   * import { RtpCall, CodecNegotiationError, type MediaDescription } from '@voip/rtp';
   * class PcmuCall extends RtpCall {
   *   static override negotiateCodec(offer: readonly MediaDescription[]): MediaDescription {
   *     const pcmu = offer.find((m) => m.payloadType === 0);
   *     if (!pcmu) throw new CodecNegotiationError('NO_COMMON_CODEC', 'PCMU not offered');
   *     return pcmu;
   *   }
   * }
   * ```
   */
  static negotiateCodec(remoteMedia) {
    throw new CodecNegotiationError(
      "NOT_IMPLEMENTED",
      `${this.name}.negotiateCodec is not implemented: override it to choose among ${remoteMedia.length} offered format(s)`
    );
  }
  /**
   * The SDP this call contributes: its payload types for the `m=` line and an `a=rtpmap` per format.
   * @returns Formats in preference order and their rtpmap lines (RFC 4566 §6).
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * call.sdpFormats(); // { formats: [0, 101], rtpmaps: ['a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000'] }
   * ```
   */
  sdpFormats() {
    return {
      formats: this.media.map((m) => m.payloadType),
      rtpmaps: this.media.map((m) => `a=rtpmap:${formatRtpmap(m)}`)
    };
  }
  /**
   * Handles one RTP packet. Override it (the default calls `onPacket`). A throw is caught, logged and
   * counted; the socket keeps serving.
   * @param packet - The parsed (and decrypted) packet; `payload` may view a reused buffer: copy to keep.
   * @param remote - Where it came from.
   */
  packetReceived(packet, remote) {
    this.#onPacket?.(packet, remote, this);
  }
  /**
   * Handles one RTCP compound packet after the call has fed it to its statistics. Override it (the
   * default calls `onRtcp`).
   * @param packets - The parsed RTCP packets (SR, RR, SDES, BYE, feedback...).
   * @param remote - Where it came from.
   */
  rtcpReceived(packets, remote) {
    this.#onRtcp?.(packets, remote, this);
  }
  /**
   * The remote RTP address: the latched source, else the media description's, else the source of the
   * first packet delivered (a call registered at an address the media does not name).
   */
  remoteAddress() {
    return this.#latch.remoteAddress();
  }
  /**
   * Where RTCP for an RTP remote goes, when it is not the RTP address itself: `remoteRtcpPort` or
   * port + 1 (RFC 3550 §11) without rtcp-mux; `undefined` with rtcp-mux (RFC 5761).
   * @param rtp - The remote RTP address.
   * @returns The remote RTCP address, or undefined when RTCP is muxed.
   */
  rtcpRemoteAddress(rtp) {
    return this.#latch.rtcpRemoteAddress(rtp);
  }
  /** The source this call latched to, if any. */
  get latchedAddress() {
    return this.#latch.latched;
  }
  /**
   * Forgets the latched source, so the next valid packet latches again: for a re-INVITE that moved the
   * remote, or a NAT rebinding the application trusts.
   */
  resetLatch() {
    this.#latch.reset();
  }
  /** Starts periodic RTCP reports (the multiplexer calls it on `registerCall`). Idempotent. */
  start() {
    if (!this.#ended) {
      this.#rtcp.start();
    }
  }
  /** Stops periodic RTCP reports (the multiplexer calls it when the call loses its last route). */
  stop() {
    this.#rtcp.stop();
    this.#stopDtmfPoll();
  }
  /**
   * RFC 4733 §2.5.2: a digit whose end reports were all lost ends after the receiver's timeout, so the
   * receiver is polled, but only while telephone events arrive (and a while after): a call without
   * DTMF traffic runs no timer for it.
   */
  #armDtmfPoll(receiver, nowMs) {
    this.#lastDtmfPacketMs = nowMs;
    if (this.#dtmfPollTimer === void 0 && !this.#ended) {
      this.#dtmfPollTimer = setInterval(() => {
        const now = performance.now();
        receiver.poll(now);
        if (now - this.#lastDtmfPacketMs > DTMF_POLL_IDLE_MS) {
          this.#stopDtmfPoll();
        }
      }, DTMF_POLL_MS);
      this.#dtmfPollTimer.unref?.();
    }
  }
  #stopDtmfPoll() {
    if (this.#dtmfPollTimer !== void 0) {
      clearInterval(this.#dtmfPollTimer);
      this.#dtmfPollTimer = void 0;
    }
  }
  /**
   * Serializes `packet`, protects it with the send SRTP context when set, and sends it.
   *
   * @param packet - The packet; `ssrc` defaults to {@link ssrc} (packets sent with another SSRC are sent
   *   but not counted in our sender reports).
   * @param address - Destination; default {@link remoteAddress}.
   * @returns False when the call has ended (nothing is sent).
   * @throws {TypeError} When no destination is known yet (wildcard call not latched, no remote in the media).
   * @throws {RangeError} From serialization, for out-of-range fields; from the SRTP context when its key is spent.
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * call.sendPacket({ payloadType: 0, sequenceNumber: 1, timestamp: 160, payload: new Uint8Array(160) });
   * ```
   */
  sendPacket(packet, address) {
    if (this.#ended) {
      return false;
    }
    const to = address ?? this.remoteAddress();
    if (to === void 0) {
      throw new TypeError('"address" expected a destination: the call has no remote address yet');
    }
    const ssrc = packet.ssrc ?? this.ssrc;
    const ours = ssrc === this.ssrc;
    let sequenceNumber = packet.sequenceNumber;
    if (sequenceNumber === void 0) {
      if (!ours) {
        throw new TypeError(`"sequenceNumber" expected for a packet with another SSRC than the call's`);
      }
      sequenceNumber = this.#nextSequenceNumber;
    }
    const init = packet.ssrc === void 0 || packet.sequenceNumber === void 0 ? { ...packet, ssrc, sequenceNumber } : packet;
    const bytes = serializeRtpPacket(init);
    const wire = this.#sendContext === void 0 ? bytes : this.#sendContext.protect(bytes);
    this.multiplexer.send(wire, to);
    if (ours) {
      this.#nextSequenceNumber = sequenceNumber + 1 & 65535;
      const nowMs = wallClockMs();
      this.#lastTimestamp = init.timestamp;
      this.#lastTimestampAtMs = nowMs;
      this.#rtcp.sent(init, nowMs);
    }
    return true;
  }
  /**
   * Sends DTMF digits as RFC 4733 telephone events on the call's `telephone-event` media description:
   * each digit one event (marker on its first packet, one timestamp, duration updates every packet
   * interval, the end report three times), `pauseMs` apart, numbered in the call's own sequence (see
   * {@link RtpSendPacket}) and timed on the stream's RTP clock (continuing from the last packet sent).
   * Calls queue: the digits of a second call go out after those of the first.
   *
   * @param digits - `0`-`9`, `*`, `#`, `A`-`D` (case-insensitive), e.g. `'1234#'`.
   * @param options - `durationMs` and `pauseMs` for these digits (default: the call's `dtmf` options).
   * @returns Resolves true when every packet was sent, false when the call ended first.
   * @throws {CodecNegotiationError} `NO_COMMON_CODEC` when the call has no telephone-event media.
   * @throws {RangeError} When a character is not a DTMF digit (nothing is sent).
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * await call.sendDigits('1234#'); // an IVR menu choice and the pound key
   * ```
   */
  sendDigits(digits, options = {}) {
    const media = this.#dtmfMedia;
    if (media === void 0) {
      throw new CodecNegotiationError("NO_COMMON_CODEC", "cannot send DTMF: the call has no telephone-event media description (RFC 4733)");
    }
    const o = this.#dtmfOptions;
    const sender = new DtmfSender({
      payloadType: media.payloadType,
      clockRate: media.clockRate,
      durationMs: options.durationMs ?? o.durationMs,
      pauseMs: options.pauseMs ?? o.pauseMs,
      volume: o.volume,
      packetIntervalMs: o.packetIntervalMs
    });
    sender.planDigits(digits, 0, 0);
    const run = this.#dtmfQueue.then(() => this.#sendPlannedDigits(sender, digits, media.clockRate));
    this.#dtmfQueue = run.catch(() => void 0);
    return run;
  }
  async #sendPlannedDigits(sender, digits, clockRate) {
    if (this.#ended) {
      return false;
    }
    const startMs = performance.now();
    const startTimestamp = Number.isNaN(this.#lastTimestampAtMs) ? randomUint32() : this.#lastTimestamp + Math.round((wallClockMs() - this.#lastTimestampAtMs) * clockRate / 1e3) >>> 0;
    const plan = sender.planDigits(digits, startTimestamp, startMs);
    for (const p of plan.packets) {
      const wait = p.atMs - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait).unref?.());
      }
      if (this.#ended) {
        return false;
      }
      this.sendPacket({ payloadType: p.payloadType, marker: p.marker, timestamp: p.timestamp, payload: p.payload });
    }
    return true;
  }
  /**
   * Sends an RTCP report now, besides the periodic ones: an SR if we sent RTP during the last two report
   * intervals (RFC 3550 §6.4), else an RR; plus SDES CNAME.
   * @returns False when no RTCP destination is known yet or the call has ended.
   */
  sendRtcpReport() {
    return !this.#ended && this.#rtcp.sendReport(void 0);
  }
  /**
   * Ends the call: sends an RTCP BYE (RFC 3550 §6.6, in a compound with a final report), stops the
   * timers, unregisters from the multiplexer, disposes the SRTP contexts (unless
   * `disposeSrtpOnHangUp: false`), then asks the signalling layer to end the call.
   * Calling it again returns the same promise.
   *
   * @param reason - Optional reason, sent in the BYE (cut to 255 bytes) and passed to signalling.
   * @returns Resolves when the signalling side is done.
   * @throws {Error} Whatever the signalling layer rejects with.
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * await call.hangUp('user hung up');
   * ```
   */
  hangUp(reason) {
    return this.#end({ by: "local", reason });
  }
  #end(end) {
    if (this.#hangUp === void 0) {
      let settle = () => {
      };
      this.#hangUp = new Promise((resolve) => {
        settle = resolve;
      });
      settle(this.#endCall(end));
    }
    return this.#hangUp;
  }
  async #endCall(end) {
    const { reason } = end;
    this.#ended = true;
    this.#endedBy = end;
    try {
      this.#rtcp.sendReport({ reason });
    } catch (error) {
      safeLog(this.logger, "error", "could not send RTCP BYE", { error });
    }
    this.#rtcp.stop();
    this.multiplexer.removeCall(this);
    if (this.rtcpMultiplexer !== this.multiplexer) {
      this.rtcpMultiplexer.removeCall(this);
    }
    if (this.#disposeSrtp) {
      for (const context of /* @__PURE__ */ new Set([this.#sendContext, this.#receiveContext])) {
        try {
          context?.dispose?.();
        } catch (error) {
          safeLog(this.logger, "error", "SRTP context dispose failed", { error });
        }
      }
    }
    try {
      this.#onEnd?.(this, end);
    } catch (error) {
      safeLog(this.logger, "error", "onEnd threw", { error });
    }
    await this.#signalling?.(this, reason);
  }
  /** Whether the call has ended ({@link hangUp} ran, or the remote sent a BYE). */
  get ended() {
    return this.#ended;
  }
  /**
   * How the call ended, once it has: by a local {@link hangUp} or a remote RTCP BYE
   * ({@link RtpCallOptions.endOnRemoteBye}). Undefined while the call runs.
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * if (call.endedBy?.by === 'remote') console.log('the far end left:', call.endedBy.reason);
   * ```
   */
  get endedBy() {
    return this.#endedBy;
  }
  /**
   * Totals, drop counters, per-source reception (RFC 3550 A.3, A.8) and the remote's last report.
   * @returns A snapshot.
   * @example
   * ```ts
   * declare const call: import('@voip/rtp').RtpCall;
   * const { packetsLost, jitterMs, remoteReport } = call.statistics();
   * ```
   */
  statistics() {
    return this.#rtcp.statistics(this.#latch.latched);
  }
  /**
   * Takes one datagram from the multiplexer. Never throws.
   * @param data - An RTP or RTCP datagram (RFC 7983 first byte 128..191), maybe SRTP.
   * @param remote - Its source.
   * @param viaWildcard - True when routed through the wildcard (latching applies).
   * @returns What happened to it, for the multiplexer's counters.
   */
  datagramReceived(data, remote, viaWildcard) {
    if (this.#ended) {
      return "call-ended";
    }
    try {
      return isRtcpPacket(data) ? this.#receiveRtcp(data, remote, viaWildcard) : this.#receiveRtp(data, remote, viaWildcard);
    } catch (error) {
      return this.#drop("handler-error", "error", "unexpected error on receive", remote, error);
    }
  }
  #drop(outcome, level, message, remote, detail) {
    const count = this.#rtcp.count(outcome);
    if (level === "debug" || count <= 10 || count % 1e3 === 0) {
      safeLog(this.logger, level, message, { remote, ssrc: this.ssrc, count, detail });
    }
    return outcome;
  }
  #receiveRtp(data, remote, viaWildcard) {
    const latching = this.#latch.applies(viaWildcard);
    if (latching && !this.#latch.rtpSourceAllowed(remote)) {
      return this.#drop("latch-rejected", "warn", "RTP from a source other than the latched one", remote);
    }
    let bytes = data;
    const context = this.#receiveContext;
    if (context !== void 0) {
      const result = safeUnprotect(() => context.unprotect(data));
      if (!result.ok) {
        return this.#drop("auth-failed", "warn", "SRTP packet failed authentication", remote, result.reason);
      }
      bytes = result.packet;
    }
    let packet;
    try {
      packet = parseRtpPacket(bytes);
    } catch (error) {
      return this.#drop("malformed", "debug", "malformed RTP packet", remote, error);
    }
    if (latching && !this.#latch.latchOnRtp(packet, remote, context !== void 0)) {
      return this.#drop("unexpected", "debug", "RTP with an unexpected payload type or SSRC before latching", remote);
    }
    this.#latch.rtpDelivered(remote);
    this.#rtcp.received(packet, wallClockMs());
    const dtmf = this.#dtmfReceiver;
    if (dtmf?.isTelephoneEvent(packet.payloadType) === true) {
      const nowMs = performance.now();
      this.#armDtmfPoll(dtmf, nowMs);
      try {
        dtmf.receive(packet, nowMs);
      } catch (error) {
        this.#drop("handler-error", "error", "a DTMF callback threw", remote, error);
      }
    }
    try {
      this.packetReceived(packet, remote);
    } catch (error) {
      return this.#drop("handler-error", "error", "packetReceived threw", remote, error);
    }
    return "rtp";
  }
  #receiveRtcp(data, remote, viaWildcard) {
    const context = this.#receiveContext;
    if (this.#latch.applies(viaWildcard)) {
      const allowed = this.#latch.rtcpSourceAllowed(remote, context !== void 0);
      if (allowed === "not-latched") {
        return this.#drop("latch-rejected", "debug", "RTCP before latching, without SRTP to authenticate it", remote);
      }
      if (allowed === "other-source") {
        return this.#drop("latch-rejected", "warn", "RTCP from a source other than the latched one", remote);
      }
    }
    let bytes = data;
    if (context !== void 0) {
      const result = safeUnprotect(() => context.unprotectRtcp(data));
      if (!result.ok) {
        return this.#drop("auth-failed", "warn", "SRTCP packet failed authentication", remote, result.reason);
      }
      bytes = result.packet;
    }
    const packets = this.#rtcp.parse(bytes);
    if (packets === void 0) {
      return this.#drop("malformed", "debug", "malformed RTCP packet", remote);
    }
    this.#latch.rtcpDelivered(remote);
    this.#rtcp.rtcpReceived(packets, wallClockMs());
    try {
      this.rtcpReceived(packets, remote);
    } catch (error) {
      const outcome = this.#drop("handler-error", "error", "rtcpReceived threw", remote, error);
      this.#endIfRemoteLeft();
      return outcome;
    }
    this.#endIfRemoteLeft();
    return "rtcp";
  }
  /** RFC 3550 §6.6: a remote that said BYE for all its sources has left; end the call (unless opted out). */
  #endIfRemoteLeft() {
    if (this.#endOnRemoteBye && !this.#ended && this.#rtcp.remoteHasLeft()) {
      const reason = this.#rtcp.remoteBye?.reason;
      safeLog(this.logger, "debug", "remote sent RTCP BYE: ending the call", { ssrc: this.ssrc, reason });
      this.#end({ by: "remote", reason }).catch((error) => {
        safeLog(this.logger, "error", "signalling failed to end the call after a remote BYE", { error });
      });
    }
  }
  #sendRtcp(compound) {
    const to = this.#latch.rtcpDestination();
    if (to === void 0) {
      return false;
    }
    const wire = this.#sendContext === void 0 ? compound : this.#sendContext.protectRtcp(compound);
    this.rtcpMultiplexer.send(wire, to);
    return true;
  }
};
function isMediaList(media) {
  return Array.isArray(media);
}
function safeUnprotect(run) {
  try {
    return run();
  } catch (error) {
    return { ok: false, reason: `unprotect threw: ${error instanceof Error ? error.message : String(error)}` };
  }
}

// packages/rtp/src/transport/udp-transport.ts
import { createSocket } from "node:dgram";
import { isIP } from "node:net";
function checkAddress(remote) {
  if (isIP(remote.address) === 0) {
    throw new TypeError(`"address" expected a literal IPv4 or IPv6 address, got ${JSON.stringify(remote.address)}`);
  }
  if (!Number.isInteger(remote.port) || remote.port < 1 || remote.port > 65535) {
    throw new RangeError(`"port" expected 1..65535, got ${remote.port}`);
  }
}
var NodeUdpTransport = class {
  errors = 0;
  datagramsSent = 0;
  datagramsReceived = 0;
  #socket;
  #onError;
  #handler;
  #closed;
  #local;
  constructor(socket, onError) {
    this.#socket = socket;
    this.#onError = onError ?? (() => {
    });
    const bound = socket.address();
    this.#local = { address: bound.address, port: bound.port, family: bound.family === "IPv6" ? "IPv6" : "IPv4" };
    socket.on("message", (message, rinfo) => this.#receive(message, rinfo));
    socket.on("error", (error) => this.#report(error));
  }
  #report(error, remote) {
    this.errors++;
    try {
      this.#onError(error, remote);
    } catch {
    }
  }
  #receive(message, rinfo) {
    this.datagramsReceived++;
    const handler = this.#handler;
    if (handler === void 0) {
      return;
    }
    const data = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    const remote = {
      address: rinfo.address,
      port: rinfo.port,
      family: rinfo.family === "IPv6" ? "IPv6" : "IPv4"
    };
    try {
      handler(data, remote);
    } catch (error) {
      this.#report(error instanceof Error ? error : new Error(String(error)), remote);
    }
  }
  send(data, remote) {
    checkAddress(remote);
    if (this.#closed !== void 0) {
      this.#report(new Error("send on a closed UDP transport"), remote);
      return;
    }
    try {
      this.#socket.send(data, remote.port, remote.address, (error) => {
        if (error) {
          this.#report(error, remote);
        } else {
          this.datagramsSent++;
        }
      });
    } catch (error) {
      this.#report(error instanceof Error ? error : new Error(String(error)), remote);
    }
  }
  setDatagramHandler(handler) {
    this.#handler = handler;
  }
  localAddress() {
    return this.#local;
  }
  close() {
    this.#closed ??= new Promise((resolve) => {
      this.#handler = void 0;
      try {
        this.#socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
    return this.#closed;
  }
};
function createUdpTransport(options = {}) {
  const type = options.type ?? "udp4";
  if (type !== "udp4" && type !== "udp6") {
    throw new TypeError(`"type" expected 'udp4' or 'udp6', got ${JSON.stringify(type)}`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`"port" expected 0..65535, got ${port}`);
  }
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type, reuseAddr: false });
    const onBindError = (error) => {
      socket.close();
      reject(error);
    };
    socket.once("error", onBindError);
    socket.bind({ port, address: options.host, exclusive: true }, () => {
      socket.off("error", onBindError);
      try {
        if (options.receiveBufferSize !== void 0) {
          socket.setRecvBufferSize(options.receiveBufferSize);
        }
        if (options.sendBufferSize !== void 0) {
          socket.setSendBufferSize(options.sendBufferSize);
        }
      } catch (error) {
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
      resolve(new NodeUdpTransport(socket, options.onError));
    });
  });
}

// packages/rtp/bench/load-pacing.ts
var PAYLOAD = new Uint8Array(160);
var SLICE = 10;
var sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
var yieldToPoll = () => new Promise((resolve) => setImmediate(resolve));
async function paceCalls(calls, packetsPerSecond, seconds, onSecond) {
  const total = Math.round(packetsPerSecond * seconds);
  const start = performance.now();
  let round = 0;
  let sent = 0;
  while (round < total) {
    const due = Math.floor((performance.now() - start) / 1e3 * packetsPerSecond) + 1;
    if (round >= due) {
      await sleep(1);
      continue;
    }
    const sequenceNumber = round + 1 & 65535;
    const timestamp = (round + 1) * 160 >>> 0;
    for (let i = 0; i < calls.length; i++) {
      calls[i]?.sendPacket({ payloadType: 0, sequenceNumber, timestamp, payload: PAYLOAD });
      sent++;
      if (i % SLICE === SLICE - 1) {
        await yieldToPoll();
      }
    }
    round++;
    if (round % packetsPerSecond === 0) {
      onSecond?.(round / packetsPerSecond);
    }
  }
  return sent;
}

// packages/rtp/bench/load-run.ts
var PACKAGES = fileURLToPath(new URL("../../", import.meta.url));
var sleep2 = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function collectGarbage() {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc");
  for (let i = 0; i < 3; i++) {
    gc();
  }
}
function memory() {
  collectGarbage();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
}
async function* tsFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* tsFiles(path);
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") && !entry.name.endsWith(".bench.ts")) {
      yield path;
    }
  }
}
async function buildFarSide(out) {
  for (const dir of ["rtp/src", "srtp/src", "rtp/bench"]) {
    for await (const file of tsFiles(join(PACKAGES, dir))) {
      const target = join(out, relative(PACKAGES, file)).replace(/\.ts$/, ".js");
      const source = await readFile(file, "utf8");
      let js = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true }
      }).outputText;
      const srtpEntry = relative(dirname(target), join(out, "srtp/src/index.js")).replaceAll("\\", "/");
      js = js.replaceAll("'@voip/srtp'", `'${srtpEntry.startsWith(".") ? srtpEntry : `./${srtpEntry}`}'`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, js);
    }
  }
  await writeFile(join(out, "package.json"), '{ "type": "module" }');
  return join(out, "rtp/bench/load-far.js");
}
function nextReply(child, type, timeoutMs) {
  const pending = new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`far side: no '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message) => {
      if (message.type === type) {
        done();
        resolve(message);
      }
    };
    const onExit = (code, signal) => {
      done();
      reject(new Error(`far side exited (code ${code}, signal ${signal}) before '${type}'`));
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
  pending.catch(() => {
  });
  return pending;
}
function progress(message) {
  process.stderr.write(`load: ${message}
`);
}
var SOCKET_BUFFERS = { receiveBufferSize: 8 << 20, sendBufferSize: 8 << 20 };
async function libraryNearSide(onError) {
  const transport = await createUdpTransport({ host: "127.0.0.1", onError, ...SOCKET_BUFFERS });
  const mux = new RtpMultiplexer(transport);
  let received = 0;
  return {
    localAddress: () => transport.localAddress(),
    addCall(remote, local, far) {
      const call = new RtpCall({
        multiplexer: mux,
        media: { payloadType: 0, encodingName: "PCMU", clockRate: 8e3, remoteAddress: remote.address, remotePort: remote.port, rtcpMux: true },
        srtp: createSrtpSessionPair({ local, remote: far }),
        onPacket: () => void received++
      });
      mux.registerCall(remote, call);
      return call;
    },
    received: () => received,
    counters: () => mux.counters(),
    close: () => mux.close()
  };
}
var FLOOR_DATAGRAM = new Uint8Array(172 + 10).fill(90);
FLOOR_DATAGRAM[0] = 128;
async function floorNearSide(onError) {
  const socket = createSocket2({ type: "udp4", recvBufferSize: SOCKET_BUFFERS.receiveBufferSize, sendBufferSize: SOCKET_BUFFERS.sendBufferSize });
  socket.on("error", onError);
  let received = 0;
  socket.on("message", (data) => {
    const b1 = data[1] ?? 0;
    if (b1 < 192 || b1 > 223) {
      received++;
    }
  });
  await new Promise((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    localAddress: () => socket.address(),
    addCall(remote) {
      return { sendPacket: () => socket.send(FLOOR_DATAGRAM, remote.port, remote.address) };
    },
    received: () => received,
    counters: () => ({ datagramsReceived: received }),
    close: () => new Promise((resolve) => socket.close(() => resolve()))
  };
}
async function runLoad(options) {
  const { calls, packetsPerSecond, seconds } = options;
  const suite = options.suite ?? "AES_CM_128_HMAC_SHA1_80";
  const dir = await mkdtemp(join(tmpdir(), "voip-load-"));
  let child;
  let near;
  let transportErrors = 0;
  try {
    const entry = await buildFarSide(dir);
    child = fork(entry, [], { serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const far = child;
    far.on("error", (error) => progress(`far side error: ${error.message}`));
    const send = (message) => {
      far.send(message);
    };
    const floor = (options.mode ?? "library") === "floor";
    const nearSide = floor ? await floorNearSide(() => void transportErrors++) : await libraryNearSide(() => void transportErrors++);
    near = nearSide;
    const nearAddress = nearSide.localAddress();
    const keys = Array.from({ length: calls }, () => ({ near: generateSrtpKeyingMaterial(suite), far: generateSrtpKeyingMaterial(suite) }));
    const ready = nextReply(far, "ready", 12e4);
    send({ type: "setup", near: nearAddress, keys });
    const reply = await ready;
    progress(`far side ready: ${calls} sockets`);
    const addresses = reply.type === "ready" ? reply.addresses : [];
    await sleep2(100);
    const mem1 = memory();
    const nearCalls = addresses.flatMap((address, i) => {
      const key = keys[i];
      return key === void 0 ? [] : [nearSide.addCall(address, key.near, key.far)];
    });
    const mem2 = memory();
    const nearReceivedNow = () => nearSide.received();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const farSentAll = nextReply(far, "sent", (seconds + 60) * 1e3);
    send({ type: "start", packetsPerSecond, seconds });
    const nearSent = await paceCalls(nearCalls, packetsPerSecond, seconds, (second) => {
      if (process.env.VOIP_LOAD_DEBUG !== void 0) {
        console.log(`t=${second} s: near received ${nearReceivedNow()}`);
      }
    });
    const sendingSeconds = (performance.now() - wall0) / 1e3;
    progress(`near side sent its share in ${sendingSeconds.toFixed(1)} s`);
    await farSentAll;
    const expectedIn = Math.round(packetsPerSecond * seconds) * nearCalls.length;
    const drainStart = performance.now();
    while (nearReceivedNow() < expectedIn && performance.now() - drainStart < 2e3) {
      await sleep2(20);
    }
    const cpu = process.cpuUsage(cpu0);
    const nearReceived = nearReceivedNow();
    const mem3 = memory();
    await sleep2(200);
    const done = nextReply(far, "done", 3e4);
    send({ type: "stop" });
    const result = await done;
    const farSent = result.type === "done" ? result.farSent : 0;
    const farReceived = result.type === "done" ? result.farReceived : 0;
    transportErrors += result.type === "done" ? result.errors : 0;
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      mode: floor ? "floor" : "library",
      calls: nearCalls.length,
      packetsPerSecond,
      seconds,
      suite,
      nearSent,
      nearReceived,
      farSent,
      farReceived,
      lostToNear: farSent - nearReceived,
      lostToFar: nearSent - farReceived,
      cpuSeconds,
      sendingSeconds,
      cpuSecondsPer1000Packets: cpuSeconds / (nearSent + nearReceived) * 1e3,
      rssPerCallBytes: (mem3.rss - mem1.rss) / Math.max(1, nearCalls.length),
      rssPerCallAtSetupBytes: (mem2.rss - mem1.rss) / Math.max(1, nearCalls.length),
      heapPerCallBytes: (mem3.heap - mem1.heap) / Math.max(1, nearCalls.length),
      nearCounters: nearSide.counters(),
      transportErrors
    };
  } finally {
    await near?.close();
    if (child !== void 0 && child.exitCode === null) {
      child.kill();
    }
    await rm(dir, { recursive: true, force: true });
  }
}

// packages/rtp/bench/load-workers-worker.ts
parentPort?.on("message", (message) => {
  if (message === "stop") {
    parentPort?.close();
    return;
  }
  runLoad({ calls: message.calls, packetsPerSecond: 50, seconds: message.seconds }).then(
    (report) => parentPort?.postMessage({ report }),
    (error) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) })
  );
});
