// Poisson(λ) samples. λ < 10: inversion by sequential search (one uniform; expected λ + 1 steps).
// λ ≥ 10: PTRS, the transformed rejection with squeeze of Hörmann 1993 ("The transformed rejection method
// for generating Poisson random variables", Insurance: Mathematics and Economics 12), as numpy's
// random_poisson_ptrs. Each element draws only from its own sub-stream (tag "pois").
import { subStreamBegin, subStreamUniformF64 } from "../rng/stream";

// @ts-ignore: decorator
@inline const TAG_POISSON: u32 = 0x706f6973; // "pois"

/** log Γ(x) for x ≥ 1 by the Stirling series after shifting x to ≥ 7 (numpy's random_loggam). */
export function logGammaStirling(x: f64): f64 {
  if (x == 1.0 || x == 2.0) return 0.0;
  const n = x < 7.0 ? <i32>(7.0 - x) : 0;
  let x0 = x + <f64>n;
  const x2 = (1.0 / x0) * (1.0 / x0);
  let gl0 = -1.39243221690590;
  gl0 = gl0 * x2 + 1.796443723688307e-01;
  gl0 = gl0 * x2 - 2.955065359477124e-02;
  gl0 = gl0 * x2 + 6.410256410256410e-03;
  gl0 = gl0 * x2 - 1.917526917526918e-03;
  gl0 = gl0 * x2 + 8.417508417508418e-04;
  gl0 = gl0 * x2 - 5.952380952380952e-04;
  gl0 = gl0 * x2 + 7.936507936507937e-04;
  gl0 = gl0 * x2 - 2.777777777777778e-03;
  gl0 = gl0 * x2 + 8.333333333333333e-02;
  let gl = gl0 / x0 + 0.9189385332046727 + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= n; k++) {
    gl -= Math.log(x0 - 1.0);
    x0 -= 1.0;
  }
  return gl;
}

// Inversion: the first k with u < F(k), F accumulated term by term (p_k = p_{k−1}·λ/k).
function poissonInversion(lambda: f64): f64 {
  const u = subStreamUniformF64();
  let p = Math.exp(-lambda);
  let f = p;
  let k = 0.0;
  while (u >= f && k < 1000.0) { // λ < 10: P(X ≥ 1000) is below 1e-1000; the cap only guards rounding
    k += 1.0;
    p *= lambda / k;
    f += p;
  }
  return k;
}

// PTRS (Hörmann 1993, §3), constants as in the paper and numpy.
function poissonPtrs(lambda: f64): f64 {
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2.0);
  while (true) {
    const u = subStreamUniformF64() - 0.5;
    const v = subStreamUniformF64();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2.0 * a / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    // log(v) = −∞ for v = 0 accepts, as in numpy
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGammaStirling(k + 1.0)) return k;
  }
}

/** One Poisson(λ) draw for element `element` (λ ≥ 0; λ = 0 gives 0; NaN gives NaN). */
export function poissonElement(k0: u32, k1: u32, element: u32, lambda: f64): f64 {
  if (!(lambda > 0.0)) return lambda == 0.0 ? 0.0 : NaN;
  subStreamBegin(k0, k1, element, TAG_POISSON);
  return lambda < 10.0 ? poissonInversion(lambda) : poissonPtrs(lambda);
}

/**
 * out: n f32 counts. Elements start … start+n-1 of Poisson(rate[i mod count]) (rate f64, ≥ 0).
 * @example rate = [3.5]: mean and variance 3.5.
 */
export function poissonFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32, rate: usize, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    store<f32>(out + (<usize>i << 2), <f32>poissonElement(k0, k1, start + <u32>i, load<f64>(rate + (<usize>j << 3))));
    if (++j == count) j = 0;
  }
}

/** out: n f64 counts. As poissonFillF32 (the same draws). */
export function poissonFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32, rate: usize, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    store<f64>(out + (<usize>i << 3), poissonElement(k0, k1, start + <u32>i, load<f64>(rate + (<usize>j << 3))));
    if (++j == count) j = 0;
  }
}
