// Exponential(rate λ): log-density, cdf and quantile in f64. out, x: n of T; rate, logRate: b f64,
// element i uses parameter i mod b. Support [0, ∞): the log-density is −∞ below 0.

// @ts-ignore: decorator
@inline function evaluate<T>(op: i32, out: usize, x: usize, rate: usize, logRate: usize, n: i32, b: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<T>(x + (<usize>i << alignof<T>()));
    const lambda = load<f64>(rate + (<usize>j << 3));
    let r: f64;
    if (op == 0) r = v >= 0 ? load<f64>(logRate + (<usize>j << 3)) - lambda * v : isNaN(v) ? v : -Infinity;
    else if (op == 1) r = v > 0 ? -Math.expm1(-lambda * v) : isNaN(v) ? v : 0.0; // 1 − e^{−λx}
    else r = v >= 0 && v <= 1 ? -Math.log1p(-v) / lambda : NaN; // −log(1 − q)/λ
    store<T>(out + (<usize>i << alignof<T>()), <T>r);
    if (++j == b) j = 0;
  }
}

/** log λ − λx for x ≥ 0, −∞ for x < 0. */
export function exponentialLogProbF32(out: usize, x: usize, rate: usize, logRate: usize, n: i32, b: i32): void { evaluate<f32>(0, out, x, rate, logRate, n, b); }
/** As exponentialLogProbF32 over f64. */
export function exponentialLogProbF64(out: usize, x: usize, rate: usize, logRate: usize, n: i32, b: i32): void { evaluate<f64>(0, out, x, rate, logRate, n, b); }
/** 1 − e^{−λx} (0 below 0). */
export function exponentialCdfF32(out: usize, x: usize, rate: usize, n: i32, b: i32): void { evaluate<f32>(1, out, x, rate, 0, n, b); }
/** As exponentialCdfF32 over f64. */
export function exponentialCdfF64(out: usize, x: usize, rate: usize, n: i32, b: i32): void { evaluate<f64>(1, out, x, rate, 0, n, b); }
/** −log1p(−q)/λ. */
export function exponentialIcdfF32(out: usize, q: usize, rate: usize, n: i32, b: i32): void { evaluate<f32>(2, out, q, rate, 0, n, b); }
/** As exponentialIcdfF32 over f64. */
export function exponentialIcdfF64(out: usize, q: usize, rate: usize, n: i32, b: i32): void { evaluate<f64>(2, out, q, rate, 0, n, b); }
