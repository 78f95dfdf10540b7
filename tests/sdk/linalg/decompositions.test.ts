// cholesky, solveTriangular, solve, slogdet, eigh, svd, matrixRank, cond and lowRankApprox against PyTorch
// 1.13 (tests/fixtures/linalg/make.py). Tolerances, from the standard error bounds with a margin:
//   backward errors (reconstructions, residuals)        ≤ 1e-14·n·‖A‖   (measured ≲ 1e-15·n·‖A‖)
//   eigen-/singular values (Weyl: absolute)            ≤ 1e-14·n·‖A‖₂
//   factors, solutions, log-determinants, cond          ≤ 4·eps·n·cond(A), relative (absolute for logdet):
//   the first-order forward-error bound eps·cond(A) with the factor n of the backward error (measured:
//   ≲ eps·cond/10, e.g. 7e-8 relative for the 64×64 matrix with cond 1e10)
// Vectors are defined up to sign, so they are checked by reconstruction and orthogonality, not entry-wise.
import { beforeAll, describe, expect, it } from "vitest";
import {
  cholesky, cond, eigh, init, logDet, lowRankApprox, matrixRank, memory, slogdet, solve, solveTriangular, svd,
  tensor, type Tensor,
} from "../../../sdk/index";
import { EPS, fixtures, mul, maxAbs, maxAbsDiff, orthogonalityError, scaleColumns, transpose, type SquareCase } from "./helpers";

const FORWARD = 4 * EPS;
const f64 = (data: number[], shape: number[]): Tensor => tensor(data, shape, "float64");
const square = [...fixtures.general, ...fixtures.spd, ...fixtures.illcond, ...fixtures.rankdef];
const label = (c: SquareCase) => `${c.kind} ${c.n}×${c.n}`;

