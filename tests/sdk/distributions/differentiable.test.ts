// Distributions differentiable with respect to their parameters (sdk/distributions/differentiable.ts): the
// autograd path gives the kernel path's values, gradients that finite differences confirm (float64, 1e-6
// relative: gradcheck.ts), rsample gradients equal to the kernels' pathwise derivatives, and the implicit
// reparameterisation gradients of Gamma are unbiased for ∂E[x]/∂θ (Monte Carlo, 4 standard errors).
import { beforeAll, describe, expect, it } from "vitest";
import * as s from "../../../sdk/index";
import type { Tensor } from "../../../sdk/index";
import { gradcheck } from "../autograd/gradcheck";

beforeAll(async () => { await s.init(); });

const f64 = (data: number[], shape = [data.length]) => s.tensor(data, shape, "float64");
const arr = (t: Tensor) => Array.from(t.toArray());

function close(got: number[], want: number[], rtol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    if (!Number.isFinite(want[i])) expect(g).toBe(want[i]);
    else expect(Math.abs(g - want[i]), `[${i}] ${g} vs ${want[i]}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(want[i])));
  });
}

// builds a distribution from parameter tensors; value: what logProb is evaluated at
const CASES: [string, (p: Tensor[]) => s.Distribution, number[][], number[] | number[][]][] = [
  ["Normal", ([m, sd]) => new s.Normal(m, sd), [[0.5, -1, 2], [1.5, 0.7, 2]], [0.1, -2, 9]],
  ["Laplace", ([m, b]) => new s.Laplace(m, b), [[0.5, -1, 2], [1.5, 0.7, 2]], [0.1, -2, 9]],
  ["Exponential", ([r]) => new s.Exponential(r), [[0.5, 1, 3]], [0.1, 2, -1]],
  ["Uniform", ([lo, hi]) => new s.Uniform(lo, hi), [[-1, 0, 2], [1, 3, 2.5]], [0.3, 3, 2.2]],
  ["Gamma", ([a, r]) => new s.Gamma(a, r), [[0.5, 2, 7], [1, 0.3, 2]], [0.4, 3, 2.5]],
  ["Beta", ([a, b]) => new s.Beta(a, b), [[0.5, 2, 7], [1.5, 0.3, 2]], [0.4, 0.9, 0.3]],
  ["Bernoulli logits", ([l]) => new s.Bernoulli({ logits: l }), [[-2, 0.3, 4]], [0, 1, 1]],
  ["Bernoulli probs", ([p]) => new s.Bernoulli({ probs: p }), [[0.2, 0.5, 0.9]], [1, 0, 1]],
];

describe("logProb is differentiable with respect to the parameters and the value", () => {
  for (const [name, make, params, value] of CASES) {
    it(`${name}: the autograd path gives the kernel's values and gradients that finite differences confirm`, () => {
      s.scope(() => {
        const plain = arr(make(params.map((p) => f64(p))).logProb(f64(value as number[])));
        const [traced] = s.vjp((ps: Tensor[]) => make(ps).logProb(f64(value as number[])), params.map((p) => f64(p)), s.ones([3], "float64"));
        close(arr(traced), plain, 1e-13);
      });
      const inside = (value as number[]).map((v, i) => ({ v, i })).filter(({ i }) => Number.isFinite(s.scope(() => make(params.map((p) => f64(p))).logProb(f64(value as number[])).toArray()[i])));
      const keep = inside.map(({ i }) => i);
      gradcheck((...ps) => s.indexSelect(make(ps).logProb(f64(value as number[])), 0, keep), params.map((p) => ({ shape: [p.length], data: p })));
    });
  }

  it("Categorical with logits or probs, batched, over integer values", () => {
    const logits = { shape: [2, 3], data: [0.1, -1, 2, 0.5, 0.5, -3] };
    const x = s.tensor([2, 0], [2], "int32");
    s.scope(() => {
      const plain = arr(new s.Categorical({ logits: f64(logits.data, logits.shape) }).logProb(x));
      const [traced] = s.vjp((l: Tensor) => new s.Categorical({ logits: l }).logProb(x), f64(logits.data, logits.shape), s.ones([2], "float64"));
      close(arr(traced), plain, 1e-13);
    });
    gradcheck((l) => new s.Categorical({ logits: l }).logProb(x), [logits]);
    // finite differences leave the simplex: probs are normalised (torch's rule), so skip the check of the sum
    gradcheck((p) => new s.Categorical({ probs: p }, { validateArgs: false }).logProb(x), [{ shape: [2, 3], data: [0.2, 0.3, 0.5, 0.6, 0.1, 0.3] }]);
    s.scope(() => {
      // a category out of range is −∞, as in the kernel path
      const [v] = s.vjp((l: Tensor) => new s.Categorical({ logits: l }).logProb(s.tensor([1, 5], [2], "int32")), f64(logits.data, logits.shape), s.ones([2], "float64"));
      expect(arr(v)[1]).toBe(-Infinity);
    });
  });

  it("Dirichlet and MultivariateNormal (scaleTril or covarianceMatrix)", () => {
    const x = { shape: [2, 3], data: [0.2, 0.3, 0.5, 0.6, 0.1, 0.3] };
    // the value stays fixed: finite differences of it would leave the simplex (−∞)
    gradcheck((a) => new s.Dirichlet(a).logProb(f64(x.data, x.shape)), [{ shape: [3], data: [0.7, 2, 3.5] }]);
    const L = { shape: [2, 2], data: [1.2, 0, -0.4, 0.8] };
    const xs = { shape: [3, 2], data: [0.1, -1, 2, 0.3, -0.5, 0.5] };
    gradcheck((m, l, v) => new s.MultivariateNormal(m, { scaleTril: s.tril(l) }).logProb(v), [{ shape: [2], data: [0.3, -0.2] }, L, xs]);
    const sym = (a: Tensor) => s.mul(s.add(a, s.transpose(a)), 0.5);
    gradcheck((c) => new s.MultivariateNormal(f64([0, 0]), { covarianceMatrix: sym(c) }).logProb(f64(xs.data, xs.shape)), [{ shape: [2, 2], data: [2, 0.5, 0.5, 1] }]);
    s.scope(() => {
      const cov = f64([2, 0.5, 0.5, 1], [2, 2]);
      const plain = arr(new s.MultivariateNormal(f64([0, 0]), { covarianceMatrix: cov }).logProb(f64(xs.data, xs.shape)));
      const [traced] = s.vjp((c: Tensor) => new s.MultivariateNormal(f64([0, 0]), { covarianceMatrix: c }).logProb(f64(xs.data, xs.shape)), cov, s.ones([3], "float64"));
      close(arr(traced), plain, 1e-13);
    });
  });

  it("second derivatives: the Hessian of a Normal log-likelihood in (μ, log σ) against finite differences", () => {
    const xs = f64([0.3, -1.2, 2.2, 0.9]);
    gradcheck((t) => s.grad((u: Tensor) => {
      const [m, ls] = s.splitTensor(u, 1);
      return s.sum(new s.Normal(m, s.exp(ls)).logProb(xs));
    })(t), [{ shape: [2], data: [0.4, -0.3] }]);
  });
});

