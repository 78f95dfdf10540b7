// Log-densities, cdfs, quantiles, entropies and KL divergences of Gamma(α, rate), Beta(α, β) and Dirichlet(α), in f64
// with log Γ, ψ and the regularised incomplete functions of math/special.ts. Elementwise kernels follow the
// SDK's convention (out, x, ...params, n, b): element i uses parameter i mod b; F32 kernels read and write
// f32 and compute in f64. xlogy(a, x) = 0 when a = 0 (as torch), so α = 1 is finite at x = 0.
import { lgamma, digamma, lbeta, gammaincP, betainc } from "../math/special";
import { xlogy } from "../math/incomplete";
import { LARGE_SHAPE, dirichletLogDensityLarge } from "./large-parameters";
import { gammaincPInv, betaincInv } from "../math/inverse-incomplete";
import { gammaEntropyStandard, gammaKl, lgammaBregmanRest, meanMismatchTerm } from "../math/gamma-divergence";

// @ts-ignore: decorator
@inline function at(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

// @ts-ignore: decorator
@inline function gammaCdf(x: f64, a: f64, rate: f64): f64 {
  return x <= 0 ? 0.0 : gammaincP(a, rate * x);
}

// The quantile P⁻¹(α, q)/rate (math/inverse-incomplete.ts); q outside [0, 1] or NaN gives NaN.
// @ts-ignore: decorator
@inline function gammaIcdf(q: f64, a: f64, rate: f64): f64 {
  return gammaincPInv(a, q) / rate;
}

// @ts-ignore: decorator
@inline function betaCdf(x: f64, a: f64, b: f64): f64 {
  return x <= 0 ? 0.0 : x >= 1 ? 1.0 : betainc(a, b, x);
}

/** Gamma cdf P(α, rate·x) (0 for x ≤ 0). */
export function gammaCdfF64(out: usize, x: usize, concentration: usize, rate: usize, n: i32, b: i32): void {
  for (let i = 0, j = 0; i < n; i++) {
    put(out, i, gammaCdf(at(x, i), at(concentration, j), at(rate, j)));
    if (++j == b) j = 0;
  }
}

/** As gammaCdfF64 for f32 values. */
export function gammaCdfF32(out: usize, x: usize, concentration: usize, rate: usize, n: i32, b: i32): void {
  for (let i = 0, j = 0; i < n; i++) {
    store<f32>(out + (<usize>i << 2), <f32>gammaCdf(<f64>load<f32>(x + (<usize>i << 2)), at(concentration, j), at(rate, j)));
    if (++j == b) j = 0;
  }
}

/** Beta cdf I_x(α, β) (0 below 0, 1 above 1). */
export function betaCdfF64(out: usize, x: usize, alpha: usize, beta: usize, n: i32, b: i32): void {
  for (let i = 0, j = 0; i < n; i++) {
    put(out, i, betaCdf(at(x, i), at(alpha, j), at(beta, j)));
    if (++j == b) j = 0;
  }
}

/** As betaCdfF64 for f32 values. */
export function betaCdfF32(out: usize, x: usize, alpha: usize, beta: usize, n: i32, b: i32): void {
  for (let i = 0, j = 0; i < n; i++) {
    store<f32>(out + (<usize>i << 2), <f32>betaCdf(<f64>load<f32>(x + (<usize>i << 2)), at(alpha, j), at(beta, j)));
    if (++j == b) j = 0;
  }
}

// @ts-ignore: decorator
@inline function component(x: usize, xIsF32: bool, j: i32): f64 {
  return xIsF32 ? <f64>load<f32>(x + (<usize>j << 2)) : at(x, j);
}

// log p(x) = Σ (α_j − 1)·log x_j + c, c = log Γ(Σα) − Σ log Γ(α_j) (dirichletLogNormF64, once per batch
// element), on the simplex: every x_j in [0, 1] and |Σ x_j − 1| ≤ tolerance (the SDK passes
// SIMPLEX_TOLERANCE and sums j = 0, 1, … as its own check does). −∞ off the simplex; NaN when a component
// is NaN, wherever the other components are.
function dirichletLogProbRow(x: usize, xIsF32: bool, alpha: usize, c: f64, k: i32, tolerance: f64): f64 {
  let sum = 0.0;
  let inRange = true;
  for (let j = 0; j < k; j++) {
    const xj = component(x, xIsF32, j);
    if (isNaN(xj)) return xj;
    if (!(xj >= 0 && xj <= 1)) inRange = false;
    sum += xj;
  }
  if (!inRange || !(Math.abs(sum - 1.0) <= tolerance)) return -Infinity;
  let large = true;
  for (let j = 0; j < k; j++) if (!(at(alpha, j) >= LARGE_SHAPE)) large = false;
  if (large) return dirichletLogDensityLarge(x, xIsF32, alpha, k);
  let s = 0.0;
  for (let j = 0; j < k; j++) s += xlogy(at(alpha, j) - 1.0, component(x, xIsF32, j));
  return s + c;
}

/** c = log Γ(α₀) − Σ_j log Γ(α_j), α₀ = Σ_j α_j, per batch element. out: n f64; concentration: (n, K) f64. */
export function dirichletLogNormF64(out: usize, concentration: usize, n: i32, k: i32): void {
  for (let i = 0; i < n; i++) {
    const alpha = concentration + ((<usize>i * <usize>k) << 3);
    let total = 0.0;
    let s = 0.0;
    for (let j = 0; j < k; j++) {
      const aj = at(alpha, j);
      total += aj;
      s -= lgamma(aj);
    }
    put(out, i, s + lgamma(total));
  }
}

/** Gamma quantile P⁻¹(α, q)/rate: 0 at q = 0, +∞ at q = 1. out, q: n f64; concentration, rate: b f64. */
export function gammaIcdfF64(out: usize, q: usize, concentration: usize, rate: usize, n: i32, b: i32): void {
  for (let i = 0, j = 0; i < n; i++) {
    put(out, i, gammaIcdf(at(q, i), at(concentration, j), at(rate, j)));
    if (++j == b) j = 0;
  }
}

/** As gammaIcdfF64 for f32 levels (computed in f64, rounded once). */
export function gammaIcdfF32(out: usize, q: usize, concentration: usize, rate: usize, n: i32, b: i32): void {
  for (let i = 0, j = 0; i < n; i++) {
    store<f32>(out + (<usize>i << 2), <f32>gammaIcdf(<f64>load<f32>(q + (<usize>i << 2)), at(concentration, j), at(rate, j)));
    if (++j == b) j = 0;
  }
}

/** Beta quantile I⁻¹(α, β; q): 0 at q = 0, 1 at q = 1. out, q: n f64; alpha, beta: b f64. */
export function betaIcdfF64(out: usize, q: usize, alpha: usize, beta: usize, n: i32, b: i32): void {
  for (let i = 0, j = 0; i < n; i++) {
    put(out, i, betaincInv(at(alpha, j), at(beta, j), at(q, i)));
    if (++j == b) j = 0;
  }
}

/** As betaIcdfF64 for f32 levels (computed in f64, rounded once). */
export function betaIcdfF32(out: usize, q: usize, alpha: usize, beta: usize, n: i32, b: i32): void {
  for (let i = 0, j = 0; i < n; i++) {
    store<f32>(out + (<usize>i << 2), <f32>betaincInv(at(alpha, j), at(beta, j), <f64>load<f32>(q + (<usize>i << 2))));
    if (++j == b) j = 0;
  }
}

/**
 * Dirichlet log-density per row. out: n; x: (n, K) f64; concentration: (b, K) f64; a row whose sum is
 * farther than tolerance from 1 gives −∞.
 */
export function dirichletLogProbF64(out: usize, x: usize, concentration: usize, logNorm: usize, n: i32, b: i32, k: i32, tolerance: f64): void {
  for (let i = 0, j = 0; i < n; i++) {
    put(out, i, dirichletLogProbRow(x + ((<usize>i * <usize>k) << 3), false, concentration + ((<usize>j * <usize>k) << 3), at(logNorm, j), k, tolerance));
    if (++j == b) j = 0;
  }
}

/** As dirichletLogProbF64 for f32 values (out f32). */
export function dirichletLogProbF32(out: usize, x: usize, concentration: usize, logNorm: usize, n: i32, b: i32, k: i32, tolerance: f64): void {
  for (let i = 0, j = 0; i < n; i++) {
    const lp = dirichletLogProbRow(x + ((<usize>i * <usize>k) << 2), true, concentration + ((<usize>j * <usize>k) << 3), at(logNorm, j), k, tolerance);
    store<f32>(out + (<usize>i << 2), <f32>lp);
    if (++j == b) j = 0;
  }
}

// Entropies and KL divergences: the textbook formulas quoted on each kernel are regrouped as in
// math/gamma-divergence.ts, so that terms of size α·log α no longer cancel (Gamma(1e300, 1).entropy() was 0).

/** H = α − log rate + log Γ(α) + (1 − α)·ψ(α) = H_Γ(α) − log rate. out, concentration, rate: n f64. */
export function gammaEntropyF64(out: usize, concentration: usize, rate: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    put(out, i, gammaEntropyStandard(at(concentration, i)) - Math.log(at(rate, i)));
  }
}

