;; The WebAssembly kernel of @voip/srtp, with 128-bit SIMD: GHASH (NIST SP 800-38D §6.4,
;; https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf), whole AES-GCM
;; packets for RFC 7714 given their keystream, and the keystream XOR that AES-CM (RFC 3711 §4.1.1)
;; uses too. The AES block cipher itself is not here: node:crypto makes the keystream.
;;
;; This text is the source; scripts/build-wasm.mjs assembles it into src/internal/wasm-kernel-binary.ts
;; and test/wasm-kernel.test.ts fails when the two disagree.
;;
;; Memory belongs to the caller (src/internal/wasm-kernel.ts), which lays out tables, keystream and
;; packets and passes their addresses; this code works on them in place.
;;
;; Tables: X * H is linear in X, so it is the XOR over the 16 bytes X[i] of T_i[X[i]], where
;; T_i[b] = (the block with byte i = b and zeros elsewhere) * H. One key's tables are 16 x 256 entries
;; of 16 bytes (64 KiB, entry b of byte position i at t + 4096 i + 16 b), stored in GCM's own byte
;; order, so a v128.load of an entry is the field element as the blocks carry it. The products need no
;; reduction step and no byte swapping; the caller computes the tables once per key.
;;
;; The 16 table indexes of a block come from two 64-bit lanes by shifts on the scalar units, and the 16
;; entries are XORed as a tree: both measured faster than 16 lane extracts and a chain of XORs.
(module
  (memory (export "memory") 2)

  ;; X = ((X ^ B_0) * H ^ B_1) * H ... for the n blocks B_j at p (n may be 0).
  (func $ghash (export "ghash") (param $t i32) (param $x i32) (param $p i32) (param $n i32)
    (local $z v128) (local $y v128) (local $lo i64) (local $hi i64) (local $end i32)
    (local.set $z (v128.load (local.get $x)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 4))))
    (block $done
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (loop $block
        (local.set $y (v128.xor (local.get $z) (v128.load (local.get $p))))
        ;; bytes 0-7 of the block in $lo and 8-15 in $hi, little-endian: byte i is bits 8i..8i+7
        (local.set $lo (i64x2.extract_lane 0 (local.get $y)))
        (local.set $hi (i64x2.extract_lane 1 (local.get $y)))
        (local.set $z
          (v128.xor
            (v128.xor
              (v128.xor
                (v128.xor
                  (v128.load offset=0 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shl (local.get $lo) (i64.const 4)) (i64.const 0xff0)))))
                  (v128.load offset=4096 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $lo) (i64.const 4)) (i64.const 0xff0))))))
                (v128.xor
                  (v128.load offset=8192 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $lo) (i64.const 12)) (i64.const 0xff0)))))
                  (v128.load offset=12288 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $lo) (i64.const 20)) (i64.const 0xff0)))))))
              (v128.xor
                (v128.xor
                  (v128.load offset=16384 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $lo) (i64.const 28)) (i64.const 0xff0)))))
                  (v128.load offset=20480 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $lo) (i64.const 36)) (i64.const 0xff0))))))
                (v128.xor
                  (v128.load offset=24576 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $lo) (i64.const 44)) (i64.const 0xff0)))))
                  (v128.load offset=28672 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $lo) (i64.const 52)) (i64.const 0xff0))))))))
            (v128.xor
              (v128.xor
                (v128.xor
                  (v128.load offset=32768 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shl (local.get $hi) (i64.const 4)) (i64.const 0xff0)))))
                  (v128.load offset=36864 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $hi) (i64.const 4)) (i64.const 0xff0))))))
                (v128.xor
                  (v128.load offset=40960 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $hi) (i64.const 12)) (i64.const 0xff0)))))
                  (v128.load offset=45056 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $hi) (i64.const 20)) (i64.const 0xff0)))))))
              (v128.xor
                (v128.xor
                  (v128.load offset=49152 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $hi) (i64.const 28)) (i64.const 0xff0)))))
                  (v128.load offset=53248 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $hi) (i64.const 36)) (i64.const 0xff0))))))
                (v128.xor
                  (v128.load offset=57344 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $hi) (i64.const 44)) (i64.const 0xff0)))))
                  (v128.load offset=61440 (i32.add (local.get $t) (i32.wrap_i64 (i64.and (i64.shr_u (local.get $hi) (i64.const 52)) (i64.const 0xff0)))))))))
        )
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $block (i32.lt_u (local.get $p) (local.get $end)))))
    (v128.store (local.get $x) (local.get $z)))

  ;; Zeroes the bytes after c + n up to the end of its block (SP 800-38D §6.4 padding); c is
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

  ;; XORs the keystream at ks over the whole blocks that hold c[0..n) (bytes past n get keystream
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

  ;; X = GHASH(A, C, L) from X = 0: the aBlocks padded AAD blocks at a, the text c[0..n) padded, and
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
)
