import {
  bceWithLogitsForwardBackwardF32, bceWithLogitsForwardBackwardF32Ref, mseForwardBackwardF32,
  mseForwardBackwardF32Ref, klDivRowsF32, klDivRowsF32Ref,
} from "../../../assembly/nn/losses";
import { at, f32s, fromArray, put, sameBits, seedUniform, uniform } from "./buffers";

// SIMD paths against their …Ref siblings (what the scalar build runs), bit for bit, then values.

seedUniform(7);

const LENGTHS: i32[] = [1, 2, 3, 4, 5, 7, 8, 11, 16, 33, 1001];

describe("elementwise losses: SIMD path against the …Ref sibling", () => {
  it("gives BCE with logits and MSE the same loss and gradient bits for every length and reduction", () => {
    for (let k = 0; k < LENGTHS.length; k++) {
      const n = LENGTHS[k];
      const x = f32s(n), y = f32s(n), la = f32s(n), lb = f32s(n), ga = f32s(n), gb = f32s(n);
      for (let i = 0; i < n; i++) {
        const u = uniform();
        put(x, i, u < 0.1 ? (u < 0.05 ? <f32>1e30 : <f32>-1e30) : uniform() * 40 - 20);
        put(y, i, u > 0.7 ? uniform() : <f32>(i & 1));
      }
      for (let red = 0; red < 3; red++) {
        const nl = red == 0 ? n : 1;
        bceWithLogitsForwardBackwardF32(la, ga, x, y, n, red);
        bceWithLogitsForwardBackwardF32Ref(lb, gb, x, y, n, red);
        expect<bool>(sameBits(la, lb, nl) && sameBits(ga, gb, n)).toBe(true);
        mseForwardBackwardF32(la, ga, x, y, n, red);
        mseForwardBackwardF32Ref(lb, gb, x, y, n, red);
        expect<bool>(sameBits(la, lb, nl) && sameBits(ga, gb, n)).toBe(true);
      }
    }
  });

  it("gives KL(p‖q) the same bits for rows with zeros and subnormal probabilities", () => {
    for (let k = 0; k < LENGTHS.length; k++) {
      const cols = LENGTHS[k], rows = 3, n = rows * cols;
      const p = f32s(n), q = f32s(n), a = f32s(rows), b = f32s(rows);
      for (let i = 0; i < n; i++) {
        const u = uniform();
        put(p, i, u < 0.2 ? <f32>0 : u < 0.3 ? <f32>1e-40 : uniform());
        put(q, i, u > 0.9 ? <f32>0 : u > 0.8 ? <f32>3e-39 : uniform());
      }
      klDivRowsF32(a, p, q, rows, cols);
      klDivRowsF32Ref(b, p, q, rows, cols);
      expect<bool>(sameBits(a, b, rows)).toBe(true);
    }
  });
});

describe("binary cross-entropy with logits", () => {
  it("gives log 2 and gradient σ(0) - 1 = -0.5 at x = 0, y = 1", () => {
    const x = fromArray([0]), y = fromArray([1]), l = f32s(1), g = f32s(1);
    bceWithLogitsForwardBackwardF32(l, g, x, y, 1, 1);
    expect<f32>(Mathf.abs(at(l, 0) - <f32>0.6931472)).toBeLessThan(1e-7);
    expect<f32>(at(g, 0)).toBe(-0.5);
  });

  it("keeps log1p(e^-|x|) accurate at x = 20, where log(1 + e^-20) rounds to 0 in f32", () => {
    const x = fromArray([20]), y = fromArray([1]), l = f32s(1), g = f32s(1);
    bceWithLogitsForwardBackwardF32(l, g, x, y, 1, 0);
    const want = Math.log1p(Math.exp(-20)); // 2.061e-9
    expect<f64>(Math.abs(<f64>at(l, 0) - want) / want).toBeLessThan(1e-6);
  });

  it("gives loss 0 and gradient 0 for logits ±1e30 on the matching side, and 1e30 on the wrong side", () => {
    const x = fromArray([1e30, -1e30, 1e30]), y = fromArray([1, 0, 0]), l = f32s(3), g = f32s(3);
    bceWithLogitsForwardBackwardF32(l, g, x, y, 3, 0);
    expect<f32>(at(l, 0)).toBe(0);
    expect<f32>(at(l, 1)).toBe(0);
    expect<f32>(at(l, 2)).toBe(1e30);
    expect<f32>(at(g, 0)).toBe(0);
    expect<f32>(at(g, 1)).toBe(0);
    expect<f32>(at(g, 2)).toBe(1);
  });
});

describe("mean squared error", () => {
  it("gives mean 2.5 and gradient [1, 2] for x = [1, 2], y = [0, 0]", () => {
    const x = fromArray([1, 2]), y = fromArray([0, 0]), l = f32s(1), g = f32s(2);
    mseForwardBackwardF32(l, g, x, y, 2, 1);
    expect<f32>(at(l, 0)).toBe(2.5);
    expect<f32>(at(g, 0)).toBe(1);
    expect<f32>(at(g, 1)).toBe(2);
  });
});

describe("KL divergence between probability rows", () => {
  it("gives 0.5·log 2 for p = [0.5, 0.5, 0], q = [0.5, 0.25, 0.25] and +Infinity where q = 0 < p", () => {
    const p = fromArray([0.5, 0.5, 0, 1, 0, 0]), q = fromArray([0.5, 0.25, 0.25, 0, 1, 0]), out = f32s(2);
    klDivRowsF32(out, p, q, 2, 3);
    expect<f32>(Mathf.abs(at(out, 0) - <f32>0.34657359)).toBeLessThan(1e-7);
    expect<f32>(at(out, 1)).toBe(Infinity);
  });

  it("is 0 for identical rows, including rows with zeros", () => {
    const p = fromArray([0.25, 0, 0.75, 0, 0.1, 0.2, 0.3, 0.4]), out = f32s(1);
    klDivRowsF32(out, p, p, 1, 8);
    expect<f32>(Mathf.abs(at(out, 0))).toBeLessThan(1e-7);
  });

  it("handles subnormal probabilities: p = [1e-40, 1 - 1e-40], q = [1e-39, …] matches f64 to 1e-6 relative", () => {
    const p = fromArray([1e-40, 1]), q = fromArray([1e-39, 1]), out = f32s(1);
    klDivRowsF32(out, p, q, 1, 2);
    const want = <f64><f32>1e-40 * (Math.log(<f64><f32>1e-40) - Math.log(<f64><f32>1e-39));
    expect<f64>(Math.abs(<f64>at(out, 0) - want) / Math.abs(want)).toBeLessThan(1e-5);
  });
});
