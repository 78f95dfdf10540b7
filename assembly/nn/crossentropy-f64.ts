// Cross-entropy of softmax(logits) against targets in float64, fused with its gradient: the float64 siblings
// of ./crossentropy.ts, with the same formulas and NaN rules. Per row: z_j = x_j − max x, S = Σ e^{z_j},
// log p_j = z_j − log S; with label smoothing ε over K classes the target is q' = (1 − ε)·q + ε/K.
//   loss = −Σ_j q'_j log p_j,   ∂loss/∂x_j = p_j·Σq' − q'_j
// computed as e^{z_j}·(scale/S) − q'_j·scale, scale = 1/rows for mean, else 1.
// reduction: 0 none (loss has rows entries), 1 mean (one entry; gradients scaled by 1/rows), 2 sum (one entry).
// Plain scalar loops, each sum taken left to right: no SIMD path, so both builds run this very code and give
// the same bits. exp is AS's Math.exp (musl's exp), log is logF64, as in ./softmax-f64.ts.

import { logF64 } from "../math/logd";
import { rowMaxF64, fillNaNF64 } from "./rows";

// @ts-ignore: decorator
@inline const REDUCTION_NONE: i32 = 0;
// @ts-ignore: decorator
@inline const REDUCTION_MEAN: i32 = 1;

// @ts-ignore: decorator
@inline function canonF64(x: f64): f64 {
  return x != x ? NaN : x;
}

// @ts-ignore: decorator
@inline function finishLossF64(loss: usize, total: f64, rows: i32, reduction: i32): void {
  if (reduction == REDUCTION_NONE) return;
  store<f64>(loss, canonF64(reduction == REDUCTION_MEAN ? total / <f64>rows : total));
}

/**
 * Cross-entropy with integer labels and its gradient, float64.
 * loss_i = (1 − ε)(log S − z_t) + ε(log S − Σ_j z_j / K); with ε = 0 the second term is skipped (0·∞ would be
 * NaN when some z = −∞, where torch gives a number).
 * @param loss (rows) f64 for reduction 0, else (1) f64
 * @param grad (rows, cols) f64: (softmax − q')·scale, scale = 1/rows for mean, 1 otherwise
 * @param logits (rows, cols) f64 row-major
 * @param labels (rows) i32, each in [0, cols) (checked by the SDK)
 * @param labelSmoothing ε in [0, 1]
 * @param reduction 0 none, 1 mean, 2 sum
 * @example logits [[2, 1, 0.1]], label 0: loss 0.41703, grad [-0.34097, 0.24243, 0.09855]
 */
export function crossEntropyForwardBackwardF64(loss: usize, grad: usize, logits: usize, labels: usize,
  rows: i32, cols: i32, labelSmoothing: f64, reduction: i32): void {
  const eps = labelSmoothing;
  const k = <f64>cols;
  const off = eps / k;
  const scale = reduction == REDUCTION_MEAN ? 1.0 / <f64>rows : 1.0;
  const b = off * scale;
  let total: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * <usize>cols << 3;
    const x = logits + o;
    const g = grad + o;
    const m = rowMaxF64(x, cols);
    let s: f64 = 0, w: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const jb = <usize>j << 3;
      const z = load<f64>(x + jb) - m;
      const e = Math.exp(z);
      store<f64>(g + jb, e);
      s += e;
      w += z;
    }
    const tb = <usize>load<i32>(labels + (<usize>i << 2)) << 3;
    const lse = logF64(s);
    const zt = load<f64>(x + tb) - m;
    const rowLoss = canonF64(eps == 0 ? lse - zt : (1 - eps) * (lse - zt) + eps * (lse - w / k));
    if (reduction == REDUCTION_NONE) store<f64>(loss + (<usize>i << 3), rowLoss);
    total += rowLoss;
    if (s != s) { fillNaNF64(g, cols); continue; } // e.g. all −∞: NaN throughout, as torch
    const et = load<f64>(g + tb);
    const a = scale / s;
    for (let j = 0; j < cols; j++) {
      const p = g + (<usize>j << 3);
      store<f64>(p, load<f64>(p) * a - b);
    }
    store<f64>(g + tb, et * a - (off + (1 - eps)) * scale);
  }
  finishLossF64(loss, total, rows, reduction);
}

/**
 * Cross-entropy with soft targets (a probability row per example) and its gradient, float64. A target entry
 * q'_j = 0 adds nothing to the loss even where log p_j = −∞ (0·log 0 = 0; torch 1.13 gives NaN there).
 * loss_i = Σq'·log S − Σ_j q'_j z_j.
 * @param loss (rows) f64 for reduction 0, else (1) f64
 * @param grad (rows, cols) f64: (p·Σq' − q')·scale, scale = 1/rows for mean, 1 otherwise
 * @param logits (rows, cols) f64 row-major
 * @param target (rows, cols) f64, rows of probabilities (sums checked by the SDK)
 * @param labelSmoothing ε in [0, 1]
 * @param reduction 0 none, 1 mean, 2 sum
 * @example logits [[2, 1, 0.1]], target [[1, 0, 0]]: loss 0.41703, as with label 0
 */
export function softCrossEntropyForwardBackwardF64(loss: usize, grad: usize, logits: usize, target: usize,
  rows: i32, cols: i32, labelSmoothing: f64, reduction: i32): void {
  const keep = 1 - labelSmoothing;
  const off = labelSmoothing / <f64>cols;
  const scale = reduction == REDUCTION_MEAN ? 1.0 / <f64>rows : 1.0;
  let total: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * <usize>cols << 3;
    const x = logits + o;
    const q = target + o;
    const g = grad + o;
    const m = rowMaxF64(x, cols);
    let s: f64 = 0, qsum: f64 = 0, qz: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const jb = <usize>j << 3;
      const z = load<f64>(x + jb) - m;
      const e = Math.exp(z);
      const qs = keep * load<f64>(q + jb) + off;
      store<f64>(g + jb, e);
      s += e;
      qsum += qs;
      qz += qs == 0 ? 0 : qs * z;
    }
    const rowLoss = canonF64(qsum * logF64(s) - qz);
    if (reduction == REDUCTION_NONE) store<f64>(loss + (<usize>i << 3), rowLoss);
    total += rowLoss;
    if (s != s) { fillNaNF64(g, cols); continue; }
    const a = qsum * scale / s;
    for (let j = 0; j < cols; j++) {
      const jb = <usize>j << 3;
      const qs = keep * load<f64>(q + jb) + off;
      store<f64>(g + jb, canonF64(load<f64>(g + jb) * a - qs * scale));
    }
  }
  finishLossF64(loss, total, rows, reduction);
}
