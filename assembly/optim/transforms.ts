// Gradient transformations over the whole parameter table in one call each (the pieces of sdk/optim/
// transforms.ts, optax-style): global norm, scale, clamp, apply updates, Adam's direction, momentum.
// Records (table.ts): word 1 = out, word 2 = in, words 3–5 = state. out may equal in (in place).
import { recordWord, at, splat, vadd, vmul, vdiv, vsqrt, vmax, vmin, sqrtT, maxT, minT } from "./table";
import { canonical, canonicalV } from "../tensor/accumulate";

// Σ|x| of n elements of T in f64, in two accumulators (even, odd index), in the same order in both builds.
// @ts-ignore: decorator
@inline function sumAbs<T>(x: usize, n: i32): f64 {
  let s0: f64 = 0, s1: f64 = 0;
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    s0 += Math.abs(<f64>load<T>(at<T>(x, i)));
    s1 += Math.abs(<f64>load<T>(at<T>(x, i + 1)));
  }
  if (i < n) s0 += Math.abs(<f64>load<T>(at<T>(x, i)));
  return s0 + s1;
}

// max |x| over n elements (NaN wins, as torch's max); order-independent.
// @ts-ignore: decorator
@inline function maxAbs<T>(x: usize, n: i32): f64 {
  let m: f64 = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(<f64>load<T>(at<T>(x, i))));
  return m;
}

// The global L1 norm (Σ over records of ‖x_r‖₁) or L∞ norm (max over records) as torch's clip_grad_norm_
// with norm_type 1 or inf.
// @ts-ignore: decorator
@inline function globalNormOther<T>(table: usize, count: i32, inf: bool): f64 {
  let total: f64 = 0;
  for (let r = 0; r < count; r++) {
    const x = recordWord(table, r, 2), n = <i32>recordWord(table, r, 0);
    total = inf ? Math.max(total, maxAbs<T>(x, n)) : total + sumAbs<T>(x, n);
  }
  return total;
}

/** Σ_r ‖x_r‖₁ over the records' `in` tensors (f32). Plain loops: the same in both builds. */
export function globalNormL1F32(table: usize, count: i32): f64 { return globalNormOther<f32>(table, count, false); }
/** Σ_r ‖x_r‖₁ (f64). */
export function globalNormL1F64(table: usize, count: i32): f64 { return globalNormOther<f64>(table, count, false); }
/** max_r ‖x_r‖_∞ (f32). */
export function globalNormInfF32(table: usize, count: i32): f64 { return globalNormOther<f32>(table, count, true); }
/** max_r ‖x_r‖_∞ (f64). */
export function globalNormInfF64(table: usize, count: i32): f64 { return globalNormOther<f64>(table, count, true); }

// Sum of squares of n elements of T in f64, in two accumulators (even, odd index) so the SIMD path (f64x2)
// and the plain one add in the same order.
// @ts-ignore: decorator
@inline function sumSquares<T>(x: usize, n: i32, simd: bool): f64 {
  let i = 0;
  let s0: f64 = 0, s1: f64 = 0;
  if (ASC_FEATURE_SIMD && simd) {
    let acc = f64x2.splat(0);
    if (sizeof<T>() == 4) {
      for (; i + 4 <= n; i += 4) {
        const v = v128.load(at<T>(x, i));
        const lo = f64x2.promote_low_f32x4(v);
        const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
        acc = f64x2.add(acc, f64x2.mul(lo, lo));
        acc = f64x2.add(acc, f64x2.mul(hi, hi));
      }
    } else {
      for (; i + 2 <= n; i += 2) {
        const v = v128.load(at<T>(x, i));
        acc = f64x2.add(acc, f64x2.mul(v, v));
      }
    }
    s0 = f64x2.extract_lane(acc, 0);
    s1 = f64x2.extract_lane(acc, 1);
  }
  for (; i + 2 <= n; i += 2) {
    const a = <f64>load<T>(at<T>(x, i));
    const b = <f64>load<T>(at<T>(x, i + 1));
    s0 += a * a;
    s1 += b * b;
  }
  if (i < n) {
    const a = <f64>load<T>(at<T>(x, i));
    s0 += a * a;
  }
  return s0 + s1;
}

