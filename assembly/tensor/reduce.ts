// Reductions along one axis: sum, mean, variance, max, min, argmax.
// A tensor reduced along dimension d is viewed as x: (outer, axis, inner) row-major — outer is the product of
// the dims before d, inner of those after — and out: (outer, inner). Sums accumulate in f64 in the fixed order
// of accumulate.ts: along a contiguous axis (inner = 1) four lane partials combined as (p0 + p2) + (p1 + p3)
// then the tail; along a strided axis (inner > 1) index order per output. SIMD and scalar builds: same bits.
import {
  TERM_VALUE, TERM_CENTRED_SQUARE, COLUMN_SUMS, FINISH_SUM, FINISH_DIVIDE, elementAt, canonical, sumContiguous, sumColumn,
  sumColumns4, reduceSums,
} from "./accumulate";
import { reduceExtremes, extremumContiguous } from "./extremes";

// Two passes: the mean m = Σx / n, then Σ(x − m)² / max(n − correction, 0) (0/0 = NaN when n ≤ correction,
// as torch). Both sums in f64 in the fixed order.
// @ts-ignore: decorator
@inline function varianceAlong<T>(out: usize, x: usize, outer: i32, axis: i32, inner: i32, correction: i32, simd: bool): void {
  const n = <f64>axis;
  const divisor = <f64>max(axis - correction, 0);
  for (let o = 0; o < outer; o++) {
    const xo = elementAt<T>(x, o * axis * inner);
    const oo = elementAt<T>(out, o * inner);
    if (inner == 1) {
      const mean = sumContiguous<T>(xo, axis, TERM_VALUE, 0, simd) / n;
      store<T>(oo, canonical<T>(<T>(sumContiguous<T>(xo, axis, TERM_CENTRED_SQUARE, mean, simd) / divisor)));
      continue;
    }
    let j = 0;
    if (ASC_FEATURE_SIMD && simd) {
      const zero = f64x2.splat(0);
      const nV = f64x2.splat(n);
      const divisorV = f64x2.splat(divisor);
      for (; j + 4 <= inner; j += 4) {
        const xj = elementAt<T>(xo, j);
        sumColumns4<T>(xj, axis, inner, TERM_VALUE, zero, zero);
        const mean01 = f64x2.div(v128.load(COLUMN_SUMS), nV);
        const mean23 = f64x2.div(v128.load(COLUMN_SUMS, 16), nV);
        sumColumns4<T>(xj, axis, inner, TERM_CENTRED_SQUARE, mean01, mean23);
        const v01 = f64x2.div(v128.load(COLUMN_SUMS), divisorV);
        const v23 = f64x2.div(v128.load(COLUMN_SUMS, 16), divisorV);
        store<T>(elementAt<T>(oo, j), canonical<T>(<T>f64x2.extract_lane(v01, 0)));
        store<T>(elementAt<T>(oo, j + 1), canonical<T>(<T>f64x2.extract_lane(v01, 1)));
        store<T>(elementAt<T>(oo, j + 2), canonical<T>(<T>f64x2.extract_lane(v23, 0)));
        store<T>(elementAt<T>(oo, j + 3), canonical<T>(<T>f64x2.extract_lane(v23, 1)));
      }
    }
    for (; j < inner; j++) {
      const xj = elementAt<T>(xo, j);
      const mean = sumColumn<T>(xj, axis, inner, TERM_VALUE, 0) / n;
      store<T>(elementAt<T>(oo, j), canonical<T>(<T>(sumColumn<T>(xj, axis, inner, TERM_CENTRED_SQUARE, mean) / divisor)));
    }
  }
}

// First index of the maximum of x[k·stride], k < count; a NaN counts as larger than everything (torch).
// @ts-ignore: decorator
@inline function argmaxSequential<T>(x: usize, count: i32, stride: i32): i32 {
  let best = load<T>(x);
  let index = 0;
  for (let k = 1; k < count && best == best; k++) {
    const v = load<T>(elementAt<T>(x, k * stride));
    if (v > best || v != v) { best = v; index = k; }
  }
  return index;
}

// The first index i < n with x[i] == target, or with x[i] NaN when target is NaN; n if none.
// @ts-ignore: decorator
@inline function findFirst<T>(x: usize, n: i32, target: T, simd: bool): i32 {
  const lanes = 16 / sizeof<T>();
  const wantNaN = target != target;
  let i = 0;
  if (ASC_FEATURE_SIMD && simd) {
    if (sizeof<T>() == 4) {
      const t = f32x4.splat(<f32>target);
      for (; i + lanes <= n; i += lanes) {
        const v = v128.load(x + (<usize>i << 2));
        const hit = i32x4.bitmask(wantNaN ? f32x4.ne(v, v) : f32x4.eq(v, t));
        if (hit != 0) return i + ctz<i32>(hit);
      }
    } else {
      const t = f64x2.splat(<f64>target);
      for (; i + lanes <= n; i += lanes) {
        const v = v128.load(x + (<usize>i << 3));
        const hit = i64x2.bitmask(wantNaN ? f64x2.ne(v, v) : f64x2.eq(v, t));
        if (hit != 0) return i + ctz<i32>(hit);
      }
    }
  }
  for (; i < n; i++) {
    const v = load<T>(elementAt<T>(x, i));
    if (wantNaN ? v != v : v == target) return i;
  }
  return n;
}

