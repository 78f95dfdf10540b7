// The linear-algebra and distribution ops of the PyTorch autograd fixtures (tests/fixtures/autograd), as
// stochasm computes them; torch-fixtures.test.ts runs them.
import * as s from "../../../sdk/index";
import type { Tensor } from "../../../sdk/index";
import { reparameterize } from "../../../sdk/distributions/differentiable";

type O = Record<string, unknown>;
type Run = (xs: Tensor[], o: O) => Tensor | Tensor[];

export const runLinalg: Record<string, Run> = {
  cholesky: ([a]) => s.cholesky(a),
  solve: ([a, b]) => s.solve(a, b),
  solveTriangular: ([a, b], o) => s.solveTriangular(a, b, { upper: o.upper as boolean, unitDiagonal: o.unitDiagonal as boolean }),
  slogdet: ([a]) => s.slogdet(a).logAbsDet,
};

const D = s as unknown as Record<string, new (...args: unknown[]) => { logProb(x: Tensor): Tensor }>;

// Distributions' logProb with respect to the value and every parameter (all tracked), and rsample's formula
// applied to the fixture's standard noise (what rsample computes from the noise it draws from the key).
export const runDistribution: Record<string, Run> = {
  ...Object.fromEntries(["Normal", "Laplace", "Exponential", "Uniform", "Gamma", "Beta"].map((kind) => [`${kind}.logProb`, ([x, ...p]: Tensor[]) => new D[kind](...p).logProb(x)])),
  "MultivariateNormal.logProb": ([x, loc, scaleTril]) => new s.MultivariateNormal(loc, { scaleTril: s.tril(scaleTril) }).logProb(x),
  ...Object.fromEntries(["Normal", "Laplace", "Exponential", "Uniform"].map((kind) => [`${kind}.rsample`, ([eps, ...p]: Tensor[]) => {
    const names = Object.keys((D[kind] as unknown as { params: Record<string, string> }).params);
    return reparameterize(kind, eps, Object.fromEntries(names.map((n, i) => [n, p[i]])));
  }])),
};
