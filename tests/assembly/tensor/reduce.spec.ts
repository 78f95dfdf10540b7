import {
  sumF32, sumF32Ref, meanF32, meanF32Ref, varianceF32, varianceF32Ref, maxF32, maxF32Ref, minF32, minF32Ref,
  argmaxF32, argmaxF32Ref, sumF64, sumF64Ref, meanF64, meanF64Ref, varianceF64, varianceF64Ref,
  maxF64, maxF64Ref, minF64, minF64Ref, argmaxF64, argmaxF64Ref,
} from "../../../assembly/tensor/reduce";
import { buffer, f32s, f64s, fillRandom, sameBits, f32At, f64At, i32At } from "./data";

type Reduce = (out: usize, x: usize, outer: i32, axis: i32, inner: i32) => void;
type Variance = (out: usize, x: usize, outer: i32, axis: i32, inner: i32, correction: i32) => void;

const X = buffer(20000, 8);
const OUT = buffer(2000, 8);
const OUT_REF = buffer(2000, 8);
// (outer, axis, inner): contiguous and strided axes, lengths that leave a tail of 1–3, and tiny cases.
const SHAPES: StaticArray<i32> = [1, 10007, 1, 13, 101, 1, 3, 97, 13, 2, 50, 8, 1, 3, 1, 7, 1, 5, 4, 6, 4];

function agrees(fast: Reduce, ref: Reduce, bytes: i32, outBytes: i32, specials: bool): bool {
  for (let s = 0; s < SHAPES.length; s += 3) {
    const outer = SHAPES[s], axis = SHAPES[s + 1], inner = SHAPES[s + 2];
    fillRandom(X, outer * axis * inner, bytes, 100 + s, 10, specials);
    fast(OUT, X, outer, axis, inner);
    ref(OUT_REF, X, outer, axis, inner);
    if (!sameBits(OUT, OUT_REF, outer * inner * outBytes)) return false;
  }
  return true;
}

function varianceAgrees(fast: Variance, ref: Variance, bytes: i32, correction: i32, specials: bool): bool {
  for (let s = 0; s < SHAPES.length; s += 3) {
    const outer = SHAPES[s], axis = SHAPES[s + 1], inner = SHAPES[s + 2];
    fillRandom(X, outer * axis * inner, bytes, 200 + s, 10, specials);
    fast(OUT, X, outer, axis, inner, correction);
    ref(OUT_REF, X, outer, axis, inner, correction);
    if (!sameBits(OUT, OUT_REF, outer * inner * bytes)) return false;
  }
  return true;
}

