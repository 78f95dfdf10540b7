// The differentiable activations and pointwise maps: each public op is its forward kernel (activations.ts) and
// its VJP side by side. A first-order backward runs the fused `…Backward` kernel (g·f′(x) in one pass); when an
// enclosing tape is open (grad of grad, hessian) the backward is written with differentiable ops instead, so
// second derivatives are exact. relu and leakyRelu need no such path: their f″ is 0, and their backward is
// recorded as linear in g.
import type { Tensor } from "../tensor.js";
import { anyTracked, record, recording } from "../autograd/tape.js";
import * as k from "./activations.js";
import { add, div, exp, log, mul, neg, square, sub } from "./elementwise.js";
import { erf } from "./special.js";
import { broadcastShapes } from "../array-input.js";
import { expand } from "./shape.js";
import { promote, to } from "./cast.js";
import { gt, where } from "./compare.js";
import { composite } from "./composite.js";
import { describe } from "../errors.js";
import { Tensor as TensorClass } from "../tensor.js";

// y = f(x), recorded with backward g ↦ kernel(g, x) at first order, or `exact(g, x, y)` with ops when nested.
function smooth(name: string, x: Tensor, y: Tensor, kernel: (g: Tensor, x: Tensor) => Tensor, exact: (g: Tensor, y: Tensor) => Tensor): Tensor {
  if (!anyTracked([x])) return y;
  return record(name, [x], y, (g) => [recording() ? exact(g, y) : kernel(g, x)]);
}

// y = f(x) for a piecewise-linear f: the backward g ↦ g·f′(x) is itself linear in g (and f″ = 0 elsewhere).
function piecewiseLinear(name: string, x: Tensor, y: Tensor, kernel: (g: Tensor) => Tensor): Tensor {
  if (!anyTracked([x])) return y;
  const vjp = (g: Tensor): Tensor => {
    const out = kernel(g);
    // x is saved: an enclosing tape that follows g but not x (the vjp of a vjp in its cotangent) still needs it
    return recording() ? record(`${name}Backward`, [g], out, (gg) => [vjp(gg)], [x]) : out;
  };
  return record(name, [x], y, (g) => [vjp(g)]);
}

/** max(x, 0) elementwise, as torch.relu (relu′(0) = 0). Differentiable. @example relu(tensor([-1, 0, 2])); // [0, 0, 2] */
export function relu(x: Tensor): Tensor {
  return piecewiseLinear("relu", x, k.relu(x), (g) => k.reluBackward(g, x));
}

/** x for x > 0, slope·x otherwise (default slope 0.01, torch's). Differentiable. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return piecewiseLinear("leakyRelu", x, k.leakyRelu(x, negativeSlope), (g) => k.leakyReluBackward(g, x, negativeSlope));
}

/** x for x > 0, α(eˣ − 1) otherwise (default α = 1). Differentiable. */
export function elu(x: Tensor, alpha = 1): Tensor {
  const y = k.elu(x, alpha);
  // f′ = 1 for x > 0, y + α otherwise
  return smooth("elu", x, y, (g) => k.eluBackward(g, x, alpha), (g, yy) => where(gt(x, 0), g, mul(g, add(yy, alpha))));
}

/**
 * GELU, x·Φ(x) with the exact (erf) form by default, or torch's tanh approximation with
 * `{ approximate: "tanh" }`. Differentiable.
 * @example gelu(tensor([0, 1]));   // [0, 0.8413447]
 */
export function gelu(x: Tensor, options: { approximate?: "none" | "tanh" } = {}): Tensor {
  const approximate = options !== null && typeof options === "object" && Object.prototype.hasOwnProperty.call(options, "approximate") ? options.approximate : "none";
  if (approximate !== "none" && approximate !== "tanh") throw new TypeError(`gelu: approximate must be "none" or "tanh", got ${describe(approximate)}`);
  if (approximate === "tanh") {
    const y = k.geluTanh(x);
    return smooth("gelu", x, y, (g) => k.geluTanhBackward(g, x), (g) => mul(g, geluTanhDerivative(x)));
  }
  const y = k.geluErf(x);
  // d/dx xΦ(x) = Φ(x) + x·φ(x)
  return smooth("gelu", x, y, (g) => k.geluErfBackward(g, x), (g) => composite(() => {
    const phi = mul(exp(mul(square(x), -0.5)), 0.3989422804014327);
    const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
    return mul(g, add(cdf, mul(x, phi)));
  }));
}

function geluTanhDerivative(x: Tensor): Tensor {
  return composite(() => {
    // u = √(2/π)(x + 0.044715x³); f = ½x(1 + tanh u); f′ = ½(1 + tanh u) + ½x(1 − tanh²u)·√(2/π)(1 + 3·0.044715x²)
    const c = 0.7978845608028654;
    const t = tanh(mul(add(x, mul(mul(square(x), x), 0.044715)), c));
    const du = mul(add(mul(square(x), 3 * 0.044715), 1), c);
    return add(mul(add(t, 1), 0.5), mul(mul(mul(x, 0.5), oneMinus(square(t))), du));
  });
}

