// Binomial(n, p) samples as torch's sample_binomial: with q = min(p, 1 − p), inversion by geometric
// waiting times when n·q < 10, otherwise BTRS, the transformed rejection with squeeze of Hörmann 1993
// ("The generation of binomial random variates", J. Stat. Comput. Simul. 46); for p > ½ the draw is
// n − Binomial(n, 1 − p). Each element draws only from its own sub-stream (tag "binm").
import { subStreamBegin, subStreamUniformF64 } from "../rng/stream";

// @ts-ignore: decorator
@inline const TAG_BINOMIAL: u32 = 0x62696e6d; // "binm"

// log k! − Stirling's approximation of it: a table for k ≤ 9, the series beyond (torch's stirling_approx_tail).
function stirlingTail(k: f64): f64 {
  if (k <= 9.0) {
    switch (<i32>k) {
      case 0: return 0.0810614667953272;
      case 1: return 0.0413406959554092;
      case 2: return 0.0276779256849983;
      case 3: return 0.02079067210376509;
      case 4: return 0.0166446911898211;
      case 5: return 0.0138761288230707;
      case 6: return 0.0118967099458917;
      case 7: return 0.0104112652619720;
      case 8: return 0.00925546218271273;
      default: return 0.00833056343336287;
    }
  }
  const kp1sq = (k + 1.0) * (k + 1.0);
  return (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / 1260.0 / kp1sq) / kp1sq) / (k + 1.0);
}

// Number of successes before the count is used up, by summing geometric waiting times ⌈log U / log(1 − p)⌉.
function binomialInversion(count: f64, p: f64): f64 {
  const logq = Math.log1p(-p);
  let sum = 0.0;
  let k = 0.0;
  while (true) {
    sum += Math.ceil(Math.log(1.0 - subStreamUniformF64()) / logq);
    if (sum > count) return k;
    k += 1.0;
  }
}

// BTRS (Hörmann 1993, algorithm BTRS), p ≤ ½ and n·p ≥ 10.
function binomialBtrs(count: f64, p: f64): f64 {
  const spq = Math.sqrt(count * p * (1.0 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = count * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / (1.0 - p);
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((count + 1.0) * p);
  while (true) {
    const u = subStreamUniformF64() - 0.5;
    let v = subStreamUniformF64();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2.0 * a / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0.0 || k > count) continue;
    v = Math.log(v * alpha / (a / (us * us) + b));
    const bound = (m + 0.5) * Math.log((m + 1.0) / (r * (count - m + 1.0)))
      + (count + 1.0) * Math.log((count - m + 1.0) / (count - k + 1.0))
      + (k + 0.5) * Math.log(r * (count - k + 1.0) / (k + 1.0))
      + stirlingTail(m) + stirlingTail(count - m) - stirlingTail(k) - stirlingTail(count - k);
    if (v <= bound) return k;
  }
}

/** One Binomial(count, p) draw for element `element` (count a non-negative integer, p in [0, 1]). */
export function binomialElement(k0: u32, k1: u32, element: u32, count: f64, p: f64): f64 {
  if (!(count >= 0.0 && p >= 0.0 && p <= 1.0)) return NaN;
  if (count == 0.0 || p == 0.0) return 0.0;
  if (p == 1.0) return count;
  subStreamBegin(k0, k1, element, TAG_BINOMIAL);
  if (p <= 0.5) return count * p >= 10.0 ? binomialBtrs(count, p) : binomialInversion(count, p);
  const q = 1.0 - p;
  return count - (count * q >= 10.0 ? binomialBtrs(count, q) : binomialInversion(count, q));
}

/**
 * out: n f32 counts. Elements start … start+n-1 of Binomial(totalCount[j], probs[j]), j = i mod paramCount
 * (both f64).
 * @example totalCount = [20], probs = [0.3]: mean 6, variance 4.2.
 */
export function binomialFillF32(out: usize, start: u32, n: i32, k0: u32, k1: u32, totalCount: usize, probs: usize, paramCount: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    const x = binomialElement(k0, k1, start + <u32>i, load<f64>(totalCount + (<usize>j << 3)), load<f64>(probs + (<usize>j << 3)));
    store<f32>(out + (<usize>i << 2), <f32>x);
    if (++j == paramCount) j = 0;
  }
}

/** out: n f64 counts. As binomialFillF32 (the same draws). */
export function binomialFillF64(out: usize, start: u32, n: i32, k0: u32, k1: u32, totalCount: usize, probs: usize, paramCount: i32): void {
  let j = 0;
  for (let i = 0; i < n; i++) {
    store<f64>(out + (<usize>i << 3), binomialElement(k0, k1, start + <u32>i, load<f64>(totalCount + (<usize>j << 3)), load<f64>(probs + (<usize>j << 3))));
    if (++j == paramCount) j = 0;
  }
}