// argmax of a contiguous run in two passes: the maximum m (NaN if any element is NaN, extremumContiguous),
// then the first index holding m (or the first NaN). That is argmaxSequential's answer by definition, and
// both passes are select-and-compare loops that vectorise well.
// @ts-ignore: decorator
@inline function argmaxContiguous<T>(x: usize, n: i32, simd: bool): i32 {
  return findFirst<T>(x, n, extremumContiguous<T>(x, n, true, false, simd), simd);
}

// @ts-ignore: decorator
@inline function argmaxAlong<T>(out: usize, x: usize, outer: i32, axis: i32, inner: i32, simd: bool): void {
  for (let o = 0; o < outer; o++) {
    const xo = elementAt<T>(x, o * axis * inner);
    for (let j = 0; j < inner; j++) {
      const k = inner == 1 ? argmaxContiguous<T>(xo, axis, simd) : argmaxSequential<T>(elementAt<T>(xo, j), axis, inner);
      store<i32>(out + (<usize>(o * inner + j) << 2), k);
    }
  }
}

// ---- f32 ---------------------------------------------------------------------------------------------
// x: (outer, axis, inner) f32, out: (outer, inner) f32 (argmax: i32). axis ≥ 1 for max, min and argmax.

/** out = Σ_k x[·, k, ·]. */
export function sumF32(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f32>(out, x, outer, axis, inner, TERM_VALUE, FINISH_SUM, 1, true);
}
export function sumF32Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f32>(out, x, outer, axis, inner, TERM_VALUE, FINISH_SUM, 1, false);
}

/** out = (Σ_k x[·, k, ·]) / axis (NaN for axis = 0). */
export function meanF32(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f32>(out, x, outer, axis, inner, TERM_VALUE, FINISH_DIVIDE, <f64>axis, true);
}
export function meanF32Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f32>(out, x, outer, axis, inner, TERM_VALUE, FINISH_DIVIDE, <f64>axis, false);
}

/** out = Σ_k (x − mean)² / (axis − correction); correction 1 = unbiased (Bessel), 0 = population. */
export function varianceF32(out: usize, x: usize, outer: i32, axis: i32, inner: i32, correction: i32): void {
  varianceAlong<f32>(out, x, outer, axis, inner, correction, true);
}
export function varianceF32Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32, correction: i32): void {
  varianceAlong<f32>(out, x, outer, axis, inner, correction, false);
}

/** out = max_k x[·, k, ·], NaN if any element is NaN. */
export function maxF32(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f32>(out, x, outer, axis, inner, true, false, true);
}
export function maxF32Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f32>(out, x, outer, axis, inner, true, false, false);
}

/** out = min_k x[·, k, ·], NaN if any element is NaN. */
export function minF32(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f32>(out, x, outer, axis, inner, false, false, true);
}
export function minF32Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f32>(out, x, outer, axis, inner, false, false, false);
}

/** out (i32) = first k attaining max_k x[·, k, ·]; the first NaN if there is one (torch). */
export function argmaxF32(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  argmaxAlong<f32>(out, x, outer, axis, inner, true);
}
export function argmaxF32Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  argmaxAlong<f32>(out, x, outer, axis, inner, false);
}

// ---- f64: the same kernels for x, out f64 -------------------------------------------------------------

export function sumF64(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f64>(out, x, outer, axis, inner, TERM_VALUE, FINISH_SUM, 1, true);
}
export function sumF64Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f64>(out, x, outer, axis, inner, TERM_VALUE, FINISH_SUM, 1, false);
}
export function meanF64(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f64>(out, x, outer, axis, inner, TERM_VALUE, FINISH_DIVIDE, <f64>axis, true);
}
export function meanF64Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f64>(out, x, outer, axis, inner, TERM_VALUE, FINISH_DIVIDE, <f64>axis, false);
}
export function varianceF64(out: usize, x: usize, outer: i32, axis: i32, inner: i32, correction: i32): void {
  varianceAlong<f64>(out, x, outer, axis, inner, correction, true);
}
export function varianceF64Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32, correction: i32): void {
  varianceAlong<f64>(out, x, outer, axis, inner, correction, false);
}
export function maxF64(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f64>(out, x, outer, axis, inner, true, false, true);
}
export function maxF64Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f64>(out, x, outer, axis, inner, true, false, false);
}
export function minF64(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f64>(out, x, outer, axis, inner, false, false, true);
}
export function minF64Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f64>(out, x, outer, axis, inner, false, false, false);
}
export function argmaxF64(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  argmaxAlong<f64>(out, x, outer, axis, inner, true);
}
export function argmaxF64Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  argmaxAlong<f64>(out, x, outer, axis, inner, false);
}
