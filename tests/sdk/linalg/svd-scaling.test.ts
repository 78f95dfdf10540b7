// svd, matrixRank, cond and lowRankApprox on rank-deficient input did O(n⁴)–O(n⁵) work (completing the basis
// tried every unit vector with a full Gram–Schmidt each): svd(zeros([256, 256])) took 10.5 s and a zero [32768, 2]
// was quadratic in the rows. Growth is checked by counting the kernel's row-element operations for n and 2n.
import { beforeAll, describe, expect, it } from "vitest";
import * as S from "../../../sdk/index";
import { core } from "../../../sdk/runtime/core";

beforeAll(async () => {
  await S.init();
});

/** Row-element operations svdF64 performs for the matrix `make()` builds (inside a scope). */
function work(make: () => S.Tensor, run: (a: S.Tensor) => unknown = (a) => S.svd(a)): number {
  return S.scope(() => {
    const a = make();
    const before = core().svdWorkCount() as number;
    run(a);
    return (core().svdWorkCount() as number) - before;
  });
}

// A rank-r n×n float64 matrix B·C with B (n, r) and C (r, n) normal.
const lowRank = (n: number, r: number) => () =>
  S.matmul(S.normal(S.key(1), [n, r], { dtype: "float64" }), S.normal(S.key(2), [r, n], { dtype: "float64" }));

describe("svd work grows as O(k²·p) per sweep on rank-deficient input", () => {
  it.each([
    ["zeros", (n: number) => () => S.zeros([n, n], "float64")],
    ["rank 1", (n: number) => lowRank(n, 1)],
    ["rank n/2", (n: number) => lowRank(n, n / 2)],
  ])("%s: doubling n multiplies the work by at most ~8 (was 16–32)", (_, make) => {
    const w1 = work(make(48));
    const w2 = work(make(96));
    expect(w1).toBeGreaterThan(0);
    expect(w2 / w1).toBeLessThan(8 * 1.5); // n³ with at most 50 % more sweeps; n⁴ would be 16
  });

  it.each([
    ["zeros", (m: number) => () => S.zeros([m, 2], "float64")],
    ["two equal columns", (m: number) => () => S.tensor(Array.from({ length: 2 * m }, (_, i) => (i >> 1) % 7), [m, 2], "float64")],
  ])("[m, 2] %s: doubling the rows doubles the work (was quadratic)", (_, make) => {
    const w1 = work(make(4096));
    const w2 = work(make(8192));
    expect(w1).toBeGreaterThan(0);
    expect(w2 / w1).toBeLessThan(2.2);
  });

  it("matrixRank, cond and lowRankApprox use the same linear-in-rows path", () => {
    for (const run of [(a: S.Tensor) => S.matrixRank(a), (a: S.Tensor) => S.cond(a), (a: S.Tensor) => S.lowRankApprox(a, 1)]) {
      const w1 = work(() => S.zeros([4096, 2], "float64"), run);
      const w2 = work(() => S.zeros([8192, 2], "float64"), run);
      expect(w2 / w1).toBeLessThan(2.2);
    }
  });

  it("the completed basis is still orthonormal and the rank is right", () => {
    const [rank, gram] = S.scope(() => {
      const a = lowRank(40, 7)();
      const { U } = S.svd(a);
      const g = S.matmul(U, U, { transposeA: true }).toArray();
      return [S.matrixRank(a), Array.from(g)];
    });
    expect(rank).toBe(7);
    for (let i = 0; i < 40; i++) for (let j = 0; j < 40; j++) expect(Math.abs(gram[i * 40 + j] - (i === j ? 1 : 0))).toBeLessThan(1e-12);
  });

  it("size-0 matrices are valid: svd(empty([0, n])) and svd(empty([n, 0]))", () => {
    const shapes = S.scope(() => [[0, 3], [3, 0], [0, 0]].map((s) => {
      const { U, S: s_, Vh } = S.svd(S.empty(s, "float64"));
      return [U.shape, s_.shape, Vh.shape];
    }));
    expect(shapes).toEqual([[[0, 0], [0], [0, 3]], [[3, 0], [0], [0, 0]], [[0, 0], [0], [0, 0]]]);
    expect(S.scope(() => S.matrixRank(S.empty([0, 3], "float64")))).toBe(0);
  });
});
