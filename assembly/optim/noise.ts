// Gaussian gradient noise ξ ~ N(0, Σ) over the flattened parameter vector (length P, records in table order,
// element j = offset + i), for noisy and anisotropic SGD (seed 000; Zhu et al. 2019). One call per step:
//   1. k_t = foldIn(key, step) (Philox block (step_lo, step_hi, 0, 3), as rng/stream.ts foldInKey)
//   2. z = normals 0 … m−1 of k_t's stream (normalFillF32 / normalFillF64): a pure function of
//      (key, step, index), so ξ is bit-exact anywhere
//   3. ξ from z by the kind of Σ (σ scales the standard deviation):
//      0 isotropic    ξ = σ_t·z, σ_t² = a/(1 + t)^b (optax add_noise's annealing, t = step from 0)
//      1 diagonal     ξ_j = σ·√d_j·z_j, d = diag Σ (cov0: P)
//      2 full         ξ = σ·L·z, L lower Cholesky factor of Σ (cov0: P×P row-major); O(P²)
//      3 low rank     ξ = σ·(Σ_k √c_k·z_{P+k}·u_k + √d ⊙ z_{0…P−1}), Σ = U·diag(c)·Uᵀ + diag(d):
//                     cov0 = Uᵀ (rank×P), cov1 = d (P, or 0 for d = 0), cov2 = c (rank, or 0 for c = 1);
//                     O(P·rank). Hessian-aligned noise is this kind with U = eigenvectors, c = eigenvalues

//      4 empirical    ξ = σ·Gᵀw, w_b = (z_b − z̄)/√B, G per-example gradients (cov0: B×P, B = rank):
//                     Cov ξ = σ²·(1/B)·Σ_b (g_b − ḡ)(g_b − ḡ)ᵀ, the mini-batch gradient covariance
//                     (centring z centres G: Σ_b (g_b − ḡ) z_b = Σ_b g_b (z_b − z̄)); O(B·P)
//   4. mode 0: out = g + ξ (records: out, g) — a piece of a chain;  mode 1: p = p + (−η)·(g + ξ)
//      (records: p, g) — θ ← θ − η(g + ξ)
// The per-element work is the same in the SIMD and plain paths; the full kind's row sums use dotLanes.
import { recordWord, at, splat, vadd, vmul, vsqrt, sqrtT, dotLanes } from "./table";
import { canonical, canonicalV } from "../tensor/accumulate";
import { philoxBlock, philoxOut0, philoxOut1 } from "../rng/philox";
import { normalFillF32 } from "../sample/normal";
import { normalFillF64, normalFillF64Ref } from "../sample/normal-f64";

// @ts-ignore: decorator
@inline const DOMAIN_FOLD_IN: u32 = 3;

/** How many normals (z) the kind draws for P parameters and the given rank; the z buffer holds this many. */
export function noiseDraws(kind: i32, total: i32, rank: i32): i32 {
  if (kind == 3) return total + rank;
  if (kind == 4) return rank;
  return total;
}

// Draws z for step `step` of key (k0, k1): elements 0 … m−1 of foldIn(key, step)'s stream.
// @ts-ignore: decorator
@inline export function drawStepNormals<T>(z: usize, m: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32, simd: bool): void {
  philoxBlock(stepLo, stepHi, 0, DOMAIN_FOLD_IN, k0, k1);
  const s0 = philoxOut0, s1 = philoxOut1;
  if (sizeof<T>() == 4) normalFillF32(z, 0, m, s0, s1, 0, 1);
  else if (simd) normalFillF64(z, 0, m, s0, s1, 0, 1, 0);
  else normalFillF64Ref(z, 0, m, s0, s1, 0, 1);
}

// ξ (P) from z by the kind; see the file comment.
// @ts-ignore: decorator
@inline function buildNoise<T>(xi: usize, z: usize, total: i32, kind: i32, cov0: usize, cov1: usize, cov2: usize, rank: i32, sigma: T, simd: bool): void {
  const lanes = <i32>(16 / sizeof<T>());
  const n = total;
  if (kind == 2) {
    for (let i = 0; i < n; i++) {
      store<T>(at<T>(xi, i), sigma * dotLanes<T>(cov0 + <usize>i * (<usize>n << alignof<T>()), z, i + 1, simd));
    }
    return;
  }
  if (kind == 4) {
    // w_b = (z_b − z̄)/√B in place over z
    let mean: T = 0;
    for (let b = 0; b < rank; b++) mean = mean + load<T>(at<T>(z, b));
    mean = mean / <T>rank;
    const root = sizeof<T>() == 4 ? <T>Mathf.sqrt(<f32>rank) : <T>Math.sqrt(<f64>rank);
    for (let b = 0; b < rank; b++) store<T>(at<T>(z, b), sigma * ((load<T>(at<T>(z, b)) - mean) / root));
    memory.fill(xi, 0, <usize>n << alignof<T>());
    for (let b = 0; b < rank; b++) axpy<T>(xi, cov0 + <usize>b * (<usize>n << alignof<T>()), load<T>(at<T>(z, b)), n, simd);
    return;
  }
  // kinds 0, 1, 3: the diagonal part first
  let i = 0;
  if (ASC_FEATURE_SIMD && simd) {
    const vs = splat<T>(sigma);
    for (; i + lanes <= n; i += lanes) {
      let v = v128.load(at<T>(z, i));
      if (kind == 1 || (kind == 3 && cov1 != 0)) v = vmul<T>(vsqrt<T>(v128.load(at<T>(kind == 1 ? cov0 : cov1, i))), v);
      if (kind == 3 && cov1 == 0) v = splat<T>(<T>0);
      v128.store(at<T>(xi, i), vmul<T>(vs, v));
    }
  }
  for (; i < n; i++) {
    let v = load<T>(at<T>(z, i));
    if (kind == 1 || (kind == 3 && cov1 != 0)) v = sqrtT<T>(load<T>(at<T>(kind == 1 ? cov0 : cov1, i))) * v;
    if (kind == 3 && cov1 == 0) v = 0;
    store<T>(at<T>(xi, i), sigma * v);
  }
  if (kind == 3) {
    for (let k = 0; k < rank; k++) {
      const c = cov2 != 0 ? sqrtT<T>(load<T>(at<T>(cov2, k))) : <T>1;
      axpy<T>(xi, cov0 + <usize>k * (<usize>n << alignof<T>()), sigma * (c * load<T>(at<T>(z, n + k))), n, simd);
    }
  }
}

