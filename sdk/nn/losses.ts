// Losses with their gradients in one call: cross-entropy (integer labels or soft targets, label smoothing),
// binary cross-entropy with logits, mean squared error; and KL(p‖q) between probability rows.
// Each loss returns { loss, grad } with grad = ∂loss/∂(first argument), written by the same WASM pass.
// See docs/softmax.md for formulas, conventions and tolerances.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapI32 } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { ownOptions, assertSameShape, describe } from "../errors.js";
import {
  assertFloat32Tensor, assertNoNaNInputs, assertProbabilityRows, reductionCode, rowsOverLastAxis, type Reduction,
} from "./validate.js";

export { ROW_SUM_TOLERANCE, type Reduction } from "./validate.js";
import { anyTracked, record } from "../autograd/tape.js";
import { add, div, log, mul, neg, sub } from "../ops/elementwise.js";
import { unsqueeze } from "../ops/shape.js";
import { logSoftmax } from "./softmax.js";

/** A loss and its gradient with respect to the first argument (same shape as that argument). */
export interface LossAndGrad {
  /** Shape [] for reduction "mean" or "sum"; one entry per row (cross-entropy) or element otherwise. */
  loss: Tensor;
  grad: Tensor;
}

/** Options of crossEntropy. */
export interface CrossEntropyOptions {
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/K over K classes, as torch. Default 0. */
  labelSmoothing?: number;
  /** "mean" (default, gradient scaled by 1/batch), "sum" or "none" (one loss per row). */
  reduction?: Reduction;
}

/** Options of the elementwise losses. */
export interface ElementwiseLossOptions {
  /** "mean" (default, over all elements), "sum" or "none" (one loss per element). */
  reduction?: Reduction;
}

function lossTensor(code: number, perItemShape: readonly number[]): Tensor {
  return new Tensor(code === 0 ? perItemShape : [], "float32");
}

// Writes integer labels into WASM scratch after checking them; returns the pointer (caller frees).
function labelsToScratch(labels: ArrayLike<number>, rows: number, cols: number, fn: string): number {
  checkLabels(labels, rows, cols, fn);
  const ptr = allocBytes(rows * 4);
  heapI32().set(Array.from(labels), ptr >>> 2);
  return ptr;
}

function checkLabels(labels: ArrayLike<number>, rows: number, cols: number, fn: string): void {
  if (labels.length !== rows) throw new RangeError(`${fn}: target must hold one label per row (${rows}), got ${labels.length}`);
  for (let i = 0; i < rows; i++) {
    const t = labels[i];
    if (!Number.isInteger(t) || t < 0 || t >= cols) {
      throw new RangeError(`${fn}: target[${i}] must be a class index in [0, ${cols - 1}], got ${describe(t)}`);
    }
  }
}

/**
 * Cross-entropy of softmax(logits) against integer labels or soft targets, with ∂loss/∂logits.
 *   loss_i = −Σ_j q'_j log softmax(x_i)_j,  q' = (1 − ε)·q + ε/K,  grad = (softmax(x) − q') / batch  (mean)
 * Matches torch.nn.functional.cross_entropy(logits, target, label_smoothing=ε, reduction=…) and its autograd
 * gradient. Soft-target rows must be probabilities summing to 1 (within ROW_SUM_TOLERANCE = 1e-4).
 * @param logits float32 [batch, classes]
 * @param target int32 Tensor [batch] or an array of labels in [0, classes); or float32 Tensor [batch, classes]
 * @example
 * const { loss, grad } = crossEntropy(tensor([[2, 1, 0.1]]), [0]);
 * loss.item();     // 0.4170
 * grad.toArray();  // [-0.3410, 0.2424, 0.0986]
 */
