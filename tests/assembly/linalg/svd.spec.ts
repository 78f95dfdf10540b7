import { svdF64, svdScratchBytes } from "../../../assembly/linalg/svd";
import { columnOrthogonalityError, fillRandom, fromValues, get, matrix, set } from "./matrix";

// max |A − U·diag(S)·Vh|.
function svdReconstructionError(a: usize, u: usize, s: usize, vh: usize, m: i32, n: i32): f64 {
  const k = min(m, n);
  let e = 0.0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0.0;
      for (let r = 0; r < k; r++) t += get(u, k, i, r) * load<f64>(s + (<usize>r << 3)) * get(vh, n, r, j);
      e = Math.max(e, Math.abs(t - get(a, n, i, j)));
    }
  }
  return e;
}

// max |Vh·Vhᵀ − I| for the k rows of Vh (k, n).
function rowOrthogonalityError(vh: usize, k: i32, n: i32): f64 {
  let e = 0.0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let t = 0.0;
      for (let c = 0; c < n; c++) t += get(vh, n, i, c) * get(vh, n, j, c);
      e = Math.max(e, Math.abs(t - (i == j ? 1.0 : 0.0)));
    }
  }
  return e;
}

function run(u: usize, s: usize, vh: usize, a: usize, m: i32, n: i32): i32 {
  return svdF64(u, s, vh, a, m, n, heap.alloc(svdScratchBytes(m, n)));
}

describe("svdF64", () => {
  it("gives S = [3√5, √5] for [[3, 0], [4, 5]]", () => {
    const u = matrix(2, 2), s = matrix(2, 1), vh = matrix(2, 2);
    const a = fromValues([3, 0, 4, 5]);
    expect<i32>(run(u, s, vh, a, 2, 2)).toBe(0);
    expect<f64>(Math.abs(get(s, 1, 0, 0) - 3.0 * Math.sqrt(5.0))).toBeLessThan(1e-14);
    expect<f64>(Math.abs(get(s, 1, 1, 0) - Math.sqrt(5.0))).toBeLessThan(1e-14);
    expect<f64>(svdReconstructionError(a, u, s, vh, 2, 2)).toBeLessThan(1e-14);
  });

  it("reconstructs A = U·S·Vh with orthonormal U, Vh and descending S for tall, wide and square random matrices", () => {
    const ms: StaticArray<i32> = [1, 2, 3, 6, 4, 8, 17, 64, 30, 5];
    const ns: StaticArray<i32> = [1, 2, 3, 4, 6, 8, 17, 64, 10, 40];
    for (let t = 0; t < ms.length; t++) {
      const m = ms[t], n = ns[t], k = min(m, n);
      const a = matrix(m, n);
      fillRandom(a, m, n, 300 + t);
      const u = matrix(m, k), s = matrix(k, 1), vh = matrix(k, n);
      expect<i32>(run(u, s, vh, a, m, n)).toBe(0);
      const tol = 1e-14 * <f64>max(m, n);
      expect<f64>(svdReconstructionError(a, u, s, vh, m, n)).toBeLessThan(tol);
      expect<f64>(columnOrthogonalityError(u, m, k)).toBeLessThan(tol);
      expect<f64>(rowOrthogonalityError(vh, k, n)).toBeLessThan(tol);
      for (let i = 1; i < k; i++) expect<bool>(get(s, 1, i - 1, 0) >= get(s, 1, i, 0)).toBe(true);
      // Sign convention: the largest-magnitude entry of each column of U is positive.
      for (let j = 0; j < k; j++) {
        let big = 0.0, at = 0;
        for (let i = 0; i < m; i++) if (Math.abs(get(u, k, i, j)) > big) { big = Math.abs(get(u, k, i, j)); at = i; }
        expect<f64>(get(u, k, at, j)).toBeGreaterThan(0.0);
      }
    }
  });

  it("finds the two nonzero singular values of a rank-2 6×5 matrix and keeps U orthonormal", () => {
    const m = 6, n = 5;
    const b = matrix(m, 2), c = matrix(2, n), a = matrix(m, n);
    fillRandom(b, m, 2, 7);
    fillRandom(c, 2, n, 8);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) set(a, n, i, j, get(b, 2, i, 0) * get(c, n, 0, j) + get(b, 2, i, 1) * get(c, n, 1, j));
    const u = matrix(m, n), s = matrix(n, 1), vh = matrix(n, n);
    expect<i32>(run(u, s, vh, a, m, n)).toBe(0);
    expect<f64>(get(s, 1, 1, 0)).toBeGreaterThan(1e-3);
    for (let r = 2; r < n; r++) expect<f64>(get(s, 1, r, 0)).toBeLessThan(1e-15 * get(s, 1, 0, 0) * 10.0);
    expect<f64>(svdReconstructionError(a, u, s, vh, m, n)).toBeLessThan(1e-15);
    expect<f64>(columnOrthogonalityError(u, m, n)).toBeLessThan(1e-14);
    expect<f64>(rowOrthogonalityError(vh, n, n)).toBeLessThan(1e-14);
  });

  it("completes the basis for the zero matrix: S = 0, U and Vh orthonormal", () => {
    const u = matrix(3, 2), s = matrix(2, 1), vh = matrix(2, 2);
    expect<i32>(run(u, s, vh, matrix(3, 2), 3, 2)).toBe(0);
    expect<f64>(get(s, 1, 0, 0)).toBe(0.0);
    expect<f64>(get(s, 1, 1, 0)).toBe(0.0);
    expect<f64>(columnOrthogonalityError(u, 3, 2)).toBe(0.0);
    expect<f64>(rowOrthogonalityError(vh, 2, 2)).toBe(0.0);
  });

  it("scales exactly by powers of two: A·2^600 has singular values S·2^600 bit for bit", () => {
    const m = 5, n = 4;
    const a = matrix(m, n), big = matrix(m, n);
    fillRandom(a, m, n, 99);
    const f = Math.pow(2.0, 600.0);
    for (let i = 0; i < m * n; i++) store<f64>(big + (<usize>i << 3), load<f64>(a + (<usize>i << 3)) * f);
    const u = matrix(m, n), s = matrix(n, 1), vh = matrix(n, n), s2 = matrix(n, 1);
    run(u, s, vh, a, m, n);
    run(u, s2, vh, big, m, n);
    for (let r = 0; r < n; r++) expect<f64>(get(s2, 1, r, 0)).toBe(get(s, 1, r, 0) * f);
  });

  it("keeps full relative accuracy for singular values down to 1e-300 beside 1 (a graded diagonal)", () => {
    const n = 10;
    const a = matrix(n, n);
    for (let i = 0; i < n; i++) set(a, n, i, i, Math.pow(10.0, -300.0 * <f64>i / 9.0));
    const u = matrix(n, n), s = matrix(n, 1), vh = matrix(n, n);
    expect<i32>(run(u, s, vh, a, n, n)).toBe(0);
    for (let i = 0; i < n; i++) {
      const want = get(a, n, i, i);
      expect<f64>(Math.abs(get(s, 1, i, 0) - want) / want).toBeLessThan(1e-15);
    }
    expect<f64>(columnOrthogonalityError(u, n, n)).toBe(0.0);
  });
});
