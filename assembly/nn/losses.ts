// Elementwise losses with their gradients (binary cross-entropy with logits, mean squared error) and the
// KL divergence between probability rows. reduction: 0 none (one loss per element), 1 mean, 2 sum; totals
// are summed in f64 with 4 lane partials combined as (l0 + l1) + (l2 + l3), then the tail in order, so
// the SIMD and scalar builds give the same bits. Gradients are written, not accumulated.

import { logF32, logF32x4 } from "../math/logf";
import { expF32, expF32x4 } from "../math/expf";
import { sumLanesF32, sumLanesF64, widenLo, widenHi, canonF32, canonF32x4 } from "./rows";

// @ts-ignore: decorator
@inline const REDUCTION_NONE: i32 = 0;
// @ts-ignore: decorator
@inline const REDUCTION_MEAN: i32 = 1;
// 2^23 and 23·ln 2: subnormal inputs to log are scaled into the normal range first.
// @ts-ignore: decorator
@inline const TWO_23: f32 = 8388608.0;
// @ts-ignore: decorator
@inline const LN2_23: f32 = 15.942385152878742;
// @ts-ignore: decorator
@inline const MIN_NORMAL: f32 = 1.17549435e-38;

// @ts-ignore: decorator
@inline function gradScale(n: i32, reduction: i32): f32 {
  return reduction == REDUCTION_MEAN ? <f32>(1.0 / <f64>n) : <f32>1;
}

// @ts-ignore: decorator
@inline function finishLoss(loss: usize, total: f64, n: i32, reduction: i32): void {
  if (reduction == REDUCTION_NONE) return;
  store<f32>(loss, canonF32(<f32>(reduction == REDUCTION_MEAN ? total / <f64>n : total)));
}

// One element of BCE with logits: the loss max(x, 0) - x·y + log1p(e^{-|x|}) and σ(x), sharing u = e^{-|x|}.
// log1p(u) = log(w)·u/(w - 1) with w = 1 + u, exact to a few ulp (Goldberg 1991, "What every computer
// scientist should know about floating-point arithmetic", thm 4); u itself when w rounds to 1.
let bceSigmoid: f32 = 0;
// @ts-ignore: decorator
@inline function bceElement(x: f32, y: f32): f32 {
  const u = expF32(-abs<f32>(x));
  const w = <f32>1 + u;
  const lp = w == 1 ? u : logF32(w) * (u / (w - <f32>1));
  bceSigmoid = x >= 0 ? <f32>1 / w : u / w;
  return ((x < 0 ? <f32>0 : x) - x * y) + lp; // pmax(x, 0), as f32x4.pmax below
}

/**
 * Binary cross-entropy with logits, elementwise: ℓ = max(x, 0) - x·y + log1p(e^{-|x|}), ∂ℓ/∂x = σ(x) - y.
 * @param loss (n) f32 for reduction 0, else (1) f32
 * @param grad (n) f32: (σ(x) - y)·scale, scale = 1/n for mean, 1 otherwise
 * @param logits (n) f32
 * @param target (n) f32 in [0, 1]
 * @example x = 0, y = 1: ℓ = log 2 = 0.6931, grad -0.5; x = 1e30, y = 1: ℓ = 0, grad 0
 */
export function bceWithLogitsForwardBackwardF32(loss: usize, grad: usize, logits: usize, target: usize,
  n: i32, reduction: i32): void {
  if (ASC_FEATURE_SIMD) {
    const scale = gradScale(n, reduction);
    const vscale = f32x4.splat(scale);
    const zero = f32x4.splat(0);
    const one = f32x4.splat(1);
    let lo = f64x2.splat(0), hi = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b = <usize>j << 2;
      const x = v128.load(logits + b);
      const y = v128.load(target + b);
      const u = expF32x4(f32x4.neg(f32x4.abs(x)));
      const w = f32x4.add(one, u);
      const lp = v128.bitselect(u, f32x4.mul(logF32x4(w), f32x4.div(u, f32x4.sub(w, one))), f32x4.eq(w, one));
      const sig = v128.bitselect(f32x4.div(one, w), f32x4.div(u, w), f32x4.ge(x, zero));
      const l = canonF32x4(f32x4.add(f32x4.sub(f32x4.pmax(x, zero), f32x4.mul(x, y)), lp));
      if (reduction == REDUCTION_NONE) v128.store(loss + b, l);
      v128.store(grad + b, canonF32x4(f32x4.mul(f32x4.sub(sig, y), vscale)));
      lo = f64x2.add(lo, widenLo(l));
      hi = f64x2.add(hi, widenHi(l));
    }
    let total = sumLanesF64(lo, hi);
    for (; j < n; j++) total += bceStep(loss, grad, logits, target, j, scale, reduction);
    finishLoss(loss, total, n, reduction);
  } else {
    bceWithLogitsForwardBackwardF32Ref(loss, grad, logits, target, n, reduction);
  }
}

