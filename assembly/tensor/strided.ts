// Strided kernels: numpy broadcasting, copies through views (transpose, permute, expand, slice, flip), comparisons
// and where. The SDK collapses dims and writes a small i32 table `meta` in WASM memory:
//   meta = shape[rank], strideA[rank], strideB[rank], strideC[rank]   (element strides; 0 where broadcast,
//   negative for flip). The output is always contiguous over `shape` (row-major), rank ≥ 1.
// The walk is an odometer over the leading rank − 1 dims with a plain or SIMD loop over the last one. Each
// output element depends on its inputs only, so SIMD and the …Ref siblings give the same bits (see
// elementwise.ts: lane-wise IEEE operations, canonical NaN).
import { canonical, canonicalV } from "./accumulate";

// Odometer state: up to 8 dims (the SDK coalesces adjacent dims first, and refuses more than 8 after that).
const INDEX: usize = memory.data(32, 16);

// @ts-ignore: decorator
@inline const BIN_ADD: i32 = 0;
// @ts-ignore: decorator
@inline const BIN_SUB: i32 = 1;
// @ts-ignore: decorator
@inline const BIN_MUL: i32 = 2;
// @ts-ignore: decorator
@inline const BIN_DIV: i32 = 3;
// @ts-ignore: decorator
@inline const BIN_MAX: i32 = 4;
// @ts-ignore: decorator
@inline const BIN_MIN: i32 = 5;

// @ts-ignore: decorator
@inline function apply<T>(op: i32, x: T, y: T): T {
  if (op == BIN_ADD) return x + y;
  if (op == BIN_SUB) return x - y;
  if (op == BIN_MUL) return x * y;
  if (op == BIN_DIV) return x / y;
  // torch.maximum / minimum propagate NaN; wasm's f32.max / f64.max do the same (and max(−0, +0) = +0)
  if (op == BIN_MAX) return max<T>(x, y);
  return min<T>(x, y);
}

// @ts-ignore: decorator
@inline function applyV<T>(op: i32, x: v128, y: v128): v128 {
  if (sizeof<T>() == 4) {
    if (op == BIN_ADD) return f32x4.add(x, y);
    if (op == BIN_SUB) return f32x4.sub(x, y);
    if (op == BIN_MUL) return f32x4.mul(x, y);
    if (op == BIN_DIV) return f32x4.div(x, y);
    if (op == BIN_MAX) return f32x4.max(x, y);
    return f32x4.min(x, y);
  }
  if (op == BIN_ADD) return f64x2.add(x, y);
  if (op == BIN_SUB) return f64x2.sub(x, y);
  if (op == BIN_MUL) return f64x2.mul(x, y);
  if (op == BIN_DIV) return f64x2.div(x, y);
  if (op == BIN_MAX) return f64x2.max(x, y);
  return f64x2.min(x, y);
}

// @ts-ignore: decorator
@inline function dimAt(meta: usize, k: i32): i32 {
  return load<i32>(meta + (<usize>k << 2));
}

// Number of rows (product of the leading rank − 1 dims); resets the odometer.
// @ts-ignore: decorator
@inline function startRows(meta: usize, rank: i32): i32 {
  let rows = 1;
  for (let d = 0; d < rank - 1; d++) {
    rows *= dimAt(meta, d);
    store<i32>(INDEX + (<usize>d << 2), 0);
  }
  return rows;
}

// Advances the odometer by one row; returns the change of the element offset of operand `which` (1-based)
// — called once per operand with the same state, so the state is advanced by the last call (`commit`).
// @ts-ignore: decorator
@inline function rowStep(meta: usize, rank: i32, which: i32, commit: bool): i32 {
  let delta = 0;
  for (let d = rank - 2; d >= 0; d--) {
    const at = INDEX + (<usize>d << 2);
    const i = load<i32>(at) + 1;
    const stride = dimAt(meta, which * rank + d);
    if (i < dimAt(meta, d)) {
      if (commit) store<i32>(at, i);
      return delta + stride;
    }
    if (commit) store<i32>(at, 0);
    delta -= stride * (dimAt(meta, d) - 1);
  }
  return delta;
}

