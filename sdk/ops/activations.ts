// Activations and pointwise math as plain tensor functions, forward and backward side by side, for the tensor
// methods and the autograd op table to wrap: relu, leakyRelu, elu, geluErf, geluTanh, sigmoid, tanh, softplus,
// silu, logSigmoid; neg, square, sign, reciprocal, sin, cos, expm1, log1p, powScalar, pow. Semantics are
// torch's (1.13) at the kinks, at NaN and at ±∞ (relu′(0) = 0; x⁰ = 1; 0^negative = ∞; negative^fractional
// = NaN), evaluated stably in both tails; the kernels are assembly/nn/activations.ts and
// assembly/tensor/pointwise.ts (formulas in assembly/math/activation.ts and pointwise.ts), the same bits in
// the SIMD and scalar builds. Each backward returns gradY · f′(x) as a new tensor of x's shape (for pow, the
// two gradients); parameters are rounded to float32 for float32 tensors, as torch casts its scalars (not
// powScalar's exponent, which torch and the kernels keep in float64).
import { core } from "../runtime/core.js";
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";
import { sameShape } from "../array-input.js";
import { assertFloatTensor } from "./operand.js";

const suffix = (t: Tensor): string => (t.dtype === "float32" ? "F32" : "F64");

// out = fn(x) by `${fn}ElementwiseF32/F64`(out, x, n, ...params).
function forward(fn: string, x: Tensor, ...params: number[]): Tensor {
  assertFloatTensor(x, "x", fn);
  const out = x.like();
  if (x.size > 0) core()[`${fn}Elementwise${suffix(x)}`](out.ptr, x.ptr, x.size, ...params);
  return out;
}

// Checks that t (argument `name`) is a live float tensor with the dtype and shape of ref (argument `refName`).
function assertMatches(fn: string, name: string, t: Tensor, refName: string, ref: Tensor): void {
  assertFloatTensor(t, name, fn);
  if (t.dtype !== ref.dtype) throw new TypeError(`${fn}: ${name} must have the dtype of ${refName} (${ref.dtype}), got ${t.dtype}`);
  if (!sameShape(t.shape, ref.shape)) {
    throw new RangeError(`${fn}: ${name}'s shape ${describe(t.shape)} must equal ${refName}'s shape ${describe(ref.shape)}`);
  }
}

// gradX = gradY · fn′(x) by `${fn}BackwardF32/F64`(gradX, gradY, x, n, ...params).
function backward(fn: string, gradY: Tensor, x: Tensor, ...params: number[]): Tensor {
  assertFloatTensor(x, "x", `${fn}Backward`);
  assertMatches(`${fn}Backward`, "gradY", gradY, "x", x);
  const gradX = x.like();
  if (x.size > 0) core()[`${fn}Backward${suffix(x)}`](gradX.ptr, gradY.ptr, x.ptr, x.size, ...params);
  return gradX;
}

// A parameter that must be a finite number.
function finiteParam(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new TypeError(`${fn}: ${name} must be a finite number, got ${describe(value)}`);
  return value;
}

// softplus's beta: positive and finite, also after rounding to float32 for a float32 tensor (x / β must not be x / 0).
function softplusParams(fn: string, x: Tensor, beta: unknown, threshold: unknown): [number, number] {
  assertFloatTensor(x, "x", fn);
  const b = finiteParam(fn, "beta", beta);
  const rounded = x.dtype === "float32" ? Math.fround(b) : b;
  if (!(rounded > 0) || !Number.isFinite(rounded)) {
    throw new RangeError(`${fn}: beta must be > 0 and finite${x.dtype === "float32" ? " in float32" : ""}, got ${b}`);
  }
  if (typeof threshold !== "number" || Number.isNaN(threshold)) throw new TypeError(`${fn}: threshold must be a number, got ${describe(threshold)}`);
  return [b, threshold];
}

// powScalar's exponent: any number but NaN (±Infinity follow C99 pow).
function exponentParam(fn: string, exponent: unknown): number {
  if (typeof exponent !== "number" || Number.isNaN(exponent)) throw new TypeError(`${fn}: exponent must be a number (not NaN), got ${describe(exponent)}`);
  return exponent;
}

// ---- activations ---------------------------------------------------------------------------------------------

/** max(x, 0) elementwise (NaN stays NaN). @example relu(tensor([-1, 0, 2])); // [0, 0, 2] */
export function relu(x: Tensor): Tensor { return forward("relu", x); }
/** gradY · relu′(x): gradY where x > 0, else 0 (relu′(0) = 0, as torch). */
export function reluBackward(gradY: Tensor, x: Tensor): Tensor { return backward("relu", gradY, x); }

