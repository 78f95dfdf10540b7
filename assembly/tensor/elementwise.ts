// Elementwise arithmetic and maps over f32 and f64 arrays. Each output element depends on its inputs only,
// so the SIMD loop and the plain loop (the …Ref kernels, and the whole scalar build) give the same bits:
// WASM's vector add/sub/mul/div/sqrt/min/max are the scalar IEEE operations lane by lane, and exp/log use the
// shared polynomials of math/expf.ts and math/logf.ts whose scalar and 4-lane forms agree bit for bit.
// Every NaN written is the canonical quiet NaN (see accumulate.ts: WASM leaves a NaN's sign to the CPU and
// to vector vs scalar, so we fix it). out may alias a (in place). Broadcasting: b's shape is a suffix of a's, so a = (outer, inner), b = (inner).
import { expF32, expF32x4 } from "../math/expf";
import { logF32, logF32x4 } from "../math/logf";
import { canonical, canonicalV } from "./accumulate";

// @ts-ignore: decorator
@inline const OP_ADD: i32 = 0;
// @ts-ignore: decorator
@inline const OP_SUB: i32 = 1;
// @ts-ignore: decorator
@inline const OP_MUL: i32 = 2;
// @ts-ignore: decorator
@inline const OP_DIV: i32 = 3;

// @ts-ignore: decorator
@inline function apply<T>(op: i32, x: T, y: T): T {
  if (op == OP_ADD) return x + y;
  if (op == OP_SUB) return x - y;
  if (op == OP_MUL) return x * y;
  return x / y;
}

// @ts-ignore: decorator
@inline function applyV<T>(op: i32, x: v128, y: v128): v128 {
  if (sizeof<T>() == 4) {
    if (op == OP_ADD) return f32x4.add(x, y);
    if (op == OP_SUB) return f32x4.sub(x, y);
    if (op == OP_MUL) return f32x4.mul(x, y);
    return f32x4.div(x, y);
  }
  if (op == OP_ADD) return f64x2.add(x, y);
  if (op == OP_SUB) return f64x2.sub(x, y);
  if (op == OP_MUL) return f64x2.mul(x, y);
  return f64x2.div(x, y);
}

// out[o, i] = a[o, i] op b[i] for a, out: (outer, inner), b: (inner).
// @ts-ignore: decorator
@inline function binaryBroadcast<T>(op: i32, out: usize, a: usize, b: usize, outer: i32, inner: i32, simd: bool): void {
  const lanes = 16 / sizeof<T>();
  const rowBytes = <usize>inner << alignof<T>();
  for (let o = 0; o < outer; o++) {
    const ao = a + <usize>o * rowBytes;
    const oo = out + <usize>o * rowBytes;
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; i + lanes <= inner; i += lanes) {
        const off = <usize>i << alignof<T>();
        v128.store(oo + off, canonicalV<T>(applyV<T>(op, v128.load(ao + off), v128.load(b + off))));
      }
    }
    for (; i < inner; i++) {
      const off = <usize>i << alignof<T>();
      store<T>(oo + off, canonical<T>(apply<T>(op, load<T>(ao + off), load<T>(b + off))));
    }
  }
}

