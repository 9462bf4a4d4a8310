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
;; T_2i+1[n] = (byte i = n) * H. One key's tables are 32 x 16 entries of 16 bytes (8 KiB; entry n of
;; table j at t + 256 j + 16 n), stored in GCM's own byte order, so a v128.load of an entry is the
;; field element as the blocks carry it: no reduction step, no byte swapping. The caller computes
;; them once per key. (Byte-indexed tables would take half the lookups and eight times the memory.)
;;
;; The 32 entries of a block are XORed as a tree, which measured faster than a chain of XORs.
(module
  (memory (export "memory") 2)

  ;; GHASH_H (SP 800-38D §6.4, algorithm 2): X = ((X ^ B_0) * H ^ B_1) * H ... for the n blocks B_j at
  ;; p (n may be 0); the multiplication in GF(2^128) (§6.3) is the table lookups generated below.
  (func $ghash (param $t i32) (param $x i32) (param $p i32) (param $n i32)
    (local $z v128) (local $y v128) (local $hi v128) (local $lo v128) (local $end i32)
    (local.set $z (v128.load (local.get $x)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 4))))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $block
        (local.set $y (v128.xor (local.get $z) (v128.load (local.get $p))))
        ;; entry offsets: 16 * (high nibble) is the byte & 0xf0, 16 * (low nibble) the byte << 4
        (local.set $hi (v128.and (local.get $y) (v128.const i8x16 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0)))
        (local.set $lo (i8x16.shl (local.get $y) (i32.const 4)))
        (local.set $z
          ;; @generate ghash-lookups
        )
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $block (i32.lt_u (local.get $p) (local.get $end)))))
    (v128.store (local.get $x) (local.get $z)))

  ;; Zeroes the bytes after c + n up to the end of its block (the 0^v / 0^u padding of SP 800-38D
  ;; §7.1 step 5); c is
  ;; 16-byte aligned.
  (func $padText (param $c i32) (param $n i32)
    (local $p i32) (local $end i32)
    (local.set $p (i32.add (local.get $c) (local.get $n)))
    (local.set $end (i32.and (i32.add (local.get $p) (i32.const 15)) (i32.const -16)))
    (block $done
      (loop $zero
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (i32.store8 (local.get $p) (i32.const 0))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $zero))))

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

  ;; SP 800-38D §7.1 steps 5-6, X = GHASH(A || 0^v || C || 0^u || [len(A)]64 || [len(C)]64) from X = 0: the aBlocks padded AAD blocks at a, the text c[0..n) padded, and
  ;; the length block at l.
  (func $hashPacket (param $t i32) (param $x i32) (param $a i32) (param $aBlocks i32) (param $c i32)
    (param $n i32) (param $l i32)
    (call $padText (local.get $c) (local.get $n))
    (v128.store (local.get $x) (v128.const i64x2 0 0))
    (call $ghash (local.get $t) (local.get $x) (local.get $a) (local.get $aBlocks))
    (call $ghash (local.get $t) (local.get $x) (local.get $c)
      (i32.shr_u (i32.add (local.get $n) (i32.const 15)) (i32.const 4)))
    (call $ghash (local.get $t) (local.get $x) (local.get $l) (i32.const 1)))

  ;; GCM encryption of one packet (SP 800-38D §7.1) in place: c[0..n) becomes the ciphertext and the
  ;; tag is written at c + n. ks holds E(K, J0) and then the counter blocks' keystream.
  (func (export "seal") (param $t i32) (param $x i32) (param $a i32) (param $aBlocks i32) (param $c i32)
    (param $n i32) (param $ks i32) (param $l i32)
    (call $xorText (local.get $c) (i32.add (local.get $ks) (i32.const 16)) (local.get $n))
    (call $hashPacket (local.get $t) (local.get $x) (local.get $a) (local.get $aBlocks) (local.get $c)
      (local.get $n) (local.get $l))
    (v128.store (i32.add (local.get $c) (local.get $n))
      (v128.xor (v128.load (local.get $x)) (v128.load (local.get $ks)))))

  ;; GCM decryption of one packet (SP 800-38D §7.2): the expected tag to x, then c[0..n) decrypted in
  ;; place. The caller compares the tags and uses the plaintext only when they match.
  (func (export "open") (param $t i32) (param $x i32) (param $a i32) (param $aBlocks i32) (param $c i32)
    (param $n i32) (param $ks i32) (param $l i32)
    (call $hashPacket (local.get $t) (local.get $x) (local.get $a) (local.get $aBlocks) (local.get $c)
      (local.get $n) (local.get $l))
    (v128.store (local.get $x) (v128.xor (v128.load (local.get $x)) (v128.load (local.get $ks))))
    (call $xorText (local.get $c) (i32.add (local.get $ks) (i32.const 16)) (local.get $n)))

  ;; SHA-1 (FIPS 180-4 §6.1.2) compression of the n 64-byte blocks at p into the state h (5 words,
  ;; stored as little-endian i32 numbers); w is 320 bytes of schedule scratch.
  (func $sha1Blocks (param $h i32) (param $p i32) (param $n i32) (param $w i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32) (local $t i32)
    (local $i i32) (local $end i32)
    (block $done
      (loop $block
        (br_if $done (i32.eqz (local.get $n)))
        ;; FIPS 180-4 §6.1.2 step 1, t = 0..15: W_t = M_t, the block's big-endian words, byte-swapped
        ;; four at a time
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
        ;; step 1, t = 16..79: W_t = ROTL1(W_t-3 ^ W_t-8 ^ W_t-14 ^ W_t-16) (byte offsets here)
        (local.set $i (i32.add (local.get $w) (i32.const 64)))
        (local.set $end (i32.add (local.get $w) (i32.const 320)))
        (loop $schedule
          (i32.store (local.get $i)
            (i32.rotl
              (i32.xor
                (i32.xor (i32.load (i32.sub (local.get $i) (i32.const 12))) (i32.load (i32.sub (local.get $i) (i32.const 32))))
                (i32.xor (i32.load (i32.sub (local.get $i) (i32.const 56))) (i32.load (i32.sub (local.get $i) (i32.const 64)))))
              (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 4)))
          (br_if $schedule (i32.lt_u (local.get $i) (local.get $end))))
        ;; step 2: a..e = H_0..H_4 of the state so far
        (local.set $a (i32.load offset=0 (local.get $h)))
        (local.set $b (i32.load offset=4 (local.get $h)))
        (local.set $c (i32.load offset=8 (local.get $h)))
        (local.set $d (i32.load offset=12 (local.get $h)))
        (local.set $e (i32.load offset=16 (local.get $h)))
        ;; step 3, t = 0..79: T = ROTL5(a) + f_t(b, c, d) + e + K_t + W_t; e = d; d = c; c = ROTL30(b);
        ;; b = a; a = T, with f (§4.1.1) and K (§4.2.1) per group of 20, generated by scripts/gen-kernel.mjs
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
  ;; (working state 20, outer block 64, schedule 320). The 20-byte MAC goes to out.
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