/** x for x > 0, negativeSlope · x otherwise (torch default 0.01). @example leakyRelu(tensor([-2, 3]), 0.1); // [-0.2, 3] */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return forward("leakyRelu", x, finiteParam("leakyRelu", "negativeSlope", negativeSlope));
}
/** gradY · (1 for x > 0, else negativeSlope). */
export function leakyReluBackward(gradY: Tensor, x: Tensor, negativeSlope = 0.01): Tensor {
  return backward("leakyRelu", gradY, x, finiteParam("leakyReluBackward", "negativeSlope", negativeSlope));
}

/** x for x > 0, alpha·(eˣ − 1) otherwise (torch default alpha = 1). @example elu(tensor([-Infinity, 1])); // [-1, 1] */
export function elu(x: Tensor, alpha = 1): Tensor { return forward("elu", x, finiteParam("elu", "alpha", alpha)); }
/** gradY · (1 for x > 0, else alpha·eˣ). */
export function eluBackward(gradY: Tensor, x: Tensor, alpha = 1): Tensor {
  return backward("elu", gradY, x, finiteParam("eluBackward", "alpha", alpha));
}

/** x·Φ(x), Φ the standard normal cdf (torch gelu, approximate = "none"). @example geluErf(tensor([1])); // [0.8413447] */
export function geluErf(x: Tensor): Tensor { return forward("geluErf", x); }
/** gradY · (Φ(x) + x·φ(x)). */
export function geluErfBackward(gradY: Tensor, x: Tensor): Tensor { return backward("geluErf", gradY, x); }

/** ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (torch gelu, approximate = "tanh"). @example geluTanh(tensor([1])); // [0.8411920] */
export function geluTanh(x: Tensor): Tensor { return forward("geluTanh", x); }
/** gradY · geluTanh′(x) (finite for every finite x: torch gives NaN past |x| ≈ 1e19 in float32). */
export function geluTanhBackward(gradY: Tensor, x: Tensor): Tensor { return backward("geluTanh", gradY, x); }

/** σ(x) = 1/(1 + e⁻ˣ), no overflow in either tail. @example sigmoid(tensor([0, -100])); // [0.5, 3.7200760e-44] */
export function sigmoid(x: Tensor): Tensor { return forward("sigmoid", x); }
/** gradY · σ(x)σ(−x) (accurate in both tails, unlike gradY·y·(1 − y)). */
export function sigmoidBackward(gradY: Tensor, x: Tensor): Tensor { return backward("sigmoid", gradY, x); }

/** tanh x elementwise. @example tanh(tensor([0, Infinity])); // [0, 1] */
export function tanh(x: Tensor): Tensor { return forward("tanh", x); }
/** gradY · (1 − tanh² x), computed as 4σ(2x)σ(−2x) so it keeps its relative accuracy where tanh x ≈ ±1. */
export function tanhBackward(gradY: Tensor, x: Tensor): Tensor { return backward("tanh", gradY, x); }

/**
 * log(1 + e^{βx})/β, and x itself where βx > threshold (torch defaults β = 1, threshold = 20). β > 0.
 * @example softplus(tensor([0, 30])); // [0.6931472, 30]
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  return forward("softplus", x, ...softplusParams("softplus", x, beta, threshold));
}
/** gradY · σ(βx), and gradY itself where βx > threshold. */
export function softplusBackward(gradY: Tensor, x: Tensor, beta = 1, threshold = 20): Tensor {
  return backward("softplus", gradY, x, ...softplusParams("softplusBackward", x, beta, threshold));
}

/** x·σ(x) (SiLU, swish). @example silu(tensor([1])); // [0.7310586] */
export function silu(x: Tensor): Tensor { return forward("silu", x); }
/** gradY · σ(x)(1 + x·σ(−x)). */
export function siluBackward(gradY: Tensor, x: Tensor): Tensor { return backward("silu", gradY, x); }

/** log σ(x) = −softplus(−x), finite for every finite x. @example logSigmoid(tensor([-200])); // [-200] */
export function logSigmoid(x: Tensor): Tensor { return forward("logSigmoid", x); }
/** gradY · σ(−x). */
export function logSigmoidBackward(gradY: Tensor, x: Tensor): Tensor { return backward("logSigmoid", gradY, x); }

// ---- pointwise math ------------------------------------------------------------------------------------------

/** −x. @example neg(tensor([1, -0])); // [-1, 0] */
export function neg(x: Tensor): Tensor { return forward("neg", x); }
/** −gradY (x gives only the shape and dtype). */
export function negBackward(gradY: Tensor, x: Tensor): Tensor { return backward("neg", gradY, x); }

