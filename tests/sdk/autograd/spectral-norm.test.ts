import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import * as s from "../../../sdk/index";

beforeAll(async () => { await s.init(); });

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/jacobian-spectral-norm/data.json", import.meta.url), "utf8"));
const f64 = (rows: number[][]) => s.tensor(rows, undefined, "float64");
const largestSingularValue = (J: s.Tensor): number => {
  const { U, S, Vh } = s.svd(J);
  const v = S.toArray()[0];
  U.dispose(); S.dispose(); Vh.dispose();
  return v;
};

// the fixture's 6-8-5 net, row-wise: tanh(relu(x W1ᵀ + b1) W2ᵀ + b2), in `dtype`
function fixtureNet(dtype: "float32" | "float64") {
  const m = fixture.mlp;
  const w1 = s.tensor(m.w1, undefined, dtype), b1 = s.tensor(m.b1, [8], dtype), w2 = s.tensor(m.w2, undefined, dtype), b2 = s.tensor(m.b2, [5], dtype);
  const f = (x: s.Tensor) => s.tanh(s.add(s.matmul(s.relu(s.add(s.matmul(x, w1, { transposeB: true }), b1)), w2, { transposeB: true }), b2));
  return { f, dispose: () => [w1, b1, w2, b2].forEach((t) => t.dispose()) };
}

