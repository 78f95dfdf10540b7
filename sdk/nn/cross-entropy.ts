// Cross-entropy of softmax(logits) against integer labels or soft targets, fused with its gradient in one WASM
// pass, as torch.nn.functional.cross_entropy: float32 or float64 logits of shape [N, C] or [N, C, d1, …] (the
// classes on dim 1), label smoothing, reductions "mean" | "sum" | "none". The kernels work on rows of classes:
// for rank > 2 the class dim is moved last by a strided copy and the gradient moved back (rank 2 costs no copy).
// See docs/softmax.md for formulas, conventions and tolerances.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes, heapI32 } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { ownOptions, assertSameShape, describe } from "../errors.js";
import { assertFloatTensor } from "../ops/operand.js";
import { mul } from "../ops/elementwise.js";
import { assertNoNaNInputs, assertProbabilityRows, reductionCode, type Reduction } from "./validate.js";
import { logSoftmax, moveDimLast, moveLastTo, positionOf } from "./softmax.js";
import { lossTensor, withBackward, type LossAndGrad } from "./fused.js";

/** Options of crossEntropy. */
export interface CrossEntropyOptions {
  /** ε in [0, 1]: the target becomes (1 − ε)·target + ε/K over K classes, as torch. Default 0. */
  labelSmoothing?: number;
  /** "mean" (default: over N·d1·…, gradient scaled to match), "sum" or "none" (one loss per [n, d1, …]). */
  reduction?: Reduction;
}

type FloatDType = "float32" | "float64";

/** The row kernels (assembly/nn/crossentropy.ts, assembly/nn/crossentropy-f64.ts) by dtype. */
const KERNELS: Record<FloatDType, { hard: string; soft: string }> = {
  float32: { hard: "crossEntropyForwardBackwardF32", soft: "softCrossEntropyForwardBackwardF32" },
  float64: { hard: "crossEntropyForwardBackwardF64", soft: "softCrossEntropyForwardBackwardF64" },
};

/** The class dim of logits, as torch. */
const CLASS_DIM = 1;

// Plain loops rather than some/filter with callbacks: these run on every call, and the callbacks cost about
// 0.4 µs, 4 % of a [256 × 10] float32 call (measured against main's crossEntropy, interleaved, 100 rounds).
function allPositive(shape: readonly number[]): boolean {
  for (let k = 0; k < shape.length; k++) if (!(shape[k] >= 1)) return false;
  return true;
}

function withoutClassDim(shape: readonly number[]): number[] {
  const out: number[] = [shape[0]];
  for (let k = CLASS_DIM + 1; k < shape.length; k++) out.push(shape[k]);
  return out;
}

function sameDims(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Index of flat entry i of a row-major tensor of `shape`. */
function unravel(shape: readonly number[], i: number): number[] {
  const index = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    index[k] = i % shape[k];
    i = Math.floor(i / shape[k]);
  }
  return index;
}

/** Checks integer labels: `rows` of them (flat, in the order of `labelShape`), each in [0, cols). */
function checkLabels(labels: ArrayLike<number>, rows: number, cols: number, labelShape: readonly number[], fn: string): void {
  if (labels.length !== rows) throw new RangeError(`${fn}: target must hold one label per row (${rows}), got ${labels.length}`);
  for (let i = 0; i < rows; i++) {
    const t = labels[i];
    if (!Number.isInteger(t) || t < 0 || t >= cols) {
      const at = labelShape.length === 1 ? `${i}` : unravel(labelShape, i).join(", ");
      throw new RangeError(`${fn}: target[${at}] must be a class index in [0, ${cols - 1}], got ${describe(t)}`);
    }
  }
}

/**
 * Cross-entropy of softmax(logits) over the class dim 1 against integer labels or soft targets, with ∂loss/∂logits.
 *   loss_i = −Σ_j q'_j log softmax(x_i)_j,  q' = (1 − ε)·q + ε/K,  grad = (softmax(x) − q') / (N·d1·…)  (mean)
 * Matches torch.nn.functional.cross_entropy(logits, target, label_smoothing=ε, reduction=…) and its autograd
 * gradient, in float32 or float64. Soft-target rows must be probabilities summing to 1 (within
 * ROW_SUM_TOLERANCE = 1e-4). Differentiable once through the tape (the fused gradient is a constant of the
 * backward pass), with respect to logits and a soft target.
 * @param logits float32 or float64 [N, C] or [N, C, d1, …], every size ≥ 1
 * @param target int32 Tensor [N, d1, …] or an array of N·d1·… labels in [0, C) (row-major); or a soft target
 *   Tensor of the logits' shape and dtype
 * @returns loss of shape [] ("mean", "sum") or [N, d1, …] ("none"); grad of the logits' shape and dtype
 * @example
 * const { loss, grad } = crossEntropy(tensor([[2, 1, 0.1]]), [0]);
 * loss.item();     // 0.4170
 * grad.toArray();  // [-0.3410, 0.2424, 0.0986]
 * crossEntropy(zeros([2, 3, 4, 4]), zeros([2, 4, 4], "int32"), { reduction: "none" }).loss.shape; // [2, 4, 4]
 */
