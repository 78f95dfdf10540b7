import { pixelsToF32, pixelsToF32Ref } from "../../../assembly/data/pixels";
import { permutationI32 } from "../../../assembly/data/permutation";
import { at, f32s, sameBits } from "../nn/buffers";

// as-pect compiles with SIMD enabled: pixelsToF32 runs its v128 path and must give pixelsToF32Ref's bits
// (what the scalar build runs) at every length around the 16-byte step.

describe("pixelsToF32: SIMD path against the …Ref sibling", () => {
  it("gives the same bits for every byte value and lengths 0 … 40, 784, with and without normalisation", () => {
    const bytes = heap.alloc(1024);
    for (let i = 0; i < 1024; i++) store<u8>(bytes + <usize>i, <u8>((i * 37 + 11) & 255));
    const lengths: i32[] = [0, 1, 15, 16, 17, 31, 32, 33, 40, 784, 1024];
    const means: f32[] = [0, 0.1307, -3];
    const stds: f32[] = [1, 0.3081, 1e-20];
    for (let k = 0; k < lengths.length; k++) {
      const n = lengths[k];
      const a = f32s(n), b = f32s(n);
      for (let m = 0; m < means.length; m++) {
        pixelsToF32(a, bytes, n, means[m], stds[m]);
        pixelsToF32Ref(b, bytes, n, means[m], stds[m]);
        expect<bool>(sameBits(a, b, n)).toBe(true);
      }
    }
  });

  it("maps 0 to 0 and 255 to 1 exactly with mean 0 and std 1", () => {
    const bytes = heap.alloc(32);
    for (let i = 0; i < 32; i++) store<u8>(bytes + <usize>i, i < 16 ? 0 : 255);
    const out = f32s(32);
    pixelsToF32(out, bytes, 32, 0, 1);
    expect<f32>(at(out, 0)).toBe(0);
    expect<f32>(at(out, 31)).toBe(1);
  });
});

describe("permutationI32", () => {
  it("writes each of 0 … n − 1 exactly once for n = 1, 2, 3, 1000", () => {
    const sizes: i32[] = [1, 2, 3, 1000];
    for (let k = 0; k < sizes.length; k++) {
      const n = sizes[k];
      const out = heap.alloc(<usize>n << 2);
      const seen = heap.alloc(<usize>n);
      memory.fill(seen, 0, <usize>n);
      permutationI32(out, n, 0x12345678, 0x9abcdef0);
      let ok = true;
      for (let i = 0; i < n; i++) {
        const v = load<i32>(out + (<usize>i << 2));
        if (v < 0 || v >= n || load<u8>(seen + <usize>v) != 0) ok = false;
        else store<u8>(seen + <usize>v, 1);
      }
      expect<bool>(ok).toBe(true);
    }
  });
});
