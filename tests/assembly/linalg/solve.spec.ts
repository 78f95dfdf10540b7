import { choleskyF64 } from "../../../assembly/linalg/cholesky";
import { luFactorF64, slogdetF64, solveF64, solveScratchBytes } from "../../../assembly/linalg/solve";
import { fillRandom, fromValues, get, matmul, matrix, maxAbsDiff, randomSpd } from "./matrix";

describe("luFactorF64", () => {
  it("pivots [[1, 2], [3, 4]] to L = [[1, 0], [1/3, 1]], U = [[3, 4], [0, 2/3]]", () => {
    const lu = matrix(2, 2);
    const piv = heap.alloc(8);
    expect<i32>(luFactorF64(lu, piv, fromValues([1, 2, 3, 4]), 2)).toBe(0);
    expect<i32>(load<i32>(piv)).toBe(1);
    expect<i32>(load<i32>(piv + 4)).toBe(1);
    expect<f64>(get(lu, 2, 0, 0)).toBe(3.0);
    expect<f64>(get(lu, 2, 0, 1)).toBe(4.0);
    expect<f64>(get(lu, 2, 1, 0)).toBe(1.0 / 3.0);
    expect<f64>(Math.abs(get(lu, 2, 1, 1) - 2.0 / 3.0)).toBeLessThan(1e-15);
  });
});

describe("solveF64", () => {
  it("solves [[1, 2], [3, 4]]·x = [5, 11] to x = [1, 2]", () => {
    const x = matrix(2, 1);
    expect<i32>(solveF64(x, fromValues([1, 2, 3, 4]), fromValues([5, 11]), 2, 1, heap.alloc(solveScratchBytes(2)))).toBe(0);
    expect<f64>(Math.abs(get(x, 1, 0, 0) - 1.0)).toBeLessThan(1e-15);
    expect<f64>(Math.abs(get(x, 1, 1, 0) - 2.0)).toBeLessThan(1e-15);
  });

  it("leaves a residual below 1e-12 for a random 33×33 system with 5 right-hand sides and leaves A unchanged", () => {
    const n = 33, r = 5;
    const a = matrix(n, n);
    fillRandom(a, n, n, 101);
    const a0 = matrix(n, n);
    memory.copy(a0, a, n * n * 8);
    const b = matrix(n, r);
    fillRandom(b, n, r, 102);
    const x = matrix(n, r);
    expect<i32>(solveF64(x, a, b, n, r, heap.alloc(solveScratchBytes(n)))).toBe(0);
    const ax = matrix(n, r);
    matmul(ax, a, x, n, n, r);
    expect<f64>(maxAbsDiff(ax, b, n * r)).toBeLessThan(1e-12);
    expect<f64>(maxAbsDiff(a, a0, n * n)).toBe(0.0);
  });

  it("returns the 1-based step of the zero pivot for the singular [[1, 2], [2, 4]]", () => {
    const x = matrix(2, 1);
    expect<i32>(solveF64(x, fromValues([1, 2, 2, 4]), fromValues([1, 1]), 2, 1, heap.alloc(solveScratchBytes(2)))).toBe(2);
    expect<i32>(solveF64(x, fromValues([0, 0, 0, 0]), fromValues([1, 1]), 2, 1, heap.alloc(solveScratchBytes(2)))).toBe(1);
  });
});

describe("slogdetF64", () => {
  it("gives sign −1 and log 2 for [[1, 2], [3, 4]] (det = −2)", () => {
    const out = matrix(2, 1);
    slogdetF64(out, fromValues([1, 2, 3, 4]), 2, heap.alloc(solveScratchBytes(2)));
    expect<f64>(get(out, 1, 0, 0)).toBe(-1.0);
    expect<f64>(Math.abs(get(out, 1, 1, 0) - Math.log(2.0))).toBeLessThan(1e-15);
  });

  it("agrees with 2·Σ log L[i][i] from the Cholesky factor of a 40×40 positive-definite matrix to 1e-12 relative", () => {
    const n = 40;
    const a = randomSpd(n, 9, 0.05);
    const l = matrix(n, n);
    choleskyF64(l, a, n);
    let ref = 0.0;
    for (let i = 0; i < n; i++) ref += 2.0 * Math.log(get(l, n, i, i));
    const out = matrix(2, 1);
    slogdetF64(out, a, n, heap.alloc(solveScratchBytes(n)));
    expect<f64>(get(out, 1, 0, 0)).toBe(1.0);
    expect<f64>(Math.abs(get(out, 1, 1, 0) - ref)).toBeLessThan(1e-12 * Math.abs(ref));
  });

  it("gives sign 0 and −Infinity for a singular matrix, and sign 1, log 0 for the 0×0 matrix", () => {
    const out = matrix(2, 1);
    slogdetF64(out, fromValues([1, 2, 2, 4]), 2, heap.alloc(solveScratchBytes(2)));
    expect<f64>(get(out, 1, 0, 0)).toBe(0.0);
    expect<f64>(get(out, 1, 1, 0)).toBe(-Infinity);
    slogdetF64(out, matrix(1, 1), 0, heap.alloc(16));
    expect<f64>(get(out, 1, 0, 0)).toBe(1.0);
    expect<f64>(get(out, 1, 1, 0)).toBe(0.0);
  });
});
