// Cross-entropy of softmax(logits) against targets, fused with its gradient in one pass over the batch.
// Per row: z_j = x_j - max x, S = Σ e^{z_j}, log p_j = z_j - log S, and with label smoothing ε over K classes
// the target is q' = (1 - ε)·q + ε/K (q one-hot for labels, a probability row for soft targets).
//   loss = -Σ_j q'_j log p_j,   ∂loss/∂x_j = p_j·Σq' - q'_j   (= p_j - q'_j when Σq = 1; seed 004: softmax - y)
// reduction: 0 none (loss has rows entries), 1 mean (one entry; gradients scaled by 1/rows), 2 sum (one entry).
// The gradient is written, not accumulated. The batch total is summed in f64, rows in order.

import { logF32 } from "../math/logf";
import { expF32, expF32x4 } from "../math/expf";
import { rowMaxSimd, rowMaxRef, sumLanesF32, canonF32, canonF32x4, fillNaN } from "./rows";

// @ts-ignore: decorator
@inline const REDUCTION_NONE: i32 = 0;
// @ts-ignore: decorator
@inline const REDUCTION_MEAN: i32 = 1;

// @ts-ignore: decorator
@inline function gradScale(rows: i32, reduction: i32): f32 {
  return reduction == REDUCTION_MEAN ? <f32>(1.0 / <f64>rows) : <f32>1;
}

// @ts-ignore: decorator
@inline function finishLoss(loss: usize, total: f64, rows: i32, reduction: i32): void {
  if (reduction == REDUCTION_NONE) return;
  store<f32>(loss, canonF32(<f32>(reduction == REDUCTION_MEAN ? total / <f64>rows : total)));
}

// (1 - ε)(log S - z_t) + ε(log S - Σz/K); with ε = 0 the second term is skipped (0·∞ would be NaN when some
// z = -Infinity, where torch gives a number).
// @ts-ignore: decorator
@inline function hardRowLoss(lse: f32, zt: f32, zsum: f32, eps: f32, k: f32): f32 {
  return eps == 0 ? lse - zt : (<f32>1 - eps) * (lse - zt) + eps * (lse - zsum / k);
}

/**
 * Cross-entropy with integer labels and its gradient.
 * @param loss (rows) f32 for reduction 0, else (1) f32
 * @param grad (rows, cols) f32: (softmax - q')·scale, scale = 1/rows for mean, 1 otherwise
 * @param logits (rows, cols) f32 row-major
 * @param labels (rows) i32, each in [0, cols) (checked by the SDK)
 * @param labelSmoothing ε in [0, 1]
 * @param reduction 0 none, 1 mean, 2 sum
 * @example logits [[2, 1, 0.1]], label 0: loss 0.4170, grad [-0.3410, 0.2424, 0.0986]
 */
