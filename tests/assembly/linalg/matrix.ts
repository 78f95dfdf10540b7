// Small helpers for the linalg specs: f64 matrices on the heap, a deterministic filler, products and norms.
// Not a spec itself (as-pect only runs *.spec.ts).

/** A zeroed (rows, cols) f64 matrix on the heap. */
export function matrix(rows: i32, cols: i32): usize {
  const bytes = <usize>max(rows * cols, 1) << 3;
  const p = heap.alloc(bytes);
  memory.fill(p, 0, bytes);
  return p;
}

/** A heap copy of the given row-major values. */
export function fromValues(values: StaticArray<f64>): usize {
  const p = matrix(values.length, 1);
  for (let i = 0; i < values.length; i++) store<f64>(p + (<usize>i << 3), values[i]);
  return p;
}

// @ts-ignore: decorator
@inline export function get(p: usize, cols: i32, i: i32, j: i32): f64 {
  return load<f64>(p + ((<usize>i * <usize>cols + <usize>j) << 3));
}

// @ts-ignore: decorator
@inline export function set(p: usize, cols: i32, i: i32, j: i32, v: f64): void {
  store<f64>(p + ((<usize>i * <usize>cols + <usize>j) << 3), v);
}

/** Fills (rows, cols) with values in [-0.5, 0.5) from a 32-bit LCG seeded with `seed` (Numerical Recipes). */
export function fillRandom(p: usize, rows: i32, cols: i32, seed: u32): void {
  let s = seed;
  for (let i = 0; i < rows * cols; i++) {
    s = s * 1664525 + 1013904223;
    store<f64>(p + (<usize>i << 3), <f64>s / 4294967296.0 - 0.5);
  }
}

/** C = A·B (or A·Bᵀ when transposeB), naive triple loop. A (m, k), B (k, n) or (n, k). */
export function matmul(c: usize, a: usize, b: usize, m: i32, k: i32, n: i32, transposeB: bool = false): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0.0;
      for (let t = 0; t < k; t++) s += get(a, k, i, t) * (transposeB ? get(b, k, j, t) : get(b, n, t, j));
      set(c, n, i, j, s);
    }
  }
}

/** A·Aᵀ + shift·I for a random (n, n) A: symmetric positive definite when shift > 0. */
export function randomSpd(n: i32, seed: u32, shift: f64): usize {
  const g = matrix(n, n);
  fillRandom(g, n, n, seed);
  const a = matrix(n, n);
  matmul(a, g, g, n, n, n, true);
  for (let i = 0; i < n; i++) set(a, n, i, i, get(a, n, i, i) + shift);
  heap.free(g);
  return a;
}

/** max |X[i] − Y[i]| over `size` elements. */
export function maxAbsDiff(x: usize, y: usize, size: i32): f64 {
  let m = 0.0;
  for (let i = 0; i < size; i++) m = Math.max(m, Math.abs(load<f64>(x + (<usize>i << 3)) - load<f64>(y + (<usize>i << 3))));
  return m;
}

/** max |XᵀX − I| for the k columns of X (rows, k): how far the columns are from orthonormal. */
export function columnOrthogonalityError(x: usize, rows: i32, k: i32): f64 {
  let m = 0.0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0.0;
      for (let t = 0; t < rows; t++) s += get(x, k, t, i) * get(x, k, t, j);
      m = Math.max(m, Math.abs(s - (i == j ? 1.0 : 0.0)));
    }
  }
  return m;
}

/** The Frobenius norm ‖X‖_F of `size` elements. */
export function frobenius(x: usize, size: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < size; i++) s += load<f64>(x + (<usize>i << 3)) * load<f64>(x + (<usize>i << 3));
  return Math.sqrt(s);
}
