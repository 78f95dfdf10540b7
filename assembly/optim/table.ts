// The parameter table the optimizer kernels walk: one record of 8 u32 per parameter tensor, written by the
// SDK (sdk/optim/table.ts) into WASM memory, so one call updates every parameter of a model.
//   word 0 n (elements)   1 param   2 grad   3 state0   4 state1   5 state2   6 offset   7 unused
// offset is the tensor's first index in the flattened parameter vector (noise element = offset + i).
// Helpers for kernels generic over T = f32 | f64: 4 or 2 lanes per v128.

// @ts-ignore: decorator
@inline export const RECORD_BYTES: usize = 32;

// @ts-ignore: decorator
@inline export function recordWord(table: usize, r: i32, word: i32): usize {
  return <usize>load<u32>(table + <usize>r * RECORD_BYTES + (<usize>word << 2));
}

// @ts-ignore: decorator
@inline export function at<T>(base: usize, i: i32): usize {
  return base + (<usize>i << alignof<T>());
}

// @ts-ignore: decorator
@inline export function splat<T>(x: T): v128 {
  if (sizeof<T>() == 4) return f32x4.splat(<f32>x);
  return f64x2.splat(<f64>x);
}

// @ts-ignore: decorator
@inline export function vadd<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.add(a, b);
  return f64x2.add(a, b);
}

// @ts-ignore: decorator
@inline export function vsub<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.sub(a, b);
  return f64x2.sub(a, b);
}

// @ts-ignore: decorator
@inline export function vmul<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.mul(a, b);
  return f64x2.mul(a, b);
}

// @ts-ignore: decorator
@inline export function vdiv<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.div(a, b);
  return f64x2.div(a, b);
}

// @ts-ignore: decorator
@inline export function vsqrt<T>(a: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.sqrt(a);
  return f64x2.sqrt(a);
}

// @ts-ignore: decorator
@inline export function vmax<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.max(a, b);
  return f64x2.max(a, b);
}

// @ts-ignore: decorator
@inline export function vmin<T>(a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return f32x4.min(a, b);
  return f64x2.min(a, b);
}

// @ts-ignore: decorator
@inline export function sqrtT<T>(x: T): T {
  if (sizeof<T>() == 4) return <T>Mathf.sqrt(<f32>x);
  return <T>Math.sqrt(<f64>x);
}

// @ts-ignore: decorator
@inline export function maxT<T>(a: T, b: T): T {
  if (sizeof<T>() == 4) return <T>Mathf.max(<f32>a, <f32>b);
  return <T>Math.max(<f64>a, <f64>b);
}

// @ts-ignore: decorator
@inline export function minT<T>(a: T, b: T): T {
  if (sizeof<T>() == 4) return <T>Mathf.min(<f32>a, <f32>b);
  return <T>Math.min(<f64>a, <f64>b);
}

// Σ a[i]·b[i] over i < n with a fixed order: lane l of the SIMD accumulator (l = i mod lanes) sums its
// elements in order, the lanes are added left to right, then the tail in order. The plain path keeps the
// same per-lane accumulators, so both give the same bits. Accumulates in T.
// @ts-ignore: decorator
@inline export function dotLanes<T>(a: usize, b: usize, n: i32, simd: bool): T {
  const lanes = <i32>(16 / sizeof<T>());
  const whole = n - n % lanes;
  let s: T = 0;
  if (ASC_FEATURE_SIMD && simd) {
    let acc = splat<T>(<T>0);
    for (let i = 0; i < whole; i += lanes) acc = vadd<T>(acc, vmul<T>(v128.load(at<T>(a, i)), v128.load(at<T>(b, i))));
    if (sizeof<T>() == 4) {
      s = <T>(((f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + f32x4.extract_lane(acc, 2)) + f32x4.extract_lane(acc, 3));
    } else {
      s = <T>(f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1));
    }
  } else {
    let a0: T = 0, a1: T = 0, a2: T = 0, a3: T = 0;
    for (let i = 0; i < whole; i += lanes) {
      a0 = a0 + load<T>(at<T>(a, i)) * load<T>(at<T>(b, i));
      a1 = a1 + load<T>(at<T>(a, i + 1)) * load<T>(at<T>(b, i + 1));
      if (sizeof<T>() == 4) {
        a2 = a2 + load<T>(at<T>(a, i + 2)) * load<T>(at<T>(b, i + 2));
        a3 = a3 + load<T>(at<T>(a, i + 3)) * load<T>(at<T>(b, i + 3));
      }
    }
    s = sizeof<T>() == 4 ? ((a0 + a1) + a2) + a3 : a0 + a1;
  }
  for (let i = whole; i < n; i++) s = s + load<T>(at<T>(a, i)) * load<T>(at<T>(b, i));
  return s;
}
