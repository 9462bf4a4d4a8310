/** Signal measurements for the resampler's quality tests: least-squares sine fits, RMS, dB. */

/** A sine of `amplitude` at `freq` Hz, `n` samples at `rate` (phase 0 at t = 0), rounded to 16 bits. */
export function sine(freq: number, rate: number, n: number, amplitude: number, t0 = 0): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amplitude * Math.sin(2 * Math.PI * freq * ((i + t0) / rate))));
}

/** A linear chirp from f0 to f1 Hz over `seconds`, at `rate` (exact, not rounded). */
export function chirp(f0: number, f1: number, seconds: number, rate: number, amplitude: number): Float64Array {
  const k = (f1 - f0) / seconds;
  return Float64Array.from({ length: Math.round(seconds * rate) }, (_, i) => {
    const t = i / rate;
    return amplitude * Math.sin(2 * Math.PI * (f0 * t + (k * t * t) / 2));
  });
}

/** Least-squares fit of a·sin + b·cos at `freq` to `y` (sample i at time (i + t0) / rate): amplitude and residual RMS. */
export function fitSine(y: ArrayLike<number>, freq: number, rate: number, t0 = 0): { amplitude: number; residualRms: number } {
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let ys = 0;
  let yc = 0;
  for (let i = 0; i < y.length; i++) {
    const w = 2 * Math.PI * freq * ((i + t0) / rate);
    const s = Math.sin(w);
    const c = Math.cos(w);
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += y[i]! * s;
    yc += y[i]! * c;
  }
  const det = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / det;
  const b = (yc * ss - ys * sc) / det;
  let r = 0;
  for (let i = 0; i < y.length; i++) {
    const w = 2 * Math.PI * freq * ((i + t0) / rate);
    const e = y[i]! - a * Math.sin(w) - b * Math.cos(w);
    r += e * e;
  }
  return { amplitude: Math.hypot(a, b), residualRms: Math.sqrt(r / y.length) };
}

/** Root mean square of `y`. */
export function rms(y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    s += y[i]! * y[i]!;
  }
  return Math.sqrt(s / y.length);
}

/** 20·log10(a / b). */
export function db(a: number, b: number): number {
  return 20 * Math.log10(a / b);
}
