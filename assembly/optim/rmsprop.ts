// RMSprop as torch.optim.RMSprop (1.13, _single_tensor_rmsprop; Tieleman & Hinton 2012, centered: Graves
// 2013), over every parameter of the table in one call. Records (table.ts): param p, grad g, state0 = s
// (square_avg), state1 = ḡ (grad_avg, centered), state2 = b (momentum_buffer). Per element:
//   g = g + λ·p (λ ≠ 0);  s = s·α + ((1 − α)·g)·g
//   centered: ḡ = ḡ·α + (1 − α)·g, a = √(s + (−1·ḡ)·ḡ); else a = √s;  a = a + ε
//   momentum μ > 0: b = b·μ + g/a, p = p + (−η)·b;  else p = p + ((−η)·g)/a
import { recordWord, at, splat, vadd, vmul, vdiv, vsqrt, sqrtT } from "./table";
import { canonical, canonicalV } from "../tensor/accumulate";

// @ts-ignore: decorator
@inline function rmspropStep<T>(table: usize, count: i32, lr: f64, alpha: f64, eps: f64, weightDecay: f64, momentum: f64,
  centered: bool, maximize: bool, simd: bool): void {
  const negLr = <T>-lr;
  const a = <T>alpha;
  const c = <T>(1 - alpha);
  const e = <T>eps;
  const wd = <T>weightDecay;
  const mu = <T>momentum;
  const useDecay = weightDecay != 0;
  const useMomentum = momentum > 0;
  const lanes = <i32>(16 / sizeof<T>());
  for (let r = 0; r < count; r++) {
    const n = <i32>recordWord(table, r, 0);
    const p = recordWord(table, r, 1);
    const g = recordWord(table, r, 2);
    const s = recordWord(table, r, 3);
    const ga = recordWord(table, r, 4);
    const b = recordWord(table, r, 5);
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; i + lanes <= n; i += lanes) {
        const pv = v128.load(at<T>(p, i));
        let gv = v128.load(at<T>(g, i));
        if (maximize) gv = v128.xor(gv, splat<T>(<T>-0.0));
        if (useDecay) gv = vadd<T>(gv, vmul<T>(splat<T>(wd), pv));
        const sv = vadd<T>(vmul<T>(v128.load(at<T>(s, i)), splat<T>(a)), vmul<T>(vmul<T>(splat<T>(c), gv), gv));
        v128.store(at<T>(s, i), canonicalV<T>(sv));
        let avg: v128;
        if (centered) {
          const gav = vadd<T>(vmul<T>(v128.load(at<T>(ga, i)), splat<T>(a)), vmul<T>(splat<T>(c), gv));
          v128.store(at<T>(ga, i), canonicalV<T>(gav));
          avg = vsqrt<T>(vadd<T>(sv, vmul<T>(vmul<T>(splat<T>(<T>-1), gav), gav)));
        } else {
          avg = vsqrt<T>(sv);
        }
        avg = vadd<T>(avg, splat<T>(e));
        if (useMomentum) {
          const bv = vadd<T>(vmul<T>(v128.load(at<T>(b, i)), splat<T>(mu)), vdiv<T>(gv, avg));
          v128.store(at<T>(b, i), canonicalV<T>(bv));
          v128.store(at<T>(p, i), canonicalV<T>(vadd<T>(pv, vmul<T>(splat<T>(negLr), bv))));
        } else {
          v128.store(at<T>(p, i), canonicalV<T>(vadd<T>(pv, vdiv<T>(vmul<T>(splat<T>(negLr), gv), avg))));
        }
      }
    }
    for (; i < n; i++) {
      const pv = load<T>(at<T>(p, i));
      let gv = load<T>(at<T>(g, i));
      if (maximize) gv = -gv;
      if (useDecay) gv = gv + wd * pv;
      const sv: T = load<T>(at<T>(s, i)) * a + (c * gv) * gv;
      store<T>(at<T>(s, i), canonical<T>(sv));
      let avg: T;
      if (centered) {
        const gav: T = load<T>(at<T>(ga, i)) * a + c * gv;
        store<T>(at<T>(ga, i), canonical<T>(gav));
        avg = sqrtT<T>(sv + (<T>-1 * gav) * gav);
      } else {
        avg = sqrtT<T>(sv);
      }
      avg = avg + e;
      if (useMomentum) {
        const bv: T = load<T>(at<T>(b, i)) * mu + gv / avg;
        store<T>(at<T>(b, i), canonical<T>(bv));
        store<T>(at<T>(p, i), canonical<T>(pv + negLr * bv));
      } else {
        store<T>(at<T>(p, i), canonical<T>(pv + (negLr * gv) / avg));
      }
    }
  }
}

/** One RMSprop step over f32 records; see the file comment. */
export function rmspropStepF32(table: usize, count: i32, lr: f64, alpha: f64, eps: f64, weightDecay: f64, momentum: f64, centered: i32, maximize: i32): void {
  rmspropStep<f32>(table, count, lr, alpha, eps, weightDecay, momentum, centered != 0, maximize != 0, true);
}
/** The plain-loop sibling of rmspropStepF32: same bits. */
export function rmspropStepF32Ref(table: usize, count: i32, lr: f64, alpha: f64, eps: f64, weightDecay: f64, momentum: f64, centered: i32, maximize: i32): void {
  rmspropStep<f32>(table, count, lr, alpha, eps, weightDecay, momentum, centered != 0, maximize != 0, false);
}
/** One RMSprop step over f64 records. */
export function rmspropStepF64(table: usize, count: i32, lr: f64, alpha: f64, eps: f64, weightDecay: f64, momentum: f64, centered: i32, maximize: i32): void {
  rmspropStep<f64>(table, count, lr, alpha, eps, weightDecay, momentum, centered != 0, maximize != 0, true);
}
/** The plain-loop sibling of rmspropStepF64: same bits. */
export function rmspropStepF64Ref(table: usize, count: i32, lr: f64, alpha: f64, eps: f64, weightDecay: f64, momentum: f64, centered: i32, maximize: i32): void {
  rmspropStep<f64>(table, count, lr, alpha, eps, weightDecay, momentum, centered != 0, maximize != 0, false);
}
