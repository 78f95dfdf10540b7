// Categorical sampling, three ways. Draw i of a batch of `rows` distributions over K categories uses
// row i mod rows. Inverse cdf and alias both use ONE f64 uniform per draw: element start + i of
// uniformFillF64's stream (53 bits), so a draw is a pure function of (key, i).
//   inverse cdf: cumulative sums (f64, in order), then the first k with u·total < cdf[k] by binary search;
//                O(K) per row once, O(log K) per draw — best for few draws per row.
//   alias:       Walker 1977 / Vose 1991 tables, O(K) per row once, O(1) per draw.
//   Gumbel-max:  argmax_k (logit_k + g_k), g_k = −log(−log u_k) (Gumbel 1954; Maddison et al. 2014), with
//                u_k from word (start + i)·K + k of the main stream: no normalisation needed.
import { randomBitsFill } from "../rng/stream";
import { uniformFillF64 } from "./uniform";

// @ts-ignore: decorator
@inline const CHUNK: i32 = 64;
// Static scratch (no allocation in the kernels): CHUNK f64 uniforms, or CHUNK·4 u32 words.
const scratch: usize = memory.data(CHUNK * 8 * 4, 16);

// @ts-ignore: decorator
@inline function f64At(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }

/**
 * Cumulative sums per row: cdf[r][k] = Σ_{j≤k} probs[r][j], summed left to right in f64.
 * @param cdf   (rows, K) f64 out
 * @param probs (rows, K) f64, entries ≥ 0, each row with a positive sum (need not be normalised)
 */
export function categoricalCdfF64(cdf: usize, probs: usize, rows: i32, k: i32): void {
  for (let r = 0; r < rows; r++) {
    const base = <usize>r * <usize>k;
    let s = 0.0;
    for (let j = 0; j < k; j++) {
      s += f64At(probs, <i32>base + j);
      store<f64>(cdf + ((base + <usize>j) << 3), s);
    }
  }
}

// The first k with t < cdf[k]; when rounding puts t at or past the end, the last category of positive
// probability (a zero-probability category is never returned).
// @ts-ignore: decorator
@inline function searchCdf(cdfRow: usize, k: i32, t: f64): i32 {
  let lo = 0;
  let hi = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t < f64At(cdfRow, mid)) hi = mid;
    else lo = mid + 1;
  }
  if (!(t < f64At(cdfRow, lo))) {
    while (lo > 0 && f64At(cdfRow, lo - 1) == f64At(cdfRow, lo)) lo--;
  }
  return lo;
}

/**
 * out: n i32 category indices by inversion: draw i uses row r = i mod rows and t = u_i·cdf[r][K−1].
 * @param cdf (rows, K) f64 from categoricalCdfF64
 * @example probs [0.25, 0, 0.75]: u < 0.25 gives 0, otherwise 2 (never 1).
 */
export function categoricalInverseCdfI32(out: usize, start: u32, n: i32, k0: u32, k1: u32, cdf: usize, k: i32, rows: i32): void {
  let r = 0;
  for (let i = 0; i < n; i += CHUNK) {
    const m = min(CHUNK, n - i);
    uniformFillF64(scratch, start + <u32>i, m, k0, k1);
    for (let c = 0; c < m; c++) {
      const row = cdf + ((<usize>r * <usize>k) << 3);
      const t = f64At(scratch, c) * f64At(row, k - 1);
      store<i32>(out + (<usize>(i + c) << 2), searchCdf(row, k, t));
      if (++r == rows) r = 0;
    }
  }
}

/**
 * Alias tables by Vose's method (Vose 1991, "A linear algorithm for generating random numbers with a
 * given distribution"), deterministic: q_j = K·p_j / Σp; indices go onto a `small` (q < 1) or `large`
 * stack in increasing order; pop one of each, prob[s] = q_s, alias[s] = l, q_l ← (q_l + q_s) − 1, push l
 * back by its new q. Leftovers (either stack) get prob 1 and alias to themselves.
 * @param prob  (rows, K) f64 out: acceptance probability of each column
 * @param alias (rows, K) i32 out: the other category of each column
 * @param probs (rows, K) f64, entries ≥ 0, positive row sums
 * @param work  2K i32 scratch
 */
