// Special functions as elementwise tensor ops, in the shape of torch.special / scipy.special: erf, erfc, erfinv,
// ndtr (Φ), ndtri (Φ⁻¹), lgamma, digamma, and the broadcasting lbeta, gammainc, gammaincc, betainc.
// Every value is the float64 function of assembly/math/special.ts (accuracy against mpmath in
// tests/sdk/math/special.test.ts); float32 tensors are promoted exactly, computed in float64 and rounded once,
// inside the kernel (assembly/tensor/special.ts), so no float32 op needs a JS-side conversion or a float64
// scratch copy. Out-of-domain inputs give NaN or ±Infinity as SciPy does, never an error; every NaN is the
// canonical quiet NaN, and the bits are the same in the SIMD and scalar builds and in every runtime.
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";
import type { DType } from "../dtype.js";
import { broadcastShapes, expandTo, sameShape, sizeOf } from "../array-input.js";
import { assertFloatTensor } from "./operand.js";
import { div, exp, mapElementwise, mul, neg, square } from "./elementwise.js";
import { record, recording } from "../autograd/tape.js";

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_2PI = 0.3989422804014327;

const suffix = (dtype: DType): string => (dtype === "float32" ? "F32" : "F64");

/**
 * fn over broadcast operands: each a float Tensor (all of one dtype, which the result takes) or a number
 * (rounded to float32 for float32 tensors, as in add). Shapes broadcast by the numpy / torch rules
 * (broadcastShapes). An operand that already has the result's shape is passed as is; any other is expanded
 * into a temporary tensor of the result's shape (a pure copy), freed before returning.
 */