// √(Σ_r ‖x_r‖²) with ‖x_r‖ = √(Σ x²) per record, as torch.nn.utils.clip_grad_norm_ (norm of the norms).
// @ts-ignore: decorator
@inline function globalNorm<T>(table: usize, count: i32, simd: bool): f64 {
  let total: f64 = 0;
  for (let r = 0; r < count; r++) {
    const norm = Math.sqrt(sumSquares<T>(recordWord(table, r, 2), <i32>recordWord(table, r, 0), simd));
    total += norm * norm;
  }
  return Math.sqrt(total);
}

/** The global L2 norm of the `in` tensors (word 2) of the records. */
export function globalNormF32(table: usize, count: i32): f64 { return globalNorm<f32>(table, count, true); }
/** The plain sibling of globalNormF32: same bits. */
export function globalNormF32Ref(table: usize, count: i32): f64 { return globalNorm<f32>(table, count, false); }
/** The global L2 norm of f64 records. */
export function globalNormF64(table: usize, count: i32): f64 { return globalNorm<f64>(table, count, true); }
/** The plain sibling of globalNormF64: same bits. */
export function globalNormF64Ref(table: usize, count: i32): f64 { return globalNorm<f64>(table, count, false); }

// Elementwise maps over the records: op 0 out = in·c;  1 out = min(max(in, lo), hi);  2 out = out + in;
// 3 out = in + c·s (s = word 3: optax add_decayed_weights with s the parameter).
// @ts-ignore: decorator
@inline function mapTable<T>(op: i32, table: usize, count: i32, c: f64, lo: f64, hi: f64, simd: bool): void {
  const lanes = <i32>(16 / sizeof<T>());
  const ct = <T>c, lt = <T>lo, ht = <T>hi;
  for (let r = 0; r < count; r++) {
    const n = <i32>recordWord(table, r, 0);
    const out = recordWord(table, r, 1);
    const x = recordWord(table, r, 2);
    const s = recordWord(table, r, 3);
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; i + lanes <= n; i += lanes) {
        const v = v128.load(at<T>(x, i));
        let y: v128;
        if (op == 0) y = vmul<T>(v, splat<T>(ct));
        else if (op == 1) y = vmin<T>(vmax<T>(v, splat<T>(lt)), splat<T>(ht));
        else if (op == 3) y = vadd<T>(v, vmul<T>(splat<T>(ct), v128.load(at<T>(s, i))));
        else y = vadd<T>(v128.load(at<T>(out, i)), v);
        v128.store(at<T>(out, i), canonicalV<T>(y));
      }
    }
    for (; i < n; i++) {
      const v = load<T>(at<T>(x, i));
      let y: T;
      if (op == 0) y = v * ct;
      else if (op == 1) y = minT<T>(maxT<T>(v, lt), ht);
      else if (op == 3) y = v + ct * load<T>(at<T>(s, i));
      else y = load<T>(at<T>(out, i)) + v;
      store<T>(at<T>(out, i), canonical<T>(y));
    }
  }
}

