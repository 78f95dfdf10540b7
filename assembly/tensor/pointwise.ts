// Pointwise math kernels beside the activations (torch semantics, 1.13): forward out[i] = f(x[i]) and backward
// gradX[i] = gradY[i]·f′(x[i]) (overwritten) for f32 and f64, n elements each, out may alias x; and the
// tensor-tensor pow with its backward. The formulas and vector forms are in math/pointwise.ts, the loops in
// tensor/unary.ts. Each kernel has a plain …Ref sibling with the same bits (tests/assembly/nn/activations.spec.ts).
import { NEG, SQUARE, SIGN, RECIPROCAL, SIN, COS, EXPM1, LOG1P, POW_SCALAR } from "../math/pointwise";
import { unaryForward, unaryBackward } from "./unary";
import { canonical } from "./accumulate";

// ---- neg: −x; derivative −1.
export function negElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(NEG, out, x, n, 0, 0, true); }
export function negElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(NEG, out, x, n, 0, 0, false); }
export function negBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(NEG, gradX, gradY, x, n, 0, 0, true); }
export function negBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(NEG, gradX, gradY, x, n, 0, 0, false); }
export function negElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(NEG, out, x, n, 0, 0, true); }
export function negElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(NEG, out, x, n, 0, 0, false); }
export function negBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(NEG, gradX, gradY, x, n, 0, 0, true); }
export function negBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(NEG, gradX, gradY, x, n, 0, 0, false); }

// ---- square: x²; derivative 2x.
export function squareElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(SQUARE, out, x, n, 0, 0, true); }
export function squareElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(SQUARE, out, x, n, 0, 0, false); }
export function squareBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(SQUARE, gradX, gradY, x, n, 0, 0, true); }
export function squareBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(SQUARE, gradX, gradY, x, n, 0, 0, false); }
export function squareElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(SQUARE, out, x, n, 0, 0, true); }
export function squareElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(SQUARE, out, x, n, 0, 0, false); }
export function squareBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(SQUARE, gradX, gradY, x, n, 0, 0, true); }
export function squareBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(SQUARE, gradX, gradY, x, n, 0, 0, false); }

// ---- sign: −1, 0 or 1 (NaN stays NaN, ±0 → +0); derivative 0.
export function signElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(SIGN, out, x, n, 0, 0, true); }
export function signElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(SIGN, out, x, n, 0, 0, false); }
export function signBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(SIGN, gradX, gradY, x, n, 0, 0, true); }
export function signBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(SIGN, gradX, gradY, x, n, 0, 0, false); }
export function signElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(SIGN, out, x, n, 0, 0, true); }
export function signElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(SIGN, out, x, n, 0, 0, false); }
export function signBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(SIGN, gradX, gradY, x, n, 0, 0, true); }
export function signBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(SIGN, gradX, gradY, x, n, 0, 0, false); }

// ---- reciprocal: 1/x (1/±0 = ±∞); derivative −1/x² as −(1/x)².
export function reciprocalElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(RECIPROCAL, out, x, n, 0, 0, true); }
export function reciprocalElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(RECIPROCAL, out, x, n, 0, 0, false); }
export function reciprocalBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(RECIPROCAL, gradX, gradY, x, n, 0, 0, true); }
export function reciprocalBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(RECIPROCAL, gradX, gradY, x, n, 0, 0, false); }
export function reciprocalElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(RECIPROCAL, out, x, n, 0, 0, true); }
export function reciprocalElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(RECIPROCAL, out, x, n, 0, 0, false); }
export function reciprocalBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(RECIPROCAL, gradX, gradY, x, n, 0, 0, true); }
export function reciprocalBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(RECIPROCAL, gradX, gradY, x, n, 0, 0, false); }

// ---- sin: sin x (f32: in f64, rounded once); derivative cos x.
export function sinElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(SIN, out, x, n, 0, 0, true); }
export function sinElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(SIN, out, x, n, 0, 0, false); }
export function sinBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(SIN, gradX, gradY, x, n, 0, 0, true); }
export function sinBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(SIN, gradX, gradY, x, n, 0, 0, false); }
export function sinElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(SIN, out, x, n, 0, 0, true); }
export function sinElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(SIN, out, x, n, 0, 0, false); }
export function sinBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(SIN, gradX, gradY, x, n, 0, 0, true); }
export function sinBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(SIN, gradX, gradY, x, n, 0, 0, false); }

// ---- cos: cos x; derivative −sin x.
export function cosElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(COS, out, x, n, 0, 0, true); }
export function cosElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(COS, out, x, n, 0, 0, false); }
export function cosBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(COS, gradX, gradY, x, n, 0, 0, true); }
export function cosBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(COS, gradX, gradY, x, n, 0, 0, false); }
export function cosElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(COS, out, x, n, 0, 0, true); }
export function cosElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(COS, out, x, n, 0, 0, false); }
export function cosBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(COS, gradX, gradY, x, n, 0, 0, true); }
export function cosBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(COS, gradX, gradY, x, n, 0, 0, false); }

