// Softmax, log-softmax and entropy along an axis `dim` (negative counts from the end, as torch; default the
// last), at a temperature T: softmax(x / T). float32 or float64. Stable (the max along dim is subtracted first)
// and computed in WASM with a deterministic exp, so results are the same bits in every runtime and in the SIMD
// and scalar builds. The kernels work on rows of the last axis: another axis is moved last by a strided copy,
// normalised there and moved back (the last axis costs no copy). See docs/softmax.md.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { assertNoNaNInputs, assertTemperature, rowsOverDim } from "./validate.js";
import { ownOptions } from "../errors.js";
import { anyTracked, record } from "../autograd/tape.js";
import { assertFloatTensor } from "../ops/operand.js";
import { contiguousStrides, copyStrided } from "../ops/broadcast.js";
import { add, div, exp, mul, neg, sub } from "../ops/elementwise.js";
import { maximum } from "../ops/compare.js";
import { sum } from "../ops/reduce.js";
import { unsqueeze } from "../ops/shape.js";

/** Options of softmax, logSoftmax and entropy. */
export interface SoftmaxOptions {
  /** T > 0: the logits are divided by T. Default 1. T < 1 sharpens, T > 1 flattens (seed 004). */
  temperature?: number;
  /** The axis to normalise, in [−rank, rank); negative counts from the end. Default −1 (the last). */
  dim?: number;
}

type Fn = "softmax" | "logSoftmax" | "entropy";
type FloatDType = "float32" | "float64";

/** The row kernels (assembly/nn/softmax.ts, assembly/nn/softmax-f64.ts) by dtype. */
const KERNELS: Record<FloatDType, Record<Fn, string>> = {
  float32: { softmax: "softmaxForwardF32", logSoftmax: "logSoftmaxForwardF32", entropy: "softmaxEntropyF32" },
  float64: { softmax: "softmaxForwardF64", logSoftmax: "logSoftmaxForwardF64", entropy: "softmaxEntropyF64" },
};

/** The most negative finite value of each dtype: entropy's gradient reads log 0 as this (0·log 0 = 0). */
const LOWEST: Record<FloatDType, number> = { float32: -3.4028234663852886e38, float64: -Number.MAX_VALUE };

interface Rows { d: number; rows: number; cols: number; temperature: number }

/** Checks logits and options; the axis d and the (rows, cols) the kernels see once d is last. */
function checked(fn: Fn, logits: Tensor, options: SoftmaxOptions): Rows {
  assertFloatTensor(logits, "logits", fn);
  const { temperature = 1, dim = -1 } = options;
  assertTemperature(temperature, fn, logits.dtype as FloatDType);
  return { ...rowsOverDim(logits, dim, "logits", fn), temperature };
}

/** x with axis d moved last: x itself when d is last already, else a contiguous copy the caller disposes. */
export function moveDimLast(x: Tensor, d: number): Tensor {
  const rank = x.shape.length;
  if (d === rank - 1) return x;
  const order = [...x.shape.keys()].filter((k) => k !== d).concat(d);
  const strides = contiguousStrides(x.shape);
  const out = new Tensor(order.map((k) => x.shape[k]), x.dtype);
  copyStrided(out, x, out.shape, order.map((k) => strides[k]));
  return out;
}

/** The inverse of moveDimLast: y (axis d of `shape` last) back in `shape`, a new tensor. */
export function moveLastTo(y: Tensor, d: number, shape: readonly number[]): Tensor {
  const rank = shape.length;
  const strides = contiguousStrides(y.shape);
  const out = new Tensor([...shape], y.dtype);
  copyStrided(out, y, shape, shape.map((_, k) => strides[k === d ? rank - 1 : k < d ? k : k - 1]));
  return out;
}

/** Index [i, j] of the moved (rows, cols) layout as an index of logits of `shape` (j runs along d). */
export function positionOf(shape: readonly number[], d: number, i: number, j: number): number[] {
  const index = new Array<number>(shape.length);
  index[d] = j;
  for (let k = shape.length - 1; k >= 0; k--) {
    if (k === d) continue;
    index[k] = i % shape[k];
    i = Math.floor(i / shape[k]);
  }
  return index;
}

/**
 * Runs fn's kernel over the rows of x (logits with axis d moved last) into out; on a NaN input frees out and
 * throws naming its position in logits. `first(i)` is the index in out of row i's first output.
 */
function runRows(fn: Fn, logits: Tensor, x: Tensor, r: Rows, out: Tensor, first: (i: number) => number): Tensor {
  try {
    core()[KERNELS[logits.dtype as FloatDType][fn]](out.ptr, x.ptr, r.rows, r.cols, 1 / r.temperature);
    const v = out.view();
    assertNoNaNInputs(fn, r.rows, r.cols, (i) => v[first(i)], [["logits", x]], (i, j) => positionOf(logits.shape, r.d, i, j));
    return out;
  } catch (err) {
    out.dispose();
    throw err;
  }
}