describe("linalg against PyTorch 1.13", () => {
  let live = 0;
  beforeAll(async () => {
    await init();
    live = memory().tensors;
  });

  it("loaded every fixture family with the sizes 1, 2, 3, 5, 8, 17, 64", () => {
    expect(fixtures.general.map((c) => c.n)).toEqual([1, 2, 3, 5, 8, 17, 64]);
    expect(fixtures.illcond.map((c) => c.n)).toEqual([2, 3, 5, 8, 17, 64]);
    expect(fixtures.illcond.every((c) => c.cond! > 1e9)).toBe(true);
  });

  for (const c of [...fixtures.spd, ...fixtures.illcond]) {
    it(`cholesky reproduces torch's factor and A = L·Lᵀ for ${label(c)}`, () => {
      const a = f64(c.a, [c.n, c.n]);
      const L = cholesky(a);
      const l = L.toArray();
      expect(maxAbsDiff(mul(l, transpose(l, c.n, c.n), c.n, c.n, c.n), c.a)).toBeLessThanOrEqual(1e-14 * c.n * maxAbs(c.a));
      expect(maxAbsDiff(l, c.L!)).toBeLessThanOrEqual(FORWARD * c.n * c.cond! * maxAbs(c.L!));
      const b = f64(c.b!, [c.n, 2]);
      const y = solveTriangular(L, b);
      const z = solveTriangular(L, b, { transpose: true });
      expect(maxAbsDiff(y.toArray(), c.lowerSolve!)).toBeLessThanOrEqual(FORWARD * c.n * c.cond! * maxAbs(c.lowerSolve!));
      expect(maxAbsDiff(z.toArray(), c.lowerTransposeSolve!)).toBeLessThanOrEqual(FORWARD * c.n * c.cond! * maxAbs(c.lowerTransposeSolve!));
      for (const t of [a, L, b, y, z]) t.dispose();
    });

    it(`eigh matches torch's eigenvalues and reconstructs A = Q·Λ·Qᵀ for ${label(c)}`, () => {
      const a = f64(c.a, [c.n, c.n]);
      const { eigenvalues, eigenvectors } = eigh(a);
      const w = eigenvalues.toArray(), q = eigenvectors.toArray();
      const norm = maxAbs(c.eigenvalues!);
      expect(maxAbsDiff(w, c.eigenvalues!)).toBeLessThanOrEqual(1e-14 * c.n * norm);
      expect(maxAbsDiff(mul(scaleColumns(q, w, c.n, c.n), transpose(q, c.n, c.n), c.n, c.n, c.n), c.a)).toBeLessThanOrEqual(1e-14 * c.n * norm);
      expect(orthogonalityError(q, c.n, c.n)).toBeLessThanOrEqual(1e-14 * c.n);
      for (const t of [a, eigenvalues, eigenvectors]) t.dispose();
    });
  }

  for (const c of [...fixtures.general, ...fixtures.spd, ...fixtures.illcond]) {
    it(`solve and slogdet agree with torch within 4·eps·n·cond for ${label(c)}`, () => {
      const a = f64(c.a, [c.n, c.n]);
      const k = c.b!.length / c.n;
      const b = f64(c.b!, [c.n, k]);
      const x = solve(a, b);
      expect(maxAbsDiff(x.toArray(), c.x!)).toBeLessThanOrEqual(FORWARD * c.n * c.cond! * maxAbs(c.x!));
      expect(maxAbsDiff(mul(c.a, x.toArray(), c.n, c.n, k), c.b!)).toBeLessThanOrEqual(1e-14 * c.n * maxAbs(c.a) * maxAbs(x.toArray()));
      const r = slogdet(a), ld = logDet(a);
      const sign = r.sign.item(), logAbsDet = r.logAbsDet.item();
      expect(sign).toBe(c.sign);
      expect(Math.abs(logAbsDet - c.logabsdet!)).toBeLessThanOrEqual(FORWARD * c.n * c.cond!);
      expect(ld.item()).toBe(sign < 0 ? NaN : logAbsDet);
      for (const t of [a, b, x, r.sign, r.logAbsDet, ld]) t.dispose();
    });
  }

  for (const c of square) {
    it(`svd matches torch's singular values, rank and cond and reconstructs A = U·S·Vh for ${label(c)}`, () => {
      const a = f64(c.a, [c.n, c.n]);
      const { U, S, Vh } = svd(a);
      const s = S.toArray(), u = U.toArray(), vh = Vh.toArray();
      const smax = Math.max(c.S[0], Number.MIN_VALUE);
      expect(maxAbsDiff(s, c.S)).toBeLessThanOrEqual(1e-14 * c.n * smax);
      expect(maxAbsDiff(mul(scaleColumns(u, s, c.n, c.n), vh, c.n, c.n, c.n), c.a)).toBeLessThanOrEqual(1e-14 * c.n * smax);
      expect(orthogonalityError(u, c.n, c.n)).toBeLessThanOrEqual(1e-14 * c.n);
      expect(orthogonalityError(transpose(vh, c.n, c.n), c.n, c.n)).toBeLessThanOrEqual(1e-14 * c.n);
      expect(matrixRank(a)).toBe(c.rank);
      if (c.kind !== "rankdef") expect(Math.abs(cond(a) - c.cond!) / c.cond!).toBeLessThanOrEqual(FORWARD * c.n * c.cond!);
      else if (c.cond === null) expect(cond(a)).toBeNaN(); // the zero matrix: 0/0, as torch
      else expect(cond(a)).toBeGreaterThan(1e13);
      for (const t of [a, U, S, Vh]) t.dispose();
    });
  }

  for (const c of fixtures.rectangular) {
    it(`svd and lowRankApprox match torch for the ${c.m}×${c.n} matrix`, () => {
      const a = f64(c.a, [c.m, c.n]);
      const k = Math.min(c.m, c.n);
      const { U, S, Vh } = svd(a);
      expect(U.shape).toEqual([c.m, k]);
      expect(Vh.shape).toEqual([k, c.n]);
      const s = S.toArray();
      const tol = 1e-14 * Math.max(c.m, c.n) * c.S[0];
      expect(maxAbsDiff(s, c.S)).toBeLessThanOrEqual(tol);
      expect(maxAbsDiff(mul(scaleColumns(U.toArray(), s, c.m, k), Vh.toArray(), c.m, k, c.n), c.a)).toBeLessThanOrEqual(tol);
      expect(orthogonalityError(U.toArray(), c.m, k)).toBeLessThanOrEqual(1e-13);
      expect(orthogonalityError(transpose(Vh.toArray(), k, c.n), c.n, k)).toBeLessThanOrEqual(1e-13);
      expect(matrixRank(a)).toBe(c.rank);
      const { approx, error } = lowRankApprox(a, c.lowRank);
      expect(Math.abs(error - c.lowRankError)).toBeLessThanOrEqual(tol);
      const tail = Math.sqrt(c.S.slice(c.lowRank).reduce((acc, v) => acc + v * v, 0));
      expect(Math.abs(error - tail)).toBeLessThanOrEqual(tol);
      expect(approx.shape).toEqual([c.m, c.n]);
      for (const t of [a, U, S, Vh, approx]) t.dispose();
    });
  }

  it("left no tensor alive", () => {
    expect(memory().tensors).toBe(live);
  });
});
