import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import * as s from "../../../sdk/index";
import { data, gradcheck } from "./gradcheck";

beforeAll(async () => { await s.init(); });

describe("grad, valueAndGrad, vjp, jacobian, hessian", () => {
  it("gives the seed's quadratic bowl the Hessian diag(2, 2, 2)", () => {
    s.scope(() => {
      const h = s.hessian((x: s.Tensor) => s.sum(s.square(x)))(s.tensor([1, -2, 0.5], [3], "float64"));
      expect(h.toList()).toEqual([[2, 0, 0], [0, 2, 0], [0, 0, 2]]);
    });
  });

  it("gives Rosenbrock's Hessian at (1, 1) in closed form: [[802, −400], [−400, 200]]", () => {
    s.scope(() => {
      const f = (p: s.Tensor) => {
        const x = s.narrow(p, 0, 0, 1), y = s.narrow(p, 0, 1, 1);
        return s.add(s.square(s.neg(x).add(1)), s.square(s.sub(y, s.square(x))).mul(100)).sum();
      };
      const p = s.tensor([1, 1], [2], "float64");
      expect(s.grad(f)(p).toList()).toEqual([0, 0]);
      expect(s.hessian(f)(p).toList()).toEqual([[802, -400], [-400, 200]]);
    });
  });

  it("gives jacobian(relu(W·x)) with respect to W the shape [3, 3, 4] and rows x where the unit is active", () => {
    s.scope(() => {
      const x = s.tensor([1, 2, 3, 4], [4], "float64");
      const W = s.tensor([1, -2, 3, 0.5, 0.1, 0.2, -0.3, -1, 2, 1, 0, -1], [3, 4], "float64");
      const J = s.jacobian((w: s.Tensor) => s.maximum(s.matmul(w, x), 0))(W);
      expect(J.shape).toEqual([3, 3, 4]);
      // W·x = [8, -4.2, 0]: unit 0 active (row x), unit 1 inactive; unit 2 sits at the kink (torch.maximum: ½)
      expect(J.toList()).toEqual([
        [[1, 2, 3, 4], [0, 0, 0, 0], [0, 0, 0, 0]],
        [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
        [[0, 0, 0, 0], [0, 0, 0, 0], [0.5, 1, 1.5, 2]],
      ]);
    });
  });

  it("takes gradients over trees of parameters and keeps their structure", () => {
    s.scope(() => {
      const params = { w: s.tensor([[1, 2], [3, 4]]), layers: [s.tensor([0.5]), { b: s.tensor([1, -1]) }] };
      const [value, g] = s.valueAndGrad((p: typeof params) =>
        s.sum(s.add(s.matmul(p.w, p.layers[1] instanceof s.Tensor ? p.layers[1] : (p.layers[1] as { b: s.Tensor }).b), p.layers[0] as s.Tensor)))(params);
      expect(value.item()).toBe(-1 + -1 + 1);
      expect(g.w.toList()).toEqual([[1, -1], [1, -1]]);
      expect((g.layers[0] as s.Tensor).toList()).toEqual([2]);
      expect(((g.layers[1] as { b: s.Tensor }).b).toList()).toEqual([4, 6]);
    });
  });

  it("passes aux through with hasAux, and returns zeros for a parameter the value does not use", () => {
    s.scope(() => {
      const [v, g, aux] = s.valueAndGrad((p: s.Tensor[]) => [s.sum(p[0]), "note"] as [s.Tensor, string], { hasAux: true })([s.tensor([1, 2]), s.tensor([3])]);
      expect(v.item()).toBe(3);
      expect(aux).toBe("note");
      expect((g as s.Tensor[])[1].toList()).toEqual([0]);
    });
  });

  it("computes vjp for a non-scalar output and stops gradients at stopGradient", () => {
    s.scope(() => {
      const [out, ct] = s.vjp((x: s.Tensor) => s.mul(x, x), s.tensor([1, 2]), s.tensor([1, 10]));
      expect(out.toList()).toEqual([1, 4]);
      expect(ct.toList()).toEqual([2, 40]);
      expect(s.grad((x: s.Tensor) => s.sum(s.mul(x, s.stopGradient(x))))(s.tensor([3])).toList()).toEqual([3]);
    });
  });

  it("frees every intermediate when the transform returns, nested or not (the tape never leaks)", () => {
    const x = s.tensor(data([8, 5], 3).data, [8, 5], "float64");
    const before = s.memory().tensors;
    for (let i = 0; i < 5; i++) {
      const [v, g] = s.valueAndGrad((a: s.Tensor) => s.logsumexp(s.matmul(a, a.T).div(3)).add(s.std(a)))(x);
      v.dispose();
      g.dispose();
      s.hessian((a: s.Tensor) => s.sum(s.exp(s.narrow(a, 0, 0, 1))))(s.narrow(x, 0, 0, 2)).dispose();
    }
    // each hessian call made one narrow() of x outside any scope: 5 tensors, nothing else
    expect(s.memory().tensors - before).toBe(5);
  });

  it("frees what f made when f throws, and rejects bad functions, outputs and parameters clearly", () => {
    const before = s.memory().tensors;
    const x = s.tensor([1, 2]);
    expect(() => s.grad(() => { s.exp(x); throw new Error("boom"); })(x)).toThrow("boom");
    expect(() => s.grad((a: s.Tensor) => s.exp(a))(x)).toThrow(/grad|valueAndGrad: f must return a single-element tensor/);
    expect(() => s.grad(3 as never)).toThrow(/valueAndGrad: f must be a function, got 3/);
    expect(() => s.grad((a: s.Tensor) => s.sum(a))(s.tensor([1], [1], "int32"))).toThrow(/int32; gradients need float32 or float64/);
    expect(() => s.grad((a: s.Tensor) => s.sum(a))({ w: 3 } as never)).toThrow(/params.w is 3/);
    x.dispose();
    expect(s.memory().tensors - before).toBe(1); // the int32 tensor made in the test itself
  });
});

describe("a random chain of ops", () => {
  // unary steps that stay finite and smooth on [-2, 2]-ish data
  const steps: Record<string, (x: s.Tensor) => s.Tensor> = {
    exp: (x) => s.exp(s.mul(x, 0.3)),
    square: (x) => s.square(x),
    sin: (x) => s.div(x, s.add(s.square(x), 1)),
    sum0: (x) => s.add(x, s.sum(x, { dim: 0, keepdim: true }).mul(0.5)),
    mean1: (x) => s.add(x, s.mean(x, { dim: -1, keepdim: true })),
    softplus: (x) => s.log(s.add(s.exp(x), 1)),
    transpose: (x) => s.transpose(x).reshape(x.shape),
    flip: (x) => s.flip(x, [1]),
    lse: (x) => s.sub(x, s.logsumexp(x, { dim: 1, keepdim: true })),
    matmul: (x) => s.matmul(x, s.tensor([[0.5, -1, 0.25], [1, 0.5, -0.5], [0.2, 0.1, 1]], [3, 3], "float64")).div(2),
    maximum: (x) => s.maximum(x, s.tensor([0.123], [1], "float64").expand([3])),
    std: (x) => s.mul(x, s.std(x, { dim: 0, keepdim: true })),
  };
  it("has autograd gradients equal to finite differences (property, fixed seed)", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...Object.keys(steps)), { minLength: 1, maxLength: 6 }), fc.nat({ max: 1000 }), (names, seed) => {
      gradcheck((x) => names.reduce((acc, n) => steps[n](acc), x), [data([3, 3], seed + 1, 1.5, 0.05)], 1e-5);
    }), { seed: 11, numRuns: 60 });
  });
});
