// Item 6 of issue 15: score-function (REINFORCE) against reparameterisation estimators of ∂θ E[f(Z)], Z ~ N(θ, σ²)
// (seed 001), and variance propagation through a two-level hierarchical model (seed 002). Both estimators are
// written with autograd through the distributions themselves — Normal's logProb and rsample are differentiable in
// their parameters — with θ a vector of R copies, so one backward pass gives the R per-draw gradients.
import { Tensor, tensor } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { Normal } from "../distributions/normal.js";
import { mul, square, sub } from "../ops/elementwise.js";
import { sum } from "../ops/reduce.js";
import { grad } from "../autograd/transforms.js";
import { scope } from "../runtime/memory.js";
import { ExperimentResult, check, estimateMean } from "./result.js";

const F64 = { dtype: "float64" as const };

/** Per-draw reparameterised gradients ∂/∂θ f(z), z = rsample of N(θ, σ²) (loc + scale·ε, differentiable in loc). */
function reparameterised(f: (z: Tensor) => Tensor, theta: Tensor, sigma: number, k: Key): Tensor {
  return grad((t: Tensor) => sum(f(new Normal(t, sigma).rsample(k, [], F64).value)))(theta) as Tensor;
}

/** Per-draw score-function gradients f(z)·∂/∂θ log N(z; θ, σ²), z sampled (no gradient through it). */
function scoreFunction(f: (z: Tensor) => Tensor, theta: Tensor, sigma: number, k: Key): Tensor {
  const z = new Normal(theta, sigma).sample(k, [], F64);
  const fz = f(z);
  return grad((t: Tensor) => sum(mul(fz, new Normal(t, sigma).logProb(z))))(theta) as Tensor;
}

/**
 * f(z) = z²: ∂θ E[f] = 2θ. Per draw, the reparameterised estimate 2(θ + σε) has variance 4σ²; the score-function
 * estimate (θ + σε)²·ε/σ has variance (θ⁴ + 18θ²σ² + 15σ⁴)/σ² − 4θ². Four rows: both means and both variances
 * (E[(g − 2θ)²] with the true centre); the ratio of the variances in the details.
 */
export function gradientEstimatorExperiment({ theta = 1, sigma = 1, draws = 20000 } = {}, k: Key): ExperimentResult[] {
  return scope(() => {
    const t = tensor(new Float64Array(draws).fill(theta), [draws], "float64");
    const sq = (z: Tensor) => square(z);
    const gr = reparameterised(sq, t, sigma, foldIn(k, 1));
    const gs = scoreFunction(sq, t, sigma, foldIn(k, 2));
    const truth = 2 * theta;
    const s2 = sigma * sigma;
    const varRep = 4 * s2;
    const varScore = (theta ** 4 + 18 * theta * theta * s2 + 15 * s2 * s2) / s2 - 4 * theta * theta;
    const vr = estimateMean(square(sub(gr, truth)));
    const vs = estimateMean(square(sub(gs, truth)));
    const details = { varianceRatioTheory: varScore / varRep, varianceRatioSimulation: vs.value / vr.value };
    const tag = `θ=${theta} σ=${sigma}`;
    return [
      check(`gradients:reparameterisation-mean ${tag}`, "the reparameterisation estimator is unbiased", "E[f′(θ + σε)] = ∂θE[Z²] = 2θ", "001", truth, estimateMean(gr)),
      check(`gradients:score-function-mean ${tag}`, "the score-function estimator is unbiased", "E[f(Z)(Z − θ)/σ²] = 2θ", "001", truth, estimateMean(gs)),
      check(`gradients:reparameterisation-variance ${tag}`, "reparameterisation variance for f = z²", "Var = 4σ²", "001", varRep, vr, details),
      check(`gradients:score-function-variance ${tag}`, "score-function variance for f = z² (orders of magnitude larger for small σ)", "Var = (θ⁴ + 18θ²σ² + 15σ⁴)/σ² − 4θ²", "001", varScore, vs, details),
    ];
  });
}

/**
 * A two-level model: μ ~ N(m, s₁²), Z | μ ~ N(μ, s₂²), both drawn by rsample. The variance adds up level by level,
 * Var(Z) = s₁² + s₂², and the reparameterised gradient of E[Z²] = m² + s₁² + s₂² with respect to the upper scale s₁
 * is 2s₁ (per draw 2Z·ε₁): it flows through the lower distribution's loc into the upper one's scale.
 */
export function hierarchicalExperiment({ m = 0.5, s1 = 1.5, s2 = 0.5, draws = 20000 } = {}, k: Key): ExperimentResult[] {
  return scope(() => {
    const upper = tensor(new Float64Array(draws).fill(s1), [draws], "float64");
    const z = (a: Tensor) => new Normal(new Normal(m, a).rsample(foldIn(k, 1), [], F64).value, s2).rsample(foldIn(k, 2), [], F64).value;
    const g = grad((a: Tensor) => sum(square(z(a))))(upper) as Tensor;
    return [
      check(`hierarchical:variance s₁=${s1} s₂=${s2}`, "variance propagates through two stochastic levels by adding", "Var(Z) = s₁² + s₂²", "002", s1 * s1 + s2 * s2, estimateMean(square(sub(z(upper), m)))),
      check(`hierarchical:gradient s₁=${s1}`, "the reparameterised gradient reaches the upper level's scale", "∂E[Z²]/∂s₁ = 2s₁", "002", 2 * s1, estimateMean(g)),
    ];
  });
}