// ---- expm1: eˣ − 1, accurate near 0; derivative eˣ.
export function expm1ElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(EXPM1, out, x, n, 0, 0, true); }
export function expm1ElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(EXPM1, out, x, n, 0, 0, false); }
export function expm1BackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(EXPM1, gradX, gradY, x, n, 0, 0, true); }
export function expm1BackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(EXPM1, gradX, gradY, x, n, 0, 0, false); }
export function expm1ElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(EXPM1, out, x, n, 0, 0, true); }
export function expm1ElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(EXPM1, out, x, n, 0, 0, false); }
export function expm1BackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(EXPM1, gradX, gradY, x, n, 0, 0, true); }
export function expm1BackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(EXPM1, gradX, gradY, x, n, 0, 0, false); }

// ---- log1p: ln(1 + x), accurate near 0 (−∞ at −1, NaN below); derivative 1/(1 + x).
export function log1pElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(LOG1P, out, x, n, 0, 0, true); }
export function log1pElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(LOG1P, out, x, n, 0, 0, false); }
export function log1pBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(LOG1P, gradX, gradY, x, n, 0, 0, true); }
export function log1pBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(LOG1P, gradX, gradY, x, n, 0, 0, false); }
export function log1pElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(LOG1P, out, x, n, 0, 0, true); }
export function log1pElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(LOG1P, out, x, n, 0, 0, false); }
export function log1pBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(LOG1P, gradX, gradY, x, n, 0, 0, true); }
export function log1pBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(LOG1P, gradX, gradY, x, n, 0, 0, false); }

// ---- powScalar: x^exponent as torch.pow(x, number); derivative exponent·x^(exponent−1), 0 for exponent 0.
export function powScalarElementwiseF32(out: usize, x: usize, n: i32, exponent: f64): void { unaryForward<f32>(POW_SCALAR, out, x, n, exponent, 0, true); }
export function powScalarElementwiseF32Ref(out: usize, x: usize, n: i32, exponent: f64): void { unaryForward<f32>(POW_SCALAR, out, x, n, exponent, 0, false); }
export function powScalarBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32, exponent: f64): void { unaryBackward<f32>(POW_SCALAR, gradX, gradY, x, n, exponent, 0, true); }
export function powScalarBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32, exponent: f64): void { unaryBackward<f32>(POW_SCALAR, gradX, gradY, x, n, exponent, 0, false); }
export function powScalarElementwiseF64(out: usize, x: usize, n: i32, exponent: f64): void { unaryForward<f64>(POW_SCALAR, out, x, n, exponent, 0, true); }
export function powScalarElementwiseF64Ref(out: usize, x: usize, n: i32, exponent: f64): void { unaryForward<f64>(POW_SCALAR, out, x, n, exponent, 0, false); }
export function powScalarBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32, exponent: f64): void { unaryBackward<f64>(POW_SCALAR, gradX, gradY, x, n, exponent, 0, true); }
export function powScalarBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32, exponent: f64): void { unaryBackward<f64>(POW_SCALAR, gradX, gradY, x, n, exponent, 0, false); }

// ---- pow of two tensors: out[i] = a[i]^b[i] (C99 pow in f64, for f32 rounded once: a⁰ = 1 even for NaN a,
// 0^negative = ∞, negative^fractional = NaN, as torch.pow). a, b, out: n elements of T; out may alias a or b.
// @ts-ignore: decorator
@inline function powTensors<T>(out: usize, a: usize, b: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << alignof<T>();
    store<T>(out + off, canonical<T>(<T>Math.pow(<f64>load<T>(a + off), <f64>load<T>(b + off))));
  }
}

// gradA[i] = gradY[i]·b·a^(b−1) (0 where b = 0), gradB[i] = gradY[i]·y·ln a (0 where a = 0 and b ≥ 0), y =
// a^b the forward's output: torch's pow backward. f32 in f64, rounded once. All n elements of T; the two
// gradients are overwritten and may alias gradY.
// @ts-ignore: decorator
@inline function powTensorsBackward<T>(gradA: usize, gradB: usize, gradY: usize, a: usize, b: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const off = <usize>i << alignof<T>();
    const g = <f64>load<T>(gradY + off), av = <f64>load<T>(a + off), bv = <f64>load<T>(b + off);
    const yv = <f64>load<T>(y + off);
    const ga = bv == 0 ? 0.0 : g * (bv * Math.pow(av, bv - 1));
    const gb = av == 0 && bv >= 0 ? 0.0 : g * (yv * Math.log(av));
    store<T>(gradA + off, canonical<T>(<T>ga));
    store<T>(gradB + off, canonical<T>(<T>gb));
  }
}

/** out = a^b elementwise (a, b, out: n f32; no SIMD form, so no …Ref sibling). */
export function powF32(out: usize, a: usize, b: usize, n: i32): void { powTensors<f32>(out, a, b, n); }
export function powF64(out: usize, a: usize, b: usize, n: i32): void { powTensors<f64>(out, a, b, n); }
/** gradA, gradB of out = a^b given gradY and y = a^b (all n f32). */
export function powBackwardF32(gradA: usize, gradB: usize, gradY: usize, a: usize, b: usize, y: usize, n: i32): void { powTensorsBackward<f32>(gradA, gradB, gradY, a, b, y, n); }
export function powBackwardF64(gradA: usize, gradB: usize, gradY: usize, a: usize, b: usize, y: usize, n: i32): void { powTensorsBackward<f64>(gradA, gradB, gradY, a, b, y, n); }
