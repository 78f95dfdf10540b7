// Item 8 of issue 15, the uniform bound (seed 000): with probability ≥ 1 − δ over the training set, every f of a
// class at once has L(f) − L̂(f) ≤ 2R̂ₙ + 3√(log(2/δ)/(2n)) (Mohri et al. 2018, Theorem 3.3). Checked on a known
// distribution where L is exact: D is uniform over M fixed labelled points in ℝ², so L(w) is a mean over them.
import { Tensor, tensor } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { bernoulli, normal, randint } from "../random/sample.js";
import { clamp, mul, sub, square } from "../ops/elementwise.js";
import { cos, sin, sign } from "../ops/pointwise.js";
import { concat } from "../ops/shape.js";
import { argmin, max, mean, sum } from "../ops/reduce.js";
import { matmul } from "../linalg/matmul-nd.js";
import { linspace } from "../ops/creation.js";
import { gather } from "../ops/indexing.js";
import { scope } from "../runtime/memory.js";
import { rademacherBound } from "../stats/bounds.js";
import { BoundResult } from "./result.js";

/** Options of uniformBoundExperiment. */
export interface UniformBoundOptions {
  /** Training examples per draw. */
  n?: number;
  /** Points of the population D (uniform over them). */
  population?: number;
  /** Training sets drawn. */
  draws?: number;
  /** The class ‖w‖ ≤ weightNorm, searched on angles × radii grid points of the disk for the worst gap. */
  weightNorm?: number;
  angles?: number;
  radii?: number;
  /** The bound's confidence parameter. */
  delta?: number;
  /** Label noise: P(y ≠ sign(x₁ + x₂/2)). */
  flip?: number;
}

/**
 * The uniform bound for the norm-bounded linear class {x ↦ wᵀx : ‖w‖ ≤ W} in ℝ² with the ramp loss
 * φ(t) = min(1, max(0, 1 − t)) of the margin y·wᵀx (values in [0, 1], 1-Lipschitz). Per training set S of n draws
 * from D: the worst gap max_w (L(w) − L̂_S(w)) over a grid of the disk (a lower estimate of the sup; the ERM on the
 * grid is one of its points), against 2R̂ + 3√(log(2/δ)/(2n)) with R̂ ≤ (W/n)√Σ‖xᵢ‖² (Talagrand's contraction for the
 * 1-Lipschitz φ, then Jensen on the linear class). One bound row: the fraction of training sets where the gap
 * exceeds the bound, which the theorem puts at ≤ δ; the gaps, bounds and the ERM's gap in the details.
 */
export function uniformBoundExperiment(options: UniformBoundOptions = {}, k: Key): BoundResult {
  const { n = 100, population = 2000, draws = 2000, weightNorm = 2, angles = 64, radii = 8, delta = 0.05, flip = 0.1 } = options;
  return scope(() => {
    // D: M points x ~ N(0, I₂), y = ±sign(x₁ + x₂/2) flipped with probability `flip`
    const x = normal(foldIn(k, 1), [population, 2], { dtype: "float64" });
    const clean = sign(matmul(x, tensor([1, 0.5], [2, 1], "float64")));                               // [M, 1]
    const y = mul(clean, sub(1, mul(bernoulli(foldIn(k, 2), [population, 1], flip).to("float64"), 2)));
    // the grid of the disk: w = r(cos θ, sin θ), r = W·j/radii (j = 1…radii), θ = 2π·i/angles
    const theta = linspace(0, 2 * Math.PI * (1 - 1 / angles), angles, "float64").reshape([1, angles]);
    const rows: Tensor[] = [];
    for (let j = 1; j <= radii; j++) rows.push(mul(concat([cos(theta), sin(theta)], 0), (weightNorm * j) / radii));   // [2, A]
    const w = concat(rows, 1);                                                                           // [2, K]
    const loss = clamp(sub(1, mul(y, matmul(x, w))), 0, 1);                                              // [M, K] φ(y·wᵀx)
    const risk = mean(loss, { dim: 0 });                                                                 // [K] L(w), exact under D
    // S: n indices uniform over the M points; L̂_S = (counts/n)·loss
    const idx = randint(foldIn(k, 3), [draws, n], 0, population).view() as Int32Array;
    const counts = new Float64Array(draws * population);
    for (let r = 0; r < draws; r++) for (let i = 0; i < n; i++) counts[r * population + idx[r * n + i]] += 1 / n;
    const c = tensor(counts, [draws, population], "float64");
    const empirical = matmul(c, loss);                                                                   // [R, K]
    const gaps = max(sub(risk, empirical), { dim: 1 }).toArray();                                        // [R]
    const ermGaps = gather(sub(risk, empirical), 1, argmin(empirical, { dim: 1 }).reshape([draws, 1]));
    const sumSquares = matmul(c, sum(square(x), { dim: 1, keepdim: true })).toArray();                  // [R] Σ‖xᵢ‖²/n
    let violations = 0, gapTotal = 0, boundTotal = 0, worstRatio = 0;
    for (let r = 0; r < draws; r++) {
      const rademacher = (weightNorm / n) * Math.sqrt(sumSquares[r] * n);
      const b = rademacherBound(rademacher, n, delta);
      if (gaps[r] > b) violations++;
      gapTotal += gaps[r];
      boundTotal += b;
      worstRatio = Math.max(worstRatio, gaps[r] / b);
    }
    const observed = violations / draws;
    return {
      name: `generalization:uniform-bound linear W=${weightNorm} n=${n} δ=${delta}`, claim: "the worst-case gap over a norm-bounded linear class (ramp loss) lies under 2R̂ + confidence term in ≥ 1 − δ of training sets",
      formula: "P(sup_f L − L̂ > 2R̂ₙ + 3√(log(2/δ)/(2n))) ≤ δ", seed: "000", bound: delta, observed, holds: observed <= delta,
      details: { draws, population, gridPoints: angles * radii, meanWorstGap: gapTotal / draws, meanBound: boundTotal / draws, worstGapOverBound: worstRatio,
        meanErmGap: sum(ermGaps).item() / draws },
    };
  });
}
