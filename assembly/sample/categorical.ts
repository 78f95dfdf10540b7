// Categorical sampling, three ways. Draw i of a batch of `rows` distributions over K categories uses
// row i mod rows, and is a pure function of (key, i). Inverse cdf uses ONE f64 uniform per draw: element
// start + i of uniformFillF64's stream (53 bits); alias uses ONE 32-bit word, word start + i of the main
// stream (column and acceptance from the 64-bit product w·K).
//   inverse cdf: cumulative sums (f64, in order), then the first k with u·total < cdf[k] by binary search;
//                O(K) per row once, O(log K) per draw — best for few draws per row.
//   alias:       Walker 1977 / Vose 1991 tables, O(K) per row once, O(1) per draw (probability resolution
//                2^-32: see aliasSampleI32).
//   Gumbel-max:  argmax_k (logit_k + g_k), g_k = −log(−log u_k) (Gumbel 1954; Maddison et al. 2014), with
//                u_k from word (start + i)·K + k of the main stream: no normalisation needed.
import { randomBitsFill, writeGroups3 } from "../rng/stream";
import { philoxRoundKeys } from "../rng/philox";
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
 * Packs alias tables for sampling: entry j = threshold_j | alias_j << 32 (u64), threshold_j =
 * ⌊prob_j·2^32⌋ (exact: prob_j < 1 gives at most 2^32 − 1). A column with prob_j ≥ 1 gets alias_j = j, so
 * it returns j whatever the acceptance test says (Vose's leftovers already alias to themselves).
 * @param table (rows, K) u64 out
 * @param prob  (rows, K) f64 from aliasTableBuildF64
 * @param alias (rows, K) i32 from aliasTableBuildF64
 */
export function aliasTablePackU64(table: usize, prob: usize, alias: usize, rows: i32, k: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < k; j++) {
      const e = <usize>r * <usize>k + <usize>j;
      const p = load<f64>(prob + (e << 3));
      const accept = p < 1.0;
      const threshold: u32 = accept ? <u32>(p * 4294967296.0) : 0xffffffff;
      const other: u32 = accept ? load<u32>(alias + (e << 2)) : <u32>j;
      store<u64>(table + (e << 3), (<u64>other << 32) | <u64>threshold);
    }
  }
}

// One draw from word w: m = w·K (64 bits); column c = m >> 32; c when (m mod 2^32) < threshold_c, else
// alias_c. entries: one row of aliasTablePackU64. select, not a branch: the test is a coin flip that a
// branch predictor cannot learn.
// @ts-ignore: decorator
@inline function aliasPick(w: u32, entries: usize, k: u64): i32 {
  const m = <u64>w * k;
  const col = <usize>(m >>> 32);
  const e = load<u64>(entries + (col << 3));
  return select<i32>(<i32>col, <i32>(e >>> 32), <u32>m < <u32>e);
}

// count stream words at p → count indices in place, scalar; the first uses row r; returns the row after
// the last.
// @ts-ignore: decorator
@inline function aliasPickInPlace(p: usize, count: u32, table: usize, k: i32, rows: i32, r: i32): i32 {
  const kk = <u64>k;
  if (rows == 1) {
    for (let j: u32 = 0; j < count; j++) {
      const q = p + (<usize>j << 2);
      store<i32>(q, aliasPick(load<u32>(q), table, kk));
    }
    return 0;
  }
  for (let j: u32 = 0; j < count; j++) {
    const q = p + (<usize>j << 2);
    store<i32>(q, aliasPick(load<u32>(q), table + ((<usize>r * <usize>k) << 3), kk));
    if (++r == rows) r = 0;
  }
  return r;
}

