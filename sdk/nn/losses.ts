// Losses with their gradients in one call: binary cross-entropy with logits, mean squared error (and
// cross-entropy, re-exported from ./cross-entropy.ts); and KL(p‖q) between probability rows.
// Each loss returns { loss, grad } with grad = ∂loss/∂(first argument), written by the same WASM pass.
// See docs/softmax.md for formulas, conventions and tolerances.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { ownOptions, assertSameShape, describe } from "../errors.js";
import {
  assertFloat32Tensor, assertProbabilityRows, reductionCode, rowsOverLastAxis, type Reduction,
} from "./validate.js";

export { ROW_SUM_TOLERANCE, type Reduction } from "./validate.js";
import { anyTracked, record } from "../autograd/tape.js";
import { add, div, log, mul, neg, sub } from "../ops/elementwise.js";
import { unsqueeze } from "../ops/shape.js";
import { lossTensor, withBackward, type LossAndGrad } from "./fused.js";

export { crossEntropy, type CrossEntropyOptions } from "./cross-entropy.js";
export type { LossAndGrad } from "./fused.js";

/** Options of the elementwise losses. */
export interface ElementwiseLossOptions {
  /** "mean" (default, over all elements), "sum" or "none" (one loss per element). */
  reduction?: Reduction;
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