export function aliasTableBuildF64(prob: usize, alias: usize, probs: usize, rows: i32, k: i32, work: usize): void {
  const small = work;
  const large = work + (<usize>k << 2);
  for (let r = 0; r < rows; r++) {
    const base = <usize>r * <usize>k;
    const q = prob + (base << 3);
    const a = alias + (base << 2);
    let total = 0.0;
    for (let j = 0; j < k; j++) total += f64At(probs, <i32>base + j);
    const scale = <f64>k / total;
    let ns = 0;
    let nl = 0;
    for (let j = 0; j < k; j++) {
      const v = f64At(probs, <i32>base + j) * scale;
      store<f64>(q + (<usize>j << 3), v);
      store<i32>(a + (<usize>j << 2), j);
      if (v < 1.0) store<i32>(small + (<usize>(ns++) << 2), j);
      else store<i32>(large + (<usize>(nl++) << 2), j);
    }
    while (ns > 0 && nl > 0) {
      const s = load<i32>(small + (<usize>(--ns) << 2));
      const l = load<i32>(large + (<usize>(--nl) << 2));
      store<i32>(a + (<usize>s << 2), l);
      const ql = (f64At(q, l) + f64At(q, s)) - 1.0; // Vose's order: less cancellation than q_l − (1 − q_s)
      store<f64>(q + (<usize>l << 3), ql);
      if (ql < 1.0) store<i32>(small + (<usize>(ns++) << 2), l);
      else store<i32>(large + (<usize>(nl++) << 2), l);
    }
    while (nl > 0) store<f64>(q + (<usize>load<i32>(large + (<usize>(--nl) << 2)) << 3), 1.0);
    while (ns > 0) store<f64>(q + (<usize>load<i32>(small + (<usize>(--ns) << 2)) << 3), 1.0);
  }
}

/**
 * out: n i32 by the alias method: x = u_i·K, column c = ⌊x⌋, result c when x − c < prob[c], else alias[c].
 * Draw i uses row i mod rows of the tables from aliasTableBuildF64.
 */
export function aliasSampleI32(out: usize, start: u32, n: i32, k0: u32, k1: u32, prob: usize, alias: usize, k: i32, rows: i32): void {
  const kf = <f64>k;
  let r = 0;
  for (let i = 0; i < n; i += CHUNK) {
    const m = min(CHUNK, n - i);
    uniformFillF64(scratch, start + <u32>i, m, k0, k1);
    for (let c = 0; c < m; c++) {
      const base = <usize>r * <usize>k;
      const x = f64At(scratch, c) * kf;
      let col = <i32>x; // x < K: u < 1 and K ≤ 2^31
      if (col >= k) col = k - 1;
      const frac = x - <f64>col;
      // select, not a branch: the test is a coin flip that a branch predictor cannot learn
      const other = load<i32>(alias + ((base + <usize>col) << 2));
      store<i32>(out + (<usize>(i + c) << 2), select<i32>(col, other, frac < f64At(prob, <i32>base + col)));
      if (++r == rows) r = 0;
    }
  }
}

/**
 * out: n i32 by Gumbel-max over unnormalised log-probabilities: argmax_k logits[r][k] − log(−log u_k),
 * u_k = (w + ½)/2^32 in (0, 1) from word (start + i)·K + k (first maximum wins ties; −∞ logits never win
 * unless the whole row is −∞, then 0).
 * @param logits (rows, K) f64
 */
export function categoricalGumbelMaxI32(out: usize, start: u32, n: i32, k0: u32, k1: u32, logits: usize, k: i32, rows: i32): void {
  const words = CHUNK * 4;
  let r = 0;
  for (let i = 0; i < n; i++) {
    const row = logits + ((<usize>r * <usize>k) << 3);
    const first = (start + <u32>i) * <u32>k;
    let best = 0;
    let bestScore = -Infinity;
    for (let j0 = 0; j0 < k; j0 += words) {
      const m = min(words, k - j0);
      randomBitsFill(scratch, first + <u32>j0, m, k0, k1);
      for (let c = 0; c < m; c++) {
        const u = (<f64>load<u32>(scratch + (<usize>c << 2)) + 0.5) * 2.3283064365386963e-10;
        const score = f64At(row, j0 + c) - Math.log(-Math.log(u));
        if (score > bestScore) { bestScore = score; best = j0 + c; }
      }
    }
    store<i32>(out + (<usize>i << 2), best);
    if (++r == rows) r = 0;
  }
}
