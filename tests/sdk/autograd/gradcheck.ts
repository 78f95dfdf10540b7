// Central finite differences against autograd, in float64: ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h with
// h = 1e-6·max(1, |x_i|), whose truncation error is O(h²·f''') ≈ 1e-12 and rounding error ≈ 1e-16·|f|/h ≈
// 1e-10·|f|: so gradients agree to ~1e-7 relative to max(1, |g|) for smooth f of moderate size.
import { expect } from "vitest";
import { scope, tensor, valueAndGrad, type Tensor } from "../../../sdk/index";

export type Fn = (...xs: Tensor[]) => Tensor;

function evaluate(f: Fn, xs: Float64Array[], shapes: (readonly number[])[]): number {
  return scope(() => f(...xs.map((x, i) => tensor(x, shapes[i], "float64"))).sum().item());
}

/** Checks autograd's gradient of sum(f(...)) against central differences for every input. */
export function gradcheck(f: Fn, inputs: { shape: number[]; data: number[] }[], tol = 1e-6): void {
  scope(() => {
    const xs = inputs.map((x) => tensor(x.data, x.shape, "float64"));
    const [, grads] = valueAndGrad((ps: Tensor[]) => f(...ps).sum())(xs);
    const flat = inputs.map((x) => Float64Array.from(x.data));
    const shapes = inputs.map((x) => x.shape);
    inputs.forEach((input, k) => {
      const analytic = (grads as Tensor[])[k].toArray();
      for (let i = 0; i < input.data.length; i++) {
        const h = 1e-6 * Math.max(1, Math.abs(flat[k][i]));
        const orig = flat[k][i];
        flat[k][i] = orig + h;
        const up = evaluate(f, flat, shapes);
        flat[k][i] = orig - h;
        const down = evaluate(f, flat, shapes);
        flat[k][i] = orig;
        const numeric = (up - down) / (2 * h);
        const err = Math.abs(analytic[i] - numeric) / Math.max(1, Math.abs(numeric));
        expect(err, `input ${k} element ${i}: autograd ${analytic[i]} vs finite difference ${numeric}`).toBeLessThan(tol);
      }
    });
  });
}

/** Deterministic data in (−scale, scale), away from 0 by `gap` (for log, sqrt, div, abs kinks). */
export function data(shape: number[], seed: number, scale = 1, gap = 0): { shape: number[]; data: number[] } {
  let s = (seed * 2654435761) >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32 * 2 - 1;
    out.push(Math.sign(u) * gap + u * scale);
  }
  return { shape, data: out };
}
