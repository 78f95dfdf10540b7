// Closed forms of normalization statistics (issue 15 item 7, seed 002): what BatchNorm's batch statistics do to
// one example's output at batch size m, and what pooled normalization leaves of a drift over time. Plain IEEE
// arithmetic and √ except the Poisson weights of pooledNormalization (exp, log, lgamma by the WASM kernels).
import { arange } from "../ops/creation.js";
import { add, div, exp, mul, sub } from "../ops/elementwise.js";
import { lgamma } from "../ops/special.js";
import { sum } from "../ops/reduce.js";
import { scope } from "../runtime/memory.js";
import { describe } from "../errors.js";
import { wasmLog } from "./bounds.js";

const SQRT_PI = 1.7724538509055159;

function count(v: unknown, name: string, fn: string, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new RangeError(`${fn}: ${name} must be an integer ≥ ${min}, got ${describe(v)}`);
  return v;
}
function nonNegative(v: unknown, name: string, fn: string, allowZero = true): number {
  if (typeof v !== "number" || !(allowZero ? v >= 0 : v > 0) || v === Infinity) throw new RangeError(`${fn}: ${name} must be a finite number ${allowZero ? "≥ 0" : "> 0"}, got ${describe(v)}`);
  return v;
}

// E[x̂z] = √((m − 1)/m)·Γ(m/2)/(Γ((m − 1)/2)√x), x = (m − 1)/2, and the gap 2(1 − E[x̂z]). For m ≤ 1024 the ratio by
// the recurrence r(m + 2) = r(m)·m/(m − 1) from r(2) = Γ(1)/Γ(½) = 1/√π and r(3) = Γ(3/2)/Γ(1) = √π/2 (relative
// error ≲ √m ulps, magnified ≈ 4m/3 times by 1 − c: ≲ 1e-11). Beyond, Γ(x + ½)/(Γ(x)√x) = 1 − u with the asymptotic
// u = 1/8x − 1/128x² − 5/1024x³ + 21/32768x⁴ (see: DLMF 5.11.13; next term ≈ 1.5e-3/x⁵ < 1e-16), and
// 1 − c = (1 − c²)/(1 + c) with 1 − c² = 1/m + (1 − 1/m)(2u − u²): no cancellation however large m is.
function trainEvalGap(m: number): number {
  const x = (m - 1) / 2;
  if (m > 1024) {
    const u = 1 / (8 * x) - 1 / (128 * x * x) - 5 / (1024 * x * x * x) + 21 / (32768 * x * x * x * x);
    const c = Math.sqrt((m - 1) / m) * (1 - u);
    return (2 * (1 / m + (1 - 1 / m) * (2 * u - u * u))) / (1 + c);
  }
  let r = m % 2 === 0 ? 1 / SQRT_PI : SQRT_PI / 2;
  for (let k = m % 2 === 0 ? 2 : 3; k < m; k += 2) r *= k / (k - 1);
  return 2 - 2 * Math.sqrt((m - 1) / m) * (r / Math.sqrt(x));
}

/** The moments of one example's BatchNorm output, m examples of one Gaussian feature (ε = 0). */
export interface BatchNormMoments {
  /** E[s²_b]/σ² = (m − 1)/m: the biased batch variance BN divides by (½ at m = 2). */
  varianceBias: number;
  /** Var(x̄)/σ² = 1/m: the spread of the batch mean BN subtracts. */
  meanVariance: number;
  /** E[x̂²] = 1 exactly (Σᵢx̂ᵢ² = m in every batch). */
  secondMoment: number;
  /** E[x̂⁴] = 3(m − 1)/(m + 1) (3 for a Gaussian; 1 at m = 2, where x̂ = ±1). */
  fourthMoment: number;
  /** E[(x̂ − z)²] = 2 − 2√(2/m)·Γ(m/2)/Γ((m − 1)/2) ≈ 3/(2m), z = (x − μ)/σ: the train/eval gap. */
  trainEvalGap: number;
}

/**
 * BatchNorm's output for one example of a batch of m i.i.d. N(μ, σ²) values, x̂ = (x − x̄)/s_b with the biased
 * s_b² = (1/m)Σ(xᵢ − x̄)² (ε = 0), against z = (x − μ)/σ — what eval mode gives with exact running statistics.
 * x̂²/(m − 1) ~ Beta(½, (m − 2)/2) (the internally studentized residual), independent of s_b, and x̄ is
 * independent of both; hence E[x̂⁴] = 3(m − 1)/(m + 1) and E[x̂z] = √(2/m)·Γ(m/2)/Γ((m − 1)/2) (seed 002's
 * "tiny batches": the gap is 0.87 at m = 2 and ≈ 3/(2m) for large m). LayerNorm over D features of the same
 * law has the same moments with m = D, at any batch size.
 * @param m batch size, an integer ≥ 2
 * @example batchNormMoments(2).fourthMoment;   // 1: two examples normalize to ±1
 */