/** Scalar sibling of bceWithLogitsForwardBackwardF32 (and the scalar build's path): the same bits. */
export function bceWithLogitsForwardBackwardF32Ref(loss: usize, grad: usize, logits: usize, target: usize,
  n: i32, reduction: i32): void {
  const scale = gradScale(n, reduction);
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    s0 += bceStep(loss, grad, logits, target, j, scale, reduction);
    s1 += bceStep(loss, grad, logits, target, j + 1, scale, reduction);
    s2 += bceStep(loss, grad, logits, target, j + 2, scale, reduction);
    s3 += bceStep(loss, grad, logits, target, j + 3, scale, reduction);
  }
  let total = (s0 + s1) + (s2 + s3);
  for (; j < n; j++) total += bceStep(loss, grad, logits, target, j, scale, reduction);
  finishLoss(loss, total, n, reduction);
}

// Element j of BCE: writes its loss (reduction none) and gradient, returns the loss widened to f64.
// @ts-ignore: decorator
@inline function bceStep(loss: usize, grad: usize, logits: usize, target: usize, j: i32, scale: f32,
  reduction: i32): f64 {
  const b = <usize>j << 2;
  const y = load<f32>(target + b);
  const l = canonF32(bceElement(load<f32>(logits + b), y));
  if (reduction == REDUCTION_NONE) store<f32>(loss + b, l);
  store<f32>(grad + b, canonF32((bceSigmoid - y) * scale));
  return <f64>l;
}

/**
 * Mean squared error, elementwise: ℓ = (x - y)², ∂ℓ/∂x = 2(x - y).
 * @param loss (n) f32 for reduction 0, else (1) f32
 * @param grad (n) f32: 2(x - y)·scale, scale = 1/n for mean, 1 otherwise
 * @param input (n) f32
 * @param target (n) f32
 * @example x = [1, 2], y = [0, 0], mean: ℓ = 2.5, grad [1, 2]
 */
export function mseForwardBackwardF32(loss: usize, grad: usize, input: usize, target: usize, n: i32,
  reduction: i32): void {
  if (ASC_FEATURE_SIMD) {
    const twoScale = <f32>2 * gradScale(n, reduction);
    const vts = f32x4.splat(twoScale);
    let lo = f64x2.splat(0), hi = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b = <usize>j << 2;
      const d = f32x4.sub(v128.load(input + b), v128.load(target + b));
      const l = canonF32x4(f32x4.mul(d, d));
      if (reduction == REDUCTION_NONE) v128.store(loss + b, l);
      v128.store(grad + b, canonF32x4(f32x4.mul(d, vts)));
      lo = f64x2.add(lo, widenLo(l));
      hi = f64x2.add(hi, widenHi(l));
    }
    let total = sumLanesF64(lo, hi);
    for (; j < n; j++) total += mseStep(loss, grad, input, target, j, twoScale, reduction);
    finishLoss(loss, total, n, reduction);
  } else {
    mseForwardBackwardF32Ref(loss, grad, input, target, n, reduction);
  }
}

/** Scalar sibling of mseForwardBackwardF32 (and the scalar build's path): the same bits. */
export function mseForwardBackwardF32Ref(loss: usize, grad: usize, input: usize, target: usize, n: i32,
  reduction: i32): void {
  const twoScale = <f32>2 * gradScale(n, reduction);
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    s0 += mseStep(loss, grad, input, target, j, twoScale, reduction);
    s1 += mseStep(loss, grad, input, target, j + 1, twoScale, reduction);
    s2 += mseStep(loss, grad, input, target, j + 2, twoScale, reduction);
    s3 += mseStep(loss, grad, input, target, j + 3, twoScale, reduction);
  }
  let total = (s0 + s1) + (s2 + s3);
  for (; j < n; j++) total += mseStep(loss, grad, input, target, j, twoScale, reduction);
  finishLoss(loss, total, n, reduction);
}

