// The linear-algebra and distribution ops of the PyTorch autograd fixtures (tests/fixtures/autograd), as
// stochasm computes them; torch-fixtures.test.ts runs them.
import * as s from "../../../sdk/index";
import type { Tensor } from "../../../sdk/index";

type O = Record<string, unknown>;
type Run = (xs: Tensor[], o: O) => Tensor | Tensor[];

export const runLinalg: Record<string, Run> = {
  cholesky: ([a]) => s.cholesky(a),
  solve: ([a, b]) => s.solve(a, b),
  solveTriangular: ([a, b], o) => s.solveTriangular(a, b, { upper: o.upper as boolean, unitDiagonal: o.unitDiagonal as boolean }),
  slogdet: ([a]) => s.slogdet(a).logAbsDet,
};

export const runDistribution: Record<string, Run> = {};
