// Vector norms along an axis and cosine similarity.
// x: (outer, axis, inner) row-major, out: (outer, inner), as in reduce.ts. L1 and L2 accumulate |x| and x² in
// f64 in the fixed order of accumulate.ts (so an f32 L2 never overflows: f32 max² ≈ 1.2e77 ≪ f64 max); an
// f64 L2 is not rescaled and overflows to +∞ once Σx² exceeds ~1.8e308 (|x| ≳ 1e154), like a plain sum.
// The Frobenius norm is L2 over all elements (outer = inner = 1). L∞ = max |x|, NaN if any is NaN.
import {
  TERM_ABS, TERM_SQUARE, FINISH_SUM, FINISH_SQRT, COLUMN_SUMS, elementAt, canonical, at64, sumContiguous, dotContiguous,
  cosineSumsContiguous, reduceSums,
} from "./accumulate";
import { reduceExtremes } from "./extremes";

// cos = a·b / max(‖a‖·‖b‖, eps), the formula of torch.nn.functional.cosine_similarity's documentation.
// @ts-ignore: decorator
@inline function cosineFromSums(dot: f64, normA: f64, normB: f64, eps: f64): f64 {
  return dot / max(normA * normB, eps);
}

// out[o, j] = cos(a[o, ·, j], b[o, ·, j]). The contiguous case sums a·b, ‖a‖², ‖b‖² in one pass in the fixed lane order;
// the strided case sums each column in index order (plain in both builds).
// @ts-ignore: decorator
@inline function cosineAlong<T>(
  out: usize, a: usize, b: usize, outer: i32, axis: i32, inner: i32, eps: f64, simd: bool,
): void {
  for (let o = 0; o < outer; o++) {
    const base = o * axis * inner;
    for (let j = 0; j < inner; j++) {
      let dot: f64, aa: f64, bb: f64;
      if (inner == 1) {
        cosineSumsContiguous<T>(elementAt<T>(a, base), elementAt<T>(b, base), axis, simd);
        dot = load<f64>(COLUMN_SUMS);
        aa = load<f64>(COLUMN_SUMS, 8);
        bb = load<f64>(COLUMN_SUMS, 16);
      } else {
        dot = 0; aa = 0; bb = 0;
        for (let k = 0; k < axis; k++) {
          const i = base + k * inner + j;
          const u = at64<T>(a, i);
          const v = at64<T>(b, i);
          dot += u * v; aa += u * u; bb += v * v;
        }
      }
      store<T>(elementAt<T>(out, o * inner + j), canonical<T>(<T>cosineFromSums(dot, Math.sqrt(aa), Math.sqrt(bb), eps)));
    }
  }
}

// out: (n, m), out[i, j] = cos(a_i, b_j) for rows a: (n, d), b: (m, d). scratch: m f64 (the norms ‖b_j‖).
// Same sums as cosineAlong's contiguous case, so out[i, i] equals the row-wise cosine bit for bit.
// @ts-ignore: decorator
@inline function pairwiseCosine<T>(
  out: usize, a: usize, b: usize, scratch: usize, n: i32, m: i32, d: i32, eps: f64, simd: bool,
): void {
  for (let j = 0; j < m; j++) {
    store<f64>(scratch + (<usize>j << 3), Math.sqrt(sumContiguous<T>(elementAt<T>(b, j * d), d, TERM_SQUARE, 0, simd)));
  }
  for (let i = 0; i < n; i++) {
    const ai = elementAt<T>(a, i * d);
    const normA = Math.sqrt(sumContiguous<T>(ai, d, TERM_SQUARE, 0, simd));
    for (let j = 0; j < m; j++) {
      const dot = dotContiguous<T>(ai, elementAt<T>(b, j * d), d, simd);
      store<T>(elementAt<T>(out, i * m + j), canonical<T>(<T>cosineFromSums(dot, normA, load<f64>(scratch + (<usize>j << 3)), eps)));
    }
  }
}

// ---- f32: x, a, b, out f32 ----------------------------------------------------------------------------