/**
 * H = log B(α, β) − (α − 1)ψ(α) − (β − 1)ψ(β) + (α + β − 2)ψ(α + β) = H_Γ(α) + H_Γ(β) − H_Γ(α + β) − ψ(α + β).
 * out, alpha, beta: n f64.
 */
export function betaEntropyF64(out: usize, alpha: usize, beta: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const a = at(alpha, i);
    const b = at(beta, i);
    const s = a + b;
    put(out, i, gammaEntropyStandard(a) + gammaEntropyStandard(b) - gammaEntropyStandard(s) - digamma(s));
  }
}

/**
 * H = Σ log Γ(α_j) − log Γ(α₀) + (α₀ − K)ψ(α₀) − Σ (α_j − 1)ψ(α_j) = Σ H_Γ(α_j) − H_Γ(α₀) − (K − 1)ψ(α₀),
 * α₀ = Σα (the α_j terms of H_Γ sum to α₀ exactly). out: n; concentration: (n, K).
 */
export function dirichletEntropyF64(out: usize, concentration: usize, n: i32, k: i32): void {
  for (let i = 0; i < n; i++) {
    const row = concentration + ((<usize>i * <usize>k) << 3);
    let a0 = 0.0;
    let s = 0.0;
    for (let j = 0; j < k; j++) {
      const a = at(row, j);
      a0 += a;
      s += gammaEntropyStandard(a);
    }
    put(out, i, s - gammaEntropyStandard(a0) - <f64>(k - 1) * digamma(a0));
  }
}