// out[i] = a[i] op s for i < n.
// @ts-ignore: decorator
@inline function binaryScalar<T>(op: i32, out: usize, a: usize, s: T, n: i32, simd: bool): void {
  const lanes = 16 / sizeof<T>();
  let i = 0;
  if (ASC_FEATURE_SIMD && simd) {
    const sV = sizeof<T>() == 4 ? f32x4.splat(<f32>s) : f64x2.splat(<f64>s);
    for (; i + lanes <= n; i += lanes) {
      const off = <usize>i << alignof<T>();
      v128.store(out + off, canonicalV<T>(applyV<T>(op, v128.load(a + off), sV)));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << alignof<T>();
    store<T>(out + off, canonical<T>(apply<T>(op, load<T>(a + off), s)));
  }
}

// @ts-ignore: decorator
@inline const MAP_EXP: i32 = 0;
// @ts-ignore: decorator
@inline const MAP_LOG: i32 = 1;
// @ts-ignore: decorator
@inline const MAP_SQRT: i32 = 2;
// @ts-ignore: decorator
@inline const MAP_ABS: i32 = 3;
// @ts-ignore: decorator
@inline const MAP_CLAMP: i32 = 4;

// @ts-ignore: decorator
@inline function map<T>(fn: i32, x: T, lo: T, hi: T): T {
  if (fn == MAP_EXP) return sizeof<T>() == 4 ? <T>expF32(<f32>x) : <T>Math.exp(<f64>x);
  if (fn == MAP_LOG) return sizeof<T>() == 4 ? <T>logF32(<f32>x) : <T>Math.log(<f64>x);
  if (fn == MAP_SQRT) return sqrt<T>(x);
  if (fn == MAP_ABS) return abs<T>(x);
  // torch.clamp as selects (WASM pmax/pmin): a NaN x fails both comparisons and passes through unchanged.
  const y = x < lo ? lo : x;
  return hi < y ? hi : y;
}

// Four f32 lanes of map; log takes the polynomial path only when every lane is a positive normal number
// (logF32x4's domain) and otherwise the scalar function lane by lane, which handles 0, < 0, ∞, NaN, subnormals.
// @ts-ignore: decorator
@inline function map32x4(fn: i32, p: usize, out: usize, lo: v128, hi: v128): void {
  const v = v128.load(p);
  if (fn == MAP_EXP) { v128.store(out, canonicalV<f32>(expF32x4(v))); return; }
  if (fn == MAP_LOG) {
    const normal = v128.and(i32x4.ge_s(v, i32x4.splat(0x00800000)), i32x4.lt_s(v, i32x4.splat(0x7f800000)));
    if (i32x4.all_true(normal)) { v128.store(out, logF32x4(v)); return; }
    for (let l = 0; l < 4; l++) store<f32>(out + (<usize>l << 2), canonical<f32>(logF32(load<f32>(p + (<usize>l << 2)))));
    return;
  }
  if (fn == MAP_SQRT) { v128.store(out, canonicalV<f32>(f32x4.sqrt(v))); return; }
  if (fn == MAP_ABS) { v128.store(out, f32x4.abs(v)); return; }
  v128.store(out, f32x4.pmin(f32x4.pmax(v, lo), hi)); // pmax(v, lo) = v < lo ? lo : v, as map
}

// Two f64 lanes of map (exp and log have no vector form in f64: they stay on the scalar loop).
// @ts-ignore: decorator
@inline function map64x2(fn: i32, v: v128, lo: v128, hi: v128): v128 {
  if (fn == MAP_SQRT) return canonicalV<f64>(f64x2.sqrt(v));
  if (fn == MAP_ABS) return f64x2.abs(v);
  return f64x2.pmin(f64x2.pmax(v, lo), hi);
}

// out[i] = fn(x[i]) for i < n.
// @ts-ignore: decorator
@inline function mapAll<T>(fn: i32, out: usize, x: usize, n: i32, lo: T, hi: T, simd: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && simd) {
    if (sizeof<T>() == 4) {
      const loV = f32x4.splat(<f32>lo);
      const hiV = f32x4.splat(<f32>hi);
      for (; i + 4 <= n; i += 4) map32x4(fn, x + (<usize>i << 2), out + (<usize>i << 2), loV, hiV);
    } else if (fn != MAP_EXP && fn != MAP_LOG) {
      const loV = f64x2.splat(<f64>lo);
      const hiV = f64x2.splat(<f64>hi);
      for (; i + 2 <= n; i += 2) v128.store(out + (<usize>i << 3), map64x2(fn, v128.load(x + (<usize>i << 3)), loV, hiV));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << alignof<T>();
    const y = map<T>(fn, load<T>(x + off), lo, hi);
    // |x| and clamp only move bits (no arithmetic), so a NaN they pass on is already determined by the input.
    store<T>(out + off, fn == MAP_ABS || fn == MAP_CLAMP ? y : canonical<T>(y));
  }
}

// ---- f32: a, b, x, out f32; a, out: (outer, inner) and b: (inner); n elements for the maps ---------------

/** out = a + b, b broadcast over a's leading dims. */
export function addF32(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f32>(OP_ADD, out, a, b, outer, inner, true); }
export function addF32Ref(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f32>(OP_ADD, out, a, b, outer, inner, false); }
/** out = a − b, b broadcast over a's leading dims. */
export function subF32(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f32>(OP_SUB, out, a, b, outer, inner, true); }
export function subF32Ref(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f32>(OP_SUB, out, a, b, outer, inner, false); }
/** out = a · b, b broadcast over a's leading dims. */
export function mulF32(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f32>(OP_MUL, out, a, b, outer, inner, true); }
export function mulF32Ref(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f32>(OP_MUL, out, a, b, outer, inner, false); }
/** out = a / b (IEEE: x/0 = ±∞, 0/0 = NaN), b broadcast over a's leading dims. */
export function divF32(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f32>(OP_DIV, out, a, b, outer, inner, true); }
export function divF32Ref(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f32>(OP_DIV, out, a, b, outer, inner, false); }

/** out = a + s (n elements). */
export function addScalarF32(out: usize, a: usize, s: f32, n: i32): void { binaryScalar<f32>(OP_ADD, out, a, s, n, true); }
export function addScalarF32Ref(out: usize, a: usize, s: f32, n: i32): void { binaryScalar<f32>(OP_ADD, out, a, s, n, false); }
/** out = a − s. */
export function subScalarF32(out: usize, a: usize, s: f32, n: i32): void { binaryScalar<f32>(OP_SUB, out, a, s, n, true); }
export function subScalarF32Ref(out: usize, a: usize, s: f32, n: i32): void { binaryScalar<f32>(OP_SUB, out, a, s, n, false); }
/** out = a · s. */
export function mulScalarF32(out: usize, a: usize, s: f32, n: i32): void { binaryScalar<f32>(OP_MUL, out, a, s, n, true); }
export function mulScalarF32Ref(out: usize, a: usize, s: f32, n: i32): void { binaryScalar<f32>(OP_MUL, out, a, s, n, false); }
/** out = a / s, a true division (not a · (1/s)), so every element is correctly rounded. */
export function divScalarF32(out: usize, a: usize, s: f32, n: i32): void { binaryScalar<f32>(OP_DIV, out, a, s, n, true); }
export function divScalarF32Ref(out: usize, a: usize, s: f32, n: i32): void { binaryScalar<f32>(OP_DIV, out, a, s, n, false); }

/** out = eˣ (math/expf.ts: ≈ 1 ulp; exp(−∞) = 0, exp(x ≥ 88.73) = ∞). */
export function expElementwiseF32(out: usize, x: usize, n: i32): void { mapAll<f32>(MAP_EXP, out, x, n, 0, 0, true); }
export function expElementwiseF32Ref(out: usize, x: usize, n: i32): void { mapAll<f32>(MAP_EXP, out, x, n, 0, 0, false); }
/** out = ln x (math/logf.ts: ≈ 1 ulp; ln 0 = −∞, ln(x < 0) = NaN). */
export function logElementwiseF32(out: usize, x: usize, n: i32): void { mapAll<f32>(MAP_LOG, out, x, n, 0, 0, true); }
export function logElementwiseF32Ref(out: usize, x: usize, n: i32): void { mapAll<f32>(MAP_LOG, out, x, n, 0, 0, false); }
/** out = √x (correctly rounded; √(x < 0) = NaN). */
export function sqrtElementwiseF32(out: usize, x: usize, n: i32): void { mapAll<f32>(MAP_SQRT, out, x, n, 0, 0, true); }
export function sqrtElementwiseF32Ref(out: usize, x: usize, n: i32): void { mapAll<f32>(MAP_SQRT, out, x, n, 0, 0, false); }
/** out = |x|. */
export function absElementwiseF32(out: usize, x: usize, n: i32): void { mapAll<f32>(MAP_ABS, out, x, n, 0, 0, true); }
export function absElementwiseF32Ref(out: usize, x: usize, n: i32): void { mapAll<f32>(MAP_ABS, out, x, n, 0, 0, false); }
/** out = min(max(x, lo), hi) as torch.clamp, by comparisons (lo ≤ hi is checked by the SDK); NaN passes through. */
export function clampElementwiseF32(out: usize, x: usize, n: i32, lo: f32, hi: f32): void { mapAll<f32>(MAP_CLAMP, out, x, n, lo, hi, true); }
export function clampElementwiseF32Ref(out: usize, x: usize, n: i32, lo: f32, hi: f32): void { mapAll<f32>(MAP_CLAMP, out, x, n, lo, hi, false); }

// ---- f64: the same kernels for f64 data (exp and log: AS std Math.exp / Math.log, scalar in both builds) ----

export function addF64(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f64>(OP_ADD, out, a, b, outer, inner, true); }
export function addF64Ref(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f64>(OP_ADD, out, a, b, outer, inner, false); }
export function subF64(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f64>(OP_SUB, out, a, b, outer, inner, true); }
export function subF64Ref(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f64>(OP_SUB, out, a, b, outer, inner, false); }
export function mulF64(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f64>(OP_MUL, out, a, b, outer, inner, true); }
export function mulF64Ref(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f64>(OP_MUL, out, a, b, outer, inner, false); }
export function divF64(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f64>(OP_DIV, out, a, b, outer, inner, true); }
export function divF64Ref(out: usize, a: usize, b: usize, outer: i32, inner: i32): void { binaryBroadcast<f64>(OP_DIV, out, a, b, outer, inner, false); }
export function addScalarF64(out: usize, a: usize, s: f64, n: i32): void { binaryScalar<f64>(OP_ADD, out, a, s, n, true); }
export function addScalarF64Ref(out: usize, a: usize, s: f64, n: i32): void { binaryScalar<f64>(OP_ADD, out, a, s, n, false); }
export function subScalarF64(out: usize, a: usize, s: f64, n: i32): void { binaryScalar<f64>(OP_SUB, out, a, s, n, true); }
export function subScalarF64Ref(out: usize, a: usize, s: f64, n: i32): void { binaryScalar<f64>(OP_SUB, out, a, s, n, false); }
export function mulScalarF64(out: usize, a: usize, s: f64, n: i32): void { binaryScalar<f64>(OP_MUL, out, a, s, n, true); }
export function mulScalarF64Ref(out: usize, a: usize, s: f64, n: i32): void { binaryScalar<f64>(OP_MUL, out, a, s, n, false); }
export function divScalarF64(out: usize, a: usize, s: f64, n: i32): void { binaryScalar<f64>(OP_DIV, out, a, s, n, true); }
export function divScalarF64Ref(out: usize, a: usize, s: f64, n: i32): void { binaryScalar<f64>(OP_DIV, out, a, s, n, false); }
export function expElementwiseF64(out: usize, x: usize, n: i32): void { mapAll<f64>(MAP_EXP, out, x, n, 0, 0, true); }
export function expElementwiseF64Ref(out: usize, x: usize, n: i32): void { mapAll<f64>(MAP_EXP, out, x, n, 0, 0, false); }
export function logElementwiseF64(out: usize, x: usize, n: i32): void { mapAll<f64>(MAP_LOG, out, x, n, 0, 0, true); }
export function logElementwiseF64Ref(out: usize, x: usize, n: i32): void { mapAll<f64>(MAP_LOG, out, x, n, 0, 0, false); }
export function sqrtElementwiseF64(out: usize, x: usize, n: i32): void { mapAll<f64>(MAP_SQRT, out, x, n, 0, 0, true); }
export function sqrtElementwiseF64Ref(out: usize, x: usize, n: i32): void { mapAll<f64>(MAP_SQRT, out, x, n, 0, 0, false); }
export function absElementwiseF64(out: usize, x: usize, n: i32): void { mapAll<f64>(MAP_ABS, out, x, n, 0, 0, true); }
export function absElementwiseF64Ref(out: usize, x: usize, n: i32): void { mapAll<f64>(MAP_ABS, out, x, n, 0, 0, false); }
export function clampElementwiseF64(out: usize, x: usize, n: i32, lo: f64, hi: f64): void { mapAll<f64>(MAP_CLAMP, out, x, n, lo, hi, true); }
export function clampElementwiseF64Ref(out: usize, x: usize, n: i32, lo: f64, hi: f64): void { mapAll<f64>(MAP_CLAMP, out, x, n, lo, hi, false); }