/** out = Σ_k |x[·, k, ·]| (L1). */
export function normL1F32(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f32>(out, x, outer, axis, inner, TERM_ABS, FINISH_SUM, 1, true);
}
export function normL1F32Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f32>(out, x, outer, axis, inner, TERM_ABS, FINISH_SUM, 1, false);
}

/** out = √(Σ_k x[·, k, ·]²) (L2; Frobenius with outer = inner = 1). */
export function normL2F32(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f32>(out, x, outer, axis, inner, TERM_SQUARE, FINISH_SQRT, 1, true);
}
export function normL2F32Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f32>(out, x, outer, axis, inner, TERM_SQUARE, FINISH_SQRT, 1, false);
}

/** out = max_k |x[·, k, ·]| (L∞; 0 for axis = 0). */
export function normInfF32(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f32>(out, x, outer, axis, inner, true, true, true);
}
export function normInfF32Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f32>(out, x, outer, axis, inner, true, true, false);
}

/** a, b: (outer, axis, inner); out: (outer, inner) = a·b / max(‖a‖‖b‖, eps) along the axis. */
export function cosineSimilarityF32(out: usize, a: usize, b: usize, outer: i32, axis: i32, inner: i32, eps: f64): void {
  cosineAlong<f32>(out, a, b, outer, axis, inner, eps, true);
}
export function cosineSimilarityF32Ref(out: usize, a: usize, b: usize, outer: i32, axis: i32, inner: i32, eps: f64): void {
  cosineAlong<f32>(out, a, b, outer, axis, inner, eps, false);
}

/** a: (n, d), b: (m, d), scratch: m f64; out: (n, m) = cosine of every row pair. */
export function pairwiseCosineF32(out: usize, a: usize, b: usize, scratch: usize, n: i32, m: i32, d: i32, eps: f64): void {
  pairwiseCosine<f32>(out, a, b, scratch, n, m, d, eps, true);
}
export function pairwiseCosineF32Ref(out: usize, a: usize, b: usize, scratch: usize, n: i32, m: i32, d: i32, eps: f64): void {
  pairwiseCosine<f32>(out, a, b, scratch, n, m, d, eps, false);
}

// ---- f64: the same kernels for f64 data ----------------------------------------------------------------

export function normL1F64(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f64>(out, x, outer, axis, inner, TERM_ABS, FINISH_SUM, 1, true);
}
export function normL1F64Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f64>(out, x, outer, axis, inner, TERM_ABS, FINISH_SUM, 1, false);
}
export function normL2F64(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f64>(out, x, outer, axis, inner, TERM_SQUARE, FINISH_SQRT, 1, true);
}
export function normL2F64Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceSums<f64>(out, x, outer, axis, inner, TERM_SQUARE, FINISH_SQRT, 1, false);
}
export function normInfF64(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f64>(out, x, outer, axis, inner, true, true, true);
}
export function normInfF64Ref(out: usize, x: usize, outer: i32, axis: i32, inner: i32): void {
  reduceExtremes<f64>(out, x, outer, axis, inner, true, true, false);
}
export function cosineSimilarityF64(out: usize, a: usize, b: usize, outer: i32, axis: i32, inner: i32, eps: f64): void {
  cosineAlong<f64>(out, a, b, outer, axis, inner, eps, true);
}
export function cosineSimilarityF64Ref(out: usize, a: usize, b: usize, outer: i32, axis: i32, inner: i32, eps: f64): void {
  cosineAlong<f64>(out, a, b, outer, axis, inner, eps, false);
}
export function pairwiseCosineF64(out: usize, a: usize, b: usize, scratch: usize, n: i32, m: i32, d: i32, eps: f64): void {
  pairwiseCosine<f64>(out, a, b, scratch, n, m, d, eps, true);
}
export function pairwiseCosineF64Ref(out: usize, a: usize, b: usize, scratch: usize, n: i32, m: i32, d: i32, eps: f64): void {
  pairwiseCosine<f64>(out, a, b, scratch, n, m, d, eps, false);
}