export function crossEntropyForwardBackwardF32(loss: usize, grad: usize, logits: usize, labels: usize,
  rows: i32, cols: i32, labelSmoothing: f32, reduction: i32): void {
  if (ASC_FEATURE_SIMD) {
    const eps = labelSmoothing;
    const k = <f32>cols;
    const off = eps / k;
    const scale = gradScale(rows, reduction);
    const voff = f32x4.splat(off);
    const vscale = f32x4.splat(scale);
    let total: f64 = 0;
    for (let i = 0; i < rows; i++) {
      const o = <usize>i * <usize>cols << 2;
      const x = logits + o;
      const g = grad + o;
      const t = load<i32>(labels + (<usize>i << 2));
      const m = rowMaxSimd(x, cols);
      const vm = f32x4.splat(m);
      let accS = f32x4.splat(0);
      let accZ = f32x4.splat(0);
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        const b = <usize>j << 2;
        const z = f32x4.sub(v128.load(x + b), vm);
        const e = expF32x4(z);
        v128.store(g + b, e);
        accS = f32x4.add(accS, e);
        accZ = f32x4.add(accZ, z);
      }
      let s = sumLanesF32(accS);
      let zsum = sumLanesF32(accZ);
      for (; j < cols; j++) {
        const b = <usize>j << 2;
        const z = load<f32>(x + b) - m;
        const e = expF32(z);
        store<f32>(g + b, e);
        s += e;
        zsum += z;
      }
      const lse = logF32(s);
      const tb = <usize>t << 2;
      const rowLoss = canonF32(hardRowLoss(lse, load<f32>(x + tb) - m, zsum, eps, k));
      if (reduction == REDUCTION_NONE) store<f32>(loss + (<usize>i << 2), rowLoss);
      total += <f64>rowLoss;
      if (s != s) { fillNaN(g, cols); continue; } // e.g. all -Infinity: NaN throughout, as torch
      const et = load<f32>(g + tb);
      const vs = f32x4.splat(s);
      j = 0;
      for (; j + 4 <= cols; j += 4) {
        const b = <usize>j << 2;
        v128.store(g + b, f32x4.mul(f32x4.sub(f32x4.div(v128.load(g + b), vs), voff), vscale));
      }
      for (; j < cols; j++) {
        const b = <usize>j << 2;
        store<f32>(g + b, (load<f32>(g + b) / s - off) * scale);
      }
      store<f32>(g + tb, (et / s - (off + (<f32>1 - eps))) * scale);
    }
    finishLoss(loss, total, rows, reduction);
  } else {
    crossEntropyForwardBackwardF32Ref(loss, grad, logits, labels, rows, cols, labelSmoothing, reduction);
  }
}

/** Scalar sibling of crossEntropyForwardBackwardF32 (and the scalar build's path): the same bits. */
export function crossEntropyForwardBackwardF32Ref(loss: usize, grad: usize, logits: usize, labels: usize,
  rows: i32, cols: i32, labelSmoothing: f32, reduction: i32): void {
  const eps = labelSmoothing;
  const k = <f32>cols;
  const off = eps / k;
  const scale = gradScale(rows, reduction);
  let total: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * <usize>cols << 2;
    const x = logits + o;
    const g = grad + o;
    const t = load<i32>(labels + (<usize>i << 2));
    const m = rowMaxRef(x, cols);
    expShiftPartialsRef(g, x, cols, m);
    const lse = logF32(partialS);
    const tb = <usize>t << 2;
    const rowLoss = canonF32(hardRowLoss(lse, load<f32>(x + tb) - m, partialZ, eps, k));
    if (reduction == REDUCTION_NONE) store<f32>(loss + (<usize>i << 2), rowLoss);
    total += <f64>rowLoss;
    if (partialS != partialS) { fillNaN(g, cols); continue; }
    const et = load<f32>(g + tb);
    for (let j = 0; j < cols; j++) {
      const b = <usize>j << 2;
      store<f32>(g + b, (load<f32>(g + b) / partialS - off) * scale);
    }
    store<f32>(g + tb, (et / partialS - (off + (<f32>1 - eps))) * scale);
  }
  finishLoss(loss, total, rows, reduction);
}

// Results of expShiftPartialsRef (two module globals rather than an allocated pair).
let partialS: f32 = 0;
let partialZ: f32 = 0;

