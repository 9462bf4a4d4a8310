;; The WebAssembly kernel of @voip/audio's Resampler (its FIR presets), with 128-bit SIMD (f32x4).
;; The same computation as runKernelJs in src/polyphase-kernel.ts, in the same order, so both give the
;; same output bit for bit: for each output, the dot product of one phase of the filter bank with a
;; window of the input history, in single precision, four taps per f32x4 multiply and add into four
;; vector sums (tap j goes to vector (j / 4) mod 4, lane j mod 4: sixteen sums, each in tap order,
;; independent of each other so the additions overlap), the vectors added as (v0 + v2) + (v1 + v3),
;; then their lanes as (0 + 2) + (1 + 3), rounded half up, clipped to 16 bits.
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
    (local $row i32) (local $c i32) (local $end i32) (local $x i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $s f64) (local $r i32) (local $end_out i32)
    (local.set $row (i32.shl (local.get $width) (i32.const 2)))
    (local.set $whole (i32.shl (local.get $whole) (i32.const 2)))
    (local.set $end_out (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 1))))
    (block $done
      (br_if $done (i32.ge_u (local.get $out) (local.get $end_out)))
      (loop $output
        (local.set $c (i32.add (local.get $bank) (i32.mul (local.get $phase) (local.get $row))))
        (local.set $end (i32.add (local.get $c) (local.get $row)))
        (local.set $x (local.get $hist))
        (local.set $v0 (f32x4.splat (f32.const 0)))
        (local.set $v1 (f32x4.splat (f32.const 0)))
        (local.set $v2 (f32x4.splat (f32.const 0)))
        (local.set $v3 (f32x4.splat (f32.const 0)))
        ;; sixteen taps a turn (width is a multiple of 16)
        (loop $taps
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
          (br_if $taps (i32.lt_u (local.get $c) (local.get $end))))
        (local.set $v0
          (f32x4.add (f32x4.add (local.get $v0) (local.get $v2)) (f32x4.add (local.get $v1) (local.get $v3))))
        (local.set $s
          (f64.floor
            (f64.add
              (f64.promote_f32
                (f32.add
                  (f32.add (f32x4.extract_lane 0 (local.get $v0)) (f32x4.extract_lane 2 (local.get $v0)))
                  (f32.add (f32x4.extract_lane 1 (local.get $v0)) (f32x4.extract_lane 3 (local.get $v0)))))
              (f64.const 0.5))))
        ;; to an integer (saturating: the value is already whole), then clipped to 16 bits
        (local.set $r (i32.trunc_sat_f64_s (local.get $s)))
        (local.set $r (select (i32.const 32767) (local.get $r) (i32.gt_s (local.get $r) (i32.const 32767))))
        (local.set $r (select (i32.const -32768) (local.get $r) (i32.lt_s (local.get $r) (i32.const -32768))))
        (i32.store16 (local.get $out) (local.get $r))
        (local.set $out (i32.add (local.get $out) (i32.const 2)))
        (local.set $hist (i32.add (local.get $hist) (local.get $whole)))
        (local.set $phase (i32.add (local.get $phase) (local.get $frac)))
        (if (i32.ge_u (local.get $phase) (local.get $phases))
          (then
            (local.set $phase (i32.sub (local.get $phase) (local.get $phases)))
            (local.set $hist (i32.add (local.get $hist) (i32.const 4)))))
        (br_if $output (i32.lt_u (local.get $out) (local.get $end_out)))))))
