// Softmax over rows, log-softmax and the entropy of the softmax, at temperature T (c = 1/T).
// Stable form: z_j = (x_j - max_k x_k)·c ≤ 0, so e^z never overflows and the largest term is exactly 1.
// softmax_j = e^{z_j} · (1 / Σ_k e^{z_k});  log-softmax_j = z_j - log Σ_k e^{z_k};  H = log S - Σ_j p_j z_j.
// A row whose entries are all -Infinity has no maximum to subtract (-∞ - -∞ = NaN): like torch 1.13 it
// gives NaN throughout. Sums use the fixed 4-lane order of ./rows.ts, so both builds give the same bits.

import { logF32 } from "../math/logf";
import { expF32, expF32x4 } from "../math/expf";
import {
  rowMaxSimd, rowMaxRef, expShiftSumSimd, expShiftSumRef, sumLanesF32, canonF32, fillNaN, loadTail, tailMask,
} from "./rows";

/**
 * out = softmax(logits · invTemp) over each row.
 * @param out (rows, cols) f32; may be the same buffer as logits
 * @param logits (rows, cols) f32 row-major
 * @param invTemp 1 / temperature, > 0
 * @example softmax of [2, 1, 0.1] is [0.6590, 0.2424, 0.0986]; of [-Infinity, 0] is [0, 1]
 */
export function softmaxForwardF32(out: usize, logits: usize, rows: i32, cols: i32, invTemp: f32): void {
  if (ASC_FEATURE_SIMD) {
    for (let i = 0; i < rows; i++) {
      const o = <usize>i * <usize>cols << 2;
      const m = rowMaxSimd(logits + o, cols);
      const s = expShiftSumSimd(out + o, logits + o, cols, m, invTemp, false);
      if (s != s) { fillNaN(out + o, cols); continue; } // e.g. all -Infinity: NaN throughout
      const inv = <f32>1 / s;
      const vinv = f32x4.splat(inv);
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        const p = out + o + (<usize>j << 2);
        v128.store(p, f32x4.mul(v128.load(p), vinv));
      }
      for (; j < cols; j++) {
        const p = out + o + (<usize>j << 2);
        store<f32>(p, load<f32>(p) * inv);
      }
    }
  } else {
    softmaxForwardF32Ref(out, logits, rows, cols, invTemp);
  }
}

/** Scalar sibling of softmaxForwardF32 (and the scalar build's path): the same bits. */
export function softmaxForwardF32Ref(out: usize, logits: usize, rows: i32, cols: i32, invTemp: f32): void {
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * <usize>cols << 2;
    const m = rowMaxRef(logits + o, cols);
    const s = expShiftSumRef(out + o, logits + o, cols, m, invTemp, false);
    if (s != s) { fillNaN(out + o, cols); continue; }
    const inv = <f32>1 / s;
    for (let j = 0; j < cols; j++) {
      const p = out + o + (<usize>j << 2);
      store<f32>(p, load<f32>(p) * inv);
    }
  }
}

/**
 * out = log-softmax(logits · invTemp) over each row: z_j - log Σ e^{z_k}.
 * @param out (rows, cols) f32; may be the same buffer as logits
 * @param logits (rows, cols) f32 row-major
 * @param invTemp 1 / temperature, > 0
 * @example log-softmax of [0, 0] is [-0.6931, -0.6931]; of [-Infinity, 0] is [-Infinity, 0]
 */
export function logSoftmaxForwardF32(out: usize, logits: usize, rows: i32, cols: i32, invTemp: f32): void {
  if (ASC_FEATURE_SIMD) {
    for (let i = 0; i < rows; i++) {
      const o = <usize>i * <usize>cols << 2;
      const m = rowMaxSimd(logits + o, cols);
      const lse = logF32(expShiftSumSimd(out + o, logits + o, cols, m, invTemp, true)); // out = z
      if (lse != lse) { fillNaN(out + o, cols); continue; }
      const vl = f32x4.splat(lse);
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        const p = out + o + (<usize>j << 2);
        v128.store(p, f32x4.sub(v128.load(p), vl));
      }
      for (; j < cols; j++) {
        const p = out + o + (<usize>j << 2);
        store<f32>(p, load<f32>(p) - lse);
      }
    }
  } else {
    logSoftmaxForwardF32Ref(out, logits, rows, cols, invTemp);
  }
}