/** 1 / (1 + e^{−x}), stable in both tails. Differentiable (σ′ = σ(1 − σ)). */
export function sigmoid(x: Tensor): Tensor {
  const y = k.sigmoid(x);
  return smooth("sigmoid", x, y, (g) => k.sigmoidBackward(g, x), (g, yy) => mul(g, mul(yy, oneMinus(yy))));
}

/** tanh x elementwise. Differentiable (1 − tanh²). */
export function tanh(x: Tensor): Tensor {
  const y = k.tanh(x);
  return smooth("tanh", x, y, (g) => k.tanhBackward(g, x), (g, yy) => mul(g, oneMinus(square(yy))));
}

/** log(1 + e^{βx})/β, the identity where βx > threshold (torch's defaults β = 1, threshold = 20). Differentiable. */
export function softplus(x: Tensor, options: { beta?: number; threshold?: number } = {}): Tensor {
  const own = (name: "beta" | "threshold", d: number): number =>
    options !== null && typeof options === "object" && Object.prototype.hasOwnProperty.call(options, name) ? (options[name] as number) : d;
  const beta = own("beta", 1), threshold = own("threshold", 20);
  const y = k.softplus(x, beta, threshold);
  return smooth("softplus", x, y, (g) => k.softplusBackward(g, x, beta, threshold),
    (g) => mul(g, where(gt(mul(x, beta), threshold), 1, sigmoid(mul(x, beta)))));
}

/** x·σ(x) (SiLU / swish). Differentiable. */
export function silu(x: Tensor): Tensor {
  const y = k.silu(x);
  return smooth("silu", x, y, (g) => k.siluBackward(g, x), (g) => composite(() => {
    const s = sigmoid(x);
    return mul(g, mul(s, add(mul(x, oneMinus(s)), 1)));
  }));
}

/** log σ(x) = −softplus(−x), stable for large |x|. Differentiable (σ(−x)). */
export function logSigmoid(x: Tensor): Tensor {
  const y = k.logSigmoid(x);
  return smooth("logSigmoid", x, y, (g) => k.logSigmoidBackward(g, x), (g) => mul(g, sigmoid(neg(x))));
}

/** sin x elementwise. Differentiable. */
export function sin(x: Tensor): Tensor {
  const y = k.sin(x);
  return smooth("sin", x, y, (g) => k.sinBackward(g, x), (g) => mul(g, cos(x)));
}

/** cos x elementwise. Differentiable. */
export function cos(x: Tensor): Tensor {
  const y = k.cos(x);
  return smooth("cos", x, y, (g) => k.cosBackward(g, x), (g) => neg(mul(g, sin(x))));
}

/** eˣ − 1, accurate near 0. Differentiable. */
export function expm1(x: Tensor): Tensor {
  const y = k.expm1(x);
  return smooth("expm1", x, y, (g) => k.expm1Backward(g, x), (g) => mul(g, exp(x)));
}

/** log(1 + x), accurate near 0. Differentiable. */
export function log1p(x: Tensor): Tensor {
  const y = k.log1p(x);
  return smooth("log1p", x, y, (g) => k.log1pBackward(g, x), (g) => div(g, add(x, 1)));
}

/** 1/x elementwise. Differentiable. */
export function reciprocal(x: Tensor): Tensor {
  const y = k.reciprocal(x);
  return smooth("reciprocal", x, y, (g) => k.reciprocalBackward(g, x), (g, yy) => neg(mul(g, square(yy))));
}

/** sign(x): −1, 0 or 1 (NaN stays NaN). Its gradient is 0. */
export function sign(x: Tensor): Tensor {
  return k.sign(x);
}

/**
 * aᵇ elementwise, as torch.pow: b a number or a tensor (broadcast, promoted). x⁰ = 1, 0^negative = ∞,
 * negative^fractional = NaN. Differentiable in both (∂/∂a = b·a^(b−1), ∂/∂b = aᵇ·ln a).
 * @example pow(tensor([2, 3]), 2);   // [4, 9]
 */
export function pow(a: Tensor, b: Tensor | number): Tensor {
  if (!(a instanceof TensorClass)) throw new TypeError(`pow: a must be a Tensor, got ${describe(a)}`);
  if (typeof b === "number") {
    const x = a.dtype === "int32" ? to(a, "float32") : a;
    const y = k.powScalar(x, b);
    if (!anyTracked([a])) return y;
    return record("pow", [a], y, (g) => [recording() || b === 0 ? mul(g, mul(pow(a, b - 1), b)) : k.powScalarBackward(g, a, b)]);
  }
  if (!(b instanceof TensorClass)) throw new TypeError(`pow: b must be a Tensor or a number, got ${describe(b)}`);
  return composite(() => {
    let dtype = promote(a.dtype, b.dtype);
    if (dtype === "int32") dtype = "float32";
    const shape = broadcastShapes([a.shape, b.shape], "pow");
    const x = expand(to(a, dtype), shape), e = expand(to(b, dtype), shape);
    const y = k.pow(x, e);
    if (!anyTracked([x, e])) return y;
    return record("pow", [x, e], y, (g) => {
      if (!recording()) return k.powBackward(g, x, e, y);
      return [mul(g, mul(pow(x, sub(e, 1)), e)), mul(g, mul(y, log(x)))];
    });
  });
}

// 1 − t (a constant minus a tensor, as a differentiable op)
function oneMinus(t: Tensor): Tensor {
  return add(neg(t), 1);
}
