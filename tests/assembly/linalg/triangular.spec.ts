import { solveTriangularF64 } from "../../../assembly/linalg/triangular";
import { fillRandom, fromValues, get, matrix, maxAbsDiff, set } from "./matrix";

// op(T)·X for checking residuals: T (n, n) with only the `upper` / lower triangle meaningful.
function applyTriangular(out: usize, t: usize, x: usize, n: i32, r: i32, upper: bool, transpose: bool, unit: bool): void {
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < r; c++) {
      let s = 0.0;
      for (let k = 0; k < n; k++) {
        const ti = transpose ? k : i;
        const tk = transpose ? i : k;
        const inTriangle = upper ? tk >= ti : tk <= ti;
        if (!inTriangle) continue;
        const v = ti == tk && unit ? 1.0 : get(t, n, ti, tk);
        s += v * get(x, r, k, c);
      }
      set(out, r, i, c, s);
    }
  }
}

describe("solveTriangularF64", () => {
  it("solves [[2, 0], [1, 1]]·x = [2, 3] to [1, 2] and its transpose to [−0.5, 3]", () => {
    const t = fromValues([2, 0, 1, 1]);
    const x = matrix(2, 1);
    expect<i32>(solveTriangularF64(x, t, fromValues([2, 3]), 2, 1, 0, 0, 0)).toBe(0);
    expect<f64>(get(x, 1, 0, 0)).toBe(1.0);
    expect<f64>(get(x, 1, 1, 0)).toBe(2.0);
    expect<i32>(solveTriangularF64(x, t, fromValues([2, 3]), 2, 1, 0, 1, 0)).toBe(0);
    expect<f64>(get(x, 1, 0, 0)).toBe(-0.5);
    expect<f64>(get(x, 1, 1, 0)).toBe(3.0);
  });

  it("leaves a residual below 1e-14·n·max|X| for lower/upper × plain/transposed × unit/stored diagonal with 4 right-hand sides", () => {
    const n = 23, r = 4;
    const t = matrix(n, n);
    fillRandom(t, n, n, 42);
    for (let i = 0; i < n; i++) set(t, n, i, i, 2.0 + get(t, n, i, i)); // well conditioned
    const b = matrix(n, r);
    fillRandom(b, n, r, 43);
    const x = matrix(n, r);
    const check = matrix(n, r);
    for (let mode = 0; mode < 8; mode++) {
      const upper = (mode & 1) != 0, transpose = (mode & 2) != 0, unit = (mode & 4) != 0;
      expect<i32>(solveTriangularF64(x, t, b, n, r, upper ? 1 : 0, transpose ? 1 : 0, unit ? 1 : 0)).toBe(0);
      applyTriangular(check, t, x, n, r, upper, transpose, unit);
      // Backward stable: |op(T)·X − B| ≤ c·n·eps·|T|·|X|; 1e-14·n·max|X| allows c ≈ 2 with max|T| < 2.5.
      let xmax = 0.0;
      for (let i = 0; i < n * r; i++) xmax = Math.max(xmax, Math.abs(load<f64>(x + (<usize>i << 3))));
      expect<f64>(maxAbsDiff(check, b, n * r)).toBeLessThan(1e-14 * <f64>n * xmax);
    }
  });

  it("solves in place (x == b) with the same bits as out of place", () => {
    const n = 7, r = 3;
    const t = matrix(n, n);
    fillRandom(t, n, n, 8);
    for (let i = 0; i < n; i++) set(t, n, i, i, 3.0);
    const b = matrix(n, r);
    fillRandom(b, n, r, 9);
    const x = matrix(n, r);
    solveTriangularF64(x, t, b, n, r, 1, 1, 0);
    solveTriangularF64(b, t, b, n, r, 1, 1, 0);
    expect<f64>(maxAbsDiff(x, b, n * r)).toBe(0.0);
  });

  it("returns i + 1 for the first zero on the diagonal and leaves x untouched", () => {
    const t = fromValues([1, 0, 0, 5, 0, 0, 7, 8, 0]);
    const x = fromValues([-9, -9, -9]);
    expect<i32>(solveTriangularF64(x, t, fromValues([1, 2, 3]), 3, 1, 0, 0, 0)).toBe(2);
    expect<f64>(get(x, 1, 0, 0)).toBe(-9.0);
    // With a unit diagonal the stored zeros are not read.
    expect<i32>(solveTriangularF64(x, t, fromValues([1, 2, 3]), 3, 1, 0, 0, 1)).toBe(0);
  });
});
