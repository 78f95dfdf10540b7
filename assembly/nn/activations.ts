// Activation kernels (torch.nn.functional semantics, 1.13): forward out[i] = f(x[i]) and backward gradX[i] =
// gradY[i]·f′(x[i]) (overwritten, not accumulated) for f32 and f64. out, x, gradX, gradY: n elements each;
// out may alias x, gradX may alias gradY. Parameters (slope, alpha, beta, threshold) arrive as f64 and are
// rounded to the data's type first, as torch casts its scalars. The formulas, their stability in the tails
// and the vector forms are in math/activation.ts; the loops in tensor/unary.ts. Each kernel has a plain …Ref
// sibling (no SIMD) with the same bits (tests/assembly/nn/activations.spec.ts).
import { RELU, LEAKY_RELU, ELU, GELU_ERF, GELU_TANH, SIGMOID, TANH, SOFTPLUS, SILU, LOG_SIGMOID } from "../math/activation";
import { unaryForward, unaryBackward } from "../tensor/unary";

// ---- relu: max(x, 0) (NaN stays NaN); relu′(x) = 1 for x > 0, else 0 (0 at the kink, as torch).
export function reluElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(RELU, out, x, n, 0, 0, true); }
export function reluElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(RELU, out, x, n, 0, 0, false); }
export function reluBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(RELU, gradX, gradY, x, n, 0, 0, true); }
export function reluBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(RELU, gradX, gradY, x, n, 0, 0, false); }
export function reluElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(RELU, out, x, n, 0, 0, true); }
export function reluElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(RELU, out, x, n, 0, 0, false); }
export function reluBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(RELU, gradX, gradY, x, n, 0, 0, true); }
export function reluBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(RELU, gradX, gradY, x, n, 0, 0, false); }

// ---- leakyRelu: x for x > 0, slope·x otherwise; the derivative is 1 or slope.
export function leakyReluElementwiseF32(out: usize, x: usize, n: i32, slope: f64): void { unaryForward<f32>(LEAKY_RELU, out, x, n, slope, 0, true); }
export function leakyReluElementwiseF32Ref(out: usize, x: usize, n: i32, slope: f64): void { unaryForward<f32>(LEAKY_RELU, out, x, n, slope, 0, false); }
export function leakyReluBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32, slope: f64): void { unaryBackward<f32>(LEAKY_RELU, gradX, gradY, x, n, slope, 0, true); }
export function leakyReluBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32, slope: f64): void { unaryBackward<f32>(LEAKY_RELU, gradX, gradY, x, n, slope, 0, false); }
export function leakyReluElementwiseF64(out: usize, x: usize, n: i32, slope: f64): void { unaryForward<f64>(LEAKY_RELU, out, x, n, slope, 0, true); }
export function leakyReluElementwiseF64Ref(out: usize, x: usize, n: i32, slope: f64): void { unaryForward<f64>(LEAKY_RELU, out, x, n, slope, 0, false); }
export function leakyReluBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32, slope: f64): void { unaryBackward<f64>(LEAKY_RELU, gradX, gradY, x, n, slope, 0, true); }
export function leakyReluBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32, slope: f64): void { unaryBackward<f64>(LEAKY_RELU, gradX, gradY, x, n, slope, 0, false); }

// ---- elu: x for x > 0, alpha·(eˣ − 1) otherwise (expm1, accurate near 0); derivative 1 or alpha·eˣ.
export function eluElementwiseF32(out: usize, x: usize, n: i32, alpha: f64): void { unaryForward<f32>(ELU, out, x, n, alpha, 0, true); }
export function eluElementwiseF32Ref(out: usize, x: usize, n: i32, alpha: f64): void { unaryForward<f32>(ELU, out, x, n, alpha, 0, false); }
export function eluBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32, alpha: f64): void { unaryBackward<f32>(ELU, gradX, gradY, x, n, alpha, 0, true); }
export function eluBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32, alpha: f64): void { unaryBackward<f32>(ELU, gradX, gradY, x, n, alpha, 0, false); }
export function eluElementwiseF64(out: usize, x: usize, n: i32, alpha: f64): void { unaryForward<f64>(ELU, out, x, n, alpha, 0, true); }
export function eluElementwiseF64Ref(out: usize, x: usize, n: i32, alpha: f64): void { unaryForward<f64>(ELU, out, x, n, alpha, 0, false); }
export function eluBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32, alpha: f64): void { unaryBackward<f64>(ELU, gradX, gradY, x, n, alpha, 0, true); }
export function eluBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32, alpha: f64): void { unaryBackward<f64>(ELU, gradX, gradY, x, n, alpha, 0, false); }

