// Helpers for the tensor specs: f32/f64 arrays on the heap, a deterministic filler with special values
// mixed in, and a byte comparison. Not a spec itself (as-pect only runs *.spec.ts).

/** `count` elements of `bytes` bytes each, zeroed, on the heap (16-byte aligned). */
export function buffer(count: i32, bytes: i32): usize {
  const size = <usize>max(count * bytes, 16);
  const p = heap.alloc(size);
  memory.fill(p, 0, size);
  return p;
}

/** A heap copy of f32 values. */
export function f32s(values: StaticArray<f32>): usize {
  const p = buffer(values.length, 4);
  for (let i = 0; i < values.length; i++) store<f32>(p + (<usize>i << 2), values[i]);
  return p;
}

/** A heap copy of f64 values. */
export function f64s(values: StaticArray<f64>): usize {
  const p = buffer(values.length, 8);
  for (let i = 0; i < values.length; i++) store<f64>(p + (<usize>i << 3), values[i]);
  return p;
}

const SPECIALS: StaticArray<f64> = [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 3e38, -5, 1];

/**
 * Fills n elements (f32 when bytes = 4, f64 when 8) with values in [-scale, scale) from a 32-bit LCG
 * (Numerical Recipes) seeded with `seed`; when `specials`, about 1 in 16 is a special value instead.
 */
export function fillRandom(p: usize, n: i32, bytes: i32, seed: u32, scale: f64, specials: bool): void {
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = s * 1664525 + 1013904223;
    let v = (<f64>s / 4294967296.0 * 2 - 1) * scale;
    if (specials && (s >>> 28) == 7) v = SPECIALS[(s >>> 8) % <u32>SPECIALS.length];
    if (bytes == 4) store<f32>(p + (<usize>i << 2), <f32>v);
    else store<f64>(p + (<usize>i << 3), v);
  }
}

/** True when the `bytes` bytes at a and b are identical (NaNs included, sign and payload alike). */
export function sameBits(a: usize, b: usize, bytes: i32): bool {
  return memory.compare(a, b, <usize>bytes) == 0;
}

// @ts-ignore: decorator
@inline export function f32At(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline export function f64At(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline export function i32At(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
