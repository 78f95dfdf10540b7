// Row operations shared by the f64 factorizations (Cholesky, LU, eigh, SVD): dot product, axpy, plane
// rotation and a symmetric rank-2 update over contiguous f64 rows. Each has a plain `…Ref` sibling that
// performs the same IEEE operations in the same order, so the SIMD and scalar builds give the same bits
// (WASM has no FMA: a v128 mul then add rounds exactly like the scalar mul then add).

// @ts-ignore: decorator
@inline function at(p: usize, k: i32): usize { return p + (<usize>k << 3); }

/**
 * Dot product Σ_k x[k]·y[k] of two f64 rows of length n, summed in four interleaved lanes
 * (lane = k mod 4), combined as (s0 + s2) + (s1 + s3), then the tail k ≥ 4⌊n/4⌋ added in order.
 */
export function dotF64(x: usize, y: usize, n: i32): f64 {
  if (ASC_FEATURE_SIMD) {
    let a01 = f64x2.splat(0);
    let a23 = f64x2.splat(0);
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      a01 = f64x2.add(a01, f64x2.mul(v128.load(at(x, k)), v128.load(at(y, k))));
      a23 = f64x2.add(a23, f64x2.mul(v128.load(at(x, k + 2)), v128.load(at(y, k + 2))));
    }
    const t = f64x2.add(a01, a23);
    let s = f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
    for (; k < n; k++) s += load<f64>(at(x, k)) * load<f64>(at(y, k));
    return s;
  } else {
    return dotF64Ref(x, y, n);
  }
}

/** Scalar sibling of dotF64: the same four lanes, the same combination order, the same bits. */
export function dotF64Ref(x: usize, y: usize, n: i32): f64 {
  let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    s0 += load<f64>(at(x, k)) * load<f64>(at(y, k));
    s1 += load<f64>(at(x, k + 1)) * load<f64>(at(y, k + 1));
    s2 += load<f64>(at(x, k + 2)) * load<f64>(at(y, k + 2));
    s3 += load<f64>(at(x, k + 3)) * load<f64>(at(y, k + 3));
  }
  let s = (s0 + s2) + (s1 + s3);
  for (; k < n; k++) s += load<f64>(at(x, k)) * load<f64>(at(y, k));
  return s;
}

/** y[k] ← y[k] + alpha·x[k] for k < n (y, x: rows of n f64). Elementwise, so lanes do not matter. */
export function axpyF64(y: usize, alpha: f64, x: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    const va = f64x2.splat(alpha);
    let k = 0;
    for (; k + 2 <= n; k += 2) {
      v128.store(at(y, k), f64x2.add(v128.load(at(y, k)), f64x2.mul(va, v128.load(at(x, k)))));
    }
    for (; k < n; k++) store<f64>(at(y, k), load<f64>(at(y, k)) + alpha * load<f64>(at(x, k)));
  } else {
    axpyF64Ref(y, alpha, x, n);
  }
}

/** Scalar sibling of axpyF64. */
export function axpyF64Ref(y: usize, alpha: f64, x: usize, n: i32): void {
  for (let k = 0; k < n; k++) store<f64>(at(y, k), load<f64>(at(y, k)) + alpha * load<f64>(at(x, k)));
}

/**
 * Plane (Givens/Jacobi) rotation of two rows of n f64:
 * x[k] ← c·x[k] − s·y[k],  y[k] ← s·x[k] + c·y[k]  (both from the old values).
 */
export function rotateRowsF64(x: usize, y: usize, c: f64, s: f64, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    const vc = f64x2.splat(c);
    const vs = f64x2.splat(s);
    let k = 0;
    for (; k + 2 <= n; k += 2) {
      const xv = v128.load(at(x, k));
      const yv = v128.load(at(y, k));
      v128.store(at(x, k), f64x2.sub(f64x2.mul(vc, xv), f64x2.mul(vs, yv)));
      v128.store(at(y, k), f64x2.add(f64x2.mul(vs, xv), f64x2.mul(vc, yv)));
    }
    for (; k < n; k++) rotateOne(x, y, c, s, k);
  } else {
    rotateRowsF64Ref(x, y, c, s, n);
  }
}

// @ts-ignore: decorator
@inline function rotateOne(x: usize, y: usize, c: f64, s: f64, k: i32): void {
  const xk = load<f64>(at(x, k));
  const yk = load<f64>(at(y, k));
  store<f64>(at(x, k), c * xk - s * yk);
  store<f64>(at(y, k), s * xk + c * yk);
}

/** Scalar sibling of rotateRowsF64. */
export function rotateRowsF64Ref(x: usize, y: usize, c: f64, s: f64, n: i32): void {
  for (let k = 0; k < n; k++) rotateOne(x, y, c, s, k);
}

/** Symmetric rank-2 row update z[k] ← z[k] − (f·u[k] + g·w[k]) for k < n (Householder tridiagonalisation). */
export function rank2UpdateF64(z: usize, f: f64, u: usize, g: f64, w: usize, n: i32): void {
  if (ASC_FEATURE_SIMD) {
    const vf = f64x2.splat(f);
    const vg = f64x2.splat(g);
    let k = 0;
    for (; k + 2 <= n; k += 2) {
      const t = f64x2.add(f64x2.mul(vf, v128.load(at(u, k))), f64x2.mul(vg, v128.load(at(w, k))));
      v128.store(at(z, k), f64x2.sub(v128.load(at(z, k)), t));
    }
    for (; k < n; k++) {
      store<f64>(at(z, k), load<f64>(at(z, k)) - (f * load<f64>(at(u, k)) + g * load<f64>(at(w, k))));
    }
  } else {
    rank2UpdateF64Ref(z, f, u, g, w, n);
  }
}

/** Scalar sibling of rank2UpdateF64. */
export function rank2UpdateF64Ref(z: usize, f: f64, u: usize, g: f64, w: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    store<f64>(at(z, k), load<f64>(at(z, k)) - (f * load<f64>(at(u, k)) + g * load<f64>(at(w, k))));
  }
}