// ---- geluErf: x·Φ(x), Φ the standard normal cdf (torch gelu, approximate='none'); derivative Φ(x) + x·φ(x).
export function geluErfElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(GELU_ERF, out, x, n, 0, 0, true); }
export function geluErfElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(GELU_ERF, out, x, n, 0, 0, false); }
export function geluErfBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(GELU_ERF, gradX, gradY, x, n, 0, 0, true); }
export function geluErfBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(GELU_ERF, gradX, gradY, x, n, 0, 0, false); }
export function geluErfElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(GELU_ERF, out, x, n, 0, 0, true); }
export function geluErfElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(GELU_ERF, out, x, n, 0, 0, false); }
export function geluErfBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(GELU_ERF, gradX, gradY, x, n, 0, 0, true); }
export function geluErfBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(GELU_ERF, gradX, gradY, x, n, 0, 0, false); }

// ---- geluTanh: ½x(1 + tanh(√(2/π)(x + 0.044715x³))) as x·σ(2u) (torch gelu, approximate='tanh').
export function geluTanhElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(GELU_TANH, out, x, n, 0, 0, true); }
export function geluTanhElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(GELU_TANH, out, x, n, 0, 0, false); }
export function geluTanhBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(GELU_TANH, gradX, gradY, x, n, 0, 0, true); }
export function geluTanhBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(GELU_TANH, gradX, gradY, x, n, 0, 0, false); }
export function geluTanhElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(GELU_TANH, out, x, n, 0, 0, true); }
export function geluTanhElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(GELU_TANH, out, x, n, 0, 0, false); }
export function geluTanhBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(GELU_TANH, gradX, gradY, x, n, 0, 0, true); }
export function geluTanhBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(GELU_TANH, gradX, gradY, x, n, 0, 0, false); }

// ---- sigmoid: σ(x) = 1/(1 + e⁻ˣ), stable in both tails; σ′ = σ(x)σ(−x).
export function sigmoidElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(SIGMOID, out, x, n, 0, 0, true); }
export function sigmoidElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(SIGMOID, out, x, n, 0, 0, false); }
export function sigmoidBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(SIGMOID, gradX, gradY, x, n, 0, 0, true); }
export function sigmoidBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(SIGMOID, gradX, gradY, x, n, 0, 0, false); }
export function sigmoidElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(SIGMOID, out, x, n, 0, 0, true); }
export function sigmoidElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(SIGMOID, out, x, n, 0, 0, false); }
export function sigmoidBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(SIGMOID, gradX, gradY, x, n, 0, 0, true); }
export function sigmoidBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(SIGMOID, gradX, gradY, x, n, 0, 0, false); }

// ---- tanh: tanh x (f32 from expm1, f64 AS std Math.tanh); tanh′ = 1 − tanh² = 4σ(2x)σ(−2x).
export function tanhElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(TANH, out, x, n, 0, 0, true); }
export function tanhElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(TANH, out, x, n, 0, 0, false); }
export function tanhBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(TANH, gradX, gradY, x, n, 0, 0, true); }
export function tanhBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(TANH, gradX, gradY, x, n, 0, 0, false); }
export function tanhElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(TANH, out, x, n, 0, 0, true); }
export function tanhElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(TANH, out, x, n, 0, 0, false); }
export function tanhBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(TANH, gradX, gradY, x, n, 0, 0, true); }
export function tanhBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(TANH, gradX, gradY, x, n, 0, 0, false); }