export function crossEntropy(
  logits: Tensor, target: Tensor | ArrayLike<number>, options: CrossEntropyOptions = {},
): LossAndGrad {
  const fn = "crossEntropy";
  options = ownOptions(options, fn);
  assertFloatTensor(logits, "logits", fn);
  const shape = logits.shape;
  if (shape.length < 2 || !allPositive(shape)) {
    throw new RangeError(`${fn}: logits must have shape [batch ≥ 1, classes ≥ 1] or [batch, classes, d1, …] with every size ≥ 1, got ${describe(shape)}`);
  }
  const dtype = logits.dtype as FloatDType;
  const cols = shape[CLASS_DIM];
  const rows = logits.size / cols;
  const labelShape = withoutClassDim(shape);
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
      if (!sameDims(target.shape, labelShape)) {
        throw new RangeError(`${fn}: int32 target must have shape ${describe(labelShape)} (logits' shape without the class dim 1), got ${describe(target.shape)}`);
      }
      checkLabels(target.view(), rows, cols, labelShape, fn);
      labelsPtr = target.ptr;
    } else if (target.dtype === dtype) {
      assertSameShape(logits, target, `${fn}: logits`, "soft target");
      soft = true;
    } else {
      throw new TypeError(`${fn}: target must be int32 labels or ${dtype} probabilities (the logits' dtype), got dtype ${target.dtype}`);
    }
  } else if (target !== null && typeof target === "object" && typeof (target as ArrayLike<number>).length === "number") {
    checkLabels(target as ArrayLike<number>, rows, cols, labelShape, fn);
    scratch = allocBytes(rows * 4);
    heapI32().set(Array.from(target as ArrayLike<number>), scratch >>> 2);
    labelsPtr = scratch;
  } else {
    throw new TypeError(`${fn}: target must be a Tensor or an array of labels, got ${describe(target)}`);
  }
  const position = (i: number, j: number): number[] => positionOf(shape, CLASS_DIM, i, j);
  let x: Tensor | undefined, q: Tensor | undefined, rowGrad: Tensor | undefined, grad: Tensor | undefined;
  const loss = lossTensor(code, labelShape, dtype);
  try {
    x = moveDimLast(logits, CLASS_DIM);
    if (soft) {
      q = moveDimLast(target as Tensor, CLASS_DIM);
      if (shape.length === 2) assertProbabilityRows(q, rows, cols, "target", fn);
      else assertProbabilityRows(q, rows, cols, "target", fn, position, (i) => `target[${position(i, 0).map((v, k) => (k === CLASS_DIM ? ":" : v)).join(", ")}]`);
    }
    rowGrad = x.like();
    const kernel = KERNELS[dtype][soft ? "soft" : "hard"];
    core()[kernel](loss.ptr, rowGrad.ptr, x.ptr, soft ? q!.ptr : labelsPtr, rows, cols, labelSmoothing, code);
    const g = rowGrad.view();
    assertNoNaNInputs(fn, rows, cols, (i) => g[i * cols], [["logits", x]], position);
    grad = x === logits ? rowGrad : moveLastTo(rowGrad, CLASS_DIM, shape);
  } catch (err) {
    loss.dispose();
    throw err;
  } finally {
    if (rowGrad !== undefined && rowGrad !== grad) rowGrad.dispose(); // moved back into grad, or an error
    if (x !== undefined && x !== logits) x.dispose();
    if (q !== undefined && q !== target) q.dispose();
    if (scratch !== 0) freeBytes(scratch);
  }
  if (!soft) return withBackward(fn, [logits], loss, grad!, code);
  // soft targets: ∂loss/∂q_j = −(1 − ε)·log softmax(x)_j (÷ N·d1·… for mean), a constant of the backward pass
  return withBackward(fn, [logits, target as Tensor], loss, grad!, code,
    (g) => mul(g, logSoftmax(logits, { dim: CLASS_DIM })), -(1 - labelSmoothing) / (code === 1 ? rows : 1));
}