describe("jacobianSpectralNorm and perExampleJacobianSpectralNorm", () => {
  it("give torch's largest singular value of each example's Jacobian for a fixed 6-8-5 net (float64, fixture)", () => {
    s.scope(() => {
      const net = fixtureNet("float64");
      const x = f64(fixture.mlp.x);
      const seen: number[] = [];
      const r = s.perExampleJacobianSpectralNorm((v) => { seen.push(v.shape[0]); return net.f(v); }, x, { key: s.key(1), tolerance: 1e-14, iterations: 1000 });
      // the examples converge at different steps (σ₂/σ₁ from 0.24 to 0.76) and leave the batch as they do
      expect(seen[0]).toBe(5);
      expect(Math.min(...seen)).toBe(1);
      expect(r.unconverged).toEqual([]);
      const got = r.norms.toArray();
      fixture.mlp.sigma.forEach((sigma: number, i: number) => expect(Math.abs(got[i] - sigma)).toBeLessThan(1e-12 * sigma));
      expect(r.converged).toBe(true);
      // the plain function, one example at a time, agrees too
      for (let i = 0; i < 5; i++) {
        const one = s.jacobianSpectralNorm(net.f, s.narrow(x, 0, i, 1), { key: s.key(2), tolerance: 1e-14, iterations: 1000 });
        expect(Math.abs(one.norm - fixture.mlp.sigma[i])).toBeLessThan(1e-12 * fixture.mlp.sigma[i]);
      }
      net.dispose();
    });
  });

  it("measures the whole Jacobian of a matrix-valued function of a matrix: torch's σ₁ of tanh(X·A) (6×12)", () => {
    s.scope(() => {
      const A = f64(fixture.matrix.A), X = f64(fixture.matrix.X);
      const r = s.jacobianSpectralNorm((m) => s.tanh(s.matmul(m, A)), X, { key: s.key(3), tolerance: 1e-14, iterations: 2000 });
      expect(Math.abs(r.norm - fixture.matrix.sigma)).toBeLessThan(1e-11);
      expect(r.converged).toBe(true);
      // the rate (σ₂/σ₁)² = 0.73 per step: 1e-14 takes ~100 steps, far fewer than 2000
      expect(r.iterations).toBeGreaterThan(20);
      expect(r.iterations).toBeLessThan(400);
    });
  });

  it("equals σ₁ from the full Jacobian (the jacobian transform) and the float64 SVD and eigh for a float32 784-32-10 ReLU net", () => {
    s.scope(() => {
      const k = s.key(7);
      const w1 = s.normal(s.foldIn(k, 1), [32, 784], { std: 1 / 28 }), w2 = s.normal(s.foldIn(k, 2), [10, 32], { std: 1 / Math.sqrt(32) });
      const f = (x: s.Tensor) => s.matmul(s.relu(s.matmul(x, w1, { transposeB: true })), w2, { transposeB: true });
      const x = s.uniform(s.foldIn(k, 3), [4, 784]);
      const r = s.perExampleJacobianSpectralNorm(f, x, { key: s.key(8), iterations: 500 });
      const got = r.norms.toArray();
      for (let i = 0; i < 4; i++) {
        const J = s.reshape(s.jacobian(f)(s.narrow(x, 0, i, 1)), [10, 784]);
        const exact = largestSingularValue(J);
        const J64 = J.to("float64");
        const { eigenvalues } = s.eigh(s.matmul(J64, J64, { transposeB: true }));   // JJᵀ (10×10): σ₁² is its largest eigenvalue
        expect(Math.abs(Math.sqrt(Math.max(...eigenvalues.toArray())) - exact)).toBeLessThan(1e-10 * exact);
        // float32 products: the estimate is good to a few float32 ulps of σ₁
        expect(Math.abs(got[i] - exact)).toBeLessThan(1e-5 * exact);
      }
    });
  });

  it("never exceeds σ₁ (up to rounding) however few steps it takes, and reaches it from below", () => {
    s.scope(() => {
      const A = s.normal(s.key(11), [7, 9], { dtype: "float64" });
      const sigma = largestSingularValue(A);
      let previous = 0;
      for (const iterations of [1, 2, 3, 5, 8, 500]) {
        const r = s.jacobianSpectralNorm((x) => s.matmul(A, x), s.ones([9], "float64"), { key: s.key(12), iterations, tolerance: 0 });
        // tolerance 0 stops only at an exact fixed point of the estimate
        if (iterations < 500) expect([r.iterations, r.converged]).toEqual([iterations, false]);
        expect(r.norm).toBeLessThanOrEqual(sigma * (1 + 1e-14));
        expect(r.norm).toBeGreaterThanOrEqual(previous * (1 - 1e-14));
        previous = r.norm;
      }
      expect(Math.abs(previous - sigma)).toBeLessThan(1e-12 * sigma);
    });
  });

  it("is the same bits for the same key, and a different start for another key (which converges to the same σ₁)", () => {
    s.scope(() => {
      const A = s.normal(s.key(13), [5, 5], { dtype: "float64" });
      const run = (seed: number, iterations: number) => s.jacobianSpectralNorm((x) => s.matmul(A, x), s.ones([5], "float64"), { key: s.key(seed), iterations, tolerance: 0 }).norm;
      expect(run(1, 3)).toBe(run(1, 3));
      expect(run(1, 3)).not.toBe(run(2, 3));
      expect(Math.abs(run(1, 3000) - run(2, 3000))).toBeLessThan(1e-12 * run(1, 3000));
    });
  });

  it("lists the examples still changing when the iterations run out (their estimates are lower bounds)", () => {
    s.scope(() => {
      // J = diag(tanh′(x)) per row: row 0 at (0, 0.03) has σ₂/σ₁ = 0.9991 (slow), row 1 at (0, 2) has 0.07 (fast)
      const x = s.tensor([[0, 0.03], [0, 2]], undefined, "float64");
      const r = s.perExampleJacobianSpectralNorm((v) => s.tanh(v), x, { key: s.key(9), iterations: 40, tolerance: 1e-12 });
      expect(r.unconverged).toEqual([0]);
      expect(r.converged).toBe(false);
      expect(r.iterations).toBe(40);
      const norms = r.norms.toArray();
      expect(norms[0]).toBeLessThanOrEqual(1);
      expect(norms[1]).toBeCloseTo(1, 12);
    });
  });

  it("gives 0 for a function whose Jacobian is zero at x (ReLU off everywhere), and |a| for x ↦ a·x", () => {
    s.scope(() => {
      const x = s.full([2, 3], -1, "float64");
      const r = s.perExampleJacobianSpectralNorm((v) => s.relu(v), x, { key: s.key(1) });
      expect(Array.from(r.norms.toArray())).toEqual([0, 0]);
      const r32 = s.perExampleJacobianSpectralNorm((v) => s.relu(v), s.full([2, 3], -1), { key: s.key(1) });
      expect(Array.from(r32.norms.toArray())).toEqual([0, 0]);                                 // no 0/0 in float32
      // σ₁ = 1e25 in float32 (σ₁² would overflow): the estimate normalises Jv before Jᵀ
      expect(s.jacobianSpectralNorm((v) => s.mul(v, 1e25), s.ones([3]), { key: s.key(1) }).norm / 1e25).toBeCloseTo(1, 6);
      expect(s.jacobianSpectralNorm((v) => s.mul(v, -2.5), s.ones([4], "float64"), { key: s.key(1) }).norm).toBeCloseTo(2.5, 14);
    });
  });

  it("gets Jv through ReLU as the vjp of a vjp in its cotangent (relu's saved input outlives the inner vjp)", () => {
    s.scope(() => {
      const W = s.tensor([[1, -2, 0.5], [0.25, 1, -1]], undefined, "float64");
      const x = s.tensor([1, 2, -1], [3], "float64"), v = s.tensor([0.5, -1, 2], [3], "float64");
      const f = (t: s.Tensor) => s.relu(s.matmul(W, t));
      const jv = s.vjp((c: s.Tensor) => s.vjp(f, x, c)[1], s.zeros([2], "float64"), v)[1];
      const exact = s.matmul(s.jacobian(f)(x), v);
      expect(Array.from(jv.toArray())).toEqual(Array.from(exact.toArray()));
    });
  });

  it("refuses bad input with errors that name the argument and the rule", () => {
    s.scope(() => {
      const x = s.ones([2, 3]);
      const id = (v: s.Tensor) => s.mul(v, 1);
      const k = s.key(0);
      expect(() => s.jacobianSpectralNorm(3 as never, x, { key: k })).toThrow(/f must be a function, got 3/);
      expect(() => s.jacobianSpectralNorm(id, [1, 2] as never, { key: k })).toThrow(/x must be a Tensor/);
      expect(() => s.jacobianSpectralNorm(id, s.ones([2], "int32"), { key: k })).toThrow(/x has dtype int32/);
      expect(() => s.jacobianSpectralNorm(id, s.ones([0]), { key: k })).toThrow(/x must have at least one element/);
      expect(() => s.jacobianSpectralNorm(id, x, undefined as never)).toThrow(/key of the random start is required/);
      expect(() => s.jacobianSpectralNorm(id, x, {} as never)).toThrow(/options.key is required/);
      expect(() => s.jacobianSpectralNorm(id, x, { key: 5 as never })).toThrow(/options.key/);
      expect(() => s.jacobianSpectralNorm(id, x, { key: k, iterations: 0 })).toThrow(/iterations must be an integer in \[1, 1e6\], got 0/);
      expect(() => s.jacobianSpectralNorm(id, x, { key: k, iterations: 2.5 })).toThrow(/iterations must be an integer/);
      expect(() => s.jacobianSpectralNorm(id, x, { key: k, tolerance: -1 })).toThrow(/tolerance must be a finite number ≥ 0, got -1/);
      expect(() => s.jacobianSpectralNorm(id, x, { key: k, tolerance: NaN })).toThrow(/tolerance must be/);
      expect(() => s.jacobianSpectralNorm(id, x, { key: k, iters: 3 } as never)).toThrow(/unknown option "iters"/);
      expect(() => s.jacobianSpectralNorm(() => 3 as never, x, { key: k })).toThrow(/f must return a Tensor, got 3/);
      expect(() => s.jacobianSpectralNorm((v) => s.argmax(v), x, { key: k })).toThrow(/int32/);
      expect(() => s.jacobianSpectralNorm((v) => s.narrow(v, 1, 0, 0), x, { key: k })).toThrow(/f\(x\) has no elements/);
      expect(() => s.perExampleJacobianSpectralNorm(id, s.ones([]), { key: k })).toThrow(/x must be a batch \[B, \.\.\.\]/);
      expect(() => s.perExampleJacobianSpectralNorm((v) => s.sum(v), x, { key: k })).toThrow(/f must map a batch of 2 examples to 2 rows/);
      const gone = s.ones([2]);
      gone.dispose();
      expect(() => s.jacobianSpectralNorm(id, gone, { key: k })).toThrow(/x/);
    });
  });

  it("leaks nothing, on success and when f throws halfway through the iteration", () => {
    const before = s.memory().tensors;
    const x = s.ones([3, 4], "float64");
    const r = s.perExampleJacobianSpectralNorm((v) => s.mul(s.tanh(v), 2), x, { key: s.key(4), iterations: 7 });
    r.norms.dispose();
    s.jacobianSpectralNorm((v) => s.mul(s.tanh(v), 2), x, { key: s.key(4), iterations: 7 });
    let calls = 0;
    expect(() => s.jacobianSpectralNorm((v) => { if (++calls === 4) throw new Error("boom"); return s.tanh(v); }, x, { key: s.key(4) })).toThrow(/boom/);
    x.dispose();
    expect(s.memory().tensors).toBe(before);
  });
});
