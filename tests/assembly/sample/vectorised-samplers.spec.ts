// The SIMD kernels of the distributions work (issue 4, item 6) against their scalar references, bit for
// bit: uniformFillF64 / uniformFillF64Ref, normalLogProbF32/F64 and their …Ref, and logF64x2 / logF64
// (with logF64 against AS std's Math.log within 1 ulp). The gamma and alias fast paths are checked
// against the scalar build from the SDK (tests/sdk/distributions/gamma-family-sampling.test.ts).
import { uniformFillF64, uniformFillF64Ref } from "../../../assembly/sample/uniform";
import { normalLogProbF32, normalLogProbF32Ref, normalLogProbF64, normalLogProbF64Ref } from "../../../assembly/distributions/location-scale";
import { logF64, logArrayF64x2 } from "../../../assembly/math/logd";
import { buffer, fillRandom, sameBits, f64s } from "../tensor/data";

const N = 1031; // odd: vector body, head and tail all run
const A = buffer(N, 8);
const B = buffer(N, 8);
const X = buffer(N, 8);

describe("uniformFillF64", () => {
  it("gives the bits of uniformFillF64Ref for every start offset and length tried", () => {
    const starts: StaticArray<u32> = [0, 1, 5, 7, 8, 23, 1000];
    const lengths: StaticArray<i32> = [0, 1, 7, 8, 9, 24, 25, 47, 48, 100, N];
    for (let s = 0; s < starts.length; s++) {
      for (let l = 0; l < lengths.length; l++) {
        uniformFillF64(A, starts[s], lengths[l], 0x1234, 0xabcd);
        uniformFillF64Ref(B, starts[s], lengths[l], 0x1234, 0xabcd);
        expect(sameBits(A, B, lengths[l] * 8)).toBe(true, `start ${starts[s]} n ${lengths[l]}`);
      }
    }
  });
});

describe("normalLogProb", () => {
  it("gives the bits of the scalar reference in f32 and f64, NaN, ±∞ and subnormals included", () => {
    const p = f64s([0.3, 1.7, 1.4489]);
    fillRandom(X, N, 4, 5, 30, true);
    normalLogProbF32(A, X, p, p + 8, p + 16, N, 1);
    normalLogProbF32Ref(B, X, p, p + 8, p + 16, N, 1);
    expect(sameBits(A, B, N * 4)).toBe(true);
    fillRandom(X, N, 8, 6, 30, true);
    normalLogProbF64(A, X, p, p + 8, p + 16, N, 1);
    normalLogProbF64Ref(B, X, p, p + 8, p + 16, N, 1);
    expect(sameBits(A, B, N * 8)).toBe(true);
  });
});

describe("logF64", () => {
  it("gives the same bits in its f64x2 form, special values included", () => {
    fillRandom(X, N, 8, 7, 1e3, true);
    for (let i = 0; i < N; i += 3) store<f64>(X + (<usize>i << 3), Math.abs(load<f64>(X + (<usize>i << 3))));
    store<f64>(X, 5e-324);
    store<f64>(X, 2.2250738585072014e-308, 8);
    logArrayF64x2(A, X, N);
    for (let i = 0; i < N; i++) store<f64>(B + (<usize>i << 3), logF64(load<f64>(X + (<usize>i << 3))));
    expect(sameBits(A, B, N * 8)).toBe(true);
  });

  it("is within 1 ulp of Math.log from the smallest subnormal to 1e300, and exact at the special values", () => {
    let worst = 0.0;
    for (let e = -1074; e < 1000; e += 3) {
      for (let m = 0; m < 8; m++) {
        const x = Math.pow(2.0, <f64>e) * (1.0 + <f64>m * 0.123456789);
        const want = Math.log(x);
        const got = logF64(x);
        const ulp = want == 0 ? 5e-324 : Math.abs(want) * 2.220446049250313e-16;
        worst = Math.max(worst, Math.abs(got - want) / ulp);
      }
    }
    expect(worst).toBeLessThanOrEqual(1.0);
    expect(logF64(1.0)).toBe(0.0);
    expect(logF64(0.0)).toBe(-Infinity);
    expect(logF64(Infinity)).toBe(Infinity);
    expect(isNaN(logF64(-1.0))).toBe(true);
    expect(isNaN(logF64(NaN))).toBe(true);
  });
});
