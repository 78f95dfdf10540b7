// Item 9 of issue 15 (first part): SGD's stationary distribution on a quadratic (seed 000). On f(θ) = ½θᵀHθ with
// gradient noise ξ ~ N(0, Σ), H and Σ diagonal in the same basis Q (eigenvalues hᵢ, λᵢ), the iteration
// θ ← θ − η(Hθ + ξ) has along eigen-direction i the stationary variance ηλᵢ/(hᵢ(2 − ηhᵢ)): large where the loss is
// flat. Simulated with `chains` independent chains run `steps` steps from 0 (the transient (1 − ηh)^{2t} is
// negligible by then), both for H diagonal and rotated by 30°.
import { tensor, zeros } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { normal } from "../random/sample.js";
import { add, square } from "../ops/elementwise.js";
import { select } from "../ops/indexing.js";
import { matmul } from "../linalg/matmul-nd.js";
import { scope } from "../runtime/memory.js";
import { describe } from "../errors.js";
import { ExperimentResult, check, estimateMean } from "./result.js";

/** ηλ/(h(2 − ηh)): the stationary variance of SGD along an eigen-direction of curvature h with gradient-noise variance λ (needs 0 < ηh < 2). */
export function sgdStationaryVariance(eta: number, h: number, lambda: number): number {
  if (typeof eta !== "number" || typeof h !== "number" || !(eta > 0 && h > 0 && eta * h < 2)) throw new RangeError(`sgdStationaryVariance: need η > 0, h > 0 and ηh < 2 (stable), got η = ${describe(eta)}, h = ${describe(h)}`);
  if (typeof lambda !== "number" || !(lambda >= 0 && lambda < Infinity)) throw new RangeError(`sgdStationaryVariance: lambda must be a finite number ≥ 0, got ${describe(lambda)}`);
  return (eta * lambda) / (h * (2 - eta * h));
}

export function sgdStationaryExperiment({ eta = 0.1, h = [4, 0.25], lambda = [1, 2], rotated = false, chains = 2000, steps = 600 } = {}, k: Key): ExperimentResult[] {
  return scope(() => {
    // Q = rotation by 30° (cos = √3/2, sin = 1/2) or the identity; H = Q diag(h) Qᵀ, noise = Q diag(√λ) ε
    const c = rotated ? Math.sqrt(3) / 2 : 1, s = rotated ? 0.5 : 0;
    const Q = [[c, -s], [s, c]];
    const H = [0, 1].map((i) => [0, 1].map((j) => Q[i][0] * h[0] * Q[j][0] + Q[i][1] * h[1] * Q[j][1]));
    // row-vector form: θ ← θ(I − ηH)ᵀ − η·ε diag(√λ) Qᵀ
    const step = tensor([1 - eta * H[0][0], -eta * H[1][0], -eta * H[0][1], 1 - eta * H[1][1]], [2, 2], "float64");
    const noise = tensor([-eta * Math.sqrt(lambda[0]) * Q[0][0], -eta * Math.sqrt(lambda[0]) * Q[1][0], -eta * Math.sqrt(lambda[1]) * Q[0][1], -eta * Math.sqrt(lambda[1]) * Q[1][1]], [2, 2], "float64");
    let theta = zeros([chains, 2], "float64");
    for (let t = 0; t < steps; t++) {
      const next = scope(() => add(matmul(theta, step), matmul(normal(foldIn(k, t), [chains, 2], { dtype: "float64" }), noise)));
      theta.dispose();
      theta = next;
    }
    const along = matmul(theta, tensor([Q[0][0], Q[0][1], Q[1][0], Q[1][1]], [2, 2], "float64"));   // coordinates in Q's basis
    return [0, 1].map((i) => check(`sgd:stationary-variance ${rotated ? "rotated" : "diagonal"} η=${eta} h=${h[i]} λ=${lambda[i]}`,
      "SGD's stationary variance is large along flat directions", "Var(θᵢ) = ηλᵢ/(hᵢ(2 − ηhᵢ))", "000",
      sgdStationaryVariance(eta, h[i], lambda[i]), estimateMean(square(select(along, 1, i)))));
  });
}
