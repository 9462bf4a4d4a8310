#!/usr/bin/env node
/**
 * Writes wasm/kernel.wat from wasm/kernel.template.wat by expanding the two unrolled parts, so a
 * reader checks them here against their specifications instead of reading hundreds of lines:
 *   `;; @generate ghash-lookups`  the 32 table lookups of one GHASH multiplication (NIST SP 800-38D
 *                                 §6.3, with the nibble tables described in the template), XORed as
 *                                 a balanced tree
 *   `;; @generate ghash8-lookups` the same with the byte tables: 16 lookups
 *   `;; @generate sha1-load`      W_0..W_15 of a SHA-1 block into locals (FIPS 180-4 §6.1.2 step 1)
 *   `;; @generate sha1-steps`     the 80 steps of the SHA-1 compression (FIPS 180-4 §6.1.2 step 3,
 *                                 functions §4.1.1, constants §4.2.1) with the message schedule
 *                                 (step 1, t = 16..79) computed in locals as the steps need it
 * Everything else in the template is copied as it is. Run after editing the template or this file,
 * then scripts/build-wasm.mjs:
 *   node scripts/gen-kernel.mjs          write wasm/kernel.wat
 *   node scripts/gen-kernel.mjs --check  exit 1 when wasm/kernel.wat is not what this generates
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const templatePath = fileURLToPath(new URL('../wasm/kernel.template.wat', import.meta.url));
const watPath = fileURLToPath(new URL('../wasm/kernel.wat', import.meta.url));

/** Bytes per table entry and entries per table (one per nibble value). */
const ENTRY_BYTES = 16;
const TABLE_BYTES = 16 * ENTRY_BYTES;
/** Bytes per byte table (one entry per byte value). */
const BYTE_TABLE_BYTES = 256 * ENTRY_BYTES;

/**
 * X * H as the XOR of 32 lookups: nibble j of X (j even: the high nibble of byte j / 2, j odd: the
 * low one) selects entry n of table j, at t + 256 j + 16 n. $hi and $lo hold 16 n per byte, and the
 * template has read them out as 64-bit integers: $h0 / $l0 bytes 0-7, $h1 / $l1 bytes 8-15 (lane 0
 * is the low half: byte k of the block is bits 8 (k mod 8) up of its integer). The lookups are
 * paired into a balanced tree of XORs, lookup j at leaf j.
 */
function ghashLookups(indent) {
  const offset = (j) => {
    const byte = j >> 1;
    const word = `(local.get $${j % 2 === 0 ? 'h' : 'l'}${byte >> 3})`;
    const shift = 8 * (byte & 7);
    const shifted = shift === 0 ? word : `(i64.shr_u ${word} (i64.const ${shift}))`;
    return shift === 56 ? `(i32.wrap_i64 ${shifted})` : `(i32.and (i32.wrap_i64 ${shifted}) (i32.const 0xff))`;
  };
  const leaf = (j) => `(v128.load offset=${TABLE_BYTES * j} (i32.add (local.get $t) ${offset(j)}))`;
  return xorTree(indent, leaf, 32);
}

/**
 * X * H as the XOR of 16 lookups in the byte tables: byte i of X selects entry b of table i, at
 * t + 4096 i + 16 b. $b0 holds bytes 0-7 of X and $b1 bytes 8-15 as 64-bit integers (byte k at bits
 * 8 (k mod 8) up), so 16 b is that integer shifted right by 8 (k mod 8) - 4, masked to bits 4-11.
 */
function ghash8Lookups(indent) {
  const offset = (i) => {
    const word = `(local.get $b${i >> 3})`;
    const k = i & 7;
    const shifted = k === 0 ? `(i32.shl (i32.wrap_i64 ${word}) (i32.const 4))` : `(i32.wrap_i64 (i64.shr_u ${word} (i64.const ${8 * k - 4})))`;
    return `(i32.and ${shifted} (i32.const 0xff0))`;
  };
  const leaf = (i) => `(v128.load offset=${BYTE_TABLE_BYTES * i} (i32.add (local.get $t) ${offset(i)}))`;
  return xorTree(indent, leaf, 16);
}

/** `count` leaves (a power of two) XORed as a balanced tree, leaf j at position j, one line each. */
function xorTree(indent, leaf, count) {
  const tree = (first, n, depth) => {
    const pad = ' '.repeat(indent + 2 * depth);
    if (n === 1) {
      return [pad + leaf(first)];
    }
    const half = n / 2;
    const right = tree(first + half, half, depth + 1);
    right[right.length - 1] += ')';
    return [`${pad}(v128.xor`, ...tree(first, half, depth + 1), ...right];
  };
  return tree(0, count, 0);
}