export function batchNormMoments(m: number): BatchNormMoments {
  count(m, "m", "batchNormMoments", 2);
  return { varianceBias: (m - 1) / m, meanVariance: 1 / m, secondMoment: 1, fourthMoment: (3 * (m - 1)) / (m + 1), trainEvalGap: trainEvalGap(m) };
}

/**
 * V_μ = (1/T)Σₜ(μₜ − μ̄)², the variance of the means over T time steps: for a linear drift μₜ = a + b·t it is
 * b²(T² − 1)/12; for a random walk μₜ = μₜ₋₁ + τηₜ (η ~ N(0, 1)) its expectation is τ²(T² − 1)/(6T) (seed 002).
 * @param kind "linear" (scale = the slope b) or "random-walk" (scale = the step's standard deviation τ)
 * @example driftVariance("linear", 0.1, 16);   // 0.2125
 */
export function driftVariance(kind: "linear" | "random-walk", scale: number, T: number): number {
  const fn = "driftVariance";
  if (kind !== "linear" && kind !== "random-walk") throw new RangeError(`${fn}: kind must be "linear" or "random-walk", got ${describe(kind)}`);
  if (typeof scale !== "number" || !Number.isFinite(scale)) throw new RangeError(`${fn}: scale must be a finite number, got ${describe(scale)}`);
  count(T, "T", fn, 1);
  return kind === "linear" ? (scale * scale * (T * T - 1)) / 12 : (scale * scale * (T * T - 1)) / (6 * T);
}

/** Pooled against time-wise normalization of a [T, N] sequence batch whose mean drifts. */
export interface PooledNormalization {
  /** E[s²_pooled] = V_μ + σ²(TN − 1)/(TN): the law of total variance (between-time + within-time). */
  pooledVariance: number;
  /** E[(1/T)Σₜ m̄ₜ²] of the pooled-normalized output's per-step means (the residual trend; time-wise: 0). */
  trendShare: number;
  /** Its limit for N → ∞: V_μ/(V_μ + σ²); the per-step variance after pooling tends to σ²/(V_μ + σ²). */
  trendShareLimit: number;
}

/**
 * xₜₙ = μₜ + σεₜₙ (t < T steps, n < N in the batch, ε ~ N(0, 1)) with a fixed drift of variance V_μ over time,
 * normalized by pooled statistics over all T·N values (x − x̄)/s (ε = 0). The output keeps the drift: its
 * per-step means m̄ₜ satisfy (1/T)Σm̄ₜ² = B/(B + W) with B the between-step and W the within-step sum of squares,
 * B/σ² ~ χ'²_{T−1}(λ = NTV_μ/σ²), W/σ² ~ χ²_{T(N−1)}, so its expectation is the noncentral-beta mean
 * Σⱼ Pois(j; λ/2)·((T − 1)/2 + j)/((TN − 1)/2 + j). Time-wise normalization (statistics per step over the
 * batch) makes every m̄ₜ = 0 exactly. Seed 002: "the temporal drift is averaged out".
 * @param sigma2 within-step variance σ² > 0
 * @param driftVar V_μ ≥ 0 (driftVariance); λ = NTV_μ/σ² ≤ 1e8
 * @example pooledNormalization(1, 0, 16, 16).trendShare;   // (T − 1)/(TN − 1) = 15/255: no drift, only noise
 */
export function pooledNormalization(sigma2: number, driftVar: number, T: number, N: number): PooledNormalization {
  const fn = "pooledNormalization";
  nonNegative(sigma2, "sigma2", fn, false);
  nonNegative(driftVar, "driftVar", fn);
  count(T, "T", fn, 2);
  count(N, "N", fn, 1);
  const n = T * N, a = (T - 1) / 2, ab = (n - 1) / 2;
  const lambda = (n * driftVar) / sigma2;
  if (!(lambda <= 1e8)) throw new RangeError(`${fn}: the noncentrality N·T·driftVar/sigma2 must be ≤ 1e8 (the Poisson series is summed term by term), got ${describe(lambda)}`);
  const h = lambda / 2;
  let trendShare: number;
  if (h === 0) trendShare = a / ab;
  else {
    // the Poisson(h) weights over j ∈ [h − 12√h − 40, h + 12√h + 40] (outside, < 1e-30 of the mass); in WASM
    const sd = Math.sqrt(h), lo = Math.max(0, Math.floor(h - 12 * sd - 40)), hi = Math.ceil(h + 12 * sd + 40);
    const logH = wasmLog(h);
    trendShare = scope(() => {
      const j = arange(lo, hi + 1, 1, "float64");
      const w = exp(sub(sub(mul(j, logH), h), lgamma(add(j, 1))));
      return sum(mul(w, div(add(j, a), add(j, ab)))).item();
    });
  }
  return { pooledVariance: driftVar + (sigma2 * (n - 1)) / n, trendShare, trendShareLimit: driftVar / (driftVar + sigma2) };
}
