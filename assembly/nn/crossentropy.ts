// Cross-entropy of softmax(logits) against targets, fused with its gradient in one pass over the batch.
// Per row: z_j = x_j - max x, S = Σ e^{z_j}, log p_j = z_j - log S, and with label smoothing ε over K classes
// the target is q' = (1 - ε)·q + ε/K (q one-hot for labels, a probability row for soft targets).
//   loss = -Σ_j q'_j log p_j,   ∂loss/∂x_j = p_j·Σq' - q'_j   (= p_j - q'_j when Σq = 1; seed 004: softmax - y)
// computed as e^{z_j}·(scale/S) - q'_j·scale, scale = 1/rows for mean, else 1.
// reduction: 0 none (loss has rows entries), 1 mean (one entry; gradients scaled by 1/rows), 2 sum (one entry).
// The gradient is written, not accumulated. The batch total is summed in f64, rows in order.

import { logF32, logF32x4 } from "../math/logf";
import { expF32, expF32x4 } from "../math/expf";
import { rowMaxSimd, rowMaxRef, sumLanesF32, canonF32, canonF32x4, fillNaN, loadTail, storeTail, tailMask } from "./rows";

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
    const b = off * scale;
    const vb = f32x4.splat(b);
    let total: f64 = 0;
    // Rows go in blocks of 4 so that one logF32x4 takes the four log S (S ≥ 1 is a normal number, where
    // logF32x4 and logF32 give the same bits; a NaN S is handled apart).
    for (let i0 = 0; i0 < rows; i0 += 4) {
      const nb = min(4, rows - i0);
      for (let r = 0; r < nb; r++) {
        const o = <usize>(i0 + r) * <usize>cols << 2;
        const x = logits + o;
        const g = grad + o;
        const m = rowMaxSimd(x, cols);
        const vm = f32x4.splat(m);
        let accS = f32x4.splat(0);
        let accZ = f32x4.splat(0);
        let j = 0;
        for (; j + 4 <= cols; j += 4) {
          const jb = <usize>j << 2;
          const z = f32x4.sub(v128.load(x + jb), vm);
          const e = expF32x4(z);
          v128.store(g + jb, e);
          accS = f32x4.add(accS, e);
          accZ = f32x4.add(accZ, z);
        }
        if (j < cols) {
          const jb = <usize>j << 2;
          const n = cols - j;
          const mask = tailMask(n);
          const z = f32x4.sub(loadTail(x + jb, n, m), vm);
          const e = expF32x4(z);
          storeTail(g + jb, e, n);
          accS = f32x4.add(accS, v128.and(e, mask));
          accZ = f32x4.add(accZ, v128.and(z, mask));
        }
        const rb = <usize>r << 2;
        store<f32>(BLOCK + rb, sumLanesF32(accS));
        store<f32>(BLOCK + rb, m, 16);
        store<f32>(BLOCK + rb, sumLanesF32(accZ), 32);
      }
      v128.store(BLOCK, logF32x4(v128.load(BLOCK)), 48);
      for (let r = 0; r < nb; r++) {
        const i = i0 + r;
        const o = <usize>i * <usize>cols << 2;
        const x = logits + o;
        const g = grad + o;
        const rb = <usize>r << 2;
        const s = load<f32>(BLOCK + rb);
        const m = load<f32>(BLOCK + rb, 16);
        const tb = <usize>load<i32>(labels + (<usize>i << 2)) << 2;
        const rowLoss = s != s ? <f32>NaN
          : canonF32(hardRowLoss(load<f32>(BLOCK + rb, 48), load<f32>(x + tb) - m, load<f32>(BLOCK + rb, 32), eps, k));
        if (reduction == REDUCTION_NONE) store<f32>(loss + (<usize>i << 2), rowLoss);
        total += <f64>rowLoss;
        if (s != s) { fillNaN(g, cols); continue; } // e.g. all -Infinity: NaN throughout, as torch
        const et = load<f32>(g + tb);
        const a = scale / s;
        const va = f32x4.splat(a);
        let j = 0;
        for (; j + 4 <= cols; j += 4) {
          const p = g + (<usize>j << 2);
          v128.store(p, f32x4.sub(f32x4.mul(v128.load(p), va), vb));
        }
        for (; j < cols; j++) {
          const p = g + (<usize>j << 2);
          store<f32>(p, load<f32>(p) * a - b);
        }
        store<f32>(g + tb, et * a - (off + (<f32>1 - eps)) * scale);
      }
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
  const b = off * scale;
  let total: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * <usize>cols << 2;
    const x = logits + o;
    const g = grad + o;
    const t = load<i32>(labels + (<usize>i << 2));
    const m = rowMaxRef(x, cols);
    // lane l of 4 sums the entries j ≡ l (mod 4); then (l0 + l1) + (l2 + l3)
    let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
    let w0: f32 = 0, w1: f32 = 0, w2: f32 = 0, w3: f32 = 0;
    for (let j = 0; j < cols; j += 4) {
      const jb = <usize>j << 2;
      const n = cols - j;
      const z0 = load<f32>(x + jb) - m, e0 = expF32(z0);
      store<f32>(g + jb, e0); s0 += e0; w0 += z0;
      if (n > 1) { const z1 = load<f32>(x + jb, 4) - m, e1 = expF32(z1); store<f32>(g + jb, e1, 4); s1 += e1; w1 += z1; }
      if (n > 2) { const z2 = load<f32>(x + jb, 8) - m, e2 = expF32(z2); store<f32>(g + jb, e2, 8); s2 += e2; w2 += z2; }
      if (n > 3) { const z3 = load<f32>(x + jb, 12) - m, e3 = expF32(z3); store<f32>(g + jb, e3, 12); s3 += e3; w3 += z3; }
    }
    const s = (s0 + s1) + (s2 + s3);
    const tb = <usize>t << 2;
    const rowLoss = canonF32(hardRowLoss(logF32(s), load<f32>(x + tb) - m, (w0 + w1) + (w2 + w3), eps, k));
    if (reduction == REDUCTION_NONE) store<f32>(loss + (<usize>i << 2), rowLoss);
    total += <f64>rowLoss;
    if (s != s) { fillNaN(g, cols); continue; }
    const et = load<f32>(g + tb);
    const a = scale / s;
    for (let j = 0; j < cols; j++) {
      const p = g + (<usize>j << 2);
      store<f32>(p, load<f32>(p) * a - b);
    }
    store<f32>(g + tb, et * a - (off + (<f32>1 - eps)) * scale);
  }
  finishLoss(loss, total, rows, reduction);
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
        const jb = <usize>j << 2;
        const z = f32x4.sub(v128.load(x + jb), vm);
        const e = expF32x4(z);
        const qs = f32x4.add(f32x4.mul(vkeep, v128.load(q + jb)), voff);
        v128.store(g + jb, e);
        accS = f32x4.add(accS, e);
        accQ = f32x4.add(accQ, qs);
        accQZ = f32x4.add(accQZ, v128.bitselect(zero, f32x4.mul(qs, z), f32x4.eq(qs, zero)));
      }
      if (j < cols) {
        const jb = <usize>j << 2;
        const n = cols - j;
        const mask = tailMask(n);
        const z = f32x4.sub(loadTail(x + jb, n, m), vm);
        const e = expF32x4(z);
        const qs = f32x4.add(f32x4.mul(vkeep, loadTail(q + jb, n, 0)), voff);
        storeTail(g + jb, e, n);
        accS = f32x4.add(accS, v128.and(e, mask));
        accQ = f32x4.add(accQ, v128.and(qs, mask));
        accQZ = f32x4.add(accQZ, v128.and(v128.bitselect(zero, f32x4.mul(qs, z), f32x4.eq(qs, zero)), mask));
      }
      const s = sumLanesF32(accS), qsum = sumLanesF32(accQ);
      const rowLoss = canonF32(qsum * logF32(s) - sumLanesF32(accQZ));
      if (reduction == REDUCTION_NONE) store<f32>(loss + (<usize>i << 2), rowLoss);
      total += <f64>rowLoss;
      if (s != s) { fillNaN(g, cols); continue; }
      const a = qsum * scale / s;
      const va = f32x4.splat(a);
      j = 0;
      for (; j + 4 <= cols; j += 4) {
        const jb = <usize>j << 2;
        const qs = f32x4.add(f32x4.mul(vkeep, v128.load(q + jb)), voff);
        v128.store(g + jb, canonF32x4(f32x4.sub(f32x4.mul(v128.load(g + jb), va), f32x4.mul(qs, vscale))));
      }
      for (; j < cols; j++) {
        const jb = <usize>j << 2;
        const qs = keep * load<f32>(q + jb) + off;
        store<f32>(g + jb, canonF32(load<f32>(g + jb) * a - qs * scale));
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
    // lane l of 4 sums the entries j ≡ l (mod 4); then (l0 + l1) + (l2 + l3)
    memory.fill(SOFT_LANES, 0, 48);
    for (let j = 0; j < cols; j++) {
      const jb = <usize>j << 2;
      const z = load<f32>(x + jb) - m;
      const e = expF32(z);
      const qs = keep * load<f32>(q + jb) + off;
      store<f32>(g + jb, e);
      const l = SOFT_LANES + (<usize>(j & 3) << 2);
      store<f32>(l, load<f32>(l) + e);
      store<f32>(l, load<f32>(l, 16) + qs, 16);
      store<f32>(l, load<f32>(l, 32) + (qs == 0 ? <f32>0 : qs * z), 32);
    }
    const s = lanesAt(0), qsum = lanesAt(16), qz = lanesAt(32);
    const rowLoss = canonF32(qsum * logF32(s) - qz);
    if (reduction == REDUCTION_NONE) store<f32>(loss + (<usize>i << 2), rowLoss);
    total += <f64>rowLoss;
    if (s != s) { fillNaN(g, cols); continue; }
    const a = qsum * scale / s;
    for (let j = 0; j < cols; j++) {
      const jb = <usize>j << 2;
      const qs = keep * load<f32>(q + jb) + off;
      store<f32>(g + jb, canonF32(load<f32>(g + jb) * a - qs * scale));
    }
  }
  finishLoss(loss, total, rows, reduction);
}

// Per-block scratch of the SIMD hard-label kernel: S, max, Σz and log S for 4 rows (static memory).
const BLOCK: usize = memory.data(64, 16);

// Lane partials of the soft-target Ref in static memory: Σe, Σq', Σq'z, four lanes each.
const SOFT_LANES: usize = memory.data(48, 16);

// (l0 + l1) + (l2 + l3) of the four partials at SOFT_LANES + offset.
// @ts-ignore: decorator
@inline function lanesAt(offset: usize): f32 {
  const p = SOFT_LANES + offset;
  return (load<f32>(p) + load<f32>(p, 4)) + (load<f32>(p, 8) + load<f32>(p, 12));
}
