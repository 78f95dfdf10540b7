// f32 buffers for the nn specs: allocation, element access, bit-for-bit comparison and a seeded LCG.

export function f32s(n: i32): usize {
  return heap.alloc(<usize>max(n, 1) << 2);
}
export function at(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}
export function put(p: usize, i: i32, v: f32): void {
  store<f32>(p + (<usize>i << 2), v);
}
export function fromArray(a: f32[]): usize {
  const p = f32s(a.length);
  for (let i = 0; i < a.length; i++) put(p, i, a[i]);
  return p;
}
// Same bits, NaNs included: the kernels write only the canonical NaN 0x7FC00000.
export function sameBits(x: usize, y: usize, n: i32): bool {
  for (let i = 0; i < n; i++) {
    const a = at(x, i), b = at(y, i);
    if (reinterpret<u32>(a) != reinterpret<u32>(b)) return false;
  }
  return true;
}

let state: u32 = 1;
/** Restarts uniform() from `seed` (each spec picks its own). */
export function seedUniform(seed: u32): void {
  state = seed;
}
/** A uniform in [0, 1) from a 32-bit LCG (24 bits). */
export function uniform(): f32 {
  state = state * 1664525 + 1013904223;
  return <f32>(state >>> 8) / <f32>16777216.0;
}