/** x². @example square(tensor([-3])); // [9] */
export function square(x: Tensor): Tensor { return forward("square", x); }
/** gradY · 2x. */
export function squareBackward(gradY: Tensor, x: Tensor): Tensor { return backward("square", gradY, x); }

/** −1, 0 or 1 by the sign of x; ±0 give 0 and NaN stays NaN (torch 1.13 gives 0 for NaN). @example sign(tensor([-2, 0, 5])); // [-1, 0, 1] */
export function sign(x: Tensor): Tensor { return forward("sign", x); }
/** Zeros of x's shape (the derivative of sign is 0 wherever it exists), as torch. */
export function signBackward(gradY: Tensor, x: Tensor): Tensor { return backward("sign", gradY, x); }

/** 1/x (1/±0 = ±Infinity). @example reciprocal(tensor([4, -0])); // [0.25, -Infinity] */
export function reciprocal(x: Tensor): Tensor { return forward("reciprocal", x); }
/** −gradY · (1/x)². */
export function reciprocalBackward(gradY: Tensor, x: Tensor): Tensor { return backward("reciprocal", gradY, x); }

/** sin x (float32: computed in float64, rounded once). @example sin(tensor([0])); // [0] */
export function sin(x: Tensor): Tensor { return forward("sin", x); }
/** gradY · cos x. */
export function sinBackward(gradY: Tensor, x: Tensor): Tensor { return backward("sin", gradY, x); }

/** cos x (float32: computed in float64, rounded once). @example cos(tensor([0])); // [1] */
export function cos(x: Tensor): Tensor { return forward("cos", x); }
/** −gradY · sin x. */
export function cosBackward(gradY: Tensor, x: Tensor): Tensor { return backward("cos", gradY, x); }

/** eˣ − 1, accurate near 0. @example expm1(tensor([1e-10])); // [1e-10] */
export function expm1(x: Tensor): Tensor { return forward("expm1", x); }
/** gradY · eˣ. */
export function expm1Backward(gradY: Tensor, x: Tensor): Tensor { return backward("expm1", gradY, x); }

/** ln(1 + x), accurate near 0 (−Infinity at −1, NaN below). @example log1p(tensor([1e-10, -1])); // [1e-10, -Infinity] */
export function log1p(x: Tensor): Tensor { return forward("log1p", x); }
/** gradY / (1 + x). */
export function log1pBackward(gradY: Tensor, x: Tensor): Tensor { return backward("log1p", gradY, x); }

/**
 * x^exponent as torch.pow(x, number): x⁰ = 1 (NaN too), 0^negative = Infinity, negative^fractional = NaN.
 * @example powScalar(tensor([4, -8]), 0.5); // [2, NaN]
 */
export function powScalar(x: Tensor, exponent: number): Tensor {
  return forward("powScalar", x, exponentParam("powScalar", exponent));
}
/** gradY · exponent·x^(exponent − 1), and 0 for the exponent 0 (as torch). */
export function powScalarBackward(gradY: Tensor, x: Tensor, exponent: number): Tensor {
  return backward("powScalar", gradY, x, exponentParam("powScalarBackward", exponent));
}

/**
 * a^b elementwise for two float tensors of one dtype and shape (broadcasting is the caller's), with pow's
 * edge cases as powScalar. @example pow(tensor([2, 0]), tensor([10, -1])); // [1024, Infinity]
 */
export function pow(a: Tensor, b: Tensor): Tensor {
  assertFloatTensor(a, "a", "pow");
  assertMatches("pow", "b", b, "a", a);
  const out = a.like();
  if (a.size > 0) core()[`pow${suffix(a)}`](out.ptr, a.ptr, b.ptr, a.size);
  return out;
}

/**
 * The gradients of y = a^b: [gradY · b·a^(b−1) (0 where b = 0), gradY · y·ln a (0 where a = 0 and b ≥ 0)],
 * torch's formulas; y is pow(a, b). All four tensors share one dtype and shape.
 */
export function powBackward(gradY: Tensor, a: Tensor, b: Tensor, y: Tensor): [Tensor, Tensor] {
  assertFloatTensor(a, "a", "powBackward");
  assertMatches("powBackward", "gradY", gradY, "a", a);
  assertMatches("powBackward", "b", b, "a", a);
  assertMatches("powBackward", "y", y, "a", a);
  const gradA = a.like();
  const gradB = a.like();
  if (a.size > 0) core()[`powBackward${suffix(a)}`](gradA.ptr, gradB.ptr, gradY.ptr, a.ptr, b.ptr, y.ptr, a.size);
  return [gradA, gradB];
}
