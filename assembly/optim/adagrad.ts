// Adagrad as torch.optim.Adagrad (1.13, _single_tensor_adagrad, dense; Duchi et al. 2011), over every
// parameter of the table in one call. Records (table.ts): param p, grad g, state0 = S (state_sum).
// `step` is the count after this step (1, 2, …). Per element:
//   g = g + λ·p (λ ≠ 0);  S = S + (1·g)·g;  p = p + ((−η_t)·g)/(√S + ε),  η_t = η/(1 + (t − 1)·decay)
import { recordWord, at, splat, vadd, vmul, vdiv, vsqrt, sqrtT } from "./table";
import { canonical, canonicalV } from "../tensor/accumulate";

// @ts-ignore: decorator
@inline function adagradStep<T>(table: usize, count: i32, lr: f64, lrDecay: f64, eps: f64, weightDecay: f64, step: f64,
  maximize: bool, simd: bool): void {
  const negClr = <T>-(lr / (1 + (step - 1) * lrDecay));
  const e = <T>eps;
  const wd = <T>weightDecay;
  const useDecay = weightDecay != 0;
  const lanes = <i32>(16 / sizeof<T>());
  for (let r = 0; r < count; r++) {
    const n = <i32>recordWord(table, r, 0);
    const p = recordWord(table, r, 1);
    const g = recordWord(table, r, 2);
    const s = recordWord(table, r, 3);
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; i + lanes <= n; i += lanes) {
        const pv = v128.load(at<T>(p, i));
        let gv = v128.load(at<T>(g, i));
        if (maximize) gv = v128.xor(gv, splat<T>(<T>-0.0));
        if (useDecay) gv = vadd<T>(gv, vmul<T>(splat<T>(wd), pv));
        const sv = vadd<T>(v128.load(at<T>(s, i)), vmul<T>(vmul<T>(splat<T>(<T>1), gv), gv));
        v128.store(at<T>(s, i), canonicalV<T>(sv));
        const std = vadd<T>(vsqrt<T>(sv), splat<T>(e));
        v128.store(at<T>(p, i), canonicalV<T>(vadd<T>(pv, vdiv<T>(vmul<T>(splat<T>(negClr), gv), std))));
      }
    }
    for (; i < n; i++) {
      const pv = load<T>(at<T>(p, i));
      let gv = load<T>(at<T>(g, i));
      if (maximize) gv = -gv;
      if (useDecay) gv = gv + wd * pv;
      const sv: T = load<T>(at<T>(s, i)) + (<T>1 * gv) * gv;
      store<T>(at<T>(s, i), canonical<T>(sv));
      store<T>(at<T>(p, i), canonical<T>(pv + (negClr * gv) / (sqrtT<T>(sv) + e)));
    }
  }
}

/** One Adagrad step over f32 records; see the file comment. */
export function adagradStepF32(table: usize, count: i32, lr: f64, lrDecay: f64, eps: f64, weightDecay: f64, step: f64, maximize: i32): void {
  adagradStep<f32>(table, count, lr, lrDecay, eps, weightDecay, step, maximize != 0, true);
}
/** The plain-loop sibling of adagradStepF32: same bits. */
export function adagradStepF32Ref(table: usize, count: i32, lr: f64, lrDecay: f64, eps: f64, weightDecay: f64, step: f64, maximize: i32): void {
  adagradStep<f32>(table, count, lr, lrDecay, eps, weightDecay, step, maximize != 0, false);
}
/** One Adagrad step over f64 records. */
export function adagradStepF64(table: usize, count: i32, lr: f64, lrDecay: f64, eps: f64, weightDecay: f64, step: f64, maximize: i32): void {
  adagradStep<f64>(table, count, lr, lrDecay, eps, weightDecay, step, maximize != 0, true);
}
/** The plain-loop sibling of adagradStepF64: same bits. */
export function adagradStepF64Ref(table: usize, count: i32, lr: f64, lrDecay: f64, eps: f64, weightDecay: f64, step: f64, maximize: i32): void {
  adagradStep<f64>(table, count, lr, lrDecay, eps, weightDecay, step, maximize != 0, false);
}
