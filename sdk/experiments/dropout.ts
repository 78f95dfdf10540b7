// Item 3 of issue 15: inverted dropout (seed 001). Keep probability q = 1 − p; D = M ⊙ x / q, M ~ Bernoulli(q).
import { Tensor, tensor } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { bernoulli, normal } from "../random/sample.js";
import { add, div, exp, mul, square, sub } from "../ops/elementwise.js";
import { prod, sum } from "../ops/reduce.js";
import { select } from "../ops/indexing.js";
import { to } from "../ops/cast.js";
import { matmul } from "../linalg/matmul-nd.js";
import { scope } from "../runtime/memory.js";
import { ExperimentResult, check, estimateMean } from "./result.js";

/** `replications` inverted-dropout masks [R, d] as float64 (the bernoulli threshold makes p exact for p = k/2^32, e.g. 0.5, 0.25). */
function masks(k: Key, replications: number, d: number, p: number): Tensor {
  return mul(to(bernoulli(k, [replications, d], 1 - p), "float64"), 1 / (1 - p));
}

/** E[W(M ⊙ x)/q] = Wx: inverted dropout is exact in expectation for a linear layer (output 0 of W [k, d]). */
export function dropoutLinearExperiment({ d = 64, p = 0.5, replications = 20000 } = {}, k: Key): ExperimentResult {
  return scope(() => {
    const w = normal(foldIn(k, 1), [1, d], { dtype: "float64" });
    const x = normal(foldIn(k, 2), [1, d], { dtype: "float64" });
    const y = matmul(mul(masks(foldIn(k, 3), replications, d, p), x), w, { transposeB: true });   // [R, 1]
    const exact = sum(mul(w, x)).item();
    return check(`dropout:linear p=${p}`, "inverted dropout is exact in expectation through a linear layer", "E[W(M ⊙ x)/q] = Wx", "001", exact, estimateMean(y));
  });
}

/**
 * The Jensen gap after f = exp: Z = Σ c_i M_i / q with c = w ⊙ x. Exactly E[e^Z] = Π_i (p + q·e^{c_i/q}), so the
 * gap E[f(Z)] − f(E[Z]) is known; the second-order prediction ½ f″(μ) Var(Z) = ½ e^μ · (p/q) Σ c_i² is reported
 * beside it with its relative error (an approximation: the verdict is against the exact gap).
 */
export function dropoutJensenExperiment({ d = 64, p = 0.5, scale = 0.1, replications = 20000 } = {}, k: Key): ExperimentResult {
  return scope(() => {
    const c = mul(normal(foldIn(k, 1), [d], { dtype: "float64" }), scale);
    const q = 1 - p;
    const mu = sum(c).item();
    const fMu = exp(sum(c)).item();
    const exact = prod(add(mul(exp(div(c, q)), q), p)).item() - fMu;
    const secondOrder = 0.5 * fMu * (p / q) * sum(square(c)).item();
    const z = matmul(masks(foldIn(k, 2), replications, d, p), c.reshape([d, 1]));   // [R, 1]
    const e = estimateMean(sub(exp(z), fMu));
    return check(`dropout:jensen-gap p=${p}`, "dropout before a convex f biases E[f(Z)] above f(E[Z]) by ≈ ½f″(μ)Var(Z)", "E[e^Z] − e^μ = Π(p + q e^{c/q}) − e^μ", "001", exact, e,
      { mu, secondOrderPrediction: secondOrder, secondOrderRelativeError: (secondOrder - exact) / exact });
  });
}

/**
 * The covariance dropout induces: for X ~ N(μ, Σ) and D = M ⊙ X / q, Cov(D) = Σ + (p/q)·diag(Σ_ii + μ_i²): the
 * off-diagonal entries keep Σ, the diagonal gains a term growing with the input's magnitude. One row each.
 */
export function dropoutCovarianceExperiment({ p = 0.25, replications = 40000 } = {}, k: Key): ExperimentResult[] {
  return scope(() => {
    // Σ = L Lᵀ with L = [[1, 0, 0], [0.6, 0.8, 0], [−0.3, 0.4, 0.5]]; μ = (1.5, −0.5, 2)
    const L = tensor([1, 0, 0, 0.6, 0.8, 0, -0.3, 0.4, 0.5], [3, 3], "float64");
    const mu = tensor([1.5, -0.5, 2], [3], "float64");
    const x = add(matmul(normal(foldIn(k, 1), [replications, 3], { dtype: "float64" }), L, { transposeB: true }), mu);
    const dv = mul(masks(foldIn(k, 2), replications, 3, p), x);
    const centred = sub(dv, mu);
    const c0 = select(centred, 1, 0), c1 = select(centred, 1, 1);
    const ratio = p / (1 - p);
    const s00 = 1, s01 = 0.6;
    return [
      check(`dropout:covariance-diagonal p=${p}`, "dropout adds (p/q)(Σ_ii + μ_i²) to each variance", "Cov(D)_ii = Σ_ii + (p/q)(Σ_ii + μ_i²)", "001", s00 + ratio * (s00 + 1.5 * 1.5), estimateMean(square(c0)), { withoutDropout: s00 }),
      check(`dropout:covariance-off-diagonal p=${p}`, "dropout keeps the covariances between different units", "Cov(D)_ij = Σ_ij (i ≠ j)", "001", s01, estimateMean(mul(c0, c1))),
    ];
  });
}
