import {
  addF32, addF32Ref, subF32, subF32Ref, mulF32, mulF32Ref, divF32, divF32Ref,
  addScalarF32, addScalarF32Ref, subScalarF32, subScalarF32Ref, mulScalarF32, mulScalarF32Ref, divScalarF32, divScalarF32Ref,
  expElementwiseF32, expElementwiseF32Ref, logElementwiseF32, logElementwiseF32Ref, sqrtElementwiseF32, sqrtElementwiseF32Ref,
  absElementwiseF32, absElementwiseF32Ref, clampElementwiseF32, clampElementwiseF32Ref,
  addF64, addF64Ref, subF64, subF64Ref, mulF64, mulF64Ref, divF64, divF64Ref,
  addScalarF64, addScalarF64Ref, divScalarF64, divScalarF64Ref,
  expElementwiseF64, expElementwiseF64Ref, logElementwiseF64, logElementwiseF64Ref, sqrtElementwiseF64, sqrtElementwiseF64Ref,
  absElementwiseF64, absElementwiseF64Ref, clampElementwiseF64, clampElementwiseF64Ref,
} from "../../../assembly/tensor/elementwise";
import { expF32 } from "../../../assembly/math/expf";
import { logF32 } from "../../../assembly/math/logf";
import { buffer, f32s, fillRandom, sameBits, f32At, f64At } from "./data";

type Binary = (out: usize, a: usize, b: usize, outer: i32, inner: i32) => void;
type Map = (out: usize, x: usize, n: i32) => void;

const N = 4099; // not a multiple of 4: the scalar tail runs too
const A = buffer(N, 8);
const B = buffer(N, 8);
const OUT = buffer(N, 8);
const OUT_REF = buffer(N, 8);

// Runs fast and ref on the same random data (with ±0, ±∞, NaN, subnormals) and compares the bytes.
function binaryAgrees(fast: Binary, ref: Binary, bytes: i32, outer: i32, inner: i32): bool {
  fillRandom(A, outer * inner, bytes, 11, 10, true);
  fillRandom(B, inner, bytes, 12, 10, true);
  fast(OUT, A, B, outer, inner);
  ref(OUT_REF, A, B, outer, inner);
  return sameBits(OUT, OUT_REF, outer * inner * bytes);
}

function mapAgrees(fast: Map, ref: Map, bytes: i32, scale: f64): bool {
  fillRandom(A, N, bytes, 13, scale, true);
  fast(OUT, A, N);
  ref(OUT_REF, A, N);
  return sameBits(OUT, OUT_REF, N * bytes);
}

describe("binary elementwise kernels", () => {
  it("match their Ref siblings bit for bit, special values included, for equal and broadcast shapes", () => {
    const shapes: StaticArray<i32> = [1, 4099, 37, 101, 100, 3, 5, 4];
    for (let s = 0; s < shapes.length; s += 2) {
      const outer = shapes[s], inner = shapes[s + 1];
      expect(binaryAgrees(addF32, addF32Ref, 4, outer, inner)).toBe(true);
      expect(binaryAgrees(subF32, subF32Ref, 4, outer, inner)).toBe(true);
      expect(binaryAgrees(mulF32, mulF32Ref, 4, outer, inner)).toBe(true);
      expect(binaryAgrees(divF32, divF32Ref, 4, outer, inner)).toBe(true);
      expect(binaryAgrees(addF64, addF64Ref, 8, outer, inner)).toBe(true);
      expect(binaryAgrees(subF64, subF64Ref, 8, outer, inner)).toBe(true);
      expect(binaryAgrees(mulF64, mulF64Ref, 8, outer, inner)).toBe(true);
      expect(binaryAgrees(divF64, divF64Ref, 8, outer, inner)).toBe(true);
    }
  });

  it("broadcast b over the leading dimensions of a", () => {
    const a = f32s([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]); // (3, 5)
    const b = f32s([10, 20, 30, 40, 50]);
    const out = buffer(15, 4);
    addF32(out, a, b, 3, 5);
    expect(f32At(out, 0)).toBe(11);
    expect(f32At(out, 4)).toBe(55);
    expect(f32At(out, 5)).toBe(16);
    expect(f32At(out, 14)).toBe(65);
    divF32(out, a, b, 3, 5);
    expect(f32At(out, 12)).toBe(<f32>13 / <f32>30);
  });

  it("write the canonical quiet NaN for ∞ − ∞ and 0/0 in both the vector body and the scalar tail", () => {
    const a = f32s([Infinity, 0, Infinity, 0, Infinity]);
    const b = f32s([Infinity, 0, Infinity, 0, Infinity]);
    const out = buffer(5, 4);
    subF32(out, a, b, 1, 5);
    expect(load<u32>(out)).toBe(0x7fc00000);
    expect(load<u32>(out + 16)).toBe(0x7fc00000);
    divF32(out, a, b, 1, 5);
    expect(load<u32>(out + 4)).toBe(0x7fc00000);
  });
});