/**
 * KL(Gamma(αp, rp) ‖ Gamma(αq, rq)) = αq·log(rp/rq) + log Γ(αq) − log Γ(αp) + (αp − αq)ψ(αp) + (rq − rp)·αp/rp
 * (torch's _kl_gamma_gamma), evaluated as αq·(m − 1 − log m) + R(αq, αp), m the ratio of the means. All n f64.
 */
export function gammaKlF64(out: usize, ap: usize, rp: usize, aq: usize, rq: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    put(out, i, gammaKl(at(ap, i), at(rp, i), at(aq, i), at(rq, i)));
  }
}

/**
 * KL(Beta(ap, bp) ‖ Beta(aq, bq)) = log B(aq, bq) − log B(ap, bp) + (ap − aq)ψ(ap) + (bp − bq)ψ(bp)
 * + (aq − ap + bq − bp)ψ(ap + bp), evaluated as the K = 2 case of dirichletKlF64. All n f64.
 */
export function betaKlF64(out: usize, ap: usize, bp: usize, aq: usize, bq: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const a = at(ap, i);
    const b = at(bp, i);
    const c = at(aq, i);
    const d = at(bq, i);
    const p0 = a + b;
    const q0 = c + d;
    put(out, i, meanMismatchTerm(c, a, q0, p0) + meanMismatchTerm(d, b, q0, p0) +
      lgammaBregmanRest(c, a) + lgammaBregmanRest(d, b) - lgammaBregmanRest(q0, p0));
  }
}

/**
 * KL(Dir(p) ‖ Dir(q)) = log Γ(p₀) − log Γ(q₀) − Σ (log Γ(p_j) − log Γ(q_j)) + Σ (p_j − q_j)(ψ(p_j) − ψ(p₀))
 * = Σ_j B(q_j, p_j) − B(q₀, p₀) (B the Bregman divergence of log Γ) = Σ_j meanMismatchTerm_j + Σ_j R(q_j, p_j)
 * − R(q₀, p₀). out: n; p, q: (n, K) f64.
 */
export function dirichletKlF64(out: usize, p: usize, q: usize, n: i32, k: i32): void {
  for (let i = 0; i < n; i++) {
    const pr = p + ((<usize>i * <usize>k) << 3);
    const qr = q + ((<usize>i * <usize>k) << 3);
    let p0 = 0.0;
    let q0 = 0.0;
    for (let j = 0; j < k; j++) { p0 += at(pr, j); q0 += at(qr, j); }
    let s = -lgammaBregmanRest(q0, p0);
    for (let j = 0; j < k; j++) {
      const a = at(pr, j);
      const c = at(qr, j);
      s += meanMismatchTerm(c, a, q0, p0) + lgammaBregmanRest(c, a);
    }
    put(out, i, s);
  }
}