/** softmax or logSoftmax along r.d, without the tape. */
function alongDim(fn: "softmax" | "logSoftmax", logits: Tensor, r: Rows): Tensor {
  const x = moveDimLast(logits, r.d);
  if (x === logits) return runRows(fn, logits, x, r, logits.like(), (i) => i * r.cols);
  try {
    const y = runRows(fn, logits, x, r, x.like(), (i) => i * r.cols);
    try {
      return moveLastTo(y, r.d, logits.shape);
    } finally {
      y.dispose();
    }
  } finally {
    x.dispose();
  }
}

/**
 * softmax(x / T)_j = e^{x_j/T} / Σ_k e^{x_k/T} along `dim` (default the last axis).
 * A -Infinity logit gets probability 0; a slice of only -Infinity is NaN, as in torch. NaN logits are an error.
 * Differentiable (any order: the VJP is made of differentiable ops).
 * @param logits float32 or float64, any rank ≥ 1
 * @example
 * softmax(tensor([[2, 1, 0.1]])).toArray();                      // [0.6590, 0.2424, 0.0986]
 * softmax(tensor([[2, 1, 0.1]]), { temperature: 0.5 }).toArray(); // [0.8638, 0.1169, 0.0193]
 * softmax(tensor([[0, 0], [0, 2]]), { dim: 0 }).toArray();        // [0.5, 0.1192, 0.5, 0.8808]
 * softmax(tensor([[-Infinity, 0]])).toArray();                   // [0, 1]
 */
export function softmax(logits: Tensor, options: SoftmaxOptions = {}): Tensor {
  options = ownOptions(options, "softmax");
  const r = checked("softmax", logits, options);
  const y = alongDim("softmax", logits, r);
  if (!anyTracked([logits])) return y;
  // ∂/∂x = y ⊙ (g − Σ_dim g ⊙ y) / T
  const t = r.temperature;
  return record("softmax", [logits], y, (g) => [div(mul(y, sub(g, sum(mul(g, y), { dim: r.d, keepdim: true }))), t)]);
}

/**
 * log softmax(x / T)_j = x_j/T − log Σ_k e^{x_k/T} along `dim` (without forming the probabilities, so it
 * stays finite where softmax underflows to 0). Differentiable (any order).
 * @param logits float32 or float64, any rank ≥ 1
 * @example
 * logSoftmax(tensor([[0, 0]])).toArray();         // [-0.6931, -0.6931]
 * logSoftmax(tensor([[1e30, 0]])).toArray();      // [0, -1e30]
 * logSoftmax(tensor([[0], [0]]), { dim: 0 });     // [[-0.6931], [-0.6931]]
 */
export function logSoftmax(logits: Tensor, options: SoftmaxOptions = {}): Tensor {
  options = ownOptions(options, "logSoftmax");
  const r = checked("logSoftmax", logits, options);
  const y = alongDim("logSoftmax", logits, r);
  if (!anyTracked([logits])) return y;
  // ∂/∂x = (g − e^y Σ_dim g) / T
  const t = r.temperature;
  return record("logSoftmax", [logits], y, (g) => [div(sub(g, mul(exp(y), sum(g, { dim: r.d, keepdim: true }))), t)]);
}

/**
 * Entropy of softmax(x / T) along `dim` in nats: H = −Σ_j p_j log p_j with 0·log 0 = 0, like
 * torch.distributions.Categorical(logits=x / T).entropy() with the classes on `dim`. The result drops `dim`.
 * Differentiable (any order): ∂H/∂x_j = −p_j (log p_j + H) / T.
 * @param logits float32 or float64, any rank ≥ 1, at least one class along dim
 * @example
 * entropy(tensor([[0, 0, 0, 0]])).toArray();      // [1.3863]  (log 4, the maximum for 4 classes)
 * entropy(tensor([[5, -Infinity]])).toArray();    // [0]
 * entropy(tensor([[0, 5], [0, 5]]), { dim: 0 }).toArray(); // [0.6931, 0.6931]
 */
export function entropy(logits: Tensor, options: SoftmaxOptions = {}): Tensor {
  options = ownOptions(options, "entropy");
  const r = checked("entropy", logits, options);
  if (r.cols === 0) {
    throw new RangeError(`entropy: logits must have at least one class (dim ${r.d} of length ≥ 1), got shape [${logits.shape.join(", ")}]`);
  }
  const x = moveDimLast(logits, r.d);
  let h: Tensor;
  try {
    h = runRows("entropy", logits, x, r, new Tensor(logits.shape.filter((_, k) => k !== r.d), logits.dtype), (i) => i);
  } finally {
    if (x !== logits) x.dispose();
  }
  if (!anyTracked([logits])) return h;
  const { d, temperature: t } = r;
  const lowest = LOWEST[logits.dtype as FloatDType];
  return record("entropy", [logits], h, (g) => {
    const logP = maximum(logSoftmax(logits, options), lowest); // −∞ where p = 0 would make 0·(−∞) = NaN
    const dH = neg(mul(exp(logP), add(logP, unsqueeze(h, d))));
    return [div(mul(dH, unsqueeze(g, d)), t)];
  });
}
