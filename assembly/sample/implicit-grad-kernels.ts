// The elementwise kernels of the implicit reparameterisation gradients: Gamma's and Beta's ∂x/∂θ per draw and
// Dirichlet's marginal gradients and backward pass, over the scalar gradients of implicit-grad.ts (which keep
// ψ of the last parameters, so a batch with one parameter set computes them once). Layouts as the SDK's
// elementwise convention: parameters j = i mod count.
import { standardGammaGrad, betaGradA, betaGradBOut } from "./implicit-grad";

/**
 * Gamma(α, rate) pathwise derivatives of draws x: dAlpha[i] = ∂x_i/∂α = standardGammaGrad(α, rate·x_i)/rate,
 * dRate[i] = ∂x_i/∂rate = −x_i/rate; parameters j = i mod count (f64). dAlpha, dRate, x: n f64.
 */
export function gammaReparamGradF64(dAlpha: usize, dRate: usize, x: usize, concentration: usize, rate: usize, n: i32, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const r = load<f64>(rate + (<usize>j << 3));
    const xi = load<f64>(x + (<usize>i << 3));
    store<f64>(dAlpha + (<usize>i << 3), standardGammaGrad(load<f64>(concentration + (<usize>j << 3)), xi * r) / r);
    store<f64>(dRate + (<usize>i << 3), -xi / r);
    if (++j == count) j = 0;
  }
}

/** As gammaReparamGradF64 for f32 draws and f32 outputs (computed in f64). */
export function gammaReparamGradF32(dAlpha: usize, dRate: usize, x: usize, concentration: usize, rate: usize, n: i32, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const r = load<f64>(rate + (<usize>j << 3));
    const xi = <f64>load<f32>(x + (<usize>i << 2));
    store<f32>(dAlpha + (<usize>i << 2), <f32>(standardGammaGrad(load<f64>(concentration + (<usize>j << 3)), xi * r) / r));
    store<f32>(dRate + (<usize>i << 2), <f32>(-xi / r));
    if (++j == count) j = 0;
  }
}

/** Beta(α, β) pathwise derivatives: dAlpha[i] = ∂x_i/∂α, dBeta[i] = ∂x_i/∂β, params j = i mod count. f64. */
export function betaReparamGradF64(dAlpha: usize, dBeta: usize, x: usize, alpha: usize, beta: usize, n: i32, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const ga = betaGradA(load<f64>(x + (<usize>i << 3)), load<f64>(alpha + (<usize>j << 3)), load<f64>(beta + (<usize>j << 3)));
    store<f64>(dAlpha + (<usize>i << 3), ga);
    store<f64>(dBeta + (<usize>i << 3), betaGradBOut);
    if (++j == count) j = 0;
  }
}

/** As betaReparamGradF64 for f32 draws and outputs (computed in f64). */
export function betaReparamGradF32(dAlpha: usize, dBeta: usize, x: usize, alpha: usize, beta: usize, n: i32, count: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const ga = betaGradA(<f64>load<f32>(x + (<usize>i << 2)), load<f64>(alpha + (<usize>j << 3)), load<f64>(beta + (<usize>j << 3)));
    store<f32>(dAlpha + (<usize>i << 2), <f32>ga);
    store<f32>(dBeta + (<usize>i << 2), <f32>betaGradBOut);
    if (++j == count) j = 0;
  }
}

// g_j = ∂x_j/∂α_j / (1 − x_j) with x_j ~ Beta(α_j, total − α_j) (torch's _dirichlet_grad, exact here).
// A component that rounded to 1 (α_j = 1e300 beside 1, 2) uses 1 − x_j = Σ_{k≠j} x_k = rest (was 0/0 = NaN);
// if the others are all 0 as well, 0.
// @ts-ignore: decorator
@inline function dirichletScaledGrad(xj: f64, aj: f64, total: f64, rest: f64): f64 {
  const yj = 1.0 - xj;
  if (yj == 0) return rest > 0 ? betaGradA(xj, aj, total - aj, rest) / rest : 0.0;
  return betaGradA(xj, aj, total - aj) / yj;
}

/**
 * Dirichlet vector–Jacobian product (torch's _Dirichlet_backward): for each row,
 * gradConc[j] = g_j·(gradOut[j] − Σ_k x_k·gradOut[k]), g_j = (∂x_j/∂α_j)/(1 − x_j) with x_j's marginal
 * Beta(α_j, Σα − α_j); the other components move as x_k ∝ (1 − x_j). x, gradOut, gradConc: (rows, K) f64;
 * concentration (paramRows, K) f64, row r uses r mod paramRows. diagonalOnly = 1 writes ∂x_j/∂α_j instead
 * (gradOut ignored).
 */
export function dirichletReparamGradF64(gradConc: usize, x: usize, concentration: usize, gradOut: usize, rows: i32, k: i32, paramRows: i32, diagonalOnly: i32): void {
  let pr = 0;
  for (let r = 0; r < rows; r++) {
    const base = <usize>r * <usize>k;
    const alpha = concentration + ((<usize>pr * <usize>k) << 3);
    let total = 0.0;
    for (let j = 0; j < k; j++) total += load<f64>(alpha + (<usize>j << 3));
    let dot = 0.0;
    if (diagonalOnly == 0) {
      for (let j = 0; j < k; j++) dot += load<f64>(x + ((base + <usize>j) << 3)) * load<f64>(gradOut + ((base + <usize>j) << 3));
    }
    for (let j = 0; j < k; j++) {
      const xj = load<f64>(x + ((base + <usize>j) << 3));
      let rest = 0.0;
      if (xj == 1.0) for (let m = 0; m < k; m++) if (m != j) rest += load<f64>(x + ((base + <usize>m) << 3));
      const g = dirichletScaledGrad(xj, load<f64>(alpha + (<usize>j << 3)), total, rest);
      const v = diagonalOnly != 0 ? g * (1.0 - xj) : g * (load<f64>(gradOut + ((base + <usize>j) << 3)) - dot);
      store<f64>(gradConc + ((base + <usize>j) << 3), v);
    }
    if (++pr == paramRows) pr = 0;
  }
}