/** out = in·c over every record (f32). */
export function scaleTableF32(table: usize, count: i32, c: f64): void { mapTable<f32>(0, table, count, c, 0, 0, true); }
/** The plain sibling of scaleTableF32. */
export function scaleTableF32Ref(table: usize, count: i32, c: f64): void { mapTable<f32>(0, table, count, c, 0, 0, false); }
/** out = in·c over every record (f64). */
export function scaleTableF64(table: usize, count: i32, c: f64): void { mapTable<f64>(0, table, count, c, 0, 0, true); }
/** The plain sibling of scaleTableF64. */
export function scaleTableF64Ref(table: usize, count: i32, c: f64): void { mapTable<f64>(0, table, count, c, 0, 0, false); }
/** out = clamp(in, lo, hi) over every record (f32), as torch's clip_grad_value_. */
export function clampTableF32(table: usize, count: i32, lo: f64, hi: f64): void { mapTable<f32>(1, table, count, 0, lo, hi, true); }
/** The plain sibling of clampTableF32. */
export function clampTableF32Ref(table: usize, count: i32, lo: f64, hi: f64): void { mapTable<f32>(1, table, count, 0, lo, hi, false); }
/** out = clamp(in, lo, hi) over every record (f64). */
export function clampTableF64(table: usize, count: i32, lo: f64, hi: f64): void { mapTable<f64>(1, table, count, 0, lo, hi, true); }
/** The plain sibling of clampTableF64. */
export function clampTableF64Ref(table: usize, count: i32, lo: f64, hi: f64): void { mapTable<f64>(1, table, count, 0, lo, hi, false); }
/** out = out + in over every record (f32): applying updates to parameters. */
export function addTableF32(table: usize, count: i32): void { mapTable<f32>(2, table, count, 0, 0, 0, true); }
/** The plain sibling of addTableF32. */
export function addTableF32Ref(table: usize, count: i32): void { mapTable<f32>(2, table, count, 0, 0, 0, false); }
/** out = out + in over every record (f64). */
export function addTableF64(table: usize, count: i32): void { mapTable<f64>(2, table, count, 0, 0, 0, true); }
/** The plain sibling of addTableF64. */
export function addTableF64Ref(table: usize, count: i32): void { mapTable<f64>(2, table, count, 0, 0, 0, false); }

/** out = in + c·s over every record (f32; s = word 3). */
export function addScaledTableF32(table: usize, count: i32, c: f64): void { mapTable<f32>(3, table, count, c, 0, 0, true); }
/** The plain sibling of addScaledTableF32. */
export function addScaledTableF32Ref(table: usize, count: i32, c: f64): void { mapTable<f32>(3, table, count, c, 0, 0, false); }
/** out = in + c·s over every record (f64). */
export function addScaledTableF64(table: usize, count: i32, c: f64): void { mapTable<f64>(3, table, count, c, 0, 0, true); }
/** The plain sibling of addScaledTableF64. */
export function addScaledTableF64Ref(table: usize, count: i32, c: f64): void { mapTable<f64>(3, table, count, c, 0, 0, false); }

// optax.scale_by_adam: m = β1·m + (1 − β1)·g, v = β2·v + (1 − β2)·g², out = (m/(1 − β1^t)) / (√(v/(1 − β2^t)) + ε).
// Records: out, g, state0 = m, state1 = v. step t ≥ 1.
// @ts-ignore: decorator
@inline function adamDirection<T>(table: usize, count: i32, beta1: f64, beta2: f64, eps: f64, step: f64, simd: bool): void {
  const bc1 = <T>(1 - Math.pow(beta1, step));
  const bc2 = <T>(1 - Math.pow(beta2, step));
  const b1 = <T>beta1, b2 = <T>beta2, c1 = <T>(1 - beta1), c2 = <T>(1 - beta2), e = <T>eps;
  const lanes = <i32>(16 / sizeof<T>());
  for (let r = 0; r < count; r++) {
    const n = <i32>recordWord(table, r, 0);
    const out = recordWord(table, r, 1);
    const g = recordWord(table, r, 2);
    const m = recordWord(table, r, 3);
    const v = recordWord(table, r, 4);
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; i + lanes <= n; i += lanes) {
        const gv = v128.load(at<T>(g, i));
        const mv = vadd<T>(vmul<T>(splat<T>(b1), v128.load(at<T>(m, i))), vmul<T>(splat<T>(c1), gv));
        const vv = vadd<T>(vmul<T>(splat<T>(b2), v128.load(at<T>(v, i))), vmul<T>(splat<T>(c2), vmul<T>(gv, gv)));
        v128.store(at<T>(m, i), canonicalV<T>(mv));
        v128.store(at<T>(v, i), canonicalV<T>(vv));
        const d = vadd<T>(vsqrt<T>(vdiv<T>(vv, splat<T>(bc2))), splat<T>(e));
        v128.store(at<T>(out, i), canonicalV<T>(vdiv<T>(vdiv<T>(mv, splat<T>(bc1)), d)));
      }
    }
    for (; i < n; i++) {
      const gv = load<T>(at<T>(g, i));
      const mv: T = b1 * load<T>(at<T>(m, i)) + c1 * gv;
      const vv: T = b2 * load<T>(at<T>(v, i)) + c2 * (gv * gv);
      store<T>(at<T>(m, i), canonical<T>(mv));
      store<T>(at<T>(v, i), canonical<T>(vv));
      store<T>(at<T>(out, i), canonical<T>((mv / bc1) / (sqrtT<T>(vv / bc2) + e)));
    }
  }
}

