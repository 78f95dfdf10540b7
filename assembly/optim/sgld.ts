// Stochastic gradient Langevin dynamics (Welling & Teh 2011) and its RMSprop-preconditioned form pSGLD
// (Li, Chen, Carlson & Carin 2016), over every parameter of the table in one call. g is the gradient of the
// negative log posterior U(θ) (its mini-batch estimate). Step sizes ε_t = a·(b + t)^(−γ), t = step from 0.
//   SGLD:  θ = θ + (−ε_t/2)·g + √ε_t·z
//   pSGLD: V = α·V + ((1 − α)·g)·g;  G = 1/(λ + √V);  θ = θ + ((−ε_t/2)·G)·g + √(ε_t·G)·z   (Γ term dropped,
//          as the paper does in its experiments)
// z: normals of foldIn(key, step)'s stream at the parameter's flat index (noise.ts). Records: p, g, state0 = V.
import { recordWord, at, splat, vadd, vmul, vdiv, vsqrt, sqrtT } from "./table";
import { canonical, canonicalV } from "../tensor/accumulate";
import { drawStepNormals } from "./noise";

// @ts-ignore: decorator
@inline function sgldStep<T>(table: usize, count: i32, z: usize, total: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32,
  a: f64, b: f64, gamma: f64, preconditioned: bool, alpha: f64, lambda: f64, simd: bool): void {
  const step = <f64>stepLo + <f64>stepHi * 4294967296.0;
  const eps = a * Math.pow(b + step, -gamma);
  drawStepNormals<T>(z, total, k0, k1, stepLo, stepHi, simd);
  const half = <T>(-eps / 2);
  const root = <T>Math.sqrt(eps);
  const et = <T>eps;
  const al = <T>alpha, c = <T>(1 - alpha), lam = <T>lambda;
  const lanes = <i32>(16 / sizeof<T>());
  for (let r = 0; r < count; r++) {
    const n = <i32>recordWord(table, r, 0);
    const p = recordWord(table, r, 1);
    const g = recordWord(table, r, 2);
    const v = recordWord(table, r, 3);
    const zr = z + (recordWord(table, r, 6) << alignof<T>());
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; i + lanes <= n; i += lanes) {
        const gv = v128.load(at<T>(g, i));
        const zv = v128.load(at<T>(zr, i));
        let y: v128;
        if (preconditioned) {
          const vv = vadd<T>(vmul<T>(splat<T>(al), v128.load(at<T>(v, i))), vmul<T>(vmul<T>(splat<T>(c), gv), gv));
          v128.store(at<T>(v, i), canonicalV<T>(vv));
          const G = vdiv<T>(splat<T>(<T>1), vadd<T>(splat<T>(lam), vsqrt<T>(vv)));
          y = vadd<T>(vadd<T>(v128.load(at<T>(p, i)), vmul<T>(vmul<T>(splat<T>(half), G), gv)), vmul<T>(vsqrt<T>(vmul<T>(splat<T>(et), G)), zv));
        } else {
          y = vadd<T>(vadd<T>(v128.load(at<T>(p, i)), vmul<T>(splat<T>(half), gv)), vmul<T>(splat<T>(root), zv));
        }
        v128.store(at<T>(p, i), canonicalV<T>(y));
      }
    }
    for (; i < n; i++) {
      const gv = load<T>(at<T>(g, i));
      const zv = load<T>(at<T>(zr, i));
      let y: T;
      if (preconditioned) {
        const vv: T = al * load<T>(at<T>(v, i)) + (c * gv) * gv;
        store<T>(at<T>(v, i), canonical<T>(vv));
        const G: T = <T>1 / (lam + sqrtT<T>(vv));
        y = (load<T>(at<T>(p, i)) + (half * G) * gv) + sqrtT<T>(et * G) * zv;
      } else {
        y = (load<T>(at<T>(p, i)) + half * gv) + root * zv;
      }
      store<T>(at<T>(p, i), canonical<T>(y));
    }
  }
}

/** One SGLD (preconditioned = 0) or pSGLD (1) step over f32 records. z: total f32 (scratch). */
export function sgldStepF32(table: usize, count: i32, z: usize, total: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32,
  a: f64, b: f64, gamma: f64, preconditioned: i32, alpha: f64, lambda: f64): void {
  sgldStep<f32>(table, count, z, total, k0, k1, stepLo, stepHi, a, b, gamma, preconditioned != 0, alpha, lambda, true);
}
/** The plain sibling of sgldStepF32: same bits. */
export function sgldStepF32Ref(table: usize, count: i32, z: usize, total: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32,
  a: f64, b: f64, gamma: f64, preconditioned: i32, alpha: f64, lambda: f64): void {
  sgldStep<f32>(table, count, z, total, k0, k1, stepLo, stepHi, a, b, gamma, preconditioned != 0, alpha, lambda, false);
}
/** One SGLD / pSGLD step over f64 records. */
export function sgldStepF64(table: usize, count: i32, z: usize, total: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32,
  a: f64, b: f64, gamma: f64, preconditioned: i32, alpha: f64, lambda: f64): void {
  sgldStep<f64>(table, count, z, total, k0, k1, stepLo, stepHi, a, b, gamma, preconditioned != 0, alpha, lambda, true);
}
/** The plain sibling of sgldStepF64: same bits. */
export function sgldStepF64Ref(table: usize, count: i32, z: usize, total: i32, k0: u32, k1: u32, stepLo: u32, stepHi: u32,
  a: f64, b: f64, gamma: f64, preconditioned: i32, alpha: f64, lambda: f64): void {
  sgldStep<f64>(table, count, z, total, k0, k1, stepLo, stepHi, a, b, gamma, preconditioned != 0, alpha, lambda, false);
}