// g[j] = e^{z_j}, partialS = Σ e^{z_j}, partialZ = Σ z_j, z_j = x_j - m, both sums in the fixed 4-lane order.
function expShiftPartialsRef(g: usize, x: usize, cols: i32, m: f32): void {
  let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
  let w0: f32 = 0, w1: f32 = 0, w2: f32 = 0, w3: f32 = 0;
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const b = <usize>j << 2;
    const z0 = load<f32>(x + b) - m, z1 = load<f32>(x + b, 4) - m;
    const z2 = load<f32>(x + b, 8) - m, z3 = load<f32>(x + b, 12) - m;
    const e0 = expF32(z0), e1 = expF32(z1), e2 = expF32(z2), e3 = expF32(z3);
    store<f32>(g + b, e0); store<f32>(g + b, e1, 4); store<f32>(g + b, e2, 8); store<f32>(g + b, e3, 12);
    s0 += e0; s1 += e1; s2 += e2; s3 += e3;
    w0 += z0; w1 += z1; w2 += z2; w3 += z3;
  }
  let s = (s0 + s1) + (s2 + s3);
  let w = (w0 + w1) + (w2 + w3);
  for (; j < cols; j++) {
    const b = <usize>j << 2;
    const z = load<f32>(x + b) - m;
    const e = expF32(z);
    store<f32>(g + b, e);
    s += e;
    w += z;
  }
  partialS = s;
  partialZ = w;
}

/**
 * Cross-entropy with soft targets (a probability row per example) and its gradient. A target entry q'_j = 0
 * adds nothing to the loss even where log p_j = -Infinity (0·log 0 = 0; torch 1.13 gives NaN there).
 * @param loss (rows) f32 for reduction 0, else (1) f32
 * @param grad (rows, cols) f32: (p·Σq' - q')·scale, scale = 1/rows for mean, 1 otherwise
 * @param logits (rows, cols) f32 row-major
 * @param target (rows, cols) f32, rows of probabilities (sums checked by the SDK)
 * @param labelSmoothing ε in [0, 1]
 * @param reduction 0 none, 1 mean, 2 sum
 * @example logits [[2, 1, 0.1]], target [[1, 0, 0]]: loss 0.4170, as with label 0
 */
export function softCrossEntropyForwardBackwardF32(loss: usize, grad: usize, logits: usize, target: usize,
  rows: i32, cols: i32, labelSmoothing: f32, reduction: i32): void {
  if (ASC_FEATURE_SIMD) {
    const keep = <f32>1 - labelSmoothing;
    const off = labelSmoothing / <f32>cols;
    const scale = gradScale(rows, reduction);
    const vkeep = f32x4.splat(keep);
    const voff = f32x4.splat(off);
    const vscale = f32x4.splat(scale);
    const zero = f32x4.splat(0);
    let total: f64 = 0;
    for (let i = 0; i < rows; i++) {
      const o = <usize>i * <usize>cols << 2;
      const x = logits + o;
      const q = target + o;
      const g = grad + o;
      const m = rowMaxSimd(x, cols);
      const vm = f32x4.splat(m);
      let accS = zero, accQ = zero, accQZ = zero;
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        const b = <usize>j << 2;
        const z = f32x4.sub(v128.load(x + b), vm);
        const e = expF32x4(z);
        const qs = f32x4.add(f32x4.mul(vkeep, v128.load(q + b)), voff);
        v128.store(g + b, e);
        accS = f32x4.add(accS, e);
        accQ = f32x4.add(accQ, qs);
        accQZ = f32x4.add(accQZ, v128.bitselect(zero, f32x4.mul(qs, z), f32x4.eq(qs, zero)));
      }
      let s = sumLanesF32(accS), qsum = sumLanesF32(accQ), qz = sumLanesF32(accQZ);
      for (; j < cols; j++) {
        const b = <usize>j << 2;
        const z = load<f32>(x + b) - m;
        const e = expF32(z);
        const qs = keep * load<f32>(q + b) + off;
        store<f32>(g + b, e);
        s += e;
        qsum += qs;
        qz += qs == 0 ? <f32>0 : qs * z;
      }
      const rowLoss = canonF32(qsum * logF32(s) - qz);
      if (reduction == REDUCTION_NONE) store<f32>(loss + (<usize>i << 2), rowLoss);
      total += <f64>rowLoss;
      const vs = f32x4.splat(s);
      const vqsum = f32x4.splat(qsum);
      j = 0;
      for (; j + 4 <= cols; j += 4) {
        const b = <usize>j << 2;
        const qs = f32x4.add(f32x4.mul(vkeep, v128.load(q + b)), voff);
        const p = f32x4.div(v128.load(g + b), vs);
        v128.store(g + b, canonF32x4(f32x4.mul(f32x4.sub(f32x4.mul(p, vqsum), qs), vscale)));
      }
      for (; j < cols; j++) {
        const b = <usize>j << 2;
        const qs = keep * load<f32>(q + b) + off;
        store<f32>(g + b, canonF32((load<f32>(g + b) / s * qsum - qs) * scale));
      }
    }
    finishLoss(loss, total, rows, reduction);
  } else {
    softCrossEntropyForwardBackwardF32Ref(loss, grad, logits, target, rows, cols, labelSmoothing, reduction);
  }
}