// ---- softplus: log(1 + e^{βx})/β, and x itself where βx > threshold (torch); derivative σ(βx), 1 past threshold.
export function softplusElementwiseF32(out: usize, x: usize, n: i32, beta: f64, threshold: f64): void { unaryForward<f32>(SOFTPLUS, out, x, n, beta, threshold, true); }
export function softplusElementwiseF32Ref(out: usize, x: usize, n: i32, beta: f64, threshold: f64): void { unaryForward<f32>(SOFTPLUS, out, x, n, beta, threshold, false); }
export function softplusBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32, beta: f64, threshold: f64): void { unaryBackward<f32>(SOFTPLUS, gradX, gradY, x, n, beta, threshold, true); }
export function softplusBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32, beta: f64, threshold: f64): void { unaryBackward<f32>(SOFTPLUS, gradX, gradY, x, n, beta, threshold, false); }
export function softplusElementwiseF64(out: usize, x: usize, n: i32, beta: f64, threshold: f64): void { unaryForward<f64>(SOFTPLUS, out, x, n, beta, threshold, true); }
export function softplusElementwiseF64Ref(out: usize, x: usize, n: i32, beta: f64, threshold: f64): void { unaryForward<f64>(SOFTPLUS, out, x, n, beta, threshold, false); }
export function softplusBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32, beta: f64, threshold: f64): void { unaryBackward<f64>(SOFTPLUS, gradX, gradY, x, n, beta, threshold, true); }
export function softplusBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32, beta: f64, threshold: f64): void { unaryBackward<f64>(SOFTPLUS, gradX, gradY, x, n, beta, threshold, false); }

// ---- silu: x·σ(x); derivative σ(x)(1 + x·σ(−x)).
export function siluElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(SILU, out, x, n, 0, 0, true); }
export function siluElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(SILU, out, x, n, 0, 0, false); }
export function siluBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(SILU, gradX, gradY, x, n, 0, 0, true); }
export function siluBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(SILU, gradX, gradY, x, n, 0, 0, false); }
export function siluElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(SILU, out, x, n, 0, 0, true); }
export function siluElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(SILU, out, x, n, 0, 0, false); }
export function siluBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(SILU, gradX, gradY, x, n, 0, 0, true); }
export function siluBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(SILU, gradX, gradY, x, n, 0, 0, false); }

// ---- logSigmoid: log σ(x) = min(x, 0) − log1p(e^{−|x|}); derivative σ(−x).
export function logSigmoidElementwiseF32(out: usize, x: usize, n: i32): void { unaryForward<f32>(LOG_SIGMOID, out, x, n, 0, 0, true); }
export function logSigmoidElementwiseF32Ref(out: usize, x: usize, n: i32): void { unaryForward<f32>(LOG_SIGMOID, out, x, n, 0, 0, false); }
export function logSigmoidBackwardF32(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(LOG_SIGMOID, gradX, gradY, x, n, 0, 0, true); }
export function logSigmoidBackwardF32Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f32>(LOG_SIGMOID, gradX, gradY, x, n, 0, 0, false); }
export function logSigmoidElementwiseF64(out: usize, x: usize, n: i32): void { unaryForward<f64>(LOG_SIGMOID, out, x, n, 0, 0, true); }
export function logSigmoidElementwiseF64Ref(out: usize, x: usize, n: i32): void { unaryForward<f64>(LOG_SIGMOID, out, x, n, 0, 0, false); }
export function logSigmoidBackwardF64(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(LOG_SIGMOID, gradX, gradY, x, n, 0, 0, true); }
export function logSigmoidBackwardF64Ref(gradX: usize, gradY: usize, x: usize, n: i32): void { unaryBackward<f64>(LOG_SIGMOID, gradX, gradY, x, n, 0, 0, false); }