describe("scalar-operand kernels", () => {
  it("match their Ref siblings bit for bit", () => {
    fillRandom(A, N, 4, 21, 10, true);
    addScalarF32(OUT, A, 1.5, N); addScalarF32Ref(OUT_REF, A, 1.5, N);
    expect(sameBits(OUT, OUT_REF, N * 4)).toBe(true);
    subScalarF32(OUT, A, -2.25, N); subScalarF32Ref(OUT_REF, A, -2.25, N);
    expect(sameBits(OUT, OUT_REF, N * 4)).toBe(true);
    mulScalarF32(OUT, A, Infinity, N); mulScalarF32Ref(OUT_REF, A, Infinity, N);
    expect(sameBits(OUT, OUT_REF, N * 4)).toBe(true);
    divScalarF32(OUT, A, 3, N); divScalarF32Ref(OUT_REF, A, 3, N);
    expect(sameBits(OUT, OUT_REF, N * 4)).toBe(true);
    fillRandom(A, N, 8, 22, 10, true);
    addScalarF64(OUT, A, 0.1, N); addScalarF64Ref(OUT_REF, A, 0.1, N);
    expect(sameBits(OUT, OUT_REF, N * 8)).toBe(true);
    divScalarF64(OUT, A, 0, N); divScalarF64Ref(OUT_REF, A, 0, N);
    expect(sameBits(OUT, OUT_REF, N * 8)).toBe(true);
  });

  it("divide truly rather than multiply by the reciprocal (0.3 / 3 rounds once)", () => {
    const a = f32s([0.3, 0.3, 0.3, 0.3, 0.3]);
    const out = buffer(5, 4);
    divScalarF32(out, a, 3, 5);
    expect(f32At(out, 0)).toBe(<f32>0.3 / <f32>3);
    expect(f32At(out, 4)).toBe(<f32>0.3 / <f32>3);
  });
});

describe("elementwise maps", () => {
  it("match their Ref siblings bit for bit, special values included", () => {
    expect(mapAgrees(expElementwiseF32, expElementwiseF32Ref, 4, 100)).toBe(true);
    expect(mapAgrees(logElementwiseF32, logElementwiseF32Ref, 4, 100)).toBe(true);
    expect(mapAgrees(sqrtElementwiseF32, sqrtElementwiseF32Ref, 4, 100)).toBe(true);
    expect(mapAgrees(absElementwiseF32, absElementwiseF32Ref, 4, 100)).toBe(true);
    expect(mapAgrees(expElementwiseF64, expElementwiseF64Ref, 8, 100)).toBe(true);
    expect(mapAgrees(logElementwiseF64, logElementwiseF64Ref, 8, 100)).toBe(true);
    expect(mapAgrees(sqrtElementwiseF64, sqrtElementwiseF64Ref, 8, 100)).toBe(true);
    expect(mapAgrees(absElementwiseF64, absElementwiseF64Ref, 8, 100)).toBe(true);
    fillRandom(A, N, 4, 31, 5, true);
    clampElementwiseF32(OUT, A, N, -1, 2); clampElementwiseF32Ref(OUT_REF, A, N, -1, 2);
    expect(sameBits(OUT, OUT_REF, N * 4)).toBe(true);
    fillRandom(A, N, 8, 32, 5, true);
    clampElementwiseF64(OUT, A, N, -1, 2); clampElementwiseF64Ref(OUT_REF, A, N, -1, 2);
    expect(sameBits(OUT, OUT_REF, N * 8)).toBe(true);
  });

  it("compute exp and log with the shared math/expf and math/logf functions", () => {
    fillRandom(A, N, 4, 41, 20, false);
    expElementwiseF32(OUT, A, N);
    for (let i = 0; i < N; i++) expect(f32At(OUT, i)).toBe(expF32(f32At(A, i)));
    absElementwiseF32(B, A, N);
    logElementwiseF32(OUT, B, N);
    for (let i = 0; i < N; i++) expect(f32At(OUT, i)).toBe(logF32(f32At(B, i)));
  });

  it("follow IEEE at the edges: log 0 = −∞, log(−1) = NaN, exp(−∞) = 0, √(−1) = NaN, |−0| = +0", () => {
    const x = f32s([0, -1, -Infinity, -0, 4, 1e-40, Infinity, NaN]);
    const out = buffer(8, 4);
    logElementwiseF32(out, x, 8);
    expect(f32At(out, 0)).toBe(-Infinity);
    expect(load<u32>(out + 4)).toBe(0x7fc00000);
    expect(f32At(out, 4)).toBe(logF32(4));
    expect(f32At(out, 5)).toBeCloseTo(<f32>Math.log(1e-40), 3); // subnormal input
    expect(f32At(out, 6)).toBe(Infinity);
    expElementwiseF32(out, x, 8);
    expect(f32At(out, 2)).toBe(0);
    expect(f32At(out, 6)).toBe(Infinity);
    sqrtElementwiseF32(out, x, 8);
    expect(load<u32>(out + 4)).toBe(0x7fc00000);
    expect(f32At(out, 4)).toBe(2);
    absElementwiseF32(out, x, 8);
    expect(load<u32>(out + 12)).toBe(0);
  });

  it("clamp like torch.clamp: bounds inclusive, NaN stays NaN", () => {
    const x = f32s([-3, -1, 0.5, 2, 7, NaN, -Infinity, Infinity]);
    const out = buffer(8, 4);
    clampElementwiseF32(out, x, 8, -1, 2);
    expect(f32At(out, 0)).toBe(-1);
    expect(f32At(out, 2)).toBe(0.5);
    expect(f32At(out, 4)).toBe(2);
    expect(isNaN(f32At(out, 5))).toBe(true);
    expect(f32At(out, 6)).toBe(-1);
    expect(f32At(out, 7)).toBe(2);
    const y = buffer(8, 8);
    for (let i = 0; i < 8; i++) store<f64>(y + (<usize>i << 3), <f64>f32At(x, i));
    clampElementwiseF64(OUT, y, 8, -1, 2);
    expect(f64At(OUT, 4)).toBe(2);
    expect(f64At(OUT, 0)).toBe(-1);
  });
});