/** optax.scale_by_adam over f32 records; see above. */
export function adamDirectionF32(table: usize, count: i32, beta1: f64, beta2: f64, eps: f64, step: f64): void { adamDirection<f32>(table, count, beta1, beta2, eps, step, true); }
/** The plain sibling of adamDirectionF32. */
export function adamDirectionF32Ref(table: usize, count: i32, beta1: f64, beta2: f64, eps: f64, step: f64): void { adamDirection<f32>(table, count, beta1, beta2, eps, step, false); }
/** optax.scale_by_adam over f64 records. */
export function adamDirectionF64(table: usize, count: i32, beta1: f64, beta2: f64, eps: f64, step: f64): void { adamDirection<f64>(table, count, beta1, beta2, eps, step, true); }
/** The plain sibling of adamDirectionF64. */
export function adamDirectionF64Ref(table: usize, count: i32, beta1: f64, beta2: f64, eps: f64, step: f64): void { adamDirection<f64>(table, count, beta1, beta2, eps, step, false); }

// optax.trace (momentum): t = g + μ·t;  out = g + μ·t (nesterov) or t. Records: out, g, state0 = t.
// @ts-ignore: decorator
@inline function traceStep<T>(table: usize, count: i32, decay: f64, nesterov: bool, simd: bool): void {
  const mu = <T>decay;
  const lanes = <i32>(16 / sizeof<T>());
  for (let r = 0; r < count; r++) {
    const n = <i32>recordWord(table, r, 0);
    const out = recordWord(table, r, 1);
    const g = recordWord(table, r, 2);
    const t = recordWord(table, r, 3);
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; i + lanes <= n; i += lanes) {
        const gv = v128.load(at<T>(g, i));
        const tv = vadd<T>(gv, vmul<T>(splat<T>(mu), v128.load(at<T>(t, i))));
        v128.store(at<T>(t, i), canonicalV<T>(tv));
        v128.store(at<T>(out, i), canonicalV<T>(nesterov ? vadd<T>(gv, vmul<T>(splat<T>(mu), tv)) : tv));
      }
    }
    for (; i < n; i++) {
      const gv = load<T>(at<T>(g, i));
      const tv: T = gv + mu * load<T>(at<T>(t, i));
      store<T>(at<T>(t, i), canonical<T>(tv));
      store<T>(at<T>(out, i), canonical<T>(nesterov ? gv + mu * tv : tv));
    }
  }
}

/** optax.trace over f32 records. */
export function traceStepF32(table: usize, count: i32, decay: f64, nesterov: i32): void { traceStep<f32>(table, count, decay, nesterov != 0, true); }
/** The plain sibling of traceStepF32. */
export function traceStepF32Ref(table: usize, count: i32, decay: f64, nesterov: i32): void { traceStep<f32>(table, count, decay, nesterov != 0, false); }
/** optax.trace over f64 records. */
export function traceStepF64(table: usize, count: i32, decay: f64, nesterov: i32): void { traceStep<f64>(table, count, decay, nesterov != 0, true); }
/** The plain sibling of traceStepF64. */
export function traceStepF64Ref(table: usize, count: i32, decay: f64, nesterov: i32): void { traceStep<f64>(table, count, decay, nesterov != 0, false); }

/** Scalar math the SDK's schedules need, computed here so every runtime gets the same bits: x^y. */
export function optimPow(x: f64, y: f64): f64 { return Math.pow(x, y); }
/** cos(x) for the cosine and one-cycle schedules. */
export function optimCos(x: f64): f64 { return Math.cos(x); }
