// The shared tail of the fused losses (sdk/nn/losses.ts, sdk/nn/cross-entropy.ts): the { loss, grad } pair a
// fused kernel writes in one pass, and its record on the tape.
import { Tensor } from "../tensor.js";
import { anyTracked, record } from "../autograd/tape.js";
import { mul } from "../ops/elementwise.js";
import { unsqueeze } from "../ops/shape.js";

/** A loss and its gradient with respect to the first argument (same shape as that argument). */
export interface LossAndGrad {
  /** Shape [] for reduction "mean" or "sum"; one entry per row (cross-entropy) or element otherwise. */
  loss: Tensor;
  grad: Tensor;
}

/** The loss tensor of a reduction code: `perItemShape` for "none" (0), else a scalar. */
export function lossTensor(code: number, perItemShape: readonly number[], dtype: "float32" | "float64" = "float32"): Tensor {
  return new Tensor(code === 0 ? perItemShape : [], dtype);
}

/**
 * Records a fused loss on the tape: ∂ℓ/∂x = g·grad, with g broadcast over the class dim 1 (cross-entropy,
 * "none": the loss lacks that dim) or elementwise. The fused gradient is a constant of the backward pass, so
 * these losses are differentiable once (grad, valueAndGrad, vjp, jacobian of a loss), not twice.
 * `second(g)` · `secondScale` is the gradient of the second input (the target), g broadcast like the first's.
 */
export function withBackward(fn: string, inputs: Tensor[], loss: Tensor, grad: Tensor, code: number,
  second?: (g: Tensor) => Tensor, secondScale = 1): LossAndGrad {
  if (!anyTracked(inputs)) return { loss, grad };
  const scale = (g: Tensor): Tensor => (code === 0 && loss.shape.length < grad.shape.length ? unsqueeze(g, 1) : g);
  record(fn, inputs, loss, (g) => {
    const gx = mul(scale(g), grad);
    return second === undefined ? [gx] : [gx, mul(second(scale(g)), secondScale)];
  }, [grad]);
  return { loss, grad };
}
