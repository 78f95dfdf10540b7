// Adam and AdamW as torch.optim.Adam / AdamW (1.13, _single_tensor_adam(w), not capturable), over every
// parameter of the table in one call. Records (table.ts): param p, grad g, state0 = m (exp_avg),
// state1 = v (exp_avg_sq), state2 = v̂max (amsgrad). `step` is the step count after this step (1, 2, …).
// Per element, in torch's order (Kingma & Ba 2015; AdamW: Loshchilov & Hutter 2019):
//   AdamW: p = p·(1 − η·λ)          Adam: g = g + λ·p (λ ≠ 0)
//   m = m·β1 + (1 − β1)·g;  v = v·β2 + ((1 − β2)·g)·g;  amsgrad: v̂max = max(v̂max, v), used for v
//   p = p + ((−η/(1 − β1^t))·m) / (√v / √(1 − β2^t) + ε)
// The bias corrections are computed here in f64 (Math.pow, as Python's `beta ** step`), then rounded to T.
import { recordWord, at, splat, vadd, vmul, vdiv, vsqrt, vmax, sqrtT, maxT } from "./table";
import { canonical, canonicalV } from "../tensor/accumulate";

// @ts-ignore: decorator
@inline function adamStep<T>(table: usize, count: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, weightDecay: f64,
  step: f64, amsgrad: bool, decoupled: bool, maximize: bool, simd: bool): void {
  const bc1 = 1 - Math.pow(beta1, step);
  const bc2 = 1 - Math.pow(beta2, step);
  const negStep = <T>-(lr / bc1);
  const bc2Sqrt = <T>Math.sqrt(bc2);
  const b1 = <T>beta1;
  const b2 = <T>beta2;
  const c1 = <T>(1 - beta1);
  const c2 = <T>(1 - beta2);
  const e = <T>eps;
  const wd = <T>weightDecay;
  const shrink = <T>(1 - lr * weightDecay);
  const coupledDecay = !decoupled && weightDecay != 0;
  const decoupledDecay = decoupled && weightDecay != 0;
  const lanes = <i32>(16 / sizeof<T>());
  for (let r = 0; r < count; r++) {
    const n = <i32>recordWord(table, r, 0);
    const p = recordWord(table, r, 1);
    const g = recordWord(table, r, 2);
    const m = recordWord(table, r, 3);
    const v = recordWord(table, r, 4);
    const vm = recordWord(table, r, 5);
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      for (; i + lanes <= n; i += lanes) {
        let pv = v128.load(at<T>(p, i));
        let gv = v128.load(at<T>(g, i));
        if (maximize) gv = v128.xor(gv, splat<T>(<T>-0.0));
        if (decoupledDecay) pv = vmul<T>(pv, splat<T>(shrink));
        if (coupledDecay) gv = vadd<T>(gv, vmul<T>(splat<T>(wd), pv));
        const mv = vadd<T>(vmul<T>(v128.load(at<T>(m, i)), splat<T>(b1)), vmul<T>(splat<T>(c1), gv));
        let vv = vadd<T>(vmul<T>(v128.load(at<T>(v, i)), splat<T>(b2)), vmul<T>(vmul<T>(splat<T>(c2), gv), gv));
        v128.store(at<T>(m, i), canonicalV<T>(mv));
        v128.store(at<T>(v, i), canonicalV<T>(vv));
        if (amsgrad) {
          vv = vmax<T>(v128.load(at<T>(vm, i)), vv);
          v128.store(at<T>(vm, i), canonicalV<T>(vv));
        }
        const denom = vadd<T>(vdiv<T>(vsqrt<T>(vv), splat<T>(bc2Sqrt)), splat<T>(e));
        v128.store(at<T>(p, i), canonicalV<T>(vadd<T>(pv, vdiv<T>(vmul<T>(splat<T>(negStep), mv), denom))));
      }
    }
    for (; i < n; i++) {
      let pv = load<T>(at<T>(p, i));
      let gv = load<T>(at<T>(g, i));
      if (maximize) gv = -gv;
      if (decoupledDecay) pv = pv * shrink;
      if (coupledDecay) gv = gv + wd * pv;
      const mv: T = load<T>(at<T>(m, i)) * b1 + c1 * gv;
      let vv: T = load<T>(at<T>(v, i)) * b2 + (c2 * gv) * gv;
      store<T>(at<T>(m, i), canonical<T>(mv));
      store<T>(at<T>(v, i), canonical<T>(vv));
      if (amsgrad) {
        vv = maxT<T>(load<T>(at<T>(vm, i)), vv);
        store<T>(at<T>(vm, i), canonical<T>(vv));
      }
      const denom: T = sqrtT<T>(vv) / bc2Sqrt + e;
      store<T>(at<T>(p, i), canonical<T>(pv + (negStep * mv) / denom));
    }
  }
}

/** One Adam (decoupled = 0) or AdamW (decoupled = 1) step over f32 records; see the file comment. */
export function adamStepF32(table: usize, count: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, weightDecay: f64, step: f64, amsgrad: i32, decoupled: i32, maximize: i32): void {
  adamStep<f32>(table, count, lr, beta1, beta2, eps, weightDecay, step, amsgrad != 0, decoupled != 0, maximize != 0, true);
}
/** The plain-loop sibling of adamStepF32: same bits. */
export function adamStepF32Ref(table: usize, count: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, weightDecay: f64, step: f64, amsgrad: i32, decoupled: i32, maximize: i32): void {
  adamStep<f32>(table, count, lr, beta1, beta2, eps, weightDecay, step, amsgrad != 0, decoupled != 0, maximize != 0, false);
}
/** One Adam / AdamW step over f64 records. */
export function adamStepF64(table: usize, count: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, weightDecay: f64, step: f64, amsgrad: i32, decoupled: i32, maximize: i32): void {
  adamStep<f64>(table, count, lr, beta1, beta2, eps, weightDecay, step, amsgrad != 0, decoupled != 0, maximize != 0, true);
}
/** The plain-loop sibling of adamStepF64: same bits. */
export function adamStepF64Ref(table: usize, count: i32, lr: f64, beta1: f64, beta2: f64, eps: f64, weightDecay: f64, step: f64, amsgrad: i32, decoupled: i32, maximize: i32): void {
  adamStep<f64>(table, count, lr, beta1, beta2, eps, weightDecay, step, amsgrad != 0, decoupled != 0, maximize != 0, false);
}
