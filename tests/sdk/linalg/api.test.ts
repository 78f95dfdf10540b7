// What the linalg API promises beyond the numbers: clear errors before WASM, float32 conversion, the sign
// conventions, no leaks, and identical bits in the SIMD and scalar builds.
import { beforeAll, describe, expect, it } from "vitest";
import {
  cholesky, cond, eigh, empty, init, initSync, LinAlgError, logDet, lowRankApprox, matrixRank, memory, scope,
  slogdet, solve, solveTriangular, svd, tensor, zeros, type Tensor,
} from "../../../sdk/index";

const f64 = (data: number[][]): Tensor => tensor(data, undefined, "float64");
// Each test runs in a scope, so every tensor it makes is disposed when it ends.
const test = (name: string, body: () => void) => it(name, () => scope(body));

describe("linalg API", () => {
  beforeAll(async () => {
    await init();
  });

  test("factors [[4, 2], [2, 3]] into [[2, 0], [1, √2]]", () => {
    const a = f64([[4, 2], [2, 3]]);
    const l = cholesky(a);
    expect(Array.from(l.toArray())).toEqual([2, 0, 1, Math.SQRT2]);
    a.dispose(); l.dispose();
  });

  test("names the leading minor of order 2 when cholesky gets the indefinite [[1, 2], [2, 1]]", () => {
    const a = f64([[1, 2], [2, 1]]);
    const before = memory().tensors;
    expect(() => cholesky(a)).toThrow(LinAlgError);
    expect(() => cholesky(a)).toThrow(/not positive definite: the leading minor of order 2/);
    expect(memory().tensors).toBe(before);
    a.dispose();
  });

  test("rejects non-square, int32, rank-3 and non-finite input with errors naming the argument", () => {
    const rect = zeros([2, 3], "float64");
    const ints = tensor([1, 0, 0, 1], [2, 2], "int32");
    const cube = zeros([2, 2, 2], "float64");
    const nan = f64([[1, 0], [NaN, 1]]);
    expect(() => cholesky(rect)).toThrow(/cholesky: a must be square, got shape \[2, 3\]/);
    expect(() => eigh(ints)).toThrow(/eigh: a must have dtype float64 or float32/);
    expect(() => svd(cube)).toThrow(/svd: a must have rank 2/);
    expect(() => solve(nan, nan)).toThrow(/solve: a must have finite entries, got a\[1\]\[0\] = NaN/);
    expect(() => cholesky(3 as unknown as Tensor)).toThrow(TypeError);
    for (const t of [rect, ints, cube, nan]) t.dispose();
  });

  test("accepts float32 input by converting to float64 and returns float64", () => {
    const data = [[4, 1, 0.5], [1, 3, 0.25], [0.5, 0.25, 2]];
    const a32 = tensor(data, undefined, "float32");
    const a64 = f64(data);
    const l32 = cholesky(a32), l64 = cholesky(a64);
    expect(l32.dtype).toBe("float64");
    expect(Array.from(l32.toArray())).toEqual(Array.from(l64.toArray()));
    for (const t of [a32, a64, l32, l64]) t.dispose();
  });

  test("solves with vector and matrix right-hand sides and raises LinAlgError for the singular [[1, 2], [2, 4]]", () => {
    const a = f64([[1, 2], [3, 4]]);
    const b = tensor([5, 11], [2], "float64");
    const x = solve(a, b);
    expect(x.shape).toEqual([2]);
    expect(Array.from(x.toArray()).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 2]);
    const s = f64([[1, 2], [2, 4]]);
    expect(() => solve(s, b)).toThrow(/solve: a \(2×2 float64\) is singular/);
    const b3 = tensor([1, 2, 3], [3], "float64");
    expect(() => solve(a, b3)).toThrow(/b must have 2 rows/);
    const items = (r: { sign: Tensor; logAbsDet: Tensor }) => ({ sign: r.sign.item(), logAbsDet: r.logAbsDet.item() });
    scope(() => {
      expect(items(slogdet(s))).toEqual({ sign: 0, logAbsDet: -Infinity });
      expect(logDet(f64([[0, 1], [1, 0]])).item()).toBeNaN();
      expect(logDet(f64([[2, 0], [0, 3]])).item()).toBeCloseTo(Math.log(6), 15);
      expect(items(slogdet(empty([0, 0], "float64")))).toEqual({ sign: 1, logAbsDet: 0 });
      expect(slogdet(s).logAbsDet.shape).toEqual([]);
    });
    for (const t of [a, b, x, s, b3]) t.dispose();
  });

  test("solves triangular systems in all four orientations and rejects a zero diagonal", () => {
    const l = f64([[2, 0], [1, 1]]);
    const u = f64([[2, 1], [0, 1]]);
    const b = tensor([2, 3], [2], "float64");
    expect(Array.from(solveTriangular(l, b).toArray())).toEqual([1, 2]);
    expect(Array.from(solveTriangular(l, b, { transpose: true }).toArray())).toEqual([-0.5, 3]);
    expect(Array.from(solveTriangular(u, b, { upper: true }).toArray())).toEqual([-0.5, 3]);
    expect(Array.from(solveTriangular(u, b, { upper: true, transpose: true }).toArray())).toEqual([1, 2]);
    expect(Array.from(solveTriangular(l, b, { unitDiagonal: true }).toArray())).toEqual([2, 1]);
    const z = f64([[1, 0], [1, 0]]);
    expect(() => solveTriangular(z, b)).toThrow(/a\[1\]\[1\] = 0 on the diagonal/);
    expect(() => solveTriangular(l, b, { upper: 1 as unknown as boolean })).toThrow(/options.upper must be a boolean/);
  });

  test("makes the largest-magnitude component of every eigenvector positive", () => {
    const a = f64([[2, 1], [1, 2]]);
    const { eigenvalues, eigenvectors } = eigh(a);
    const s = Math.SQRT1_2;
    const w = Array.from(eigenvalues.toArray()), q = Array.from(eigenvectors.toArray());
    expect(w[0]).toBeCloseTo(1, 15);
    expect(w[1]).toBeCloseTo(3, 15);
    [s, s, -s, s].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 15));
    const neg = f64([[1, 0], [0, 2]].map((r) => r.map((v) => -v)));
    expect(Array.from(eigh(neg).eigenvectors.toArray())).toEqual([0, 1, 1, 0]);
  });

  test("refuses an asymmetric matrix for eigh unless symmetryTol allows it", () => {
    const a = f64([[1, 0.5], [0.4, 1]]);
    expect(() => eigh(a)).toThrow(/eigh: a \(2×2 float64\) must be symmetric: \|a\[1\]\[0\] − a\[0\]\[1\]\|/);
    const { eigenvalues } = eigh(a, { symmetryTol: Infinity }); // reads the lower triangle, as torch
    expect(Array.from(eigenvalues.toArray()).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.6, 1.4]);
    expect(() => eigh(a, { symmetryTol: -1 })).toThrow(/symmetryTol must be ≥ 0/);
  });

  test("makes the largest-magnitude entry of every column of U positive and keeps U·S·Vh = A", () => {
    const a = f64([[-3, 0], [-4, -5]]);
    const { U, S, Vh } = svd(a);
    const u = Array.from(U.toArray());
    for (let j = 0; j < 2; j++) {
      const col = [u[j], u[2 + j]];
      const big = Math.abs(col[0]) >= Math.abs(col[1]) ? col[0] : col[1];
      expect(big).toBeGreaterThan(0);
    }
    const s = S.toArray(), vh = Vh.toArray();
    expect(s[0]).toBeCloseTo(3 * Math.sqrt(5), 14);
    expect(s[1]).toBeCloseTo(Math.sqrt(5), 14);
    const rebuilt = [0, 1, 2, 3].map((e) => {
      const i = e >> 1, j = e & 1;
      return u[i * 2] * s[0] * vh[j] + u[i * 2 + 1] * s[1] * vh[2 + j];
    });
    rebuilt.forEach((v, e) => expect(v).toBeCloseTo([-3, 0, -4, -5][e], 14));
  });

  test("answers rank, cond and low-rank questions, with the default tolerance σ_max·max(m, n)·eps", () => {
    expect(matrixRank(f64([[1, 2], [2, 4]]))).toBe(1);
    expect(matrixRank(zeros([3, 3], "float64"))).toBe(0);
    expect(matrixRank(f64([[1, 0], [0, 1e-9]]))).toBe(2);
    expect(matrixRank(f64([[1, 0], [0, 1e-9]]), { tol: 1e-6 })).toBe(1);
    // 1e-7 is above float64's threshold (4.4e-16) but below float32's (2.4e-7): the dtype's eps counts.
    expect(matrixRank(tensor([[1, 0], [0, 1e-7]], undefined, "float32"))).toBe(1);
    expect(cond(f64([[1, 0], [0, 1e-8]]))).toBeCloseTo(1e8, 4);
    expect(cond(f64([[1, 1], [1, 1]]))).toBeGreaterThan(1e15);
    expect(() => cond(empty([0, 3], "float64"))).toThrow(/non-empty/);
    const { approx, error } = lowRankApprox(f64([[3, 0], [4, 5]]), 1);
    expect(error).toBeCloseTo(Math.sqrt(5), 14);
    expect(approx.shape).toEqual([2, 2]);
    expect(lowRankApprox(f64([[3, 0], [4, 5]]), 2).error).toBeLessThan(1e-14);
    expect(() => lowRankApprox(f64([[3, 0], [4, 5]]), 3)).toThrow(/r must be in \[0, 2\], got 3/);
  });

  test("handles the 0×0 and 1×1 edge cases like torch", () => {
    const e = empty([0, 0], "float64");
    expect(cholesky(e).shape).toEqual([0, 0]);
    expect(eigh(e).eigenvalues.shape).toEqual([0]);
    expect(svd(empty([0, 3], "float64")).Vh.shape).toEqual([0, 3]);
    expect(Array.from(cholesky(f64([[9]])).toArray())).toEqual([3]);
    expect(() => cholesky(f64([[0]]))).toThrow(/leading minor of order 1/);
  });

  it("gives identical bits in the SIMD and the scalar build", () => {
    expect(memory().tensors).toBe(0);
    const n = 37;
    const data: number[][] = [];
    let s = 12345;
    for (let i = 0; i < n; i++) {
      data.push([]);
      for (let j = 0; j < n; j++) { s = (s * 1103515245 + 12345) % 2 ** 31; data[i].push(s / 2 ** 31 - 0.5); }
    }
    const spd = data.map((r, i) => r.map((_, j) => data[i].reduce((acc, v, k) => acc + v * data[j][k], 0) + (i === j ? 1 : 0)));
    const runAll = () => scope(() => {
      const a = f64(data), p = f64(spd);
      const out = [cholesky(p), eigh(p).eigenvalues, eigh(p).eigenvectors, svd(a).U, svd(a).S, svd(a).Vh, solve(a, p)]
        .map((t) => Array.from(new Uint32Array(t.toArray().buffer)));
      out.push([slogdet(a).logAbsDet.item()]);
      return out;
    });
    const bits = [true, false].map((simd) => {
      initSync({ simd }); // a fresh core: the tensors of earlier tests belong to the old one
      return runAll();
    });
    expect(bits[0]).toEqual(bits[1]);
    initSync({ simd: true });
  });
});
