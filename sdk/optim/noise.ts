// Gaussian gradient noise ξ ~ N(0, Σ) for noisy and anisotropic SGD (seed 000; Zhu et al. 2019): the
// covariance kinds, their compilation to the kernel's arguments (assembly/optim/noise.ts), and NoisySGD,
// θ ← θ − η(g + ξ) in one WASM call per step. ξ at step t is a pure function of (key, t, parameter index).
import { core } from "../runtime/core.js";
import { Tensor, empty } from "../tensor.js";
import { keep } from "../runtime/memory.js";
import { describe } from "../errors.js";
import { assertKey, Key } from "../random/key.js";
import { cholesky } from "../linalg/cholesky.js";
import { Optimizer, UPDATE, TABLE } from "./optimizer.js";
import { assertRange, kernelName, readOptions, type ParamTree } from "./tree.js";

/**
 * The covariance Σ of the noise over the flattened parameter vector (length P, parameters in tree order).
 * `scale` (default 1) multiplies ξ, so Σ is scaled by scale².
 * - annealed: σ_t² = eta/(1 + t)^gamma, Σ = σ_t²·I (optax.add_noise), t = step from 0
 * - isotropic: Σ = variance·I
 * - diagonal: Σ = diag(variance), variance [P] ≥ 0
 * - full: Σ from its lower Cholesky factor [P, P] (or `covariance` [P, P], factored here); O(P²) a step
 * - lowRank: Σ = U·Uᵀ + diag(diagonal), factor U [P, k] (torch's LowRankMultivariateNormal cov_factor), O(Pk)
 * - hessian: Σ = V·diag(λ)·Vᵀ from top-k eigenvectors V [P, k] (columns, as eigh/lanczos return) and λ [k] ≥ 0
 * - empirical: the mini-batch gradient covariance (1/B)·Σ_b (g_b − ḡ)(g_b − ḡ)ᵀ of per-example gradients
 *   G [B, P], drawn as ξ = Σ_b g_b·(z_b − z̄)/√B with z ~ N(0, I_B): O(BP), never forming Σ
 */
export type NoiseCovariance =
  | { kind: "annealed"; eta: number; gamma?: number }
  | { kind: "isotropic"; variance: number; scale?: number }
  | { kind: "diagonal"; variance: Tensor; scale?: number }
  | { kind: "full"; choleskyFactor?: Tensor; covariance?: Tensor; scale?: number }
  | { kind: "lowRank"; factor: Tensor; diagonal?: Tensor; scale?: number }
  | { kind: "hessian"; eigenvectors: Tensor; eigenvalues: Tensor; scale?: number }
  | { kind: "empirical"; perExampleGrads: Tensor; scale?: number };

/** The kernel's view of a covariance: kind code, pointers, rank, a and b, and the tensors made for it. */
interface CompiledNoise { kind: number; cov: [Tensor | null, Tensor | null, Tensor | null]; rank: number; a: number; b: number; owned: Tensor[] }

const KINDS = ["annealed", "isotropic", "diagonal", "full", "lowRank", "hessian", "empirical"];

