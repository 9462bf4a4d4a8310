;; The WebAssembly kernel of @voip/audio's Resampler (its FIR presets), with 128-bit SIMD (f32x4).
;; The same computation as runKernelJs in src/polyphase-kernel.ts, in the same order, so both give the
;; same output bit for bit: for each output, the dot product of one phase of the filter bank with a
;; window of the input history, in single precision, four taps per f32x4 multiply and add into four
;; vector sums (tap j goes to vector (j / 4) mod 4, lane j mod 4: sixteen sums, each in tap order,
;; independent of each other so the additions overlap), the vectors added as (v0 + v2) + (v1 + v3),
;; then their lanes as (0 + 2) + (1 + 3), rounded half up, clipped to 16 bits.
;;
;; Outputs go four at a time: four dot products, then their lanes summed together by shuffles (the same
;; additions in the same order), rounded (floor of x + 0.5 in single precision: exact below 2^23, and
;; anything larger is clipped anyway, so the same as in double precision), converted and clipped by
;; saturation, and stored as four i16. The last count mod 4 outputs go one at a time.
;;
;; Memory belongs to the caller (src/polyphase-kernel-wasm.ts): it writes the banks and the history
;; (little-endian f32) and passes their addresses; this code only reads them and writes the output.
;;
;; run(bank, width, phases, phase, hist, count, whole, frac, out):
;;   bank    address of the bank: `phases` rows of `width` f32 taps (width a multiple of 16)
;;   phase   the first output's row
;;   hist    address of the first output's window (width f32 input samples, oldest first)
;;   count   outputs to compute, written as i16 from address `out`
;;   whole, frac   per output the window moves by `whole` samples and the row by `frac`; when the row
;;           passes `phases` it wraps and the window moves one sample more (M = whole * phases + frac)
(module
  (memory (export "memory") 1)
  (func (export "run")
    (param $bank i32) (param $width i32) (param $phases i32) (param $phase i32) (param $hist i32)
    (param $count i32) (param $whole i32) (param $frac i32) (param $out i32)
    (local $row i32) (local $c i32) (local $end i32) (local $x i32) (local $end_out i32) (local $r i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $a v128) (local $b v128) (local $d v128) (local $e v128) (local $s f64)
    (local.set $row (i32.shl (local.get $width) (i32.const 2)))
    (local.set $whole (i32.shl (local.get $whole) (i32.const 2)))
    (local.set $end_out (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 1))))
    ;; four outputs a turn
    (block $quads_done
      (loop $quads
        (br_if $quads_done (i32.gt_u (i32.add (local.get $out) (i32.const 8)) (local.get $end_out)))
        ;; dot product of the row `phase` with the window at `hist` into $a, then step
        (local.set $c (i32.add (local.get $bank) (i32.mul (local.get $phase) (local.get $row))))
        (local.set $end (i32.add (local.get $c) (local.get $row)))
        (local.set $x (local.get $hist))
        (local.set $v0 (f32x4.splat (f32.const 0)))
        (local.set $v1 (f32x4.splat (f32.const 0)))
        (local.set $v2 (f32x4.splat (f32.const 0)))
        (local.set $v3 (f32x4.splat (f32.const 0)))
        (loop $taps_a
          (local.set $v0
            (f32x4.add (local.get $v0)
              (f32x4.mul (v128.load (local.get $c)) (v128.load (local.get $x)))))
          (local.set $v1
            (f32x4.add (local.get $v1)
              (f32x4.mul (v128.load offset=16 (local.get $c)) (v128.load offset=16 (local.get $x)))))
          (local.set $v2
            (f32x4.add (local.get $v2)
              (f32x4.mul (v128.load offset=32 (local.get $c)) (v128.load offset=32 (local.get $x)))))
          (local.set $v3
            (f32x4.add (local.get $v3)
              (f32x4.mul (v128.load offset=48 (local.get $c)) (v128.load offset=48 (local.get $x)))))
          (local.set $c (i32.add (local.get $c) (i32.const 64)))
          (local.set $x (i32.add (local.get $x) (i32.const 64)))
          (br_if $taps_a (i32.lt_u (local.get $c) (local.get $end))))
        (local.set $a
          (f32x4.add (f32x4.add (local.get $v0) (local.get $v2)) (f32x4.add (local.get $v1) (local.get $v3))))
        (local.set $hist (i32.add (local.get $hist) (local.get $whole)))
        (local.set $phase (i32.add (local.get $phase) (local.get $frac)))
        (if (i32.ge_u (local.get $phase) (local.get $phases))
          (then
            (local.set $phase (i32.sub (local.get $phase) (local.get $phases)))
            (local.set $hist (i32.add (local.get $hist) (i32.const 4)))))
        ;; dot product of the row `phase` with the window at `hist` into $b, then step
        (local.set $c (i32.add (local.get $bank) (i32.mul (local.get $phase) (local.get $row))))
        (local.set $end (i32.add (local.get $c) (local.get $row)))
        (local.set $x (local.get $hist))
        (local.set $v0 (f32x4.splat (f32.const 0)))
        (local.set $v1 (f32x4.splat (f32.const 0)))
        (local.set $v2 (f32x4.splat (f32.const 0)))
        (local.set $v3 (f32x4.splat (f32.const 0)))
        (loop $taps_b
          (local.set $v0
            (f32x4.add (local.get $v0)
              (f32x4.mul (v128.load (local.get $c)) (v128.load (local.get $x)))))
          (local.set $v1
            (f32x4.add (local.get $v1)
              (f32x4.mul (v128.load offset=16 (local.get $c)) (v128.load offset=16 (local.get $x)))))
          (local.set $v2
            (f32x4.add (local.get $v2)
              (f32x4.mul (v128.load offset=32 (local.get $c)) (v128.load offset=32 (local.get $x)))))
          (local.set $v3
            (f32x4.add (local.get $v3)
              (f32x4.mul (v128.load offset=48 (local.get $c)) (v128.load offset=48 (local.get $x)))))
          (local.set $c (i32.add (local.get $c) (i32.const 64)))
          (local.set $x (i32.add (local.get $x) (i32.const 64)))
          (br_if $taps_b (i32.lt_u (local.get $c) (local.get $end))))
        (local.set $b
          (f32x4.add (f32x4.add (local.get $v0) (local.get $v2)) (f32x4.add (local.get $v1) (local.get $v3))))
        (local.set $hist (i32.add (local.get $hist) (local.get $whole)))
        (local.set $phase (i32.add (local.get $phase) (local.get $frac)))
        (if (i32.ge_u (local.get $phase) (local.get $phases))
          (then
            (local.set $phase (i32.sub (local.get $phase) (local.get $phases)))
            (local.set $hist (i32.add (local.get $hist) (i32.const 4)))))
        ;; dot product of the row `phase` with the window at `hist` into $d, then step
        (local.set $c (i32.add (local.get $bank) (i32.mul (local.get $phase) (local.get $row))))
        (local.set $end (i32.add (local.get $c) (local.get $row)))
        (local.set $x (local.get $hist))
        (local.set $v0 (f32x4.splat (f32.const 0)))
        (local.set $v1 (f32x4.splat (f32.const 0)))
        (local.set $v2 (f32x4.splat (f32.const 0)))
        (local.set $v3 (f32x4.splat (f32.const 0)))
        (loop $taps_d
          (local.set $v0
            (f32x4.add (local.get $v0)
              (f32x4.mul (v128.load (local.get $c)) (v128.load (local.get $x)))))
          (local.set $v1
            (f32x4.add (local.get $v1)
              (f32x4.mul (v128.load offset=16 (local.get $c)) (v128.load offset=16 (local.get $x)))))
          (local.set $v2
            (f32x4.add (local.get $v2)
              (f32x4.mul (v128.load offset=32 (local.get $c)) (v128.load offset=32 (local.get $x)))))
          (local.set $v3
            (f32x4.add (local.get $v3)
              (f32x4.mul (v128.load offset=48 (local.get $c)) (v128.load offset=48 (local.get $x)))))
          (local.set $c (i32.add (local.get $c) (i32.const 64)))
          (local.set $x (i32.add (local.get $x) (i32.const 64)))
          (br_if $taps_d (i32.lt_u (local.get $c) (local.get $end))))
        (local.set $d
          (f32x4.add (f32x4.add (local.get $v0) (local.get $v2)) (f32x4.add (local.get $v1) (local.get $v3))))
        (local.set $hist (i32.add (local.get $hist) (local.get $whole)))
        (local.set $phase (i32.add (local.get $phase) (local.get $frac)))
        (if (i32.ge_u (local.get $phase) (local.get $phases))
          (then
            (local.set $phase (i32.sub (local.get $phase) (local.get $phases)))
            (local.set $hist (i32.add (local.get $hist) (i32.const 4)))))
        ;; dot product of the row `phase` with the window at `hist` into $e, then step
        (local.set $c (i32.add (local.get $bank) (i32.mul (local.get $phase) (local.get $row))))
        (local.set $end (i32.add (local.get $c) (local.get $row)))
        (local.set $x (local.get $hist))
        (local.set $v0 (f32x4.splat (f32.const 0)))
        (local.set $v1 (f32x4.splat (f32.const 0)))
        (local.set $v2 (f32x4.splat (f32.const 0)))
        (local.set $v3 (f32x4.splat (f32.const 0)))
        (loop $taps_e
          (local.set $v0
            (f32x4.add (local.get $v0)
              (f32x4.mul (v128.load (local.get $c)) (v128.load (local.get $x)))))
          (local.set $v1
            (f32x4.add (local.get $v1)
              (f32x4.mul (v128.load offset=16 (local.get $c)) (v128.load offset=16 (local.get $x)))))
          (local.set $v2
            (f32x4.add (local.get $v2)
              (f32x4.mul (v128.load offset=32 (local.get $c)) (v128.load offset=32 (local.get $x)))))
          (local.set $v3
            (f32x4.add (local.get $v3)
              (f32x4.mul (v128.load offset=48 (local.get $c)) (v128.load offset=48 (local.get $x)))))
          (local.set $c (i32.add (local.get $c) (i32.const 64)))
          (local.set $x (i32.add (local.get $x) (i32.const 64)))
          (br_if $taps_e (i32.lt_u (local.get $c) (local.get $end))))
        (local.set $e
          (f32x4.add (f32x4.add (local.get $v0) (local.get $v2)) (f32x4.add (local.get $v1) (local.get $v3))))
        (local.set $hist (i32.add (local.get $hist) (local.get $whole)))
        (local.set $phase (i32.add (local.get $phase) (local.get $frac)))
        (if (i32.ge_u (local.get $phase) (local.get $phases))
          (then
            (local.set $phase (i32.sub (local.get $phase) (local.get $phases)))
            (local.set $hist (i32.add (local.get $hist) (i32.const 4)))))
        ;; lanes (0 + 2) and (1 + 3) of a and b, then of d and e: [a0+a2, a1+a3, b0+b2, b1+b3] ...
        (local.set $a
          (f32x4.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b))))
        (local.set $d
          (f32x4.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $d) (local.get $e))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $d) (local.get $e))))
        ;; ... then (0 + 2) + (1 + 3) of each: the four outputs' sums, in order
        (local.set $a
          (f32x4.add
            (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $d))
            (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $d))))
        ;; rounded half up, to integers (saturating), clipped to 16 bits (saturating), stored
        (local.set $a
          (i32x4.trunc_sat_f32x4_s
            (f32x4.floor (f32x4.add (local.get $a) (f32x4.splat (f32.const 0.5))))))
        (v128.store64_lane 0 (local.get $out) (i16x8.narrow_i32x4_s (local.get $a) (local.get $a)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br $quads)))
    ;; the rest one at a time
    (block $done
      (br_if $done (i32.ge_u (local.get $out) (local.get $end_out)))
      (loop $output
        ;; dot product of the row `phase` with the window at `hist` into $a, then step
        (local.set $c (i32.add (local.get $bank) (i32.mul (local.get $phase) (local.get $row))))
        (local.set $end (i32.add (local.get $c) (local.get $row)))
        (local.set $x (local.get $hist))
        (local.set $v0 (f32x4.splat (f32.const 0)))
        (local.set $v1 (f32x4.splat (f32.const 0)))
        (local.set $v2 (f32x4.splat (f32.const 0)))
        (local.set $v3 (f32x4.splat (f32.const 0)))
        (loop $taps_a
          (local.set $v0
            (f32x4.add (local.get $v0)
              (f32x4.mul (v128.load (local.get $c)) (v128.load (local.get $x)))))
          (local.set $v1
            (f32x4.add (local.get $v1)
              (f32x4.mul (v128.load offset=16 (local.get $c)) (v128.load offset=16 (local.get $x)))))
          (local.set $v2
            (f32x4.add (local.get $v2)
              (f32x4.mul (v128.load offset=32 (local.get $c)) (v128.load offset=32 (local.get $x)))))
          (local.set $v3
            (f32x4.add (local.get $v3)
              (f32x4.mul (v128.load offset=48 (local.get $c)) (v128.load offset=48 (local.get $x)))))
          (local.set $c (i32.add (local.get $c) (i32.const 64)))
          (local.set $x (i32.add (local.get $x) (i32.const 64)))
          (br_if $taps_a (i32.lt_u (local.get $c) (local.get $end))))
        (local.set $a
          (f32x4.add (f32x4.add (local.get $v0) (local.get $v2)) (f32x4.add (local.get $v1) (local.get $v3))))
        (local.set $hist (i32.add (local.get $hist) (local.get $whole)))
        (local.set $phase (i32.add (local.get $phase) (local.get $frac)))
        (if (i32.ge_u (local.get $phase) (local.get $phases))
          (then
            (local.set $phase (i32.sub (local.get $phase) (local.get $phases)))
            (local.set $hist (i32.add (local.get $hist) (i32.const 4)))))
        (local.set $s
          (f64.floor
            (f64.add
              (f64.promote_f32
                (f32.add
                  (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 2 (local.get $a)))
                  (f32.add (f32x4.extract_lane 1 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))
              (f64.const 0.5))))
        ;; to an integer (saturating: the value is already whole), then clipped to 16 bits
        (local.set $r (i32.trunc_sat_f64_s (local.get $s)))
        (local.set $r (select (i32.const 32767) (local.get $r) (i32.gt_s (local.get $r) (i32.const 32767))))
        (local.set $r (select (i32.const -32768) (local.get $r) (i32.lt_s (local.get $r) (i32.const -32768))))
        (i32.store16 (local.get $out) (local.get $r))
        (local.set $out (i32.add (local.get $out) (i32.const 2)))
        (br_if $output (i32.lt_u (local.get $out) (local.get $end_out)))))))