export function crossEntropy(
  logits: Tensor, target: Tensor | ArrayLike<number>, options: CrossEntropyOptions = {},
): LossAndGrad {
  const fn = "crossEntropy";
  options = ownOptions(options, fn);
  assertFloat32Tensor(logits, "logits", fn);
  if (logits.shape.length !== 2 || logits.shape[0] < 1 || logits.shape[1] < 1) {
    throw new RangeError(`${fn}: logits must have shape [batch ≥ 1, classes ≥ 1], got ${describe(logits.shape)}`);
  }
  const [rows, cols] = logits.shape;
  const { labelSmoothing = 0, reduction = "mean" } = options;
  if (typeof labelSmoothing !== "number" || !(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new RangeError(`${fn}: labelSmoothing must be a number in [0, 1], got ${describe(labelSmoothing)}`);
  }
  const code = reductionCode(reduction, fn);
  let soft = false;
  let labelsPtr = 0;
  let scratch = 0;
  if (target instanceof Tensor) {
    target.assertLive(`${fn}: target`);
    if (target.dtype === "int32") {
      if (target.shape.length !== 1) throw new RangeError(`${fn}: int32 target must have shape [${rows}], got ${describe(target.shape)}`);
      checkLabels(target.view(), rows, cols, fn);
      labelsPtr = target.ptr;
    } else if (target.dtype === "float32") {
      assertSameShape(logits, target, `${fn}: logits`, "soft target");
      assertProbabilityRows(target, rows, cols, "target", fn);
      soft = true;
    } else {
      throw new TypeError(`${fn}: target must be int32 labels or float32 probabilities, got dtype ${target.dtype}`);
    }
  } else if (target !== null && typeof target === "object" && typeof (target as ArrayLike<number>).length === "number") {
    scratch = labelsToScratch(target as ArrayLike<number>, rows, cols, fn);
    labelsPtr = scratch;
  } else {
    throw new TypeError(`${fn}: target must be a Tensor or an array of labels, got ${describe(target)}`);
  }
  const loss = lossTensor(code, [rows]);
  const grad = logits.like();
  try {
    if (soft) {
      core().softCrossEntropyForwardBackwardF32(loss.ptr, grad.ptr, logits.ptr, (target as Tensor).ptr, rows, cols, labelSmoothing, code);
    } else {
      core().crossEntropyForwardBackwardF32(loss.ptr, grad.ptr, logits.ptr, labelsPtr, rows, cols, labelSmoothing, code);
    }
    const g = grad.view();
    assertNoNaNInputs(fn, rows, cols, (i) => g[i * cols], [["logits", logits]]);
  } catch (err) {
    loss.dispose();
    grad.dispose();
    throw err;
  } finally {
    if (scratch !== 0) freeBytes(scratch);
  }
  if (!soft) return withBackward(fn, [logits], loss, grad, code);
  // soft targets: ∂loss/∂q_j = −(1 − ε)·log softmax(x)_j (÷ batch for mean), a constant of the backward pass
  const q = target as Tensor;
  return withBackward(fn, [logits, q], loss, grad, code, (g) => mul(g, logSoftmax(logits)), -(1 - labelSmoothing) / (code === 1 ? rows : 1));
}

// Records a fused loss on the tape: ∂ℓ/∂x = g·grad, with g broadcast over each row (cross-entropy, "none") or
// element. The fused gradient is a constant of the backward pass, so these losses are differentiable once
// (grad, valueAndGrad, vjp, jacobian of a loss), not twice. `second(g)` · `secondScale` is the gradient of the
// second input (the target), g broadcast like the first's.
function withBackward(fn: string, inputs: Tensor[], loss: Tensor, grad: Tensor, code: number,
  second?: (g: Tensor) => Tensor, secondScale = 1): LossAndGrad {
  if (!anyTracked(inputs)) return { loss, grad };
  const scale = (g: Tensor): Tensor => (code === 0 && loss.shape.length < grad.shape.length ? unsqueeze(g, -1) : g);
  record(fn, inputs, loss, (g) => {
    const gx = mul(scale(g), grad);
    return second === undefined ? [gx] : [gx, mul(second(scale(g)), secondScale)];
  }, [grad]);
  return { loss, grad };
}

// Shared front of the elementwise losses: same-shape float32 tensors with at least one element, no NaN.
function elementwiseArgs(fn: string, a: Tensor, b: Tensor, aName: string, bName: string, options: ElementwiseLossOptions): number {
  assertFloat32Tensor(a, aName, fn);
  assertFloat32Tensor(b, bName, fn);
  assertSameShape(a, b, `${fn}: ${aName}`, bName);
  if (a.size === 0) throw new RangeError(`${fn}: ${aName} must have at least one element, got shape ${describe(a.shape)}`);
  const code = reductionCode(options.reduction ?? "mean", fn);
  for (const [name, t] of [[aName, a], [bName, b]] as const) {
    const v = t.view();
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) throw new RangeError(`${fn}: ${name} contains NaN at flat index ${i}`);
  }
  return code;
}