// aliasPickInPlace with SIMD: a one-row table four draws at a time (i64x2.extmul gives the columns, two
// 64-bit lane loads gather the entries, an unsigned compare and bitselect pick), the rest scalar.
// @ts-ignore: decorator
@inline function aliasPickInPlaceX4(p: usize, count: u32, table: usize, k: i32, rows: i32, r: i32): i32 {
  if (rows != 1) return aliasPickInPlace(p, count, table, k, rows, r);
  let j: u32 = 0;
  const vk = i32x4.splat(k);
  for (; j + 4 <= count; j += 4) {
    const q = p + (<usize>j << 2);
    const w = v128.load(q);
    const lo = i32x4.mul(w, vk); // m mod 2^32
    const cols = v128.shuffle<u32>(i64x2.extmul_low_i32x4_u(w, vk), i64x2.extmul_high_i32x4_u(w, vk), 1, 3, 5, 7);
    const e01 = v128.load64_lane(table + (<usize>i32x4.extract_lane(cols, 1) << 3), v128.load64_zero(table + (<usize>i32x4.extract_lane(cols, 0) << 3)), 1);
    const e23 = v128.load64_lane(table + (<usize>i32x4.extract_lane(cols, 3) << 3), v128.load64_zero(table + (<usize>i32x4.extract_lane(cols, 2) << 3)), 1);
    const thresholds = v128.shuffle<u32>(e01, e23, 0, 2, 4, 6);
    const aliases = v128.shuffle<u32>(e01, e23, 1, 3, 5, 7);
    v128.store(q, v128.bitselect(cols, aliases, i32x4.lt_u(lo, thresholds)));
  }
  return aliasPickInPlace(p + (<usize>j << 2), count - j, table, k, 1, 0);
}

/**
 * out: n i32 by the alias method from ONE 32-bit word per draw: draw i takes word start + i of the main
 * stream, m = w·K; column c = ⌊m / 2^32⌋ and acceptance uniform m mod 2^32, compared with c's threshold
 * (⌊prob_c·2^32⌋): c when below, else alias_c. Draw i uses row i mod rows of the packed tables.
 * Resolution: column c has probability n_c/2^32 with |n_c − 2^32/K| < 1 (relative bias < K/2^32), and the
 * accepted / rejected parts of c each lie within (1 + 1/K)·2^-32 (absolute) of prob_c/K and (1 − prob_c)/K
 * (docs/distributions-sampling.md, "The alias sampler").
 * With SIMD the words come from writeGroups3 straight into out (three groups, still in L1, converted in
 * place), one row picked four at a time (i64x2.extmul for the columns, scalar gathers); the same integer
 * operations as aliasSampleI32Ref, so the same indices.
 * @param table (rows, K) u64 from aliasTablePackU64
 * @example probs [0.5, 0, 0.5]: the middle column has threshold 0 and alias 0 or 2, so 1 never comes out.
 */
export function aliasSampleI32(out: usize, start: u32, n: i32, k0: u32, k1: u32, table: usize, k: i32, rows: i32): void {
  const count = <u32>n;
  let i: u32 = 0;
  let r = 0;
  if (ASC_FEATURE_SIMD) {
    i = min(count, (16 - (start & 15)) & 15);
    randomBitsFill(out, start, <i32>i, k0, k1);
    r = aliasPickInPlaceX4(out, i, table, k, rows, r);
    philoxRoundKeys(k0, k1);
    while (i + 48 <= count) {
      const p = out + (<usize>i << 2);
      writeGroups3(p, (start + i) >> 4);
      r = aliasPickInPlaceX4(p, 48, table, k, rows, r);
      i += 48;
    }
    if (i < count) {
      const p = out + (<usize>i << 2);
      randomBitsFill(p, start + i, <i32>(count - i), k0, k1);
      aliasPickInPlaceX4(p, count - i, table, k, rows, r);
    }
    return;
  }
  while (i < count) {
    const m = min(count - i, <u32>CHUNK * 4);
    const p = out + (<usize>i << 2);
    randomBitsFill(p, start + i, <i32>m, k0, k1);
    r = aliasPickInPlace(p, m, table, k, rows, r);
    i += m;
  }
}

/** The scalar reference of aliasSampleI32: all words first, then scalar picks. Same indices. */
export function aliasSampleI32Ref(out: usize, start: u32, n: i32, k0: u32, k1: u32, table: usize, k: i32, rows: i32): void {
  randomBitsFill(out, start, n, k0, k1);
  aliasPickInPlace(out, <u32>n, table, k, rows, 0);
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
