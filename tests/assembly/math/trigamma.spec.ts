// trigamma ψ′(x) (assembly/math/trigamma.ts) by its identities: closed forms at 1 and ½, the recurrence
// ψ′(x) = ψ′(x + 1) + 1/x² across the switch to the asymptotic series at 10, the reflection
// ψ′(x) + ψ′(1 − x) = π²/sin²(πx), the poles and infinities; and the tensor kernels: f64 the same bits,
// f32 the f64 value of the promoted input rounded once. (Accuracy against mpmath: tests/sdk/math/trigamma.test.ts.)
import { trigamma } from "../../../assembly/math/trigamma";
import { trigammaElementwiseF32, trigammaElementwiseF64 } from "../../../assembly/tensor/special";

function rel(a: f64, b: f64): f64 { return Math.abs(a - b) / Math.abs(b); }

describe("trigamma", () => {
  it("has the closed forms ψ′(1) = π²/6 and ψ′(½) = π²/2", () => {
    expect(rel(trigamma(1.0), Math.PI * Math.PI / 6.0)).toBeLessThanOrEqual(4e-16);
    expect(rel(trigamma(0.5), Math.PI * Math.PI / 2.0)).toBeLessThanOrEqual(4e-16);
  });

  it("satisfies the recurrence ψ′(x) = ψ′(x + 1) + 1/x², also across the switch at 10", () => {
    const xs: f64[] = [0.01, 0.7, 3.3, 8.6, 9.2, 9.5, 9.99, 10.5, 25.0, -0.3, -4.6];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      expect(rel(trigamma(x), trigamma(x + 1.0) + 1.0 / (x * x))).toBeLessThanOrEqual(1e-14);
    }
  });

  it("satisfies the reflection ψ′(x) + ψ′(1 − x) = π²/sin²(πx)", () => {
    const xs: f64[] = [0.25, 0.1, 0.9, 1.7, 3.4];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i], s = Math.sin(Math.PI * x);
      expect(rel(trigamma(x) + trigamma(1.0 - x), Math.PI * Math.PI / (s * s))).toBeLessThanOrEqual(1e-14);
    }
  });

  it("is +∞ at the poles, 0 at +∞, NaN at −∞ and NaN, and ~1/x for large x", () => {
    expect(trigamma(0.0)).toBe(Infinity);
    expect(trigamma(-3.0)).toBe(Infinity);
    expect(trigamma(Infinity)).toBe(0.0);
    expect(isNaN(trigamma(-Infinity))).toBe(true);
    expect(isNaN(trigamma(NaN))).toBe(true);
    expect(rel(trigamma(1e15), 1e-15)).toBeLessThanOrEqual(1e-15);
  });

  it("fills tensors: f64 the same bits, f32 the f64 value of the promoted input rounded once", () => {
    const n = 5;
    const xs: f64[] = [0.5, -2.5, 12.25, 0.0, 1e-3];
    const in64 = heap.alloc(8 * n), out64 = heap.alloc(8 * n), in32 = heap.alloc(4 * n), out32 = heap.alloc(4 * n);
    for (let i = 0; i < n; i++) { store<f64>(in64 + 8 * i, xs[i]); store<f32>(in32 + 4 * i, <f32>xs[i]); }
    trigammaElementwiseF64(out64, in64, n);
    trigammaElementwiseF32(out32, in32, n);
    for (let i = 0; i < n; i++) {
      expect(load<f64>(out64 + 8 * i)).toBe(trigamma(xs[i]));
      expect(load<f32>(out32 + 4 * i)).toBe(<f32>trigamma(<f64><f32>xs[i]));
    }
  });
});
