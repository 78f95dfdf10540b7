// Distributions differentiable with respect to their parameters (issue 11 item 5). A distribution built from
// tensors keeps them (keepParamTensors, called by each constructor); when an autograd transform tracks one of
// them, or the value, logProb and rsample take the paths here instead of the fused kernels:
//   - logProb is written with differentiable ops (logprob-formulas.ts), to any order;
//   - rsample of the location-scale families (Normal, Laplace, Exponential, Uniform) and of
//     MultivariateNormal is the reparameterised formula as ops, value = g(ε, θ) with the same ε the kernel
//     path draws from the key;
//   - rsample of Gamma, Beta and Dirichlet records the kernel's draw with its implicit reparameterisation
//     gradients (Figurnov et al. 2018) as the VJP: first order.
// Nothing tracked: the classes run their kernels exactly as before.
import { Tensor, type DType } from "../tensor.js";
import { assertShape, describe } from "../errors.js";
import type { Key } from "../random/key.js";
import { anyTracked, record } from "../autograd/tape.js";
import { add, div, mul, sub } from "../ops/elementwise.js";
import { sumToShape, transpose } from "../ops/shape.js";
import { to } from "../ops/cast.js";
import { matmul } from "../linalg/matmul-nd.js";
import { cholesky } from "../linalg/cholesky.js";
import { composite } from "../ops/composite.js";
import { toShaped, type ArrayInput } from "../array-input.js";
import { standardDraw } from "./draw.js";
import { sampleDType } from "../random/draw-options.js";
import type { Distribution, Reparameterized, SampleOptions } from "./distribution.js";
import { LOG_PROB } from "./logprob-formulas.js";

const kept = new WeakMap<Distribution, Record<string, Tensor>>();

/** Called by a constructor: remembers which parameters were given as tensors (the ones grads can follow). */
export function keepParamTensors(d: Distribution, params: Record<string, unknown>): void {
  const tensors: Record<string, Tensor> = {};
  for (const [name, v] of Object.entries(params)) if (v instanceof Tensor) tensors[name] = v;
  if (Object.keys(tensors).length > 0) kept.set(d, tensors);
}

function trackedParams(d: Distribution, value?: unknown): boolean {
  const tensors = kept.get(d);
  const inputs = tensors === undefined ? [] : Object.values(tensors).filter((t) => !t.disposed);
  if (value instanceof Tensor) inputs.push(value);
  return inputs.length > 0 && anyTracked(inputs);
}

/**
 * The float dtype the differentiable path computes in: that of the first float parameter tensor, else the
 * value's (a float32 value of a distribution with number parameters stays float32, as in the kernel path),
 * else float64.
 */
function dtypeOf(d: Distribution, value?: unknown): DType {
  for (const t of Object.values(kept.get(d) ?? {})) if (t.dtype !== "int32") return t.dtype;
  if (value instanceof Tensor && value.dtype !== "int32") return value.dtype;
  return "float64";
}

/**
 * Every parameter of d as a tensor: the one it was built from (tracked or not) when it is still live, else a
 * constant of its broadcast data, shape [...batchShape, ...trailing dims].
 */
export function paramTensors(d: Distribution, value?: unknown): Record<string, Tensor> {
  const tensors = kept.get(d) ?? {};
  const dtype = dtypeOf(d, value);
  const out: Record<string, Tensor> = {};
  for (const name of Object.keys((d.constructor as typeof Distribution).params)) {
    if (!d.hasParam(name)) continue;
    const t = tensors[name];
    if (t !== undefined && !t.disposed) { out[name] = t; continue; }
    const data = d.param(name);
    const trailing = data.length / Math.max(d.batchSize, 1);
    const shape = d.batchSize === 0 || (trailing === 1 && d.eventShape.length === 0 && d.kind !== "Categorical") ? [...d.batchShape] : [...d.batchShape, ...trailingShape(d, trailing)];
    const c = new Tensor(shape, dtype);
    c.view().set(data);
    out[name] = c;
  }
  if (d.kind === "MultivariateNormal" && out.scaleTril === undefined) {
    if (out.covarianceMatrix === undefined) throw new TypeError("MultivariateNormal: differentiating needs scaleTril or covarianceMatrix, got precisionMatrix");
    out.scaleTril = cholesky(out.covarianceMatrix);
  }
  return out;
}

