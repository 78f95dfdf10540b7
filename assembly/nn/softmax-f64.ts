// Softmax, log-softmax and softmax entropy over rows in float64, at temperature T (c = 1/T): the float64
// siblings of ./softmax.ts, with the same stable form z_j = (x_j − max_k x_k)·c ≤ 0 and the same NaN rules
// (a row of only −∞, a +∞ entry or a NaN entry gives NaN throughout, as torch 1.13).
// Plain scalar loops, each sum taken left to right: no SIMD path, so both builds run this very code and give
// the same bits. exp is AS's Math.exp (musl's exp, the one expF64x2 reproduces); log is logF64.

import { logF64 } from "../math/logd";
import { rowMaxF64, fillNaNF64 } from "./rows";

/**
 * out = softmax(logits · invTemp) over each row: e^{z_j} / Σ_k e^{z_k}.
 * @param out (rows, cols) f64; may be the same buffer as logits
 * @param logits (rows, cols) f64 row-major
 * @param invTemp 1 / temperature, > 0
 * @example softmax of [2, 1, 0.1] is [0.6590, 0.2424, 0.0986]; of [-Infinity, 0] is [0, 1]
 */
export function softmaxForwardF64(out: usize, logits: usize, rows: i32, cols: i32, invTemp: f64): void {
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * <usize>cols << 3;
    const m = rowMaxF64(logits + o, cols);
    let s: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const p = <usize>j << 3;
      const e = Math.exp((load<f64>(logits + o + p) - m) * invTemp);
      store<f64>(out + o + p, e);
      s += e;
    }
    if (s != s) { fillNaNF64(out + o, cols); continue; }
    for (let j = 0; j < cols; j++) {
      const p = out + o + (<usize>j << 3);
      store<f64>(p, load<f64>(p) / s);
    }
  }
}

/**
 * out = log-softmax(logits · invTemp) over each row: z_j − log Σ_k e^{z_k}.
 * @param out (rows, cols) f64; may be the same buffer as logits
 * @param logits (rows, cols) f64 row-major
 * @param invTemp 1 / temperature, > 0
 * @example log-softmax of [0, 0] is [-0.6931, -0.6931]; of [-Infinity, 0] is [-Infinity, 0]
 */
export function logSoftmaxForwardF64(out: usize, logits: usize, rows: i32, cols: i32, invTemp: f64): void {
  for (let i = 0; i < rows; i++) {
    const o = <usize>i * <usize>cols << 3;
    const m = rowMaxF64(logits + o, cols);
    let s: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const p = <usize>j << 3;
      const z = (load<f64>(logits + o + p) - m) * invTemp;
      store<f64>(out + o + p, z);
      s += Math.exp(z);
    }
    const lse = logF64(s);
    if (lse != lse) { fillNaNF64(out + o, cols); continue; }
    for (let j = 0; j < cols; j++) {
      const p = out + o + (<usize>j << 3);
      store<f64>(p, load<f64>(p) - lse);
    }
  }
}

/**
 * out[i] = H(softmax(logits[i] · invTemp)) = log S − (Σ_j e^{z_j} z_j) / S in nats, with 0·log 0 = 0 (an
 * entry with e^z = 0 adds nothing, even when z = −∞).
 * @param out (rows) f64
 * @param logits (rows, cols) f64 row-major, cols ≥ 1
 * @param invTemp 1 / temperature, > 0
 * @example entropy of [0, 0, 0, 0] is log 4 = 1.3863; of [5, -Infinity] is 0
 */
export function softmaxEntropyF64(out: usize, logits: usize, rows: i32, cols: i32, invTemp: f64): void {
  for (let i = 0; i < rows; i++) {
    const x = logits + (<usize>i * <usize>cols << 3);
    const m = rowMaxF64(x, cols);
    let s: f64 = 0, w: f64 = 0;
    for (let j = 0; j < cols; j++) {
      const z = (load<f64>(x + (<usize>j << 3)) - m) * invTemp;
      const e = Math.exp(z);
      s += e;
      w += e == 0 ? 0 : e * z;
    }
    const h = logF64(s) - w / s;
    store<f64>(out + (<usize>i << 3), h != h ? NaN : h);
  }
}
