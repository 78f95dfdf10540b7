// SGD as torch.optim.SGD (1.13, _single_tensor_sgd), over every parameter of the table in one call.
// Records (table.ts): param p, grad g, state0 = momentum buffer b. Per element, in torch's order:
//   d = g (−g if maximize);  d = d + λ·p (weight decay λ ≠ 0)
//   momentum μ ≠ 0: b = d on the first step, else b = b·μ + (1 − τ)·d;  d = d + μ·b (nesterov) or b
//   p = p + (−η)·d
// Every element depends on its own inputs only: the SIMD loop and the plain one give the same bits.
import { recordWord, at, splat, vadd, vmul } from "./table";
import { canonical, canonicalV } from "../tensor/accumulate";

// @ts-ignore: decorator
@inline function sgdStep<T>(table: usize, count: i32, lr: f64, momentum: f64, dampening: f64, weightDecay: f64,
  nesterov: bool, maximize: bool, first: bool, simd: bool): void {
  const negLr = <T>-lr;
  const mu = <T>momentum;
  const keep = <T>(1 - dampening);
  const wd = <T>weightDecay;
  const useMomentum = momentum != 0;
  const useDecay = weightDecay != 0;
  const lanes = <i32>(16 / sizeof<T>());
  for (let r = 0; r < count; r++) {
    const n = <i32>recordWord(table, r, 0);
    const p = recordWord(table, r, 1);
    const g = recordWord(table, r, 2);
    const b = recordWord(table, r, 3);
    let i = 0;
    if (ASC_FEATURE_SIMD && simd) {
      const vNegLr = splat<T>(negLr);
      const vMu = splat<T>(mu);
      const vKeep = splat<T>(keep);
      const vWd = splat<T>(wd);
      for (; i + lanes <= n; i += lanes) {
        const pv = v128.load(at<T>(p, i));
        let d = v128.load(at<T>(g, i));
        if (maximize) d = v128.xor(d, splat<T>(<T>-0.0));
        if (useDecay) d = vadd<T>(d, vmul<T>(vWd, pv));
        if (useMomentum) {
          const bv = first ? d : vadd<T>(vmul<T>(v128.load(at<T>(b, i)), vMu), vmul<T>(vKeep, d));
          v128.store(at<T>(b, i), canonicalV<T>(bv));
          d = nesterov ? vadd<T>(d, vmul<T>(vMu, bv)) : bv;
        }
        v128.store(at<T>(p, i), canonicalV<T>(vadd<T>(pv, vmul<T>(vNegLr, d))));
      }
    }
    for (; i < n; i++) {
      const pv = load<T>(at<T>(p, i));
      let d = load<T>(at<T>(g, i));
      if (maximize) d = -d;
      if (useDecay) d = d + wd * pv;
      if (useMomentum) {
        const bv: T = first ? d : load<T>(at<T>(b, i)) * mu + keep * d;
        store<T>(at<T>(b, i), canonical<T>(bv));
        d = nesterov ? d + mu * bv : bv;
      }
      store<T>(at<T>(p, i), canonical<T>(pv + negLr * d));
    }
  }
}

/** One SGD step over `count` records (f32 tensors) of the table; see the file comment. */
export function sgdStepF32(table: usize, count: i32, lr: f64, momentum: f64, dampening: f64, weightDecay: f64, nesterov: i32, maximize: i32, first: i32): void {
  sgdStep<f32>(table, count, lr, momentum, dampening, weightDecay, nesterov != 0, maximize != 0, first != 0, true);
}
/** The plain-loop sibling of sgdStepF32: same bits. */
export function sgdStepF32Ref(table: usize, count: i32, lr: f64, momentum: f64, dampening: f64, weightDecay: f64, nesterov: i32, maximize: i32, first: i32): void {
  sgdStep<f32>(table, count, lr, momentum, dampening, weightDecay, nesterov != 0, maximize != 0, first != 0, false);
}
/** One SGD step over f64 tensors. */
export function sgdStepF64(table: usize, count: i32, lr: f64, momentum: f64, dampening: f64, weightDecay: f64, nesterov: i32, maximize: i32, first: i32): void {
  sgdStep<f64>(table, count, lr, momentum, dampening, weightDecay, nesterov != 0, maximize != 0, first != 0, true);
}
/** The plain-loop sibling of sgdStepF64: same bits. */
export function sgdStepF64Ref(table: usize, count: i32, lr: f64, momentum: f64, dampening: f64, weightDecay: f64, nesterov: i32, maximize: i32, first: i32): void {
  sgdStep<f64>(table, count, lr, momentum, dampening, weightDecay, nesterov != 0, maximize != 0, first != 0, false);
}