// the trailing dims of a parameter with `trailing` elements per batch element: none, the event vector, a
// d × d matrix (MultivariateNormal), or the categories (Categorical's probs / logits)
function trailingShape(d: Distribution, trailing: number): number[] {
  const event = d.eventShape.length === 1 ? d.eventShape[0] : 0;
  if (event > 0 && trailing === event * event) return [event, event];
  return [trailing];
}

function valueTensor(value: ArrayInput, dtype: DType, d: Distribution): Tensor {
  if (value instanceof Tensor) {
    value.assertLive(`${d.kind}.logProb: value`);
    return value;
  }
  const { data, shape } = toShaped(value, `${d.kind}.logProb: value`);
  const t = new Tensor(shape, dtype);
  t.view().set(data);
  return t;
}

/**
 * log p(value) with differentiable ops when a transform tracks a parameter tensor of d or the value;
 * undefined otherwise (the caller runs its kernel).
 */
export function trackedLogProb(d: Distribution, value: ArrayInput): Tensor | undefined {
  if (!trackedParams(d, value)) return undefined;
  const formula = LOG_PROB[d.kind];
  if (formula === undefined) throw new TypeError(`${d.kind}.logProb is not differentiable with respect to its parameters (differentiable: ${Object.keys(LOG_PROB).join(", ")})`);
  return composite(() => formula(paramTensors(d, value), valueTensor(value, dtypeOf(d, value), d), d));
}

/** The reparameterised value g(ε, θ) of a location-scale family, as ops (torch's rsample formulas). */
export function reparameterize(kind: string, eps: Tensor, p: Record<string, Tensor>): Tensor {
  switch (kind) {
    case "Normal": case "Laplace": return add(mul(eps, p.scale), p.loc);       // μ + σ·ε
    case "Exponential": return div(eps, p.rate);                               // E/λ
    case "Uniform": return add(mul(eps, sub(p.high, p.low)), p.low);           // low + u·(high − low)
    case "MultivariateNormal": return add(matmul(eps, transpose(p.scaleTril)), p.loc);   // μ + L·z
    default: throw new TypeError(`${kind}.rsample has no reparameterisation written with ops`);
  }
}

const STANDARD: Record<string, "normal" | "laplace" | "exponential" | "uniform"> = {
  Normal: "normal", Laplace: "laplace", Exponential: "exponential", Uniform: "uniform", MultivariateNormal: "normal",
};

/**
 * rsample through ops when a parameter tensor of d is tracked: `r` is the kernel path's draw (its grads stay
 * valid); its value is replaced by the same formula applied to the same standard draw, recorded on the tape.
 * Returns r unchanged when nothing is tracked.
 */
export function trackedRsample<R extends Reparameterized>(d: Distribution, r: R, key: Key, shape: readonly number[], options?: SampleOptions): R {
  if (!trackedParams(d)) return r;
  const kind = STANDARD[d.kind];
  if (kind === undefined) return recordImplicit(d, r);
  assertShape(shape, "shape");
  const dtype = sampleDType(options);
  const value = composite(() => {
    const p = paramTensors(d);
    if (d.kind === "MultivariateNormal" && p.scaleTril.shape.length !== 2) {
      throw new RangeError(`MultivariateNormal.rsample: differentiating needs one scaleTril [d, d], got batch shape ${describe(p.scaleTril.shape.slice(0, -2))}`);
    }
    const eps = standardDraw(key, [...shape, ...d.batchShape, ...d.eventShape], dtype, kind);
    return to(reparameterize(d.kind, eps, p), dtype);
  });
  r.value.dispose();
  return { ...r, value };
}

// Gamma, Beta (elementwise ∂value/∂θ) and Dirichlet (its full backward, concentrationVjp): the kernel's draw
// recorded with the implicit reparameterisation gradients as its VJP.
function recordImplicit<R extends Reparameterized>(d: Distribution, r: R): R {
  const tensors = kept.get(d) ?? {};
  const names = Object.keys(tensors).filter((n) => !tensors[n].disposed);
  const inputs = names.map((n) => tensors[n]);
  const dirichlet = d.kind === "Dirichlet" ? (d as unknown as { concentrationVjp(v: Tensor, g: Tensor): Tensor }) : null;
  record(`${d.kind}.rsample`, inputs, r.value, (g) => names.map((n, i) => {
    const full = dirichlet !== null ? dirichlet.concentrationVjp(r.value, g) : mul(g, r.grads[n]);
    return sumToShape(to(full, inputs[i].dtype), inputs[i].shape);
  }), Object.values(r.grads));
  return r;
}
