;; The WebAssembly kernel of @voip/srtp, with 128-bit SIMD: GHASH (NIST SP 800-38D §6.4,
;; https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf), whole AES-GCM
;; packets for RFC 7714 given their keystream, the keystream XOR that AES-CM (RFC 3711 §4.1.1) uses
;; too, and HMAC-SHA1 (RFC 2104, FIPS 180-4) from precomputed key states for RFC 3711 §4.2.1. The AES
;; block cipher itself is not here: node:crypto makes the keystream.
;;
;; This template is the source: scripts/gen-kernel.mjs expands its `;; @generate` lines (the unrolled
;; GHASH lookups and SHA-1 steps) into wasm/kernel.wat, scripts/build-wasm.mjs assembles that into
;; src/internal/wasm-kernel-binary.ts, and test/wasm-kernel.test.ts fails when any two disagree.
;;
;; Memory belongs to the caller (src/internal/wasm-kernel.ts), which lays out tables, keystream and
;; packets and passes their addresses; this code works on them in place.
;;
;; Tables: X * H is linear in X, so it is the XOR over the 32 nibbles of X of a product looked up by
;; position and value: T_2i[n] = (the block with byte i = n << 4, zeros elsewhere) * H and
;; T_2i+1[n] = (byte i = n) * H. One key's nibble tables are 32 x 16 entries of 16 bytes (8 KiB;
;; entry n of table j at t + 256 j + 16 n), stored in GCM's own byte order, so a v128.load of an entry
;; is the field element as the blocks carry it: no reduction step, no byte swapping. Byte tables do
;; the same over the 16 bytes of X: T_i[b] = (byte i = b) * H, 16 x 256 entries (64 KiB; entry b of
;; table i at t + 4096 i + 16 b), half the lookups for eight times the memory, so the caller gives
;; them to a few keys only. The caller computes them once per key and passes their address with
;; bit 0 set for byte tables (addresses are multiples of 16).
;;
;; The entries of a block are XORed as a tree, which measured faster than a chain of XORs.
(module
  (memory (export "memory") 2)

  ;; GHASH_H (SP 800-38D §6.4, algorithm 2) continued from z over the len bytes at p (len may be 0):
  ;; z = ((z ^ B_0) * H ^ B_1) * H ... over the blocks B_j, the last one zero-padded (the 0^v / 0^u
  ;; of §7.1 step 5) by masking its load, so nothing is written and p needs no alignment; the bytes
  ;; after p + len are read but never used. The multiplication in GF(2^128) (§6.3) is the table
  ;; lookups generated below.
  (func $ghash (param $t i32) (param $z v128) (param $p i32) (param $len i32) (result v128)
    (local $y v128) (local $hi v128) (local $lo v128) (local $last v128) (local $end i32) (local $wide i32)
    (local $b0 i64) (local $b1 i64) (local $h0 i64) (local $h1 i64) (local $l0 i64) (local $l1 i64)
    (local.set $wide (i32.and (local.get $t) (i32.const 1)))
    (local.set $t (i32.and (local.get $t) (i32.const -2)))
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    ;; the last block keeps its first 16 - (-len mod 16) bytes: lanes below that count
    (local.set $last (i8x16.gt_u
      (i8x16.splat (i32.sub (i32.const 16) (i32.and (i32.sub (i32.const 0) (local.get $len)) (i32.const 15))))
      (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $block
        (local.set $y (v128.xor (local.get $z)
          (v128.and (v128.load (local.get $p))
            (select (result v128) (local.get $last) (v128.const i64x2 -1 -1)
              (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end))))))
        (local.set $z
          (if (result v128) (local.get $wide)
            (then
              ;; byte tables: the bytes taken out eight at a time as 64-bit integers (fewer
              ;; instructions than a lane each), entry offset 16 * byte
              (local.set $b0 (i64x2.extract_lane 0 (local.get $y)))
              (local.set $b1 (i64x2.extract_lane 1 (local.get $y)))
              ;; @generate ghash8-lookups
            )
            (else
              ;; nibble tables: entry offsets 16 * (high nibble) is the byte & 0xf0, 16 * (low
              ;; nibble) the byte << 4, taken out eight bytes at a time as 64-bit integers
              (local.set $hi (v128.and (local.get $y) (v128.const i8x16 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0)))
              (local.set $lo (i8x16.shl (local.get $y) (i32.const 4)))
              (local.set $h0 (i64x2.extract_lane 0 (local.get $hi)))
              (local.set $h1 (i64x2.extract_lane 1 (local.get $hi)))
              (local.set $l0 (i64x2.extract_lane 0 (local.get $lo)))
              (local.set $l1 (i64x2.extract_lane 1 (local.get $lo)))
              ;; @generate ghash-lookups
            )))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $block (i32.lt_u (local.get $p) (local.get $end)))))
    (local.get $z))

  ;; GCTR's XOR (SP 800-38D §6.5 steps 5-7; RFC 3711 §4.1.1 for AES-CM): XORs the keystream at ks
  ;; over the whole blocks that hold c[0..n) (bytes past n get keystream
  ;; too; callers pad or ignore them). Exported for AES-CM's keystream XOR as well.
  (func $xorText (export "xor") (param $c i32) (param $ks i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $c) (local.get $n)))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $c) (local.get $end)))
        (v128.store (local.get $c) (v128.xor (v128.load (local.get $c)) (v128.load (local.get $ks))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (local.set $ks (i32.add (local.get $ks) (i32.const 16)))
        (br $block))))

  ;; SP 800-38D §7.1 steps 5-6 without the final XOR: GHASH(A || 0^v || C || 0^u || [len(A)]64 ||
  ;; [len(C)]64) from 0, the AAD the aLen bytes at a, the text the n bytes at c; l is 16 bytes of
  ;; scratch for the length block.
  (func $hashPacket (param $t i32) (param $a i32) (param $aLen i32) (param $c i32) (param $n i32)
    (param $l i32) (result v128)
    ;; the two bit lengths as 64-bit big-endian numbers: little-endian lanes, bytes reversed per lane
    (v128.store (local.get $l)
      (i8x16.shuffle 7 6 5 4 3 2 1 0 15 14 13 12 11 10 9 8
        (i64x2.replace_lane 1
          (i64x2.splat (i64.shl (i64.extend_i32_u (local.get $aLen)) (i64.const 3)))
          (i64.shl (i64.extend_i32_u (local.get $n)) (i64.const 3)))
        (v128.const i64x2 0 0)))
    (call $ghash (local.get $t)
      (call $ghash (local.get $t)
        (call $ghash (local.get $t) (v128.const i64x2 0 0) (local.get $a) (local.get $aLen))
        (local.get $c) (local.get $n))
      (local.get $l) (i32.const 16)))

  ;; GCM encryption of one packet (SP 800-38D §7.1) in place: c[0..n) (16-byte aligned) becomes the
  ;; ciphertext and the tag is written at c + n. ks holds E(K, J0) and then the counter blocks'
  ;; keystream; a[0..aLen) is the AAD (anywhere, also right before c); l is 16 bytes of scratch.
  (func (export "seal") (param $t i32) (param $a i32) (param $aLen i32) (param $c i32) (param $n i32)
    (param $ks i32) (param $l i32)
    (call $xorText (local.get $c) (i32.add (local.get $ks) (i32.const 16)) (local.get $n))
    (v128.store (i32.add (local.get $c) (local.get $n))
      (v128.xor (v128.load (local.get $ks))
        (call $hashPacket (local.get $t) (local.get $a) (local.get $aLen) (local.get $c) (local.get $n)
          (local.get $l)))))

  ;; GCM authenticated decryption of one packet (SP 800-38D §7.2): 1 when the 16 bytes at tag are the
  ;; tag of AAD a[0..aLen) and ciphertext c[0..n), compared in constant time (every lane XORed, one
  ;; test of the result), and then only c[0..n) decrypted in place; 0 and nothing written otherwise.
  ;; The computed tag stays in locals: no copy of it is left in memory.
  (func (export "open") (param $t i32) (param $a i32) (param $aLen i32) (param $c i32) (param $n i32)
    (param $ks i32) (param $l i32) (param $tag i32) (result i32)
    (if (v128.any_true
          (v128.xor (v128.load (local.get $tag))
            (v128.xor (v128.load (local.get $ks))
              (call $hashPacket (local.get $t) (local.get $a) (local.get $aLen) (local.get $c) (local.get $n)
                (local.get $l)))))
      (then (return (i32.const 0))))
    (call $xorText (local.get $c) (i32.add (local.get $ks) (i32.const 16)) (local.get $n))
    (i32.const 1))

  ;; SHA-1 (FIPS 180-4 §6.1.2) compression of the n 64-byte blocks at p into the state h (5 words,
  ;; stored as little-endian i32 numbers); w is 64 bytes of scratch for the byte-swapped block.
  (func $sha1Blocks (param $h i32) (param $p i32) (param $n i32) (param $w i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32)
    ;; the message schedule W_t lives in 16 locals, W_t in $w(t mod 16): computed as the steps need it
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32) (local $w4 i32) (local $w5 i32)
    (local $w6 i32) (local $w7 i32) (local $w8 i32) (local $w9 i32) (local $w10 i32) (local $w11 i32)
    (local $w12 i32) (local $w13 i32) (local $w14 i32) (local $w15 i32)
    (block $done
      (loop $block
        (br_if $done (i32.eqz (local.get $n)))
        ;; FIPS 180-4 §6.1.2 step 1, t = 0..15: W_t = M_t, the block's big-endian words, byte-swapped
        ;; four at a time into the scratch and read from there
        (v128.store offset=0 (local.get $w)
          (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12
            (v128.load offset=0 (local.get $p)) (v128.load offset=0 (local.get $p))))
        (v128.store offset=16 (local.get $w)
          (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12
            (v128.load offset=16 (local.get $p)) (v128.load offset=16 (local.get $p))))
        (v128.store offset=32 (local.get $w)
          (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12
            (v128.load offset=32 (local.get $p)) (v128.load offset=32 (local.get $p))))
        (v128.store offset=48 (local.get $w)
          (i8x16.shuffle 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12
            (v128.load offset=48 (local.get $p)) (v128.load offset=48 (local.get $p))))
        ;; @generate sha1-load
        ;; step 2: a..e = H_0..H_4 of the state so far
        (local.set $a (i32.load offset=0 (local.get $h)))
        (local.set $b (i32.load offset=4 (local.get $h)))
        (local.set $c (i32.load offset=8 (local.get $h)))
        (local.set $d (i32.load offset=12 (local.get $h)))
        (local.set $e (i32.load offset=16 (local.get $h)))
        ;; step 3, t = 0..79: T = ROTL5(a) + f_t(b, c, d) + e + K_t + W_t; e = d; d = c; c = ROTL30(b);
        ;; b = a; a = T, with f (§4.1.1) and K (§4.2.1) per group of 20, and step 1 for t = 16..79,
        ;; W_t = ROTL1(W_t-3 ^ W_t-8 ^ W_t-14 ^ W_t-16), right before step t; generated by
        ;; scripts/gen-kernel.mjs
        ;; @generate sha1-steps
        ;; step 4: H_i = the new working variable + H_i
        (i32.store offset=0 (local.get $h) (i32.add (i32.load offset=0 (local.get $h)) (local.get $a)))
        (i32.store offset=4 (local.get $h) (i32.add (i32.load offset=4 (local.get $h)) (local.get $b)))
        (i32.store offset=8 (local.get $h) (i32.add (i32.load offset=8 (local.get $h)) (local.get $c)))
        (i32.store offset=12 (local.get $h) (i32.add (i32.load offset=12 (local.get $h)) (local.get $d)))
        (i32.store offset=16 (local.get $h) (i32.add (i32.load offset=16 (local.get $h)) (local.get $e)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $block))))

  ;; A 32-bit byte swap: the number v as it reads big-endian.
  (func $bswap (param $v i32) (result i32)
    (i32.or
      (i32.and (i32.rotl (local.get $v) (i32.const 8)) (i32.const 0x00ff00ff))
      (i32.and (i32.rotr (local.get $v) (i32.const 8)) (i32.const 0xff00ff00))))

  ;; HMAC-SHA1 (RFC 2104 §2: H(K ^ opad, H(K ^ ipad, text))) with precomputed states: st holds the inner state H(K ^ ipad) and then the
  ;; outer state H(K ^ opad) (10 words). The n blocks at p are the message after the key block, already
  ;; padded by the caller (0x80, zeros, the bit length of 64 + message bytes). scratch: 404 bytes
  ;; (working state 20, outer block 64, block scratch 64 of 320 kept). The 20-byte MAC goes to out.
  (func (export "hmacSha1") (param $st i32) (param $p i32) (param $n i32) (param $scratch i32) (param $out i32)
    (local $ob i32) (local $w i32) (local $i i32)
    (local.set $ob (i32.add (local.get $scratch) (i32.const 20)))
    (local.set $w (i32.add (local.get $scratch) (i32.const 84)))
    (v128.store (local.get $scratch) (v128.load (local.get $st)))
    (i32.store offset=16 (local.get $scratch) (i32.load offset=16 (local.get $st)))
    (call $sha1Blocks (local.get $scratch) (local.get $p) (local.get $n) (local.get $w))
    ;; outer block: the inner digest (big-endian), 0x80, zeros, (64 + 20) * 8 bits
    (local.set $i (i32.const 0))
    (loop $digest
      (i32.store (i32.add (local.get $ob) (local.get $i))
        (call $bswap (i32.load (i32.add (local.get $scratch) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $digest (i32.lt_u (local.get $i) (i32.const 20))))
    (i32.store offset=20 (local.get $ob) (i32.const 0x80))
    (v128.store offset=24 (local.get $ob) (v128.const i64x2 0 0))
    (v128.store offset=40 (local.get $ob) (v128.const i64x2 0 0))
    (i64.store offset=56 (local.get $ob) (i64.const 0))
    (i32.store offset=60 (local.get $ob) (call $bswap (i32.const 672)))
    (v128.store (local.get $scratch) (v128.load offset=20 (local.get $st)))
    (i32.store offset=16 (local.get $scratch) (i32.load offset=36 (local.get $st)))
    (call $sha1Blocks (local.get $scratch) (local.get $ob) (i32.const 1) (local.get $w))
    (local.set $i (i32.const 0))
    (loop $mac
      (i32.store (i32.add (local.get $out) (local.get $i))
        (call $bswap (i32.load (i32.add (local.get $scratch) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $mac (i32.lt_u (local.get $i) (i32.const 20))))
    ;; the schedule and the outer block held key-dependent words: zero them
    (memory.fill (local.get $scratch) (i32.const 0) (i32.const 404)))
)
