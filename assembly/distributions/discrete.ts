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

/** log p(x) of Categorical: logProbs[i mod b][x]. logProbs: (b, k) f64 normalised log-probabilities. */
export function categoricalLogProbF32(out: usize, x: usize, logProbs: usize, n: i32, b: i32, k: i32): void { categoricalLogProb<f32>(out, x, logProbs, n, b, k); }
/** As categoricalLogProbF32 over f64. */
export function categoricalLogProbF64(out: usize, x: usize, logProbs: usize, n: i32, b: i32, k: i32): void { categoricalLogProb<f64>(out, x, logProbs, n, b, k); }

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
