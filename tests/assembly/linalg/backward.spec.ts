// The reverse-mode derivatives of linalg/backward.ts: closed forms at n = 1, and central finite differences
// of ℓ(A) = Σ W ⊙ chol(A) and ℓ(A) = Σ W ⊙ A⁻¹ along symmetric directions E_ij + E_ji at n = 4.
import { choleskyF64, choleskySolveF64 } from "../../../assembly/linalg/cholesky";
import { choleskyBackwardF64, inverseBackwardF64 } from "../../../assembly/linalg/backward";
import { fillRandom, fromValues, get, matrix, randomSpd, set } from "./matrix";

const N = 4;

// Σ W ⊙ f(A) with f = chol (inverse == false) or A⁻¹ (by a Cholesky solve against I).
function loss(a: usize, w: usize, inverse: bool): f64 {
  const l = matrix(N, N);
  choleskyF64(l, a, N);
  let out = l;
  if (inverse) {
    const eye = matrix(N, N);
    for (let i = 0; i < N; i++) set(eye, N, i, i, 1.0);
    out = matrix(N, N);
    choleskySolveF64(out, l, eye, N, N);
  }
  let s = 0.0;
  for (let i = 0; i < N * N; i++) s += load<f64>(w + (<usize>i << 3)) * load<f64>(out + (<usize>i << 3));
  return s;
}

// (ℓ(A + hE) − ℓ(A − hE))/2h with E = E_ij + E_ji (E_ii alone on the diagonal).
function centralDifference(a: usize, w: usize, i: i32, j: i32, inverse: bool): f64 {
  const h = 1e-6;
  const p = matrix(N, N), m = matrix(N, N);
  memory.copy(p, a, N * N * 8);
  memory.copy(m, a, N * N * 8);
  set(p, N, i, j, get(a, N, i, j) + h);
  set(m, N, i, j, get(a, N, i, j) - h);
  if (i != j) {
    set(p, N, j, i, get(a, N, j, i) + h);
    set(m, N, j, i, get(a, N, j, i) - h);
  }
  return (loss(p, w, inverse) - loss(m, w, inverse)) / (2 * h);
}

describe("choleskyBackwardF64", () => {
  it("gives d√a/da · ḡ = ḡ/(2√a) at n = 1", () => {
    const out = matrix(1, 1);
    expect<i32>(choleskyBackwardF64(out, fromValues([2.0]), fromValues([3.0]), 1, matrix(1, 1))).toBe(0);
    expect<f64>(load<f64>(out)).toBe(0.75); // A = 4, L = 2, L̄ = 3
  });

  it("matches central differences of Σ W ⊙ chol(A) along symmetric directions, and is symmetric", () => {
    const a = randomSpd(N, 7, 0.5);
    const w = matrix(N, N);
    fillRandom(w, N, N, 9);
    const l = matrix(N, N);
    choleskyF64(l, a, N);
    const out = matrix(N, N);
    choleskyBackwardF64(out, l, w, N, matrix(N, N)); // the upper triangle of W is not read, as it should not be
    for (let i = 0; i < N; i++) {
      for (let j = 0; j <= i; j++) {
        expect<f64>(get(out, N, i, j)).toBe(get(out, N, j, i));
        const analytic = i == j ? get(out, N, i, i) : 2 * get(out, N, i, j);
        expect<f64>(Math.abs(centralDifference(a, w, i, j, false) - analytic)).toBeLessThan(1e-7, `(${i}, ${j})`);
      }
    }
  });
});

describe("inverseBackwardF64", () => {
  it("gives −ḡ/a² at n = 1", () => {
    const out = matrix(1, 1);
    inverseBackwardF64(out, fromValues([0.25]), fromValues([2.0]), 1, matrix(1, 1));
    expect<f64>(load<f64>(out)).toBe(-0.125);
  });

  it("matches central differences of Σ W ⊙ A⁻¹ along symmetric directions", () => {
    const a = randomSpd(N, 11, 0.5);
    const w = matrix(N, N);
    fillRandom(w, N, N, 13);
    const l = matrix(N, N), x = matrix(N, N), eye = matrix(N, N);
    for (let i = 0; i < N; i++) set(eye, N, i, i, 1.0);
    choleskyF64(l, a, N);
    choleskySolveF64(x, l, eye, N, N);
    const out = matrix(N, N);
    inverseBackwardF64(out, x, w, N, matrix(N, N));
    for (let i = 0; i < N; i++) {
      for (let j = 0; j <= i; j++) {
        const analytic = i == j ? get(out, N, i, i) : get(out, N, i, j) + get(out, N, j, i);
        expect<f64>(Math.abs(centralDifference(a, w, i, j, true) - analytic)).toBeLessThan(1e-6, `(${i}, ${j})`);
      }
    }
  });
});