describe("rsample is differentiable with respect to the parameters", () => {
  it("location-scale families and MVN: the same draw as the kernel path, d value/dθ = the kernel's grads", () => {
    const k = s.key(7);
    const families: [string, (p: Tensor[]) => s.Distribution, number[][]][] = [
      ["Normal", ([m, sd]) => new s.Normal(m, sd), [[0.5, -1], [1.5, 0.7]]],
      ["Laplace", ([m, b]) => new s.Laplace(m, b), [[0.5, -1], [1.5, 0.7]]],
      ["Exponential", ([r]) => new s.Exponential(r), [[0.5, 3]]],
      ["Uniform", ([lo, hi]) => new s.Uniform(lo, hi), [[-1, 0], [1, 3]]],
      ["Gamma", ([a, r]) => new s.Gamma(a, r), [[0.5, 3], [1, 2]]],
      ["Beta", ([a, b]) => new s.Beta(a, b), [[0.5, 3], [1.5, 2]]],
    ];
    for (const [, make, params] of families) {
      s.scope(() => {
        const plain = make(params.map((p) => f64(p))).rsample(k, [5], { dtype: "float64" });
        // ∂/∂θ_j Σ_i w_i·x_i = Σ_i w_i·∂x_i/∂θ_j, the kernel's grads summed over the sample dim
        const w = s.arange(1, 11, 1, "float64").reshape([5, 2]).div(10);
        const [value, grads] = s.valueAndGrad((ps: Tensor[]) => {
          const draw = make(ps).rsample(k, [5], { dtype: "float64" }).value;
          return s.sum(s.mul(draw, w));
        })(params.map((p) => f64(p)));
        close([value.item()], [s.sum(s.mul(plain.value, w)).item()], 1e-14);
        Object.values(plain.grads).forEach((g, j) => close(arr(grads[j]), arr(s.sum(s.mul(g, w), { dim: 0 })), 1e-13));
      });
    }
  });

  it("MultivariateNormal: x = μ + L·z through ops, the same z as the kernel path", () => {
    s.scope(() => {
      const k = s.key(3);
      const L = f64([1, 0, 0.5, 2], [2, 2]), m = f64([1, -1]);
      const plain = new s.MultivariateNormal(m, { scaleTril: L }).rsample(k, [4], { dtype: "float64" });
      const [value, g] = s.vjp(([mu, l]: Tensor[]) => new s.MultivariateNormal(mu, { scaleTril: l }).rsample(k, [4], { dtype: "float64" }).value, [m, L], s.onesLike(plain.value));
      close(arr(value), arr(plain.value), 1e-14);
      close(arr(g[0]), [4, 4], 1e-14);
      // ∂Σx/∂L_ij = Σ_samples z_j on the lower triangle
      const zsum = arr(s.sum(plain.noise, { dim: 0 }));
      close(arr(g[1]), [zsum[0], zsum[1], zsum[0], zsum[1]], 1e-13);
    });
  });

  it("Dirichlet: the recorded VJP is concentrationVjp summed over the draws", () => {
    s.scope(() => {
      const k = s.key(11), a = f64([0.8, 2, 4]);
      const plain = new s.Dirichlet(a).rsample(k, [6], { dtype: "float64" });
      const w = s.arange(0, 18, 1, "float64").reshape([6, 3]).sin();
      const g = s.grad((c: Tensor) => s.sum(s.mul(new s.Dirichlet(c).rsample(k, [6], { dtype: "float64" }).value, w)))(a);
      close(arr(g), arr(s.sum(new s.Dirichlet(a).concentrationVjp(plain.value, w), { dim: 0 })), 1e-13);
    });
  });

  it("Gamma's implicit gradient is unbiased: the mean of ∂x/∂α over draws ≈ ∂E[x]/∂α = 1/λ within 4 s.e.", () => {
    s.scope(() => {
      const n = 20000, rate = 2;
      const g = s.grad((a: Tensor) => s.sum(new s.Gamma(a, rate).rsample(s.key(5), [n], { dtype: "float64" }).value))(f64([1.7]));
      // the per-draw derivatives: a second pass with a per-draw cotangent
      const per = new s.Gamma(f64([1.7]), rate).rsample(s.key(5), [n], { dtype: "float64" }).grads.concentration;
      const v = arr(per), mean = v.reduce((a, b) => a + b, 0) / n;
      const se = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) / n);
      close([g.item() / n], [mean], 1e-12);
      expect(Math.abs(mean - 1 / rate)).toBeLessThan(4 * se);
    });
  });

  it("keeps the kernel path when nothing is tracked, frees everything else, and explains what is not supported", () => {
    s.scope(() => {
      const d = new s.Normal(f64([0, 1]), f64([1, 2]));
      const before = s.memory().tensors;
      const lp = d.logProb(f64([0.5, 0.5]));
      expect(s.memory().tensors).toBe(before + 2);
      lp.dispose();
      const a = f64([0.3, 0.1]);
      const [v, g] = s.valueAndGrad((m: Tensor) => s.sum(new s.Normal(m, 1).logProb(f64([0.5, 0.5]))))(a);
      expect(s.memory().tensors).toBe(before + 4);
      close(arr(g), [0.2, 0.4], 1e-15);
      void v;
      const prec = f64([2, 0, 0, 2], [2, 2]);
      expect(() => s.grad((p: Tensor) => s.sum(new s.MultivariateNormal(f64([0, 0]), { precisionMatrix: p }).logProb(f64([0, 0]))))(prec)).toThrow(/scaleTril or covarianceMatrix/);
    });
  });
});

describe("the value alone may be tracked", () => {
  it("differentiates log p(x) in x with number parameters, keeping a float32 value float32", () => {
    s.scope(() => {
      const x = s.tensor([0.5, -1], [2], "float32");
      const [lp, g] = s.valueAndGrad((v: Tensor) => s.sum(new s.Normal(1, 2).logProb(v)))(x);
      expect(lp.dtype).toBe("float32");
      expect(g.dtype).toBe("float32");
      // ∂/∂x log N(x; 1, 2) = −(x − 1)/4
      close(arr(g), [0.125, 0.5], 1e-7);
    });
  });
});
