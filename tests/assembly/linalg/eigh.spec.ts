import { eighF64, eighScratchBytes } from "../../../assembly/linalg/eigh";
import { columnOrthogonalityError, fillRandom, fromValues, get, matrix, maxAbsDiff, randomSpd, set } from "./matrix";

// max |A − Q·diag(λ)·Qᵀ| over the lower triangle.
function eighReconstructionError(a: usize, q: usize, w: usize, n: i32): f64 {
  let m = 0.0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0.0;
      for (let k = 0; k < n; k++) s += get(q, n, i, k) * load<f64>(w + (<usize>k << 3)) * get(q, n, j, k);
      m = Math.max(m, Math.abs(s - get(a, n, i, j)));
    }
  }
  return m;
}

// Whether every column's largest-magnitude component (first on ties) is positive.
function followsSignConvention(q: usize, n: i32): bool {
  for (let j = 0; j < n; j++) {
    let big = 0.0, at = 0;
    for (let i = 0; i < n; i++) if (Math.abs(get(q, n, i, j)) > big) { big = Math.abs(get(q, n, i, j)); at = i; }
    if (get(q, n, at, j) < 0) return false;
  }
  return true;
}

describe("eighF64", () => {
  it("decomposes [[2, 1], [1, 2]] into λ = [1, 3] with columns [s, −s] and [s, s], s = 1/√2", () => {
    const w = matrix(2, 1), q = matrix(2, 2);
    expect<i32>(eighF64(w, q, fromValues([2, 1, 1, 2]), 2, heap.alloc(eighScratchBytes(2)))).toBe(0);
    expect<f64>(Math.abs(get(w, 1, 0, 0) - 1.0)).toBeLessThan(1e-15);
    expect<f64>(Math.abs(get(w, 1, 1, 0) - 3.0)).toBeLessThan(1e-15);
    const s = Math.SQRT1_2;
    expect<f64>(Math.abs(get(q, 2, 0, 0) - s)).toBeLessThan(1e-15);
    expect<f64>(Math.abs(get(q, 2, 1, 0) + s)).toBeLessThan(1e-15);
    expect<f64>(Math.abs(get(q, 2, 0, 1) - s)).toBeLessThan(1e-15);
    expect<f64>(Math.abs(get(q, 2, 1, 1) - s)).toBeLessThan(1e-15);
  });

  it("reconstructs A = Q·Λ·Qᵀ with orthonormal Q and ascending λ for random symmetric matrices up to 64×64", () => {
    const sizes: StaticArray<i32> = [1, 2, 3, 5, 8, 17, 64];
    for (let t = 0; t < sizes.length; t++) {
      const n = sizes[t];
      const a = matrix(n, n);
      fillRandom(a, n, n, 200 + n);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) set(a, n, j, i, get(a, n, i, j));
      const w = matrix(n, 1), q = matrix(n, n);
      expect<i32>(eighF64(w, q, a, n, heap.alloc(eighScratchBytes(n)))).toBe(0);
      // ‖A‖₂ ≤ n/2 here; backward error O(n·eps·‖A‖).
      expect<f64>(eighReconstructionError(a, q, w, n)).toBeLessThan(1e-14 * <f64>n);
      expect<f64>(columnOrthogonalityError(q, n, n)).toBeLessThan(1e-14 * <f64>n);
      for (let i = 1; i < n; i++) expect<bool>(get(w, 1, i - 1, 0) <= get(w, 1, i, 0)).toBe(true);
      expect<bool>(followsSignConvention(q, n)).toBe(true);
    }
  });

  it("reads only the lower triangle (garbage above the diagonal changes nothing)", () => {
    const n = 6;
    const a = randomSpd(n, 11, 0.0);
    const b = matrix(n, n);
    memory.copy(b, a, n * n * 8);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) set(b, n, i, j, 1e6 * <f64>(i - j));
    const wa = matrix(n, 1), qa = matrix(n, n), wb = matrix(n, 1), qb = matrix(n, n);
    eighF64(wa, qa, a, n, heap.alloc(eighScratchBytes(n)));
    eighF64(wb, qb, b, n, heap.alloc(eighScratchBytes(n)));
    expect<f64>(maxAbsDiff(wa, wb, n)).toBe(0.0);
    expect<f64>(maxAbsDiff(qa, qb, n * n)).toBe(0.0);
  });

  it("returns the identity as eigenvectors of a diagonal matrix, sorted, and handles a repeated eigenvalue", () => {
    const n = 4;
    const a = fromValues([3, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2]);
    const w = matrix(n, 1), q = matrix(n, n);
    expect<i32>(eighF64(w, q, a, n, heap.alloc(eighScratchBytes(n)))).toBe(0);
    expect<f64>(get(w, 1, 0, 0)).toBe(1.0);
    expect<f64>(get(w, 1, 1, 0)).toBe(2.0);
    expect<f64>(get(w, 1, 2, 0)).toBe(2.0);
    expect<f64>(get(w, 1, 3, 0)).toBe(3.0);
    expect<f64>(columnOrthogonalityError(q, n, n)).toBeLessThan(1e-15);
    expect<f64>(get(q, n, 1, 0)).toBe(1.0);
    expect<f64>(get(q, n, 0, 3)).toBe(1.0);
  });

  it("works in place (vectors == a) with the same bits", () => {
    const n = 10;
    const a = randomSpd(n, 12, 0.0);
    const w1 = matrix(n, 1), q = matrix(n, n), w2 = matrix(n, 1);
    eighF64(w1, q, a, n, heap.alloc(eighScratchBytes(n)));
    eighF64(w2, a, a, n, heap.alloc(eighScratchBytes(n)));
    expect<f64>(maxAbsDiff(w1, w2, n)).toBe(0.0);
    expect<f64>(maxAbsDiff(q, a, n * n)).toBe(0.0);
  });
});