// `targetGrad(g)`: ∂loss/∂target before the 1/n of "mean" (mse: −2(x − y)·g, bce: −x·g).
function runElementwise(kernel: string, code: number, a: Tensor, b: Tensor, targetGrad: (g: Tensor) => Tensor): LossAndGrad {
  const loss = lossTensor(code, a.shape);
  const grad = a.like();
  core()[kernel](loss.ptr, grad.ptr, a.ptr, b.ptr, a.size, code);
  return withBackward(kernel, [a, b], loss, grad, code, targetGrad, code === 1 ? 1 / a.size : 1);
}

/**
 * Binary cross-entropy with logits, elementwise, in the stable form
 *   ℓ = max(x, 0) − x·y + log1p(e^{−|x|}),   ∂ℓ/∂x = σ(x) − y   (÷ n for mean)
 * like torch.nn.functional.binary_cross_entropy_with_logits (log1p keeps ℓ accurate where torch's f32 rounds
 * it to 0, e.g. x = 20, y = 1).
 * @param logits float32, any shape
 * @param target float32, same shape, each in [0, 1]
 * @example
 * binaryCrossEntropyWithLogits(tensor([0]), tensor([1])).loss.item();   // 0.6931 (log 2), grad [-0.5]
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, target: Tensor, options: ElementwiseLossOptions = {}): LossAndGrad {
  options = ownOptions(options, "binaryCrossEntropyWithLogits");
  const fn = "binaryCrossEntropyWithLogits";
  const code = elementwiseArgs(fn, logits, target, "logits", "target", options);
  const y = target.view();
  for (let i = 0; i < y.length; i++) {
    if (!(y[i] >= 0 && y[i] <= 1)) throw new RangeError(`${fn}: target at flat index ${i} = ${y[i]} is not in [0, 1]`);
  }
  return runElementwise("bceWithLogitsForwardBackwardF32", code, logits, target, (g) => neg(mul(g, logits)));
}

/**
 * Mean squared error, elementwise: ℓ = (x − y)², ∂ℓ/∂x = 2(x − y) (÷ n for mean), like
 * torch.nn.functional.mse_loss.
 * @param input float32, any shape
 * @param target float32, same shape
 * @example
 * mseLoss(tensor([1, 2]), tensor([0, 0])).loss.item();   // 2.5, grad [1, 2]
 */
export function mseLoss(input: Tensor, target: Tensor, options: ElementwiseLossOptions = {}): LossAndGrad {
  options = ownOptions(options, "mseLoss");
  const code = elementwiseArgs("mseLoss", input, target, "input", "target", options);
  return runElementwise("mseForwardBackwardF32", code, input, target, (g) => mul(g, mul(sub(input, target), -2)));
}

/**
 * KL(p‖q) = Σ_j p_j log(p_j / q_j) in nats for each row over the last axis, with 0·log(0/q) = 0 and
 * +Infinity where p_j > 0 = q_j. Rows must be probabilities summing to 1 (within ROW_SUM_TOLERANCE).
 * @param p float32, any rank ≥ 1; q float32, same shape. The result drops the last axis.
 * @example
 * klDivRows(tensor([[0.5, 0.5, 0]]), tensor([[0.5, 0.25, 0.25]])).toArray();   // [0.3466]  (½ log 2)
 */
export function klDivRows(p: Tensor, q: Tensor): Tensor {
  const fn = "klDivRows";
  assertFloat32Tensor(p, "p", fn);
  assertFloat32Tensor(q, "q", fn);
  assertSameShape(p, q, `${fn}: p`, "q");
  const { rows, cols } = rowsOverLastAxis(p, "p", fn);
  if (cols === 0) throw new RangeError(`${fn}: p must have at least one entry per row, got shape ${describe(p.shape)}`);
  assertProbabilityRows(p, rows, cols, "p", fn);
  assertProbabilityRows(q, rows, cols, "q", fn);
  const out = new Tensor(p.shape.slice(0, -1), "float32");
  core().klDivRowsF32(out.ptr, p.ptr, q.ptr, rows, cols);
  if (!anyTracked([p, q])) return out;
  // ∂KL/∂p_j = log p_j − log q_j + 1, ∂KL/∂q_j = −p_j / q_j (rows of g broadcast over j)
  return record(fn, [p, q], out, (g) => {
    const gr = unsqueeze(g, -1);
    return [mul(gr, add(sub(log(p), log(q)), 1)), mul(gr, neg(div(p, q)))];
  });
}
