// KL(p ‖ q) = E_p[log p(x) − log q(x)] by an explicit table of closed forms keyed by the two classes
// (torch.distributions.kl). Other files add entries with registerKL (e.g. MVN, Beta, Gamma, Dirichlet).
import { Tensor } from "../tensor.js";
import { StochasmError, describe } from "../errors.js";
import { assertInteger } from "../errors.js";
import type { Key } from "../random/key.js";
import { Distribution, mapF64 } from "./distribution.js";
import { broadcastShapes, expandTo, sizeOf } from "../array-input.js";
import { Normal } from "./normal.js";
import { Uniform } from "./uniform.js";
import { Exponential } from "./exponential.js";
import { Laplace } from "./laplace.js";
import { Bernoulli } from "./bernoulli.js";
import { Categorical } from "./categorical.js";

// deno-lint-ignore no-explicit-any
type DistributionClass = abstract new (...args: any[]) => Distribution;
/** A closed form: returns KL per element of the broadcast batch shape, float64. */
export type KLFunction<P extends Distribution, Q extends Distribution> = (p: P, q: Q) => Tensor;

const registry = new Map<DistributionClass, Map<DistributionClass, KLFunction<Distribution, Distribution>>>();

/**
 * Registers the closed form of KL(P ‖ Q). Registering a pair again replaces it.
 * @example
 * registerKL(Gamma, Gamma, (p, q) => …);
 */
export function registerKL<P extends Distribution, Q extends Distribution>(
  P: abstract new (...args: never[]) => P, Q: abstract new (...args: never[]) => Q, fn: KLFunction<P, Q>,
): void {
  for (const [name, C] of [["P", P], ["Q", Q]] as const) {
    if (typeof C !== "function" || !(C.prototype instanceof Distribution)) {
      throw new TypeError(`registerKL: ${name} must be a Distribution class (e.g. Normal), got ${describe(C)}`);
    }
  }
  if (typeof fn !== "function") throw new TypeError(`registerKL: fn must be a function (p, q) => Tensor, got ${describe(fn)}`);
  const key = P as unknown as DistributionClass;
  if (!registry.has(key)) registry.set(key, new Map());
  registry.get(key)!.set(Q as unknown as DistributionClass, fn as unknown as KLFunction<Distribution, Distribution>);
}

function lineage(d: Distribution): DistributionClass[] {
  const out: DistributionClass[] = [];
  for (let c = d.constructor as DistributionClass; c && c !== Distribution; c = Object.getPrototypeOf(c)) out.push(c);
  return out;
}

/**
 * KL(p ‖ q) in nats from the registered closed form, one value per element of the broadcast of the two
 * batch shapes (float64). Throws a StochasmError naming both classes when no closed form is registered:
 * use klMonteCarlo then.
 * @example
 * kl(new Normal([1.5, -0.5, 0], [0.8, 1.2, 1]), new Normal(0, 1)).toArray();  // [1.1681, 0.1627, 0], total 1.3308
 */
export function kl(p: Distribution, q: Distribution): Tensor {
  if (!(p instanceof Distribution) || !(q instanceof Distribution)) {
    throw new TypeError(`kl(p, q) needs two distributions, got ${describe(p)} and ${describe(q)}`);
  }
  for (const pc of lineage(p)) {
    for (const qc of lineage(q)) {
      const fn = registry.get(pc)?.get(qc);
      if (fn) return fn(p, q);
    }
  }
  throw new StochasmError(`no closed form registered for KL(${p.kind} ‖ ${q.kind}); use klMonteCarlo(p, q, key, n) or registerKL(${p.kind}, ${q.kind}, fn)`);
}

/**
 * The Monte Carlo estimate (1/n)·Σ_i [log p(x_i) − log q(x_i)] with x_1 … x_n ~ p drawn from `key`:
 * unbiased, with standard error sd(log p − log q)/√n. Returns the batch-shaped estimate (float64).
 * @example
 * klMonteCarlo(p, q, key(0), 100_000);   // for pairs without a closed form
 */
export function klMonteCarlo(p: Distribution, q: Distribution, key: Key, n: number): Tensor {
  if (!(p instanceof Distribution) || !(q instanceof Distribution)) {
    throw new TypeError(`klMonteCarlo(p, q, key, n) needs two distributions, got ${describe(p)} and ${describe(q)}`);
  }
  assertInteger(n, "n", 1, 2 ** 31 - 1);
  // Draw x of shape [n, ...B] with B the broadcast batch shape, so q's batch dims beyond p's get their own draws
  // (Normal(0, 1) against Normal([0, 1, 2], 1) failed to broadcast x [n] against [3], and leaked log p).
  const batch = broadcastShapes([p.batchShape, q.batchShape], `klMonteCarlo(${p.kind}, ${q.kind}): batch shapes`);
  const x = p.sample(key, [n, ...batch.slice(0, batch.length - p.batchShape.length)]);
  const owned: Tensor[] = [x];
  try {
    const lp = p.logProb(x);
    owned.push(lp);
    const lq = q.logProb(x);
    owned.push(lq);
    const target = broadcastShapes([lp.shape, lq.shape], `klMonteCarlo(${p.kind}, ${q.kind})`);
    const a = expandTo(Float64Array.from(lp.view()), lp.shape, target);
    const b = expandTo(Float64Array.from(lq.view()), lq.shape, target);
    const m = sizeOf(target.slice(1));
    const sum = new Float64Array(m);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sum[j] += a[i * m + j] - b[i * m + j];
    const out = new Tensor(target.slice(1), "float64");
    out.view().set(sum.map((s) => s / n));
    return out;
  } finally {
    for (const t of owned) t.dispose();
  }
}