function assertTensor(fn: string, name: string, t: unknown, dtype: string, shape: readonly (number | null)[]): asserts t is Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${fn}: ${name} must be a Tensor, got ${describe(t)}`);
  t.assertLive(`${fn}: ${name}`);
  if (t.dtype !== dtype) throw new TypeError(`${fn}: ${name} must be ${dtype} like the parameters, got ${t.dtype}`);
  if (t.shape.length !== shape.length || shape.some((d, i) => d !== null && t.shape[i] !== d)) {
    throw new RangeError(`${fn}: ${name} must have shape ${describe(shape.map((d) => d ?? "k"))}, got ${describe(t.shape)}`);
  }
}

// A copy of a [P, k] tensor transposed to [k, P] (rows contiguous for the kernel's axpy).
function transposed(t: Tensor): Tensor {
  const [p, k] = t.shape;
  const out = empty([k, p], t.dtype);
  const src = t.toArray();
  const dst = out.view();
  for (let i = 0; i < p; i++) for (let j = 0; j < k; j++) dst[j * p + i] = src[i * k + j];
  return out;
}

/** Checks a covariance spec against P parameters of a dtype and compiles it for the kernel. */
export function compileNoise(fn: string, spec: NoiseCovariance, total: number, dtype: "float32" | "float64"): CompiledNoise {
  if (spec === null || typeof spec !== "object" || !KINDS.includes((spec as { kind: string }).kind)) {
    throw new TypeError(`${fn}: noise must be an object with kind one of ${KINDS.join(", ")}, got ${describe((spec as { kind?: unknown })?.kind ?? spec)}`);
  }
  const scale = (spec as { scale?: number }).scale ?? 1;
  assertRange(fn, "noise.scale", scale, 0);
  const none: [null, null, null] = [null, null, null];
  switch (spec.kind) {
    case "annealed": {
      assertRange(fn, "noise.eta", spec.eta, 0);
      assertRange(fn, "noise.gamma", spec.gamma ?? 0.55, 0);
      return { kind: 0, cov: none, rank: 0, a: spec.eta, b: spec.gamma ?? 0.55, owned: [] };
    }
    case "isotropic":
      assertRange(fn, "noise.variance", spec.variance, 0);
      return { kind: 0, cov: none, rank: 0, a: spec.variance * scale * scale, b: 0, owned: [] };
    case "diagonal":
      assertTensor(fn, "noise.variance", spec.variance, dtype, [total]);
      return { kind: 1, cov: [spec.variance, null, null], rank: 0, a: scale, b: 0, owned: [] };
    case "full": {
      if ((spec.choleskyFactor === undefined) === (spec.covariance === undefined)) throw new TypeError(`${fn}: noise of kind "full" needs exactly one of choleskyFactor and covariance`);
      if (spec.choleskyFactor !== undefined) {
        assertTensor(fn, "noise.choleskyFactor", spec.choleskyFactor, dtype, [total, total]);
        return { kind: 2, cov: [spec.choleskyFactor, null, null], rank: 0, a: scale, b: 0, owned: [] };
      }
      assertTensor(fn, "noise.covariance", spec.covariance, dtype, [total, total]);
      const l = cholesky(spec.covariance!);
      if (dtype === "float64") return { kind: 2, cov: [l, null, null], rank: 0, a: scale, b: 0, owned: [l] };
      const l32 = empty(l.shape, "float32");
      l32.view().set(l.view());
      l.dispose();
      return { kind: 2, cov: [l32, null, null], rank: 0, a: scale, b: 0, owned: [l32] };
    }
    case "lowRank": {
      assertTensor(fn, "noise.factor", spec.factor, dtype, [total, null]);
      if (spec.diagonal !== undefined) assertTensor(fn, "noise.diagonal", spec.diagonal, dtype, [total]);
      const ut = transposed(spec.factor);
      return { kind: 3, cov: [ut, spec.diagonal ?? null, null], rank: spec.factor.shape[1], a: scale, b: 0, owned: [ut] };
    }
    case "hessian": {
      assertTensor(fn, "noise.eigenvectors", spec.eigenvectors, dtype, [total, null]);
      const k = spec.eigenvectors.shape[1];
      assertTensor(fn, "noise.eigenvalues", spec.eigenvalues, dtype, [k]);
      spec.eigenvalues.view().forEach((v, i) => {
        if (!(v >= 0) || v === Infinity) throw new RangeError(`${fn}: noise.eigenvalues must be finite and ≥ 0 (Σ is a covariance), got ${v} at index ${i}`);
      });
      const vt = transposed(spec.eigenvectors);
      return { kind: 3, cov: [vt, null, spec.eigenvalues], rank: k, a: scale, b: 0, owned: [vt] };
    }
    case "empirical": {
      assertTensor(fn, "noise.perExampleGrads", spec.perExampleGrads, dtype, [null, total]);
      if (spec.perExampleGrads.shape[0] < 1) throw new RangeError(`${fn}: noise.perExampleGrads needs at least one example, got shape ${describe(spec.perExampleGrads.shape)}`);
      return { kind: 4, cov: [spec.perExampleGrads, null, null], rank: spec.perExampleGrads.shape[0], a: scale, b: 0, owned: [] };
    }
  }
}

/** Scratch for one noise draw (z and ξ), grown on demand; runs the noise kernel. */
export class NoiseRunner {
  #z: Tensor | null = null;
  #xi: Tensor | null = null;
  constructor(readonly total: number, readonly dtype: "float32" | "float64") {}
  /** One call of noiseStep over the table: mode 0 out = g + ξ, mode 1 p = p − η(g + ξ). */
  run(table: number, count: number, key: Key, step: number, noise: CompiledNoise, lr: number, mode: 0 | 1): void {
    const draws = core().noiseDraws(noise.kind, this.total, noise.rank) as number;
    if (this.#z === null || this.#z.size < draws) { this.#z?.dispose(); this.#z = keep(empty([Math.max(draws, 1)], this.dtype)); }
    this.#xi ??= keep(empty([this.total], this.dtype));
    const [c0, c1, c2] = noise.cov.map((t) => t?.ptr ?? 0);
    core()[kernelName("noiseStep", this.dtype)](table, count, this.#z.ptr, this.#xi.ptr, this.total, key.k0, key.k1,
      step % 2 ** 32, Math.floor(step / 2 ** 32), noise.kind, c0, c1, c2, noise.rank, noise.a, noise.b, lr, mode);
  }
  dispose(): void {
    this.#z?.dispose();
    this.#xi?.dispose();
  }
}

/** Options of NoisySGD. */
export interface NoisySGDOptions { lr?: number; key: Key; noise: NoiseCovariance }

/**
 * Noisy SGD, θ ← θ − η(g + ξ) with ξ ~ N(0, Σ) (seed 000: at a quadratic ½θᵀHθ with H and Σ diagonal in one
 * basis, the stationary variance along direction i is ηλᵢ/(hᵢ(2 − ηhᵢ))). Σ is fixed at construction or given
 * per step (step(grads, noise): e.g. this mini-batch's per-example gradients).
 * @example
 * const opt = new NoisySGD([w], { lr: 0.01, key: key(0), noise: { kind: "diagonal", variance: v } });
 * opt.step([g]);
 */
export class NoisySGD extends Optimizer<{ lr: number; keyK0: number; keyK1: number }> {
  readonly kind = "NoisySGD";
  #key: Key;
  #compiled: CompiledNoise;
  #runner: NoiseRunner;
  #pending: NoiseCovariance | undefined;
  constructor(params: ParamTree, options: NoisySGDOptions) {
    const o = readOptions("NoisySGD", options, { lr: 1e-3, key: undefined as unknown as Key, noise: undefined as unknown as NoiseCovariance });
    assertRange("NoisySGD", "lr", o.lr, 0);
    assertKey(o.key, "NoisySGD: key");
    super(params, { lr: o.lr, keyK0: o.key.k0, keyK1: o.key.k1 }, []);
    this.#key = o.key;
    this.#runner = new NoiseRunner(this.total, this.dtype);
    try {
      this.#compiled = compileNoise("NoisySGD", o.noise, this.total, this.dtype);
      this.#compiled.owned.forEach((t) => keep(t));
    } catch (err) {
      this.dispose();
      throw err;
    }
  }
  /** One step; `noise` replaces the constructor's covariance for this step only. */
  override step(grads: ParamTree, noise?: NoiseCovariance): void {
    this.#pending = noise;
    try {
      super.step(grads);
    } finally {
      this.#pending = undefined;
    }
  }
  protected [UPDATE](grads: readonly Tensor[]): void {
    const compiled = this.#pending === undefined ? this.#compiled : compileNoise("NoisySGD.step", this.#pending, this.total, this.dtype);
    try {
      const table = this[TABLE](grads, []);
      this.#runner.run(table, this.params.length, this.#key, this.stepCount, compiled, this.options.lr, 1);
    } finally {
      if (compiled !== this.#compiled) compiled.owned.forEach((t) => t.dispose());
    }
  }
  override loadStateDict(dict: Parameters<Optimizer["loadStateDict"]>[0]): void {
    super.loadStateDict(dict);
    this.#key = new Key(this.options.keyK0, this.options.keyK1);
  }
  override dispose(): void {
    super.dispose();
    this.#runner?.dispose();
    this.#compiled?.owned.forEach((t) => t.dispose());
  }
}