// y = y + c·x over n elements.
// @ts-ignore: decorator
@inline function axpy<T>(y: usize, x: usize, c: T, n: i32, simd: bool): void {
  const lanes = <i32>(16 / sizeof<T>());
  let i = 0;
  if (ASC_FEATURE_SIMD && simd) {
    const vc = splat<T>(c);
    for (; i + lanes <= n; i += lanes) v128.store(at<T>(y, i), vadd<T>(v128.load(at<T>(y, i)), vmul<T>(vc, v128.load(at<T>(x, i)))));
  }
  for (; i < n; i++) store<T>(at<T>(y, i), load<T>(at<T>(y, i)) + c * load<T>(at<T>(x, i)));
}

// @ts-ignore: decorator
@inline function noiseStep<T>(table: usize, count: i32, z: usize, xi: usize, total: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32,
  kind: i32, cov0: usize, cov1: usize, cov2: usize, rank: i32, a: f64, b: f64, lr: f64, mode: i32, simd: bool): void {
  const step = <f64>stepLo + <f64>stepHi * 4294967296.0;
  const sigma = <T>(kind == 0 ? Math.sqrt(a / Math.pow(1 + step, b)) : a);
  drawStepNormals<T>(z, noiseDraws(kind, total, rank), k0, k1, stepLo, stepHi, simd);
  buildNoise<T>(xi, z, total, kind, cov0, cov1, cov2, rank, sigma, simd);
  const negLr = <T>-lr;
  const lanes = <i32>(16 / sizeof<T>());
  for (let r = 0; r < count; r++) {
    const n = <i32>recordWord(table, r, 0);
    const out = recordWord(table, r, 1);
    const g = recordWord(table, r, 2);
    const x = xi + (recordWord(table, r, 6) << alignof<T>());
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; i + lanes <= n; i += lanes) {
        const u = vadd<T>(v128.load(at<T>(g, i)), v128.load(at<T>(x, i)));
        const y = mode == 0 ? u : vadd<T>(v128.load(at<T>(out, i)), vmul<T>(splat<T>(negLr), u));
        v128.store(at<T>(out, i), canonicalV<T>(y));
      }
    }
    for (; i < n; i++) {
      const u: T = load<T>(at<T>(g, i)) + load<T>(at<T>(x, i));
      store<T>(at<T>(out, i), canonical<T>(mode == 0 ? u : load<T>(at<T>(out, i)) + negLr * u));
    }
  }
}

/**
 * One noisy step over f32 records; see the file comment. z: noiseDraws(kind, total, rank) f32, xi: total f32
 * (scratch). The step is (stepLo, stepHi) as a 64-bit count.
 */
export function noiseStepF32(table: usize, count: i32, z: usize, xi: usize, total: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32,
  kind: i32, cov0: usize, cov1: usize, cov2: usize, rank: i32, a: f64, b: f64, lr: f64, mode: i32): void {
  noiseStep<f32>(table, count, z, xi, total, k0, k1, stepLo, stepHi, kind, cov0, cov1, cov2, rank, a, b, lr, mode, true);
}
/** The plain sibling of noiseStepF32: same bits. */
export function noiseStepF32Ref(table: usize, count: i32, z: usize, xi: usize, total: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32,
  kind: i32, cov0: usize, cov1: usize, cov2: usize, rank: i32, a: f64, b: f64, lr: f64, mode: i32): void {
  noiseStep<f32>(table, count, z, xi, total, k0, k1, stepLo, stepHi, kind, cov0, cov1, cov2, rank, a, b, lr, mode, false);
}
/** One noisy step over f64 records. */
export function noiseStepF64(table: usize, count: i32, z: usize, xi: usize, total: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32,
  kind: i32, cov0: usize, cov1: usize, cov2: usize, rank: i32, a: f64, b: f64, lr: f64, mode: i32): void {
  noiseStep<f64>(table, count, z, xi, total, k0, k1, stepLo, stepHi, kind, cov0, cov1, cov2, rank, a, b, lr, mode, true);
}
/** The plain sibling of noiseStepF64: same bits. */
export function noiseStepF64Ref(table: usize, count: i32, z: usize, xi: usize, total: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32,
  kind: i32, cov0: usize, cov1: usize, cov2: usize, rank: i32, a: f64, b: f64, lr: f64, mode: i32): void {
  noiseStep<f64>(table, count, z, xi, total, k0, k1, stepLo, stepHi, kind, cov0, cov1, cov2, rank, a, b, lr, mode, false);
}