/** f_t(b, c, d) of FIPS 180-4 §4.1.1 for the four groups of 20 steps, over the locals named. */
const CH = (b, c, d) => `(i32.xor (local.get ${d}) (i32.and (local.get ${b}) (i32.xor (local.get ${c}) (local.get ${d}))))`;
const PARITY = (b, c, d) => `(i32.xor (local.get ${b}) (i32.xor (local.get ${c}) (local.get ${d})))`;
const MAJ = (b, c, d) =>
  `(i32.or (i32.and (local.get ${b}) (local.get ${c})) (i32.and (local.get ${d}) (i32.or (local.get ${b}) (local.get ${c}))))`;
/** f and K_t (FIPS 180-4 §4.2.1) per group of 20 steps; written in hex as the standard prints them. */
const GROUPS = [
  { f: CH, k: 0x5a827999 },
  { f: PARITY, k: 0x6ed9eba1 },
  { f: MAJ, k: 0x8f1bbcdc },
  { f: PARITY, k: 0xca62c1d6 },
];

/** W_0..W_15 into the locals $w0..$w15 from the byte-swapped block the template stored at $w. */
function sha1Load(indent) {
  const pad = ' '.repeat(indent);
  return Array.from({ length: 16 }, (_, t) => `${pad}(local.set $w${t} (i32.load offset=${4 * t} (local.get $w)))`);
}

/**
 * FIPS 180-4 §6.1.2 step 3, t = 0..79: T = ROTL5(a) + f_t(b, c, d) + e + K_t + W_t; e = d; d = c;
 * c = ROTL30(b); b = a; a = T. Instead of moving four values per step the names rotate: T goes into
 * the local that held e and ROTL30(b) stays in b's local, after which (a, b, c, d, e) are the locals
 * that held (e, a, b, c, d); 80 steps are 16 full turns, so the names end where they began. Step 1
 * for t >= 16, W_t = ROTL1(W_t-3 ^ W_t-8 ^ W_t-14 ^ W_t-16), overwrites $w(t mod 16), which held
 * W_t-16, right before step t reads it.
 */
function sha1Steps(indent) {
  const pad = ' '.repeat(indent);
  const lines = [];
  let [a, b, c, d, e] = ['$a', '$b', '$c', '$d', '$e'];
  const w = (t) => `(local.get $w${t & 15})`;
  for (let t = 0; t < 80; t++) {
    const { f, k } = GROUPS[Math.floor(t / 20)];
    if (t >= 16) {
      lines.push(
        `${pad}(local.set $w${t & 15} (i32.rotl (i32.xor (i32.xor ${w(t - 3)} ${w(t - 8)}) (i32.xor ${w(t - 14)} ${w(t - 16)})) (i32.const 1)))`,
      );
    }
    lines.push(
      `${pad}(local.set ${e} (i32.add (i32.add (i32.rotl (local.get ${a}) (i32.const 5)) ${f(b, c, d)})`,
      `${pad}  (i32.add (i32.add (local.get ${e}) (i32.const 0x${k.toString(16).padStart(8, '0')})) ${w(t)})))`,
      `${pad}(local.set ${b} (i32.rotl (local.get ${b}) (i32.const 30)))`,
    );
    [a, b, c, d, e] = [e, a, b, c, d];
  }
  if (a !== '$a' || e !== '$e') {
    throw new Error('sha1Steps: the names must end where they began');
  }
  return lines;
}

const GENERATORS = {
  'ghash-lookups': ghashLookups,
  'ghash8-lookups': ghash8Lookups,
  'sha1-load': sha1Load,
  'sha1-steps': sha1Steps,
};

/** The text of wasm/kernel.wat: the template with each `;; @generate NAME` line expanded. */
export function generateKernel(template = readFileSync(templatePath, 'utf8')) {
  const header =
    ';; Generated by scripts/gen-kernel.mjs from wasm/kernel.template.wat: edit those and run it again.\n';
  const body = template.split('\n').flatMap((line) => {
    const m = /^( *);; @generate (\S+)$/.exec(line);
    if (m === null) {
      return [line];
    }
    const gen = GENERATORS[m[2]];
    if (gen === undefined) {
      throw new Error(`kernel.template.wat: unknown generator ${m[2]}`);
    }
    return gen(m[1].length);
  });
  return header + body.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = generateKernel();
  if (process.argv.includes('--check')) {
    if (readFileSync(watPath, 'utf8') !== text) {
      console.error(`${watPath} is not what scripts/gen-kernel.mjs generates: run it`);
      process.exit(1);
    }
  } else {
    writeFileSync(watPath, text);
    console.log(`wrote ${watPath}`);
  }
}
