// Weight initializers as torch.nn.init, each a pure function of an explicit key: the same key gives the same
// weights everywhere. Fans follow torch: for a weight [out, in, ...receptive], fanIn = in·∏receptive and
// fanOut = out·∏receptive. Variances from variance propagation (seed 001): He/Kaiming keeps Var of the
// pre-activations at gain²/fan, Glorot/Xavier averages the forward and backward fans.
import { Tensor, full } from "../tensor.js";
import { assertFinite, assertOptions, assertShape, describe } from "../errors.js";
import { assertKey, type Key } from "../random/key.js";
import { normal, uniform } from "../random/sample.js";
import { ndtr, ndtri } from "../ops/special.js";
import { add, clamp, mul } from "../ops/elementwise.js";
import { matmul } from "../linalg/matmul-nd.js";
import { svd } from "../linalg/svd.js";
import { to } from "../ops/cast.js";
import { composite } from "../ops/composite.js";
import { reshape, transpose } from "../ops/shape.js";
import type { DType } from "../dtype.js";

/** A nonlinearity named as torch.nn.init.calculate_gain's argument. */
export type Nonlinearity = "linear" | "conv1d" | "conv2d" | "conv3d" | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "selu";

/** Float dtype of an initializer's result (default float32). */
export interface InitOptions { dtype?: "float32" | "float64" }

/** Options of the Kaiming initializers (torch's defaults: a = 0, fanIn, leaky_relu, i.e. gain √2). */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of leaky_relu (default 0). */
  a?: number;
  mode?: "fanIn" | "fanOut";
  nonlinearity?: Nonlinearity;
}

/**
 * torch.nn.init.calculate_gain: 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for relu, √(2/(1 + a²)) for
 * leaky_relu with slope a (default 0.01), 3/4 for selu.
 * @example calculateGain("leaky_relu", 0.2);   // 1.3867504905630728
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear": case "conv1d": case "conv2d": case "conv3d": case "sigmoid": return 1;
    case "tanh": return 5 / 3;
    case "relu": return Math.SQRT2;
    case "selu": return 3 / 4;
    case "leaky_relu": {
      const a = param ?? 0.01;
      assertFinite(a, "calculateGain: param");
      return Math.sqrt(2 / (1 + a * a));
    }
    default: throw new RangeError(`calculateGain: unsupported nonlinearity ${describe(nonlinearity)} (one of linear, conv1d, conv2d, conv3d, sigmoid, tanh, relu, leaky_relu, selu)`);
  }
}

/** [fanIn, fanOut] of a weight shape as torch computes them (needs rank ≥ 2). */
export function fans(shape: readonly number[], fn = "fans"): [number, number] {
  assertShape(shape);
  if (shape.length < 2) throw new RangeError(`${fn}: fan in and fan out need a shape of rank ≥ 2, got ${describe(shape)}`);
  const receptive = shape.slice(2).reduce((p, d) => p * d, 1);
  return [shape[1] * receptive, shape[0] * receptive];
}

function dtypeOf(options: InitOptions, fn: string): "float32" | "float64" {
  const d = options.dtype ?? "float32";
  if (d !== "float32" && d !== "float64") throw new TypeError(`${fn}: dtype must be "float32" or "float64", got ${describe(d)}`);
  return d;
}

function gainOf(gain: unknown, fn: string): number {
  if (typeof gain !== "number" || !(gain > 0) || !Number.isFinite(gain)) throw new RangeError(`${fn}: gain must be a finite number > 0, got ${describe(gain)}`);
  return gain;
}

// N(0, std²) or U(−bound, bound), with std or bound 0 giving zeros (an empty fan).
function normalOrZero(k: Key, shape: readonly number[], std: number, dtype: DType): Tensor {
  return std > 0 && Number.isFinite(std) ? normal(k, shape, { std, dtype }) : full(shape, 0, dtype);
}
function symmetricUniform(k: Key, shape: readonly number[], bound: number, dtype: DType): Tensor {
  return bound > 0 && Number.isFinite(bound) ? uniform(k, shape, { low: -bound, high: bound, dtype }) : full(shape, 0, dtype);
}

function kaimingStd(fn: string, shape: readonly number[], options: KaimingOptions): number {
  assertOptions(options, fn);
  const { a = 0, mode = "fanIn", nonlinearity = "leaky_relu" } = options;
  if (mode !== "fanIn" && mode !== "fanOut") throw new RangeError(`${fn}: mode must be "fanIn" or "fanOut", got ${describe(mode)}`);
  const [fi, fo] = fans(shape, fn);
  return calculateGain(nonlinearity, a) / Math.sqrt(mode === "fanIn" ? fi : fo);
}

/**
 * He et al. 2015: N(0, σ²), σ = gain/√fan (torch.nn.init.kaiming_normal_).
 * @example kaimingNormal(key(0), [128, 784], { nonlinearity: "relu" });   // σ = √2/√784
 */
export function kaimingNormal(k: Key, shape: readonly number[], options: KaimingOptions = {}): Tensor {
  assertKey(k);
  const std = kaimingStd("kaimingNormal", shape, options);
  return normalOrZero(k, shape, std, dtypeOf(options, "kaimingNormal"));
}

/**
 * He et al. 2015, uniform: U(−b, b), b = gain·√(3/fan) (torch.nn.init.kaiming_uniform_). torch's Linear
 * default is this with a = √5: b = 1/√fanIn.
 * @example kaimingUniform(key(0), [10, 100], { a: Math.sqrt(5) });   // U(−0.1, 0.1)
 */
export function kaimingUniform(k: Key, shape: readonly number[], options: KaimingOptions = {}): Tensor {
  assertKey(k);
  const bound = Math.sqrt(3) * kaimingStd("kaimingUniform", shape, options);
  return symmetricUniform(k, shape, bound, dtypeOf(options, "kaimingUniform"));
}