// @ts-ignore: decorator
@inline function mseStep(loss: usize, grad: usize, input: usize, target: usize, j: i32, twoScale: f32,
  reduction: i32): f64 {
  const b = <usize>j << 2;
  const d = load<f32>(input + b) - load<f32>(target + b);
  const l = canonF32(d * d);
  if (reduction == REDUCTION_NONE) store<f32>(loss + b, l);
  store<f32>(grad + b, canonF32(d * twoScale));
  return <f64>l;
}

// log x for x ≥ 0 finite, subnormals included (scaled by 2^23 first). Lanes with x = 0 give a finite
// value that callers mask out. Scalar and SIMD forms: same operations.
// @ts-ignore: decorator
@inline function logNonNegF32(x: f32): f32 {
  return x < MIN_NORMAL ? logF32(x * TWO_23) - LN2_23 : logF32(x);
}
// @ts-ignore: decorator
@inline function logNonNegF32x4(x: v128): v128 {
  const sub = f32x4.lt(x, f32x4.splat(MIN_NORMAL));
  const r = logF32x4(v128.bitselect(f32x4.mul(x, f32x4.splat(TWO_23)), x, sub));
  return f32x4.sub(r, v128.and(f32x4.splat(LN2_23), sub)); // r - 0 = r on the normal lanes
}

// One term of KL: 0 where p = 0 (0·log 0 = 0), +Infinity where p > 0 and q = 0, else p·(log p - log q).
// @ts-ignore: decorator
@inline function klTerm(p: f32, q: f32): f32 {
  return p == 0 ? <f32>0 : q == 0 ? <f32>Infinity : p * (logNonNegF32(p) - logNonNegF32(q));
}

/**
 * KL(p‖q) = Σ_j p_j log(p_j / q_j) per row, in nats, between rows of probabilities.
 * @param out (rows) f32
 * @param p (rows, cols) f32, entries ≥ 0 finite (checked by the SDK)
 * @param q (rows, cols) f32, entries ≥ 0 finite
 * @example p = [0.5, 0.5, 0], q = [0.5, 0.25, 0.25]: 0.5·log 2 = 0.3466; p = [1, 0], q = [0, 1]: +Infinity
 */
export function klDivRowsF32(out: usize, p: usize, q: usize, rows: i32, cols: i32): void {
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    const inf = f32x4.splat(Infinity);
    for (let i = 0; i < rows; i++) {
      const o = <usize>i * <usize>cols << 2;
      let acc = zero;
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        const b = o + (<usize>j << 2);
        const vp = v128.load(p + b);
        const vq = v128.load(q + b);
        let t = f32x4.mul(vp, f32x4.sub(logNonNegF32x4(vp), logNonNegF32x4(vq)));
        t = v128.bitselect(inf, t, f32x4.eq(vq, zero));
        t = v128.bitselect(zero, t, f32x4.eq(vp, zero));
        acc = f32x4.add(acc, t);
      }
      let s = sumLanesF32(acc);
      for (; j < cols; j++) {
        const b = o + (<usize>j << 2);
        s += klTerm(load<f32>(p + b), load<f32>(q + b));
      }
      store<f32>(out + (<usize>i << 2), canonF32(s));
    }
  } else {
    klDivRowsF32Ref(out, p, q, rows, cols);
  }
}

/** Scalar sibling of klDivRowsF32 (and the scalar build's path): the same bits. */
export function klDivRowsF32Ref(out: usize, p: usize, q: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * <usize>cols << 2;
    let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const b = o + (<usize>j << 2);
      s0 += klTerm(load<f32>(p + b), load<f32>(q + b));
      s1 += klTerm(load<f32>(p + b, 4), load<f32>(q + b, 4));
      s2 += klTerm(load<f32>(p + b, 8), load<f32>(q + b, 8));
      s3 += klTerm(load<f32>(p + b, 12), load<f32>(q + b, 12));
    }
    let s = (s0 + s1) + (s2 + s3);
    for (; j < cols; j++) {
      const b = o + (<usize>j << 2);
      s += klTerm(load<f32>(p + b), load<f32>(q + b));
    }
    store<f32>(out + (<usize>i << 2), canonF32(s));
  }
}