function broadcasting(fn: string, operands: [string, unknown][]): Tensor {
  let dtype: DType | undefined;
  let first = "";
  for (const [name, v] of operands) {
    if (typeof v === "number") continue;
    if (!(v instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor or a number, got ${describe(v)}`);
    assertFloatTensor(v, name, fn);
    if (dtype === undefined) [dtype, first] = [v.dtype, name];
    else if (v.dtype !== dtype) throw new TypeError(`${fn}: ${name} must have the same dtype as ${first} (${dtype}), got ${v.dtype}`);
  }
  const names = operands.map(([name]) => name).join(", ");
  if (dtype === undefined) throw new TypeError(`${fn}: at least one of ${names} must be a Tensor (it sets the result's dtype), got only numbers`);
  const shapes = operands.map(([, v]) => (typeof v === "number" ? [] : (v as Tensor).shape));
  const shape = broadcastShapes(shapes, `${fn}(${names})`);
  const n = sizeOf(shape);
  const out = new Tensor(shape, dtype);
  if (n === 0) return out;
  const temps: Tensor[] = [];
  try {
    const ptrs = operands.map(([, v]) => {
      if (v instanceof Tensor && sameShape(v.shape, shape)) return v.ptr;
      const t = new Tensor(shape, dtype);
      temps.push(t);
      if (typeof v === "number") t.view().fill(v);
      else t.view().set(expandTo(Float64Array.from((v as Tensor).view()), (v as Tensor).shape, shape));
      return t.ptr;
    });
    core()[`${fn}Elementwise${suffix(dtype)}`](out.ptr, ...ptrs, n);
  } finally {
    for (const t of temps) t.dispose();
  }
  return out;
}

/**
 * erf(x) = (2/√π) ∫₀ˣ e^{−t²} dt, elementwise (torch.special.erf). Domain: all reals; erf(±∞) = ±1.
 * float64 < 1 ulp (fdlibm).
 * @param x float32 or float64 tensor, any shape.
 * @returns a new tensor of x's shape and dtype.
 * @example
 * erf(tensor([0, 0.5, -Infinity]));   // [0, 0.5204999, -1]
 */
export function erf(x: Tensor): Tensor {
  const y = mapElementwise("erf", x);
  // d erf/dx = 2/√π · e^{−x²}
  return recording() ? record("erf", [x], y, (g) => [mul(g, mul(exp(neg(square(x))), TWO_OVER_SQRT_PI))]) : y;
}

/**
 * erfc(x) = 1 − erf(x), elementwise, accurate where erf(x) is near 1 (relative error < 1 ulp down to
 * 1e-290 in float64). Domain: all reals; erfc(−∞) = 2, erfc(+∞) = 0.
 * @example
 * erfc(tensor([0, 10, -Infinity], [3], "float64"));   // [1, 2.0884875837625446e-45, 2]
 */
export function erfc(x: Tensor): Tensor {
  const y = mapElementwise("erfc", x);
  return recording() ? record("erfc", [x], y, (g) => [mul(g, mul(exp(neg(square(x))), -TWO_OVER_SQRT_PI))]) : y;
}

/**
 * erf⁻¹(x), the y with erf(y) = x, elementwise (relative 1e-15 in float64). Domain: [−1, 1];
 * erfinv(±1) = ±Infinity, NaN outside.
 * @example
 * erfinv(tensor([0, 0.5, 1, 2]));   // [0, 0.47693628, Infinity, NaN]
 */
export function erfinv(x: Tensor): Tensor {
  const y = mapElementwise("erfinv", x);
  // d erf⁻¹/dx = √π/2 · e^{y²}
  return recording() ? record("erfinv", [x], y, (g) => [mul(g, mul(exp(square(y)), 1 / TWO_OVER_SQRT_PI))]) : y;
}

/**
 * ndtr(x) = Φ(x) = ½·erfc(−x/√2), the standard normal cdf, elementwise (relative 1e-15 in float64, also in
 * the far left tail). Domain: all reals; Φ(−∞) = 0, Φ(+∞) = 1.
 * @example
 * ndtr(tensor([0, 1.959964, -10], [3], "float64"));   // [0.5, 0.9750000009035577, 7.619853024160527e-24]
 */
export function ndtr(x: Tensor): Tensor {
  const y = mapElementwise("ndtr", x);
  // φ(x) = e^{−x²/2}/√(2π)
  return recording() ? record("ndtr", [x], y, (g) => [mul(g, mul(exp(mul(square(x), -0.5)), INV_SQRT_2PI))]) : y;
}

/**
 * ndtri(p) = Φ⁻¹(p), the standard normal quantile, elementwise (relative 1e-15 in float64). Domain: [0, 1];
 * ndtri(0) = −Infinity, ndtri(1) = +Infinity, NaN outside.
 * @example
 * ndtri(tensor([0.5, 0.975, 0, 1.5]));   // [0, 1.959964, -Infinity, NaN]
 */
export function ndtri(p: Tensor): Tensor {
  const y = mapElementwise("ndtri", p);
  // 1/φ(y)
  return recording() ? record("ndtri", [p], y, (g) => [div(g, mul(exp(mul(square(y), -0.5)), INV_SQRT_2PI))]) : y;
}

/**
 * lgamma(x) = log|Γ(x)|, elementwise (relative 1e-13 in float64; it grows near the zeros of log|Γ| at
 * x < 0, as in every implementation). Domain: all reals; +Infinity at the poles x = 0, −1, −2, … and at ±∞.
 * @example
 * lgamma(tensor([1, 0.5, 0, -1.5]));   // [0, 0.5723649, Infinity, 0.86004704]
 */
export function lgamma(x: Tensor): Tensor {
  const y = mapElementwise("lgamma", x);
  return recording() ? record("lgamma", [x], y, (g) => [mul(g, digamma(x))]) : y;
}

/**
 * digamma(x) = ψ(x) = d/dx log Γ(x), elementwise (relative 1e-13 in float64). Differentiable twice (ψ′ by the
 * trigamma kernel). Domain: all reals but the poles:
 * ψ(0) = −Infinity (ψ(−0) = +Infinity), NaN at x = −1, −2, … and at −∞, ψ(+∞) = +Infinity (as torch ≥ 1.8).
 * @example
 * digamma(tensor([1, 0.5, 0, -2]));   // [-0.5772157, -1.9635100, -Infinity, NaN]
 */
export function digamma(x: Tensor): Tensor {
  const y = mapElementwise("digamma", x);
  return recording() ? record("digamma", [x], y, (g) => [mul(g, trigamma(x))]) : y;
}

// ψ′(x) = Σ 1/(x + k)², digamma's derivative (assembly/math/trigamma.ts; relative 1e-14 against mpmath).
// Internal: differentiable once more would need ψ″, which has no kernel.
function trigamma(x: Tensor): Tensor {
  const y = mapElementwise("trigamma", x);
  return recording() ? record("trigamma", [x], y, () => { throw new TypeError("digamma is differentiable twice at most: trigamma's derivative (polygamma(2, x)) has no kernel"); }) : y;
}

/**
 * lbeta(a, b) = log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), elementwise over broadcast a, b (relative
 * 1e-14 in float64, also for large a, b where the lgamma difference would cancel). Domain: a > 0 and b > 0;
 * NaN otherwise (unlike scipy.special.betaln, which extends log|B| to negative arguments).
 * @param a, b float tensors of one dtype, or numbers; shapes broadcast as in numpy.
 * @returns a new tensor of the broadcast shape and the tensors' dtype.
 * @example
 * lbeta(tensor([1, 2, 0.5]), 1);     // [0, -0.6931472, 0.6931472]
 * lbeta(tensor([1, -1]), 1);         // [0, NaN]
 */
export function lbeta(a: Tensor | number, b: Tensor | number): Tensor {
  return broadcasting("lbeta", [["a", a], ["b", b]]);
}

/**
 * gammainc(a, x) = P(a, x) = γ(a, x)/Γ(a) = (1/Γ(a)) ∫₀ˣ t^{a−1} e^{−t} dt, the regularized lower incomplete
 * gamma function (torch.special.gammainc), elementwise over broadcast a, x (relative 1e-12 in float64).
 * Domain: a > 0, x ≥ 0; P(a, 0) = 0, P(a, ∞) = 1; NaN for a ≤ 0 or x < 0.
 * @param a, x float tensors of one dtype, or numbers; shapes broadcast as in numpy.
 * @example
 * gammainc(tensor([1, 2]), tensor([[0, 1], [Infinity, 2]]));   // [[0, 0.26424113], [1, 0.59399414]]
 * gammainc(0, tensor([1]));                                   // [NaN]
 */
export function gammainc(a: Tensor | number, x: Tensor | number): Tensor {
  return broadcasting("gammainc", [["a", a], ["x", x]]);
}

/**
 * gammaincc(a, x) = Q(a, x) = 1 − P(a, x) = Γ(a, x)/Γ(a), the regularized upper incomplete gamma function
 * (torch.special.gammaincc), computed directly so small tails keep their relative accuracy (1e-12 in float64).
 * Domain as gammainc: a > 0, x ≥ 0; Q(a, 0) = 1, Q(a, ∞) = 0; NaN for a ≤ 0 or x < 0.
 * @example
 * gammaincc(1, tensor([0, 1, 50], [3], "float64"));   // [1, 0.3678794411714422, 1.9287498479639183e-22]
 * gammaincc(tensor([2]), -1);                         // [NaN]
 */
export function gammaincc(a: Tensor | number, x: Tensor | number): Tensor {
  return broadcasting("gammaincc", [["a", a], ["x", x]]);
}

/**
 * betainc(a, b, x) = I_x(a, b) = (1/B(a, b)) ∫₀ˣ t^{a−1} (1 − t)^{b−1} dt, the regularized incomplete beta
 * function (scipy.special.betainc; the Beta(a, b) cdf), elementwise over broadcast a, b, x (relative 1e-12
 * in float64 for a, b up to 1000). Domain: a > 0, b > 0, 0 ≤ x ≤ 1; I_0 = 0, I_1 = 1; NaN otherwise.
 * @param a, b, x float tensors of one dtype, or numbers; shapes broadcast as in numpy.
 * @example
 * betainc(2, 3, tensor([0, 0.5, 1]));   // [0, 0.6875, 1]
 * betainc(2, 3, tensor([1.5]));         // [NaN]
 */
export function betainc(a: Tensor | number, b: Tensor | number, x: Tensor | number): Tensor {
  return broadcasting("betainc", [["a", a], ["b", b], ["x", x]]);
}
