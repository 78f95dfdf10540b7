// Test-side helpers for the linalg tests: the torch fixtures and plain float64 matrix arithmetic in JS
// (reference checks only; the library computes in WASM).
import { readFileSync } from "node:fs";

export interface SquareCase {
  kind: string; n: number; a: number[]; b?: number[]; x?: number[]; L?: number[]; eigenvalues?: number[];
  lowerSolve?: number[]; lowerTransposeSolve?: number[]; sign?: number; logabsdet?: number;
  S: number[]; rank: number; cond: number | null; expectedRank?: number;
}
export interface RectangularCase { m: number; n: number; a: number[]; S: number[]; rank: number; lowRank: number; lowRankError: number }

export const fixtures = JSON.parse(readFileSync(new URL("../../fixtures/linalg/data.json", import.meta.url), "utf8")) as {
  general: SquareCase[]; spd: SquareCase[]; illcond: SquareCase[]; rankdef: SquareCase[];
  rectangular: RectangularCase[];
  seed003: {
    svd: { a: number[]; m: number; n: number; float32: Record<string, number | number[]>; float64: Record<string, number | number[]> };
    eigh: { cov: number[]; float32: { eigenvaluesDescending: number[]; conditionNumber: number }; float64: { eigenvaluesDescending: number[]; conditionNumber: number } };
  };
};

export const EPS = 2 ** -52;

/** C = A·B for row-major A (m, k), B (k, n). */
export function mul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let t = 0; t < k; t++) {
    const v = a[i * k + t];
    for (let j = 0; j < n; j++) c[i * n + j] += v * b[t * n + j];
  }
  return c;
}

/** Aᵀ for row-major A (m, n). */
export function transpose(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

/** max |x_i − y_i|. */
export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`length ${x.length} vs ${y.length}`);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

/** max |x_i|. */
export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** max |QᵀQ − I| over the k columns of Q (rows, k). */
export function orthogonalityError(q: ArrayLike<number>, rows: number, k: number): number {
  const g = mul(transpose(q, rows, k), q, k, rows, k);
  let e = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) e = Math.max(e, Math.abs(g[i * k + j] - (i === j ? 1 : 0)));
  return e;
}

/** Scales the columns of Q (rows, k) by d: Q·diag(d). */
export function scaleColumns(q: ArrayLike<number>, d: ArrayLike<number>, rows: number, k: number): Float64Array {
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) out[i * k + j] = q[i * k + j] * d[j];
  return out;
}