describe("reductions along an axis", () => {
  it("match their Ref siblings bit for bit on contiguous and strided axes, with and without special values", () => {
    for (let k = 0; k < 2; k++) {
      const specials = k == 1;
      expect(agrees(sumF32, sumF32Ref, 4, 4, specials)).toBe(true);
      expect(agrees(meanF32, meanF32Ref, 4, 4, specials)).toBe(true);
      expect(agrees(maxF32, maxF32Ref, 4, 4, specials)).toBe(true);
      expect(agrees(minF32, minF32Ref, 4, 4, specials)).toBe(true);
      expect(agrees(argmaxF32, argmaxF32Ref, 4, 4, specials)).toBe(true);
      expect(varianceAgrees(varianceF32, varianceF32Ref, 4, 0, specials)).toBe(true);
      expect(varianceAgrees(varianceF32, varianceF32Ref, 4, 1, specials)).toBe(true);
      expect(agrees(sumF64, sumF64Ref, 8, 8, specials)).toBe(true);
      expect(agrees(meanF64, meanF64Ref, 8, 8, specials)).toBe(true);
      expect(agrees(maxF64, maxF64Ref, 8, 8, specials)).toBe(true);
      expect(agrees(minF64, minF64Ref, 8, 8, specials)).toBe(true);
      expect(agrees(argmaxF64, argmaxF64Ref, 8, 4, specials)).toBe(true);
      expect(varianceAgrees(varianceF64, varianceF64Ref, 8, 1, specials)).toBe(true);
    }
  });

  it("sum in the documented order: four lane partials combined as (p0 + p2) + (p1 + p3), then the tail", () => {
    // In index order 1e16 + 1 rounds back to 1e16 and the sum would be 1 + 0.5; the lane order gives 2 + 0.5.
    const x = f64s([1e16, 1, -1e16, 1, 0.5]);
    sumF64(OUT, x, 1, 5, 1);
    expect(f64At(OUT, 0)).toBe(2.5);
    sumF64Ref(OUT, x, 1, 5, 1);
    expect(f64At(OUT, 0)).toBe(2.5);
  });

  it("accumulate f32 data in f64, so 2^24 plus eight ones is exactly 2^24 + 8", () => {
    const x = f32s([16777216, 1, 1, 1, 1, 1, 1, 1, 1]);
    sumF32(OUT, x, 1, 9, 1);
    expect(f32At(OUT, 0)).toBe(16777224);
  });

  it("reduce the middle axis of (outer, axis, inner): a (2, 3, 2) tensor summed over dim 1", () => {
    const x = f32s([1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60]);
    sumF32(OUT, x, 2, 3, 2);
    expect(f32At(OUT, 0)).toBe(9);
    expect(f32At(OUT, 1)).toBe(12);
    expect(f32At(OUT, 2)).toBe(90);
    expect(f32At(OUT, 3)).toBe(120);
    meanF32(OUT, x, 2, 3, 2);
    expect(f32At(OUT, 3)).toBe(40);
  });

  it("compute the unbiased and the population variance, and NaN for one element with correction 1", () => {
    const x = f32s([1, 2, 3, 4]);
    varianceF32(OUT, x, 1, 4, 1, 1);
    expect(f32At(OUT, 0)).toBe(<f32>(5.0 / 3.0));
    varianceF32(OUT, x, 1, 4, 1, 0);
    expect(f32At(OUT, 0)).toBe(1.25);
    varianceF32(OUT, x, 1, 1, 1, 1);
    expect(isNaN(f32At(OUT, 0))).toBe(true);
    varianceF32(OUT, x, 1, 1, 1, 0);
    expect(f32At(OUT, 0)).toBe(0);
    // a strided axis: columns of (2, 2) [[1, 2], [3, 6]] have variances 2 and 8 (correction 1)
    const y = f32s([1, 2, 3, 6]);
    varianceF32(OUT, y, 1, 2, 2, 1);
    expect(f32At(OUT, 0)).toBe(2);
    expect(f32At(OUT, 1)).toBe(8);
  });

  it("is exact for a large offset where a one-pass Σx² − n·mean² would cancel", () => {
    const x = f64s([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4, 1e9 + 5]);
    varianceF64(OUT, x, 1, 5, 1, 1);
    expect(f64At(OUT, 0)).toBe(2.5);
  });

  it("propagate NaN through max and min, and write the canonical quiet NaN", () => {
    const x = f32s([1, 5, NaN, 2, 7, 3]);
    maxF32(OUT, x, 1, 6, 1);
    expect(load<u32>(OUT)).toBe(0x7fc00000);
    minF32(OUT, x, 1, 6, 1);
    expect(load<u32>(OUT)).toBe(0x7fc00000);
    const y = f32s([Infinity, -Infinity, 0, 0, 0]);
    sumF32(OUT, y, 1, 5, 1);
    expect(load<u32>(OUT)).toBe(0x7fc00000);
  });

  it("find max and min of rows, −∞ and +∞ included", () => {
    const x = f32s([-Infinity, -3, -7, -1, 2, 9, Infinity, 4]);
    maxF32(OUT, x, 2, 4, 1);
    expect(f32At(OUT, 0)).toBe(-1);
    expect(f32At(OUT, 1)).toBe(Infinity);
    minF32(OUT, x, 2, 4, 1);
    expect(f32At(OUT, 0)).toBe(-Infinity);
    expect(f32At(OUT, 1)).toBe(2);
  });
});

describe("argmax", () => {
  it("returns the first index of a repeated maximum, in the vector body and in the tail", () => {
    const x = f32s([1, 9, 3, 9, 2, 0, 9, 1, 9, 4, 9]);
    argmaxF32(OUT, x, 1, 11, 1);
    expect(i32At(OUT, 0)).toBe(1);
    const y = f32s([1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 10]);
    argmaxF32(OUT, y, 1, 11, 1);
    expect(i32At(OUT, 0)).toBe(9);
    const z = f32s([5, 5, 5, 5, 5, 5, 5, 5, 5]);
    argmaxF32(OUT, z, 1, 9, 1);
    expect(i32At(OUT, 0)).toBe(0);
  });

  it("returns the index of the first NaN when there is one, like torch", () => {
    const x = f32s([1, 2, 3, 4, 5, 6, NaN, 8, 9, NaN, 100]);
    argmaxF32(OUT, x, 1, 11, 1);
    expect(i32At(OUT, 0)).toBe(6);
    const y = f64s([1, 2, NaN, 100]);
    argmaxF64(OUT, y, 1, 4, 1);
    expect(i32At(OUT, 0)).toBe(2);
  });

  it("returns the first index when every element is −∞", () => {
    const x = f32s([-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity]);
    argmaxF32(OUT, x, 1, 8, 1);
    expect(i32At(OUT, 0)).toBe(0);
  });

  it("agrees with a naive first-maximum loop on data with many ties, ±0, ±∞ and NaN", () => {
    for (let seed: u32 = 1; seed <= 40; seed++) {
      const n = <i32>(seed * 37 % 211) + 1;
      fillRandom(X, n, 4, seed, 3, seed % 2 == 0);
      for (let i = 0; i < n; i++) store<f32>(X + (<usize>i << 2), Mathf.round(f32At(X, i))); // few distinct values
      let best = f32At(X, 0);
      let expected = 0;
      for (let i = 1; i < n && best == best; i++) {
        const v = f32At(X, i);
        if (v > best || v != v) { best = v; expected = i; }
      }
      argmaxF32(OUT, X, 1, n, 1);
      expect(i32At(OUT, 0)).toBe(expected);
    }
  });

  it("works along a strided axis: columns of a (3, 2) matrix", () => {
    const x = f32s([1, 8, 7, 2, 7, 8]);
    argmaxF32(OUT, x, 1, 3, 2);
    expect(i32At(OUT, 0)).toBe(1);
    expect(i32At(OUT, 1)).toBe(0);
  });
});