/** Scalar sibling of logSoftmaxForwardF32 (and the scalar build's path): the same bits. */
export function logSoftmaxForwardF32Ref(out: usize, logits: usize, rows: i32, cols: i32, invTemp: f32): void {
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * <usize>cols << 2;
    const m = rowMaxRef(logits + o, cols);
    const lse = logF32(expShiftSumRef(out + o, logits + o, cols, m, invTemp, true)); // out = z
    if (lse != lse) { fillNaN(out + o, cols); continue; }
    for (let j = 0; j < cols; j++) {
      const p = out + o + (<usize>j << 2);
      store<f32>(p, load<f32>(p) - lse);
    }
  }
}

/**
 * out[i] = H(softmax(logits[i] · invTemp)) = log S - (Σ_j e^{z_j} z_j) / S in nats, with 0·log 0 = 0
 * (an entry with e^z = 0 adds nothing, even when z = -Infinity).
 * @param out (rows) f32
 * @param logits (rows, cols) f32 row-major
 * @param invTemp 1 / temperature, > 0
 * @example entropy of [0, 0, 0, 0] is log 4 = 1.3863; of [5, -Infinity] is 0
 */
export function softmaxEntropyF32(out: usize, logits: usize, rows: i32, cols: i32, invTemp: f32): void {
  if (ASC_FEATURE_SIMD) {
    const zero = f32x4.splat(0);
    for (let i = 0; i < rows; i++) {
      const x = logits + (<usize>i * <usize>cols << 2);
      const m = rowMaxSimd(x, cols);
      const vm = f32x4.splat(m);
      const vc = f32x4.splat(invTemp);
      let accS = zero;
      let accW = zero;
      let j = 0;
      for (; j + 4 <= cols; j += 4) {
        const z = f32x4.mul(f32x4.sub(v128.load(x + (<usize>j << 2)), vm), vc);
        const e = expF32x4(z);
        accS = f32x4.add(accS, e);
        accW = f32x4.add(accW, v128.bitselect(zero, f32x4.mul(e, z), f32x4.eq(e, zero)));
      }
      if (j < cols) {
        const z = f32x4.mul(f32x4.sub(loadTail(x + (<usize>j << 2), cols - j, m), vm), vc);
        const mask = tailMask(cols - j);
        const e = v128.and(expF32x4(z), mask);
        accS = f32x4.add(accS, e);
        accW = f32x4.add(accW, v128.and(v128.bitselect(zero, f32x4.mul(e, z), f32x4.eq(e, zero)), mask));
      }
      const s = sumLanesF32(accS);
      const w = sumLanesF32(accW);
      store<f32>(out + (<usize>i << 2), canonF32(logF32(s) - w / s));
    }
  } else {
    softmaxEntropyF32Ref(out, logits, rows, cols, invTemp);
  }
}

/** Scalar sibling of softmaxEntropyF32 (and the scalar build's path): the same bits. */
export function softmaxEntropyF32Ref(out: usize, logits: usize, rows: i32, cols: i32, invTemp: f32): void {
  for (let i = 0; i < rows; i++) {
    const x = logits + (<usize>i * <usize>cols << 2);
    const m = rowMaxRef(x, cols);
    let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
    let w0: f32 = 0, w1: f32 = 0, w2: f32 = 0, w3: f32 = 0;
    for (let j = 0; j < cols; j += 4) {
      const p = x + (<usize>j << 2);
      const n = cols - j;
      const z0 = (load<f32>(p) - m) * invTemp, e0 = expF32(z0);
      s0 += e0;
      w0 += e0 == 0 ? <f32>0 : e0 * z0;
      if (n > 1) {
        const z1 = (load<f32>(p, 4) - m) * invTemp, e1 = expF32(z1);
        s1 += e1;
        w1 += e1 == 0 ? <f32>0 : e1 * z1;
      }
      if (n > 2) {
        const z2 = (load<f32>(p, 8) - m) * invTemp, e2 = expF32(z2);
        s2 += e2;
        w2 += e2 == 0 ? <f32>0 : e2 * z2;
      }
      if (n > 3) {
        const z3 = (load<f32>(p, 12) - m) * invTemp, e3 = expF32(z3);
        s3 += e3;
        w3 += e3 == 0 ? <f32>0 : e3 * z3;
      }
    }
    const s = (s0 + s1) + (s2 + s3);
    const w = (w0 + w1) + (w2 + w3);
    store<f32>(out + (<usize>i << 2), canonF32(logF32(s) - w / s));
  }
}