// out[idx] = a[idx·sa] op b[idx·sb] over meta's shape.
// @ts-ignore: decorator
@inline function binaryStrided<T>(op: i32, out: usize, a: usize, b: usize, meta: usize, rank: i32, simd: bool): void {
  const n = dimAt(meta, rank - 1);
  const sa = dimAt(meta, 2 * rank - 1), sb = dimAt(meta, 3 * rank - 1);
  const rows = startRows(meta, rank);
  const lanes = 16 / sizeof<T>();
  let ao: isize = 0, bo: isize = 0;
  for (let r = 0; r < rows; r++) {
    const pa = a + (ao << alignof<T>()), pb = b + (bo << alignof<T>());
    const po = out + ((<usize>r * <usize>n) << alignof<T>());
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      if (sa == 1 && sb == 1) {
        for (; i + lanes <= n; i += lanes) {
          const off = <usize>i << alignof<T>();
          v128.store(po + off, canonicalV<T>(applyV<T>(op, v128.load(pa + off), v128.load(pb + off))));
        }
      } else if (sa == 1 && sb == 0) {
        const y = sizeof<T>() == 4 ? f32x4.splat(load<f32>(pb)) : f64x2.splat(load<f64>(pb));
        for (; i + lanes <= n; i += lanes) {
          const off = <usize>i << alignof<T>();
          v128.store(po + off, canonicalV<T>(applyV<T>(op, v128.load(pa + off), y)));
        }
      } else if (sa == 0 && sb == 1) {
        const x = sizeof<T>() == 4 ? f32x4.splat(load<f32>(pa)) : f64x2.splat(load<f64>(pa));
        for (; i + lanes <= n; i += lanes) {
          const off = <usize>i << alignof<T>();
          v128.store(po + off, canonicalV<T>(applyV<T>(op, x, v128.load(pb + off))));
        }
      }
    }
    for (; i < n; i++) {
      const x = load<T>(pa + ((<isize>i * sa) << alignof<T>()));
      const y = load<T>(pb + ((<isize>i * sb) << alignof<T>()));
      store<T>(po + (<usize>i << alignof<T>()), canonical<T>(apply<T>(op, x, y)));
    }
    ao += rowStep(meta, rank, 1, false);
    bo += rowStep(meta, rank, 2, true);
  }
}

/** Broadcast binary op over f32: out (shape) = a op b; op 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum. */
export function binaryStridedF32(op: i32, out: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  binaryStrided<f32>(op, out, a, b, meta, rank, true);
}
export function binaryStridedF32Ref(op: i32, out: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  binaryStrided<f32>(op, out, a, b, meta, rank, false);
}
/** Broadcast binary op over f64 (see binaryStridedF32). */
export function binaryStridedF64(op: i32, out: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  binaryStrided<f64>(op, out, a, b, meta, rank, true);
}
export function binaryStridedF64Ref(op: i32, out: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  binaryStrided<f64>(op, out, a, b, meta, rank, false);
}

// int32 arithmetic wraps modulo 2³² like torch's int32 (add, sub, mul, max, min; the SDK promotes div to float).
/** Broadcast binary op over i32: op 0 add, 1 sub, 2 mul, 4 maximum, 5 minimum (wrapping). */
export function binaryStridedI32(op: i32, out: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  const n = dimAt(meta, rank - 1);
  const sa = dimAt(meta, 2 * rank - 1), sb = dimAt(meta, 3 * rank - 1);
  const rows = startRows(meta, rank);
  let ao: isize = 0, bo: isize = 0;
  for (let r = 0; r < rows; r++) {
    const po = out + ((<usize>r * <usize>n) << 2);
    for (let i = 0; i < n; i++) {
      const x = load<i32>(a + ((ao + <isize>i * sa) << 2));
      const y = load<i32>(b + ((bo + <isize>i * sb) << 2));
      let z: i32;
      if (op == BIN_ADD) z = x + y;
      else if (op == BIN_SUB) z = x - y;
      else if (op == BIN_MUL) z = x * y;
      else if (op == BIN_MAX) z = x > y ? x : y;
      else z = x < y ? x : y;
      store<i32>(po + (<usize>i << 2), z);
    }
    ao += rowStep(meta, rank, 1, false);
    bo += rowStep(meta, rank, 2, true);
  }
}

