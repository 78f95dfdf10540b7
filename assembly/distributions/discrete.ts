// Bernoulli and Categorical log-mass kernels, and the Bernoulli threshold draw. out, x: n of T (f32 or
// f64); parameters f64 of b batch elements, element i uses i mod b. Values outside the support (not 0/1,
// not an integer in [0, K)) give −∞; NaN gives NaN.
import { softplus } from "../math/special";

// @ts-ignore: decorator
@inline function bernoulliLogProb<T>(out: usize, x: usize, logits: usize, n: i32, b: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<T>(x + (<usize>i << alignof<T>()));
    const l = load<f64>(logits + (<usize>j << 3));
    // log σ(l) = −softplus(−l) for 1, log(1 − σ(l)) = −softplus(l) for 0: finite for any finite logit
    const r = v == 1.0 ? -softplus(-l) : v == 0.0 ? -softplus(l) : isNaN(v) ? v : -Infinity;
    store<T>(out + (<usize>i << alignof<T>()), <T>r);
    if (++j == b) j = 0;
  }
}

/** log p(x) of Bernoulli(logits): x·l − softplus(l) for x in {0, 1}. logits: b f64 (±∞ allowed). */
export function bernoulliLogProbF32(out: usize, x: usize, logits: usize, n: i32, b: i32): void { bernoulliLogProb<f32>(out, x, logits, n, b); }
/** As bernoulliLogProbF32 over f64. */
export function bernoulliLogProbF64(out: usize, x: usize, logits: usize, n: i32, b: i32): void { bernoulliLogProb<f64>(out, x, logits, n, b); }

// @ts-ignore: decorator
@inline function categoricalLogProb<T>(out: usize, x: usize, logProbs: usize, n: i32, b: i32, k: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<T>(x + (<usize>i << alignof<T>()));
    let r: f64;
    if (v >= 0 && v < <f64>k && v == Math.floor(v)) {
      r = load<f64>(logProbs + ((<usize>j * <usize>k + <usize><i32>v) << 3));
    } else {
      r = isNaN(v) ? v : -Infinity;
    }
    store<T>(out + (<usize>i << alignof<T>()), <T>r);
    if (++j == b) j = 0;
  }
}

// The same for int32 values (sample()'s class indices), read without a conversion; out is f64.
// @ts-ignore: decorator
@inline function categoricalLogProbOfIndices(out: usize, x: usize, logProbs: usize, n: i32, b: i32, k: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const v = load<i32>(x + (<usize>i << 2));
    // one unsigned compare: negative indices wrap past k
    const r = <u32>v < <u32>k ? load<f64>(logProbs + ((<usize>j * <usize>k + <usize>v) << 3)) : -Infinity;
    store<f64>(out + (<usize>i << 3), r);
    if (++j == b) j = 0;
  }
}

/** log p(x) of Categorical: logProbs[i mod b][x]. logProbs: (b, k) f64 normalised log-probabilities. */
export function categoricalLogProbF32(out: usize, x: usize, logProbs: usize, n: i32, b: i32, k: i32): void { categoricalLogProb<f32>(out, x, logProbs, n, b, k); }
/** As categoricalLogProbF32 over f64. */
export function categoricalLogProbF64(out: usize, x: usize, logProbs: usize, n: i32, b: i32, k: i32): void { categoricalLogProb<f64>(out, x, logProbs, n, b, k); }
/** As categoricalLogProbF32 for int32 values x (out: n f64): −∞ outside [0, k). */
export function categoricalLogProbI32(out: usize, x: usize, logProbs: usize, n: i32, b: i32, k: i32): void { categoricalLogProbOfIndices(out, x, logProbs, n, b, k); }

/**
 * Bernoulli draws from raw stream words, in place: out[i] = 1 when word i < thresholds[i mod b], else 0.
 * thresholds = ⌊p·2^32⌋ as f64 (2^32 for p = 1), so b = 1 repeats bernoulliFillF32 bit for bit.
 * out: n u32 words in, n f32 out.
 */
export function bernoulliFromWordsF32(out: usize, thresholds: usize, n: i32, b: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const p = out + (<usize>i << 2);
    const w = <f64>load<u32>(p);
    store<f32>(p, w < load<f64>(thresholds + (<usize>j << 3)) ? <f32>1 : <f32>0);
    if (++j == b) j = 0;
  }
}

// F(x) = P(X ≤ x) of a distribution on {0, …, k − 1} from its cumulative table: 0 below 0, cdf[⌊x⌋] inside,
// 1 from k − 1 on (the table's last entry is 1); NaN stays NaN.
// @ts-ignore: decorator
@inline function discreteCdf<T>(out: usize, x: usize, cdf: usize, n: i32, b: i32, k: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<T>(x + (<usize>i << alignof<T>()));
    let r: f64;
    if (!(v >= 0)) r = isNaN(v) ? v : 0.0;
    else if (v >= <f64>(k - 1)) r = 1.0;
    else r = load<f64>(cdf + ((<usize>j * <usize>k + <usize><i32>Math.floor(v)) << 3));
    store<T>(out + (<usize>i << alignof<T>()), <T>r);
    if (++j == b) j = 0;
  }
}

// F⁻¹(q) = the smallest category c with F(c) ≥ q (so q = 0 gives 0, and a category of probability 0 is
// returned only at q = 0 when it is the first); q outside [0, 1] or NaN gives NaN. Binary search.
// @ts-ignore: decorator
@inline function discreteIcdf<T>(out: usize, q: usize, cdf: usize, n: i32, b: i32, k: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<T>(q + (<usize>i << alignof<T>()));
    let r: f64 = NaN;
    if (v >= 0 && v <= 1) {
      const row = cdf + ((<usize>j * <usize>k) << 3);
      let lo = 0, hi = k - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (load<f64>(row + (<usize>mid << 3)) >= v) hi = mid;
        else lo = mid + 1;
      }
      r = <f64>lo;
    }
    store<T>(out + (<usize>i << alignof<T>()), <T>r);
    if (++j == b) j = 0;
  }
}

/**
 * P(X ≤ x) of Bernoulli or Categorical: out, x: n f32; cdf: (b, k) f64 cumulative probabilities whose last
 * entry is 1 (Bernoulli: [1 − p, 1]). Element i uses row i mod b.
 * @example cdf [0.7, 1]: x = −1, 0, 0.5, 1 give 0, 0.7, 0.7, 1.
 */
export function discreteCdfF32(out: usize, x: usize, cdf: usize, n: i32, b: i32, k: i32): void { discreteCdf<f32>(out, x, cdf, n, b, k); }
/** As discreteCdfF32 over f64. */
export function discreteCdfF64(out: usize, x: usize, cdf: usize, n: i32, b: i32, k: i32): void { discreteCdf<f64>(out, x, cdf, n, b, k); }
/**
 * The quantile of Bernoulli or Categorical: the smallest category c with cdf[c] ≥ q. out, q: n f32; cdf as
 * discreteCdfF32.
 * @example cdf [0.2, 0.2, 1] (probs [0.2, 0, 0.8]): q = 0, 0.2, 0.21, 1 give 0, 0, 2, 2 (never 1).
 */
export function discreteIcdfF32(out: usize, q: usize, cdf: usize, n: i32, b: i32, k: i32): void { discreteIcdf<f32>(out, q, cdf, n, b, k); }
/** As discreteIcdfF32 over f64. */
export function discreteIcdfF64(out: usize, q: usize, cdf: usize, n: i32, b: i32, k: i32): void { discreteIcdf<f64>(out, q, cdf, n, b, k); }