/** Glorot & Bengio 2010: N(0, σ²), σ = gain·√(2/(fanIn + fanOut)) (torch.nn.init.xavier_normal_). */
export function xavierNormal(k: Key, shape: readonly number[], options: InitOptions & { gain?: number } = {}): Tensor {
  assertKey(k);
  assertOptions(options, "xavierNormal");
  const [fi, fo] = fans(shape, "xavierNormal");
  const std = gainOf(options.gain ?? 1, "xavierNormal") * Math.sqrt(2 / (fi + fo));
  return normalOrZero(k, shape, std, dtypeOf(options, "xavierNormal"));
}

/** Glorot & Bengio 2010: U(−b, b), b = gain·√(6/(fanIn + fanOut)) (torch.nn.init.xavier_uniform_). */
export function xavierUniform(k: Key, shape: readonly number[], options: InitOptions & { gain?: number } = {}): Tensor {
  assertKey(k);
  assertOptions(options, "xavierUniform");
  const [fi, fo] = fans(shape, "xavierUniform");
  const bound = gainOf(options.gain ?? 1, "xavierUniform") * Math.sqrt(6 / (fi + fo));
  return symmetricUniform(k, shape, bound, dtypeOf(options, "xavierUniform"));
}

/** LeCun 1998: N(0, 1/fanIn) (what SELU nets use; torch.nn.init.normal_(w, 0, 1/√fanIn)). */
export function lecunNormal(k: Key, shape: readonly number[], options: InitOptions = {}): Tensor {
  assertKey(k);
  assertOptions(options, "lecunNormal");
  const [fi] = fans(shape, "lecunNormal");
  return normalOrZero(k, shape, 1 / Math.sqrt(fi), dtypeOf(options, "lecunNormal"));
}

/**
 * N(mean, std²) truncated to [a, b] (absolute bounds, torch.nn.init.trunc_normal_'s defaults mean 0, std 1,
 * a −2, b 2), by inverting the CDF: x = mean + std·Φ⁻¹(u), u ~ U(Φ(α), Φ(β)), α = (a − mean)/std. The
 * draw is made in float64 and clamped to [a, b] against rounding.
 * @example truncatedNormalInit(key(0), [64, 32], { std: 0.02, a: -0.04, b: 0.04 });
 */
export function truncatedNormalInit(k: Key, shape: readonly number[], options: InitOptions & { mean?: number; std?: number; a?: number; b?: number } = {}): Tensor {
  assertKey(k);
  assertShape(shape);
  assertOptions(options, "truncatedNormalInit");
  const { mean = 0, std = 1, a = -2, b = 2 } = options;
  for (const [n, v] of [["mean", mean], ["std", std], ["a", a], ["b", b]] as const) assertFinite(v, `truncatedNormalInit: ${n}`);
  if (!(std > 0)) throw new RangeError(`truncatedNormalInit: std must be > 0, got ${std}`);
  if (!(a < b)) throw new RangeError(`truncatedNormalInit: a must be < b, got a = ${a}, b = ${b}`);
  const dtype = dtypeOf(options, "truncatedNormalInit");
  return composite(() => {
    const lo = ndtr(full([], (a - mean) / std, "float64")).item();
    const hi = ndtr(full([], (b - mean) / std, "float64")).item();
    if (!(lo < hi)) throw new RangeError(`truncatedNormalInit: [a, b] = [${a}, ${b}] has probability 0 under N(${mean}, ${std}²)`);
    const u = uniform(k, shape, { low: lo, high: hi, dtype: "float64" });
    const x = clamp(add(mul(ndtri(u), std), mean), a, b);
    return to(x, dtype);
  });
}

/**
 * A (semi-)orthogonal matrix times gain (Saxe et al. 2014; torch.nn.init.orthogonal_): the weight viewed as
 * [rows = shape[0], cols = the rest] has orthonormal columns (rows ≥ cols) or rows. Drawn as the orthogonal
 * polar factor U·Vh of a Gaussian matrix, which is Haar-distributed, as torch's sign-corrected QR.
 */
export function orthogonal(k: Key, shape: readonly number[], options: InitOptions & { gain?: number } = {}): Tensor {
  assertKey(k);
  assertShape(shape);
  assertOptions(options, "orthogonal");
  if (shape.length < 2) throw new RangeError(`orthogonal: needs a shape of rank ≥ 2, got ${describe(shape)}`);
  const gain = gainOf(options.gain ?? 1, "orthogonal");
  const dtype = dtypeOf(options, "orthogonal");
  const rows = shape[0], cols = shape.slice(1).reduce((p, d) => p * d, 1);
  if (rows * cols === 0) return full(shape, 0, dtype);
  return composite(() => {
    const g = normal(k, [rows, cols], { dtype: "float64" });
    const { U, Vh } = svd(rows >= cols ? g : transpose(g));
    let q = matmul(U, Vh);
    if (rows < cols) q = transpose(q);
    return to(reshape(mul(q, gain), shape), dtype);
  });
}

/** A tensor of zeros (torch.nn.init.zeros_). */
export function zerosInit(shape: readonly number[], options: InitOptions = {}): Tensor {
  return full(shape, 0, dtypeOf(options, "zerosInit"));
}

/** A tensor of ones (torch.nn.init.ones_). */
export function onesInit(shape: readonly number[], options: InitOptions = {}): Tensor {
  return full(shape, 1, dtypeOf(options, "onesInit"));
}

/** A tensor of `value` (torch.nn.init.constant_). */
export function constantInit(shape: readonly number[], value: number, options: InitOptions = {}): Tensor {
  assertFinite(value, "constantInit: value");
  return full(shape, value, dtypeOf(options, "constantInit"));
}