// Comparisons: out (i32 0/1) = a cmp b; 0 eq, 1 ne, 2 lt, 3 le, 4 gt, 5 ge. IEEE: NaN compares unequal to all.
// @ts-ignore: decorator
@inline function compareStrided<T>(op: i32, out: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  const n = dimAt(meta, rank - 1);
  const sa = dimAt(meta, 2 * rank - 1), sb = dimAt(meta, 3 * rank - 1);
  const rows = startRows(meta, rank);
  const shift = alignof<T>();
  let ao: isize = 0, bo: isize = 0;
  for (let r = 0; r < rows; r++) {
    const po = out + ((<usize>r * <usize>n) << 2);
    for (let i = 0; i < n; i++) {
      const x = load<T>(a + ((ao + <isize>i * sa) << shift));
      const y = load<T>(b + ((bo + <isize>i * sb) << shift));
      let z: bool;
      if (op == 0) z = x == y;
      else if (op == 1) z = x != y;
      else if (op == 2) z = x < y;
      else if (op == 3) z = x <= y;
      else if (op == 4) z = x > y;
      else z = x >= y;
      store<i32>(po + (<usize>i << 2), z ? 1 : 0);
    }
    ao += rowStep(meta, rank, 1, false);
    bo += rowStep(meta, rank, 2, true);
  }
}

/** Broadcast comparison of f32 operands into an i32 0/1 mask (see compareStrided). */
export function compareStridedF32(op: i32, out: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  compareStrided<f32>(op, out, a, b, meta, rank);
}
/** Broadcast comparison of f64 operands into an i32 0/1 mask. */
export function compareStridedF64(op: i32, out: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  compareStrided<f64>(op, out, a, b, meta, rank);
}
/** Broadcast comparison of i32 operands into an i32 0/1 mask. */
export function compareStridedI32(op: i32, out: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  compareStrided<i32>(op, out, a, b, meta, rank);
}

// out = cond ? a : b with broadcasting; meta = shape, strideA, strideB, strideCond. Elements are moved as raw
// bits (4 or 8 bytes), so NaN payloads pass through unchanged, as torch.where.
// @ts-ignore: decorator
@inline function whereStrided<T>(out: usize, cond: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  const n = dimAt(meta, rank - 1);
  const sa = dimAt(meta, 2 * rank - 1), sb = dimAt(meta, 3 * rank - 1), sc = dimAt(meta, 4 * rank - 1);
  const rows = startRows(meta, rank);
  const shift = alignof<T>();
  let ao: isize = 0, bo: isize = 0, co: isize = 0;
  for (let r = 0; r < rows; r++) {
    const po = out + ((<usize>r * <usize>n) << shift);
    for (let i = 0; i < n; i++) {
      const c = load<i32>(cond + ((co + <isize>i * sc) << 2));
      const v = c != 0 ? load<T>(a + ((ao + <isize>i * sa) << shift)) : load<T>(b + ((bo + <isize>i * sb) << shift));
      store<T>(po + (<usize>i << shift), v);
    }
    ao += rowStep(meta, rank, 1, false);
    bo += rowStep(meta, rank, 2, false);
    co += rowStep(meta, rank, 3, true);
  }
}

/** where over 4-byte elements (f32 or i32 bits): out = cond ≠ 0 ? a : b. */
export function whereStrided32(out: usize, cond: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  whereStrided<u32>(out, cond, a, b, meta, rank);
}
/** where over 8-byte elements (f64 bits). */
export function whereStrided64(out: usize, cond: usize, a: usize, b: usize, meta: usize, rank: i32): void {
  whereStrided<u64>(out, cond, a, b, meta, rank);
}

// out (contiguous over shape) = src[idx·stride], meta = shape, strideSrc. Raw bits: transpose, permute, expand,
// slice (src offset by the SDK), flip (negative strides). A unit last stride copies whole rows.
// @ts-ignore: decorator
@inline function copyStrided<T>(out: usize, src: usize, meta: usize, rank: i32): void {
  const n = dimAt(meta, rank - 1);
  const s = dimAt(meta, 2 * rank - 1);
  const rows = startRows(meta, rank);
  const shift = alignof<T>();
  let so: isize = 0;
  for (let r = 0; r < rows; r++) {
    const po = out + ((<usize>r * <usize>n) << shift);
    const ps = src + (so << shift);
    if (s == 1) {
      memory.copy(po, ps, <usize>n << shift);
    } else {
      for (let i = 0; i < n; i++) store<T>(po + (<usize>i << shift), load<T>(ps + ((<isize>i * s) << shift)));
    }
    so += rowStep(meta, rank, 1, true);
  }
}

/** Strided gather of 4-byte elements into a contiguous output. */
export function copyStrided32(out: usize, src: usize, meta: usize, rank: i32): void {
  copyStrided<u32>(out, src, meta, rank);
}
/** Strided gather of 8-byte elements into a contiguous output. */
export function copyStrided64(out: usize, src: usize, meta: usize, rank: i32): void {
  copyStrided<u64>(out, src, meta, rank);
}
