// log p(x | θ) of each distribution written with differentiable ops, for the autograd path of
// differentiable.ts (torch.distributions' log_prob formulas). Parameters arrive as tensors (tracked or
// constant), the value as a tensor; shapes broadcast as in the kernels. Outside the support the value is
// −Infinity, as the kernels give it (its gradient there is not meaningful).
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";
import { abs, add, div, log, mul, neg, square, sub } from "../ops/elementwise.js";
import { log1p, softplus } from "../ops/pointwise.js";
import { lgamma } from "../ops/special.js";
import { ge, gt, lt, where } from "../ops/compare.js";
import { logsumexp, sum } from "../ops/reduce.js";
import { expand, reshape, squeeze, transpose, unsqueeze } from "../ops/shape.js";
import { diag, gather } from "../ops/indexing.js";
import { solveTriangular } from "../linalg/triangular.js";
import { broadcastShapes } from "../array-input.js";
import type { Distribution } from "./distribution.js";

type Formula = (p: Record<string, Tensor>, x: Tensor, d: Distribution) => Tensor;

const HALF_LOG_2PI = 0.9189385332046728; // ½ log 2π

// an int32 mask of where the value is in the support, as a tensor of x's dtype's shape
function mask(x: Tensor, inside: (v: number) => boolean): Tensor {
  const m = new Tensor(x.shape, "int32");
  const v = x.view(), o = m.view();
  for (let i = 0; i < v.length; i++) o[i] = inside(v[i]) ? 1 : 0;
  return m;
}

const onSupport = (cond: Tensor, lp: Tensor): Tensor => where(cond, lp, -Infinity);

export const LOG_PROB: Record<string, Formula> = {
  // −(x − μ)²/(2σ²) − log σ − ½ log 2π
  Normal: ({ loc, scale }, x) => sub(neg(div(square(sub(x, loc)), mul(square(scale), 2))), add(log(scale), HALF_LOG_2PI)),
  // −|x − μ|/b − log 2b
  Laplace: ({ loc, scale }, x) => sub(neg(div(abs(sub(x, loc)), scale)), log(mul(scale, 2))),
  // log λ − λx on x ≥ 0
  Exponential: ({ rate }, x) => onSupport(ge(x, 0), sub(log(rate), mul(rate, x))),
  // −log(high − low) on low ≤ x < high
  Uniform: ({ low, high }, x) => {
    const lp = neg(log(sub(high, low)));
    return onSupport(mul(ge(x, low), lt(x, high)), lp);
  },
  // α log λ + (α − 1) log x − λx − log Γ(α) on x > 0
  Gamma: ({ concentration: a, rate }, x) =>
    onSupport(gt(x, 0), sub(add(mul(a, log(rate)), sub(mul(sub(a, 1), log(x)), mul(rate, x))), lgamma(a))),
  // (α − 1) log x + (β − 1) log(1 − x) − log B(α, β) on 0 < x < 1
  Beta: ({ concentration1: a, concentration0: b }, x) => {
    const logB = sub(add(lgamma(a), lgamma(b)), lgamma(add(a, b)));
    const lp = sub(add(mul(sub(a, 1), log(x)), mul(sub(b, 1), log1p(neg(x)))), logB);
    return onSupport(mul(gt(x, 0), lt(x, 1)), lp);
  },
  // x·l − softplus(l) with logits, x log p + (1 − x) log(1 − p) with probs, on x ∈ {0, 1}
  Bernoulli: (p, x) => {
    const lp = p.logits !== undefined
      ? sub(mul(x, p.logits), softplus(p.logits))
      : add(mul(x, log(p.probs)), mul(add(neg(x), 1), log1p(neg(p.probs))));
    return onSupport(mask(x, (v) => v === 0 || v === 1), lp);
  },
  // log softmax(l)[x] with logits, log(p[x] / Σp) with probs; x holds category indices
  Categorical: (p, x, d) => {
    const rows = p.logits !== undefined
      ? sub(p.logits, logsumexp(p.logits, { dim: -1, keepdim: true }))
      : log(div(p.probs, sum(p.probs, { dim: -1, keepdim: true })));
    const k = rows.shape[rows.shape.length - 1];
    const batch = broadcastShapes([x.shape, d.batchShape], "Categorical.logProb: value against batchShape");
    const valid = mask(x, (v) => Number.isInteger(v) && v >= 0 && v < k);
    const index = new Tensor(x.shape, "int32");
    const xv = x.view(), iv = index.view(), okv = valid.view();
    for (let i = 0; i < xv.length; i++) iv[i] = okv[i] === 1 ? xv[i] : 0;
    const picked = squeeze(gather(expand(rows, [...batch, k]), -1, unsqueeze(expand(index, batch), -1)), -1);
    return onSupport(expand(valid, batch), picked);
  },
  // Σ (α_j − 1) log x_j + log Γ(Σα) − Σ log Γ(α_j) on the simplex (each x_j in [0, 1], the row sum within 1e-6 of 1)
  Dirichlet: ({ concentration: a }, x) => {
    const lp = add(sum(mul(sub(a, 1), log(x)), { dim: -1 }), sub(lgamma(sum(a, { dim: -1 })), sum(lgamma(a), { dim: -1 })));
    const k = x.shape[x.shape.length - 1];
    const rows = new Tensor(x.shape.slice(0, -1), "int32");
    const v = x.view(), r = rows.view();
    for (let i = 0; i < r.length; i++) {
      let total = 0, ok = true;
      for (let j = 0; j < k; j++) { const e = v[i * k + j]; total += e; ok &&= e >= 0 && e <= 1; }
      r[i] = ok && Math.abs(total - 1) <= 1e-6 ? 1 : 0;
    }
    return onSupport(rows, lp);
  },
  // −½‖L⁻¹(x − μ)‖² − Σ log diag L − (d/2) log 2π, one L [d, d]
  MultivariateNormal: ({ loc, scaleTril }, x) => {
    if (scaleTril.shape.length !== 2) {
      throw new RangeError(`MultivariateNormal.logProb: differentiating needs one scaleTril [d, d], got shape ${describe(scaleTril.shape)}`);
    }
    const dim = scaleTril.shape[0];
    const diff = sub(x, loc);
    const batch = diff.shape.slice(0, -1);
    const z = solveTriangular(scaleTril, transpose(reshape(diff, [-1, dim])));   // [d, m]
    const maha = reshape(sum(square(z), { dim: 0 }), batch);
    return sub(mul(maha, -0.5), add(sum(log(diag(scaleTril))), dim * HALF_LOG_2PI));
  },
};
