// Gradients of the linear algebra (cholesky, solve, solveTriangular, slogdet, logDet) against central
// finite differences in float64, to first and second order (their VJPs are written with differentiable ops),
// and the slogdet sign of the PyTorch fixtures. Tolerance 1e-6 relative (gradcheck.ts explains it; these
// matrices have condition numbers below 20, so the derivatives lose at most a digit to it).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "../../../sdk/index";
import type { Tensor } from "../../../sdk/index";
import { data, gradcheck } from "../autograd/gradcheck";

beforeAll(async () => { await s.init(); });

// a well-conditioned n × n matrix: random entries plus 3 on the diagonal
const well = (n: number, seed: number) => ({ shape: [n, n], data: data([n, n], seed).data.map((v, i) => v + (i % (n + 1) === 0 ? 3 : 0)) });
// the symmetric part, so that finite differences of a full matrix see torch's symmetric gradient
const sym = (a: Tensor) => s.mul(s.add(a, s.transpose(a)), 0.5);
const spd = (a: Tensor) => s.add(s.matmul(a, s.transpose(a)), s.mul(s.eye(a.shape[0], a.shape[0], "float64"), a.shape[0]));
const weights = (shape: number[]) => s.arange(1, shape.reduce((p, d) => p * d, 1) + 1, 1, "float64").reshape(shape).div(7).sin();

describe("linear algebra is differentiable in float64", () => {
  it("cholesky: the symmetric gradient, also of a batch, and the factor's gradient through L·Lᵀ", () => {
    gradcheck((a) => s.cholesky(sym(spd(a))).mul(weights([3, 3])), [data([3, 3], 1)]);
    gradcheck((a) => s.cholesky(sym(spd(a))).mul(weights([4, 4])), [data([4, 4], 2)]);
    gradcheck((a, b) => s.cholesky(s.stack([sym(spd(a)), sym(spd(b))])).mul(weights([2, 3, 3])), [data([3, 3], 3), data([3, 3], 4)]);
  });

  it("solve: both arguments, matrix and vector right-hand sides", () => {
    gradcheck((a, b) => s.solve(a, b).mul(weights([3, 2])), [well(3, 10), data([3, 2], 11)]);
    gradcheck((a, b) => s.solve(a, b).mul(weights([4])), [well(4, 12), data([4], 13)]);
  });

  it("solveTriangular: every combination of upper, transpose and unitDiagonal", () => {
    for (const upper of [false, true]) {
      for (const transpose of [false, true]) {
        for (const unitDiagonal of [false, true]) {
          gradcheck((a, b) => s.solveTriangular(a, b, { upper, transpose, unitDiagonal }).mul(weights([3, 2])), [well(3, 20), data([3, 2], 21)]);
        }
      }
    }
    gradcheck((a, b) => s.solveTriangular(a, b, { upper: true }).mul(weights([3])), [well(3, 22), data([3], 23)]);
  });

  it("slogdet and logDet: ∂ log|det A| / ∂A = A⁻ᵀ, also where det A < 0", () => {
    gradcheck((a) => s.slogdet(a).logAbsDet, [well(3, 30)]);
    const negative = well(3, 31);
    [0, 1, 2].forEach((j) => { [negative.data[j], negative.data[3 + j]] = [negative.data[3 + j], negative.data[j]]; });
    s.scope(() => { expect(s.slogdet(s.tensor(negative.data, [3, 3], "float64")).sign.item()).toBe(-1); });
    gradcheck((a) => s.slogdet(a).logAbsDet, [negative]);
    gradcheck((a) => s.logDet(spd(a)), [data([3, 3], 32)]);
    s.scope(() => {
      const g = s.grad((a: Tensor) => s.logDet(a))(s.tensor([[2, 0], [0, 4]], [2, 2], "float64"));
      expect(Array.from(g.toArray())).toEqual([0.5, 0, 0, 0.25]);
    });
  });

  it("their gradients are differentiable again (second order against finite differences of the gradient)", () => {
    gradcheck((a) => s.grad((x: Tensor) => s.logDet(x))(a).mul(weights([3, 3])), [well(3, 40)]);
    gradcheck((a, b) => s.grad((x: Tensor) => s.solve(x, b).square().sum())(a).mul(weights([3, 3])), [well(3, 41), data([3], 42)]);
    gradcheck((a) => s.grad((x: Tensor) => s.cholesky(sym(spd(x))).mul(weights([3, 3])).sum())(a).mul(weights([3, 3])), [data([3, 3], 43)]);
    gradcheck((a, b) => s.grad((x: Tensor) => s.solveTriangular(x, b, { upper: true }).sum())(a).mul(weights([3, 3])), [well(3, 44), data([3, 2], 45)]);
  });

  it("the slogdet sign matches torch's, and nothing leaks", () => {
    const fixture = JSON.parse(readFileSync(new URL("../../fixtures/autograd/data.json", import.meta.url), "utf8")) as { cases: { op: string; inputs: { shape: number[]; data: number[] }[]; aux?: { sign: { data: number[] } } }[] };
    const cases = fixture.cases.filter((c) => c.op === "slogdet");
    expect(cases.length).toBe(3);
    const before = s.memory().tensors;
    for (const c of cases) s.scope(() => { expect(s.slogdet(s.tensor(c.inputs[0].data, c.inputs[0].shape, "float64")).sign.item()).toBe(c.aux!.sign.data[0]); });
    const a = s.tensor(well(3, 50).data, [3, 3], "float64");
    const [v, g] = s.valueAndGrad((x: Tensor) => s.add(s.logDet(spd(x)), s.solve(x, s.ones([3], "float64")).sum()))(a);
    expect(s.memory().tensors).toBe(before + 3);
    for (const t of [a, v, g]) t.dispose();
  });
});
