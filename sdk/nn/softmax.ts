// Softmax, log-softmax and entropy over the last axis, at a temperature T: softmax(x / T).
// Stable (the row max is subtracted first) and computed in WASM with a deterministic exp, so results are the
// same bits in every runtime and in the SIMD and scalar builds. See docs/softmax.md.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { assertFloat32Tensor, assertNoNaNInputs, assertTemperature, rowsOverLastAxis } from "./validate.js";
import { ownOptions } from "../errors.js";
import { anyTracked, record } from "../autograd/tape.js";
import { div, exp, mul, sub } from "../ops/elementwise.js";
import { sum } from "../ops/reduce.js";

/** Options of softmax, logSoftmax and entropy. */
export interface SoftmaxOptions {
  /** T > 0: the logits are divided by T. Default 1. T < 1 sharpens, T > 1 flattens (seed 004). */
  temperature?: number;
  /** The axis to normalise; only the last axis is supported (-1, the default, or rank − 1). */
  dim?: number;
}

type Kernel = "softmaxForwardF32" | "logSoftmaxForwardF32";

function rowwise(fn: string, kernel: Kernel, logits: Tensor, options: SoftmaxOptions): Tensor {
  assertFloat32Tensor(logits, "logits", fn);
  const { temperature = 1, dim = -1 } = options;
  assertTemperature(temperature, fn);
  const { rows, cols } = rowsOverLastAxis(logits, dim, "logits", fn);
  const out = logits.like();
  core()[kernel](out.ptr, logits.ptr, rows, cols, 1 / temperature);
  try {
    const v = out.view();
    assertNoNaNInputs(fn, rows, cols, (i) => v[i * cols], [["logits", logits]]);
  } catch (err) {
    out.dispose();
    throw err;
  }
  return out;
}

/**
 * softmax(x / T)_j = e^{x_j/T} / Σ_k e^{x_k/T} over the last axis.
 * A -Infinity logit gets probability 0; a row of only -Infinity is NaN, as in torch. NaN logits are an error.
 * @param logits float32, any rank ≥ 1
 * @example
 * softmax(tensor([[2, 1, 0.1]])).toArray();                      // [0.6590, 0.2424, 0.0986]
 * softmax(tensor([[2, 1, 0.1]]), { temperature: 0.5 }).toArray(); // [0.8638, 0.1169, 0.0193]
 * softmax(tensor([[-Infinity, 0]])).toArray();                   // [0, 1]
 */
export function softmax(logits: Tensor, options: SoftmaxOptions = {}): Tensor {
  options = ownOptions(options, "softmax");
  const y = rowwise("softmax", "softmaxForwardF32", logits, options);
  if (!anyTracked([logits])) return y;
  // ∂/∂x = y ⊙ (g − Σ_j g_j y_j) / T
  const t = options.temperature ?? 1;
  return record("softmax", [logits], y, (g) => [div(mul(y, sub(g, sum(mul(g, y), { dim: -1, keepdim: true }))), t)]);
}

/**
 * log softmax(x / T)_j = x_j/T − log Σ_k e^{x_k/T} over the last axis (without forming the probabilities,
 * so it stays finite where softmax underflows to 0).
 * @param logits float32, any rank ≥ 1
 * @example
 * logSoftmax(tensor([[0, 0]])).toArray();         // [-0.6931, -0.6931]
 * logSoftmax(tensor([[1e30, 0]])).toArray();      // [0, -1e30]
 */
export function logSoftmax(logits: Tensor, options: SoftmaxOptions = {}): Tensor {
  options = ownOptions(options, "logSoftmax");
  const y = rowwise("logSoftmax", "logSoftmaxForwardF32", logits, options);
  if (!anyTracked([logits])) return y;
  // ∂/∂x = (g − e^y Σ_j g_j) / T
  const t = options.temperature ?? 1;
  return record("logSoftmax", [logits], y, (g) => [div(sub(g, mul(exp(y), sum(g, { dim: -1, keepdim: true }))), t)]);
}

/**
 * Entropy of softmax(x / T) in nats for each row: H = −Σ_j p_j log p_j with 0·log 0 = 0, like
 * torch.distributions.Categorical(logits=x / T).entropy(). The result drops the last axis.
 * @param logits float32, any rank ≥ 1
 * @example
 * entropy(tensor([[0, 0, 0, 0]])).toArray();      // [1.3863]  (log 4, the maximum for 4 classes)
 * entropy(tensor([[5, -Infinity]])).toArray();    // [0]
 */
export function entropy(logits: Tensor, options: SoftmaxOptions = {}): Tensor {
  options = ownOptions(options, "entropy");
  const fn = "entropy";
  assertFloat32Tensor(logits, "logits", fn);
  const { temperature = 1, dim = -1 } = options;
  assertTemperature(temperature, fn);
  const { rows, cols } = rowsOverLastAxis(logits, dim, "logits", fn);
  if (cols === 0) throw new RangeError(`${fn}: logits must have at least one class (last axis ≥ 1), got shape [${logits.shape.join(", ")}]`);
  const out = new Tensor(logits.shape.slice(0, -1), "float32");
  core().softmaxEntropyF32(out.ptr, logits.ptr, rows, cols, 1 / temperature);
  try {
    const v = out.view();
    assertNoNaNInputs(fn, rows, cols, (i) => v[i], [["logits", logits]]);
  } catch (err) {
    out.dispose();
    throw err;
  }
  return out;
}