/** Scalar sibling of softCrossEntropyForwardBackwardF32 (and the scalar build's path): the same bits. */
export function softCrossEntropyForwardBackwardF32Ref(loss: usize, grad: usize, logits: usize, target: usize,
  rows: i32, cols: i32, labelSmoothing: f32, reduction: i32): void {
  const keep = <f32>1 - labelSmoothing;
  const off = labelSmoothing / <f32>cols;
  const scale = gradScale(rows, reduction);
  let total: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * <usize>cols << 2;
    const x = logits + o;
    const q = target + o;
    const g = grad + o;
    const m = rowMaxRef(x, cols);
    // lane l of 4 sums the entries j ≡ l (mod 4) of the body; then (l0 + l1) + (l2 + l3); then the tail
    let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
    let q0: f32 = 0, q1: f32 = 0, q2: f32 = 0, q3: f32 = 0;
    let w0: f32 = 0, w1: f32 = 0, w2: f32 = 0, w3: f32 = 0;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const b = <usize>j << 2;
      const z0 = load<f32>(x + b) - m, z1 = load<f32>(x + b, 4) - m;
      const z2 = load<f32>(x + b, 8) - m, z3 = load<f32>(x + b, 12) - m;
      const e0 = expF32(z0), e1 = expF32(z1), e2 = expF32(z2), e3 = expF32(z3);
      const t0 = keep * load<f32>(q + b) + off, t1 = keep * load<f32>(q + b, 4) + off;
      const t2 = keep * load<f32>(q + b, 8) + off, t3 = keep * load<f32>(q + b, 12) + off;
      store<f32>(g + b, e0); store<f32>(g + b, e1, 4); store<f32>(g + b, e2, 8); store<f32>(g + b, e3, 12);
      s0 += e0; s1 += e1; s2 += e2; s3 += e3;
      q0 += t0; q1 += t1; q2 += t2; q3 += t3;
      w0 += t0 == 0 ? <f32>0 : t0 * z0;
      w1 += t1 == 0 ? <f32>0 : t1 * z1;
      w2 += t2 == 0 ? <f32>0 : t2 * z2;
      w3 += t3 == 0 ? <f32>0 : t3 * z3;
    }
    let s = (s0 + s1) + (s2 + s3), qsum = (q0 + q1) + (q2 + q3), qz = (w0 + w1) + (w2 + w3);
    for (; j < cols; j++) {
      const b = <usize>j << 2;
      const z = load<f32>(x + b) - m;
      const e = expF32(z);
      const qs = keep * load<f32>(q + b) + off;
      store<f32>(g + b, e);
      s += e;
      qsum += qs;
      qz += qs == 0 ? <f32>0 : qs * z;
    }
    const rowLoss = canonF32(qsum * logF32(s) - qz);
    if (reduction == REDUCTION_NONE) store<f32>(loss + (<usize>i << 2), rowLoss);
    total += <f64>rowLoss;
    for (j = 0; j < cols; j++) {
      const b = <usize>j << 2;
      const qs = keep * load<f32>(q + b) + off;
      store<f32>(g + b, canonF32((load<f32>(g + b) / s * qsum - qs) * scale));
    }
  }
  finishLoss(loss, total, rows, reduction);
}
