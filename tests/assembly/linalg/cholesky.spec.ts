import { choleskyF64, choleskySolveF64 } from "../../../assembly/linalg/cholesky";
import { fillRandom, fromValues, get, matmul, matrix, maxAbsDiff, randomSpd } from "./matrix";

describe("choleskyF64", () => {
  it("factors [[4, 2], [2, 3]] into [[2, 0], [1, √2]]", () => {
    const a = fromValues([4, 2, 2, 3]);
    const l = matrix(2, 2);
    expect<i32>(choleskyF64(l, a, 2)).toBe(0);
    expect<f64>(get(l, 2, 0, 0)).toBe(2.0);
    expect<f64>(get(l, 2, 0, 1)).toBe(0.0);
    expect<f64>(get(l, 2, 1, 0)).toBe(1.0);
    expect<f64>(get(l, 2, 1, 1)).toBe(Math.sqrt(2.0));
  });

  it("reconstructs A = L·Lᵀ within 1e-14·n·max|A| for random positive-definite matrices up to 64×64", () => {
    const sizes: StaticArray<i32> = [1, 2, 3, 5, 8, 17, 64];
    for (let s = 0; s < sizes.length; s++) {
      const n = sizes[s];
      const a = randomSpd(n, 10 + n, 0.1);
      const l = matrix(n, n);
      expect<i32>(choleskyF64(l, a, n)).toBe(0);
      const llt = matrix(n, n);
      matmul(llt, l, l, n, n, n, true);
      let amax = 0.0;
      for (let i = 0; i < n * n; i++) amax = Math.max(amax, Math.abs(load<f64>(a + (<usize>i << 3))));
      expect<f64>(maxAbsDiff(llt, a, n * n)).toBeLessThanOrEqual(1e-14 * <f64>n * amax);
      for (let i = 0; i < n; i++) {
        expect<f64>(get(l, n, i, i)).toBeGreaterThan(0.0);
        for (let j = i + 1; j < n; j++) expect<f64>(get(l, n, i, j)).toBe(0.0);
      }
    }
  });

  it("gives the same factor in place (out == a) as out of place", () => {
    const a = randomSpd(9, 3, 0.5);
    const l = matrix(9, 9);
    expect<i32>(choleskyF64(l, a, 9)).toBe(0);
    expect<i32>(choleskyF64(a, a, 9)).toBe(0);
    expect<f64>(maxAbsDiff(a, l, 81)).toBe(0.0);
  });

  it("returns the order of the first leading minor that is not positive definite", () => {
    const l = matrix(3, 3);
    expect<i32>(choleskyF64(l, fromValues([-1]), 1)).toBe(1);
    expect<i32>(choleskyF64(l, fromValues([1, 2, 2, 1]), 2)).toBe(2);
    // Leading minors 1, 1, then det = −1: the third fails.
    expect<i32>(choleskyF64(l, fromValues([1, 0, 1, 0, 1, 0, 1, 0, 0]), 3)).toBe(3);
    // Positive semi-definite but singular (rank 1) fails at order 2: the pivot is exactly 0.
    expect<i32>(choleskyF64(l, fromValues([1, 1, 1, 1]), 2)).toBe(2);
    expect<i32>(choleskyF64(l, fromValues([NaN]), 1)).toBe(1);
  });
});

describe("choleskySolveF64", () => {
  it("solves [[4, 2], [2, 3]]·x = [6, 5] to x = [1, 1]", () => {
    const l = matrix(2, 2);
    choleskyF64(l, fromValues([4, 2, 2, 3]), 2);
    const x = matrix(2, 1);
    expect<i32>(choleskySolveF64(x, l, fromValues([6, 5]), 2, 1)).toBe(0);
    expect<f64>(Math.abs(get(x, 1, 0, 0) - 1.0)).toBeLessThan(1e-15);
    expect<f64>(Math.abs(get(x, 1, 1, 0) - 1.0)).toBeLessThan(1e-15);
  });

  it("leaves a residual A·X − B below 1e-12 for 17×17 with three right-hand sides", () => {
    const n = 17, r = 3;
    const a = randomSpd(n, 77, 1.0);
    const l = matrix(n, n);
    choleskyF64(l, a, n);
    const b = matrix(n, r);
    fillRandom(b, n, r, 5);
    const x = matrix(n, r);
    expect<i32>(choleskySolveF64(x, l, b, n, r)).toBe(0);
    const ax = matrix(n, r);
    matmul(ax, a, x, n, n, r);
    expect<f64>(maxAbsDiff(ax, b, n * r)).toBeLessThan(1e-12);
  });
});