/** The broadcast batch shape of p and q and their parameters expanded to it (for closed forms). */
export function alignBatches(p: Distribution, q: Distribution, pParams: Float64Array[], qParams: Float64Array[]):
  { shape: number[]; p: Float64Array[]; q: Float64Array[] } {
  const shape = broadcastShapes([p.batchShape, q.batchShape], `KL(${p.kind} ‖ ${q.kind}): batch shapes`);
  return {
    shape,
    p: pParams.map((a) => expandTo(a, p.batchShape, shape)),
    q: qParams.map((a) => expandTo(a, q.batchShape, shape)),
  };
}

function result(shape: readonly number[], data: Float64Array): Tensor {
  const t = new Tensor(shape, "float64");
  t.view().set(data);
  return t;
}

// KL(N(μp, σp²) ‖ N(μq, σq²)) = ½(r + t − 1 − log r), r = (σp/σq)², t = ((μp − μq)/σq)²
registerKL(Normal, Normal, (p, q) => {
  const { shape, p: [mp, sp], q: [mq, sq] } = alignBatches(p, q, [p.loc, p.scale], [q.loc, q.scale]);
  const r = sp.map((s, i) => (s / sq[i]) * (s / sq[i]));
  const logR = mapF64("logArrayF64", r);
  return result(shape, r.map((ri, i) => {
    const t = (mp[i] - mq[i]) / sq[i];
    return 0.5 * (ri + t * t - 1 - logR[i]);
  }));
});

// KL(U(a, b) ‖ U(c, d)) = log((d − c)/(b − a)) when [a, b] ⊆ [c, d], else +∞
registerKL(Uniform, Uniform, (p, q) => {
  const { shape, p: [lp, hp], q: [lq, hq] } = alignBatches(p, q, [p.low, p.high], [q.low, q.high]);
  const logs = mapF64("logArrayF64", hq.map((h, i) => (h - lq[i]) / (hp[i] - lp[i])));
  return result(shape, logs.map((v, i) => (lq[i] <= lp[i] && hp[i] <= hq[i] ? v : Infinity)));
});

// KL(Exp(λp) ‖ Exp(λq)) = r − 1 − log r, r = λq/λp
registerKL(Exponential, Exponential, (p, q) => {
  const { shape, p: [rp], q: [rq] } = alignBatches(p, q, [p.rate], [q.rate]);
  const r = rq.map((v, i) => v / rp[i]);
  const logR = mapF64("logArrayF64", r);
  return result(shape, r.map((v, i) => v - 1 - logR[i]));
});

// KL(Laplace(μp, bp) ‖ Laplace(μq, bq)) = −log s + |μp − μq|/bq + s·exp(−|μp − μq|/bp) − 1, s = bp/bq
registerKL(Laplace, Laplace, (p, q) => {
  const { shape, p: [mp, bp], q: [mq, bq] } = alignBatches(p, q, [p.loc, p.scale], [q.loc, q.scale]);
  const s = bp.map((v, i) => v / bq[i]);
  const logS = mapF64("logArrayF64", s);
  const e = mapF64("expArrayF64", mp.map((m, i) => -Math.abs(m - mq[i]) / bp[i]));
  return result(shape, s.map((v, i) => -logS[i] + Math.abs(mp[i] - mq[i]) / bq[i] + v * e[i] - 1));
});

// KL(Bern(p) ‖ Bern(q)) = p(log p − log q) + (1 − p)(log(1 − p) − log(1 − q)), from logits:
// log p = −softplus(−l), log(1 − p) = −softplus(l); a term with weight 0 counts 0
registerKL(Bernoulli, Bernoulli, (p, q) => {
  const { shape, p: [pp, lp], q: [lq] } = alignBatches(p, q, [p.probs, p.logits], [q.logits]);
  const neg = (a: Float64Array) => a.map((v) => -v);
  const logP = mapF64("softplusArrayF64", neg(lp)), log1mP = mapF64("softplusArrayF64", lp);
  const logQ = mapF64("softplusArrayF64", neg(lq)), log1mQ = mapF64("softplusArrayF64", lq);
  return result(shape, pp.map((w, i) => {
    const t1 = w === 0 ? 0 : w * (logQ[i] - logP[i]);
    const t2 = w === 1 ? 0 : (1 - w) * (log1mQ[i] - log1mP[i]);
    return t1 + t2;
  }));
});

// KL(Cat(p) ‖ Cat(q)) = Σ_k p_k (log p_k − log q_k); p_k = 0 counts 0, q_k = 0 < p_k gives +∞
registerKL(Categorical, Categorical, (p, q) => {
  const k = p.numCategories;
  if (q.numCategories !== k) {
    throw new RangeError(`KL(Categorical ‖ Categorical): p has ${k} categories but q has ${q.numCategories}`);
  }
  const shape = broadcastShapes([p.batchShape, q.batchShape], "KL(Categorical ‖ Categorical): batch shapes");
  const pp = expandTo(p.probs, [...p.batchShape, k], [...shape, k]);
  const lp = expandTo(p.logits, [...p.batchShape, k], [...shape, k]);
  const lq = expandTo(q.logits, [...q.batchShape, k], [...shape, k]);
  const out = new Float64Array(sizeOf(shape));
  for (let r = 0; r < out.length; r++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const w = pp[r * k + j];
      if (w > 0) s += w * (lp[r * k + j] - lq[r * k + j]);
    }
    out[r] = s;
  }
  return result(shape, out);
});
