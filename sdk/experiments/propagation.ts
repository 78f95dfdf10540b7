// Item 2 of issue 15: signal propagation through a random MLP (seed 000; the "telephone" of seed 002).
// h_l = W_l a_{l−1}, a_l = φ(h_l), W_l ~ N(0, σ_w²) of shape [n, n], inputs a_0 ~ N(0, I).
import { Tensor, tensor } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { normal } from "../random/sample.js";
import { add, div, exp, log, mul, sqrt, square, sub } from "../ops/elementwise.js";
import { digamma, lgamma } from "../ops/special.js";
import { relu, sign, tanh } from "../ops/pointwise.js";
import { mean, sum } from "../ops/reduce.js";
import { arange, linspace } from "../ops/creation.js";
import { matmul } from "../linalg/matmul-nd.js";
import { scope } from "../runtime/memory.js";
import { initVariance, reluMoments } from "../stats/closed-forms.js";
import { ExperimentResult, check, estimateMean } from "./result.js";

export type InitScheme = "naive" | "xavier" | "he";
export type PropagationActivation = "tanh" | "relu";

// E_{z~N(0,1)}[f(tanh(√q·z))] by a 4001-point trapezoid rule over z ∈ [−10, 10] (tanh and the Gaussian density in
// WASM; the tails beyond 10 weigh < 1e-22)
function tanhExpectation(q: number, f: (t: Tensor) => Tensor): number {
  return scope(() => {
    const z = linspace(-10, 10, 4001, "float64");
    const density = mul(exp(mul(square(z), -0.5)), 1 / Math.sqrt(2 * 3.141592653589793));
    const v = mul(f(tanh(mul(z, Math.sqrt(q)))), density).toArray() as unknown as ArrayLike<number>;
    const h = 20 / 4000;
    let total = 0;
    for (let i = 0; i < v.length; i++) total += v[i];
    return h * (total - 0.5 * (v[0] + v[v.length - 1]));
  });
}

/** E_{z~N(0,q)}[φ(z)²]: q/2 for ReLU (exact); for tanh by the trapezoid rule. */
export function secondMomentAfter(activation: PropagationActivation, q: number): number {
  if (activation === "relu") return reluMoments(q).secondMoment;
  return tanhExpectation(q, square);
}

/** The mean-field recursion q_l = σ_w²·n·E[φ(z)²], z ~ N(0, q_{l−1}), q_0-input second moment 1 (so q_1 = σ_w²·n). */
export function meanFieldDepthProfile(init: InitScheme, activation: PropagationActivation, width: number, depth: number): number[] {
  const s2 = initVariance(init, width) * width;
  const q = [s2];
  for (let l = 1; l < depth; l++) q.push(s2 * secondMomentAfter(activation, q[l - 1]));
  return q;
}

/**
 * The mean-field recursion of the backpropagated second moment (Schoenholz et al. 2017, which assumes the backward
 * weights independent of the forward ones): E[δ_{l−1}²] = σ_w²·n·E[φ'(z)²]·E[δ_l²], z ~ N(0, q_{l−1}), from
 * E[δ_L²] = 1 at the top; E[φ'²] = 1/2 for ReLU, E[(1 − tanh²)²] by the trapezoid rule. Index l as in the profile; `q` is the forward mean-field profile (computed when not given).
 */
export function meanFieldGradientProfile(init: InitScheme, activation: PropagationActivation, width: number, depth: number,
  q: readonly number[] = meanFieldDepthProfile(init, activation, width, depth)): number[] {
  const x = initVariance(init, width) * width;
  const g = new Array<number>(depth).fill(1);
  for (let l = depth - 1; l > 0; l--) {
    const slope2 = activation === "relu" ? 0.5 : tanhExpectation(q[l - 1], (t) => square(sub(1, square(t))));
    g[l - 1] = g[l] * x * slope2;
  }
  return g;
}

/**
 * E[q_l] for tanh at width n to first order in 1/n: the mean field plus its finite-width correction. For one input,
 * given the layer below, h_l ~ N(0, s_l I) with s_{l+1} = σ_w²‖φ(h_l)‖² = x·(1/n)Σᵢ φ(√s_l zᵢ)², x = σ_w²n; with
 * V(s) = E[φ(√s z)²], U(s) = E[φ⁴]: E[s_{l+1} | s_l] = xV(s_l) and Var = x²(U − V²)/n. A second-order expansion
 * of V around m_l = E[s_l] carries the mean and variance v_l = Var(s_l) up: m_{l+1} = x(V(m_l) + ½V''(m_l)v_l),
 * v_{l+1} = x²V'(m_l)²v_l + x²(U(m_l) − V(m_l)²)/n, from m_1 = x, v_1 = 2x²/n (‖a_0‖² ~ χ²_n); error O(1/n²).
 * V'(s) = E[(1 − t²)(1 − 3t²)], t = tanh(√s z) (Gaussian integration by parts: d/ds E[g(√s z)] = ½E[g″]);
 * V'' by a central difference of V'.
 */
export function tanhFiniteWidthProfile(init: InitScheme, width: number, depth: number): number[] {
  const x = initVariance(init, width) * width;
  const dV = (s: number) => tanhExpectation(s, (t) => { const t2 = square(t); return mul(sub(1, t2), sub(1, mul(t2, 3))); });
  let m = x, v = (2 * x * x) / width;
  const out = [m];
  for (let l = 1; l < depth; l++) {
    const V = tanhExpectation(m, square), U = tanhExpectation(m, (t) => square(square(t)));
    const d = 1e-4 * m;
    const d2V = (dV(m + d) - dV(m - d)) / (2 * d);
    const d1 = dV(m);
    [m, v] = [x * (V + 0.5 * d2V * v), x * x * d1 * d1 * v + (x * x * (U - V * V)) / width];
    out.push(m);
  }
  return out;
}

/**
 * The second moment of the pre-activations layer by layer, averaged over `nets` random nets of width n, and the
 * second moment of the backpropagated gradient ∂ℓ/∂h_l for a N(0, I) cotangent at the top. The verdict compares
 * E[h_L²] at the last layer with the mean-field recursion: exact in expectation for ReLU at any width
 * (z given the previous layer is exactly Gaussian), a large-width approximation for tanh.
 */
export function signalPropagationExperiment({ init = "he" as InitScheme, activation = "relu" as PropagationActivation, width = 256, depth = 100, batch = 16, nets = 8, chainCount = 2000 } = {}, k: Key): ExperimentResult[] {
  return scope(() => {
    const sw = Math.sqrt(initVariance(init, width));
    const forward: Float64Array[] = [];
    const backward: Float64Array[] = [];
    const ratios: number[] = [];
    const logLast: number[] = [];
    for (let s = 0; s < nets; s++) {
      const q = new Float64Array(depth);
      const g = new Float64Array(depth);
      scope(() => {
        const kn = foldIn(k, s);
        const weights: Tensor[] = [];
        const pre: Tensor[] = [];
        let a = normal(foldIn(kn, 0), [batch, width], { dtype: "float64" });
        for (let l = 0; l < depth; l++) {
          const w = mul(normal(foldIn(kn, l + 1), [width, width], { dtype: "float64" }), sw);
          const h = matmul(a, w, { transposeB: true });
          q[l] = mean(square(h)).item();
          if (l === depth - 1) logLast.push(mean(log(mean(square(h), { dim: 1 }))).item());
          // one layer's law, per input: (1/n)‖h‖² ÷ σ_w²‖a‖² has conditional mean exactly 1 (χ²_n/n given a)
          ratios.push(mean(div(mean(square(h), { dim: 1 }), mul(sum(square(a), { dim: 1 }), sw * sw))).item());
          weights.push(w);
          pre.push(h);
          a = activation === "relu" ? relu(h) : tanh(h);
        }
        // δ_L = ∂ℓ/∂h_L ~ N(0, I); δ_{l−1} = (δ_l W_l) ⊙ φ′(h_{l−1})
        let delta = normal(foldIn(kn, depth + 1), [batch, width], { dtype: "float64" });
        for (let l = depth - 1; l >= 0; l--) {
          g[l] = mean(square(delta)).item();
          if (l === 0) break;
          const back = matmul(delta, weights[l]);
          const h = pre[l - 1];
          delta = mul(back, activation === "relu" ? relu(sign(h)) : sub(1, square(tanh(h))));
        }
      });
      forward.push(q);
      backward.push(g);
    }
    const last = new Float64Array(nets);
    for (let s = 0; s < nets; s++) last[s] = forward[s][depth - 1];
    const theory = meanFieldDepthProfile(init, activation, width, depth);
    const meanOver = (rows: Float64Array[]) => Array.from({ length: depth }, (_, l) => rows.reduce((acc, r) => acc + r[l], 0) / rows.length);
    const e = estimateMean(tensor(last, [nets], "float64"));
    const oneLayer = check(`propagation:${init}+${activation} one-layer law n=${width}`, "each layer multiplies the second moment by σ_w²·n·E[a²] (averaged over its layers and nets)",
      "E[(1/n)‖h_l‖² | a] = σ_w²‖a‖²", "000", 1, estimateMean(tensor(ratios, [ratios.length], "float64")));
    const rows = [oneLayer];
    if (activation === "relu") rows.push(check(`propagation:${init}+relu typical net depth=${depth} n=${width}`, "the typical net's log signal drifts below the mean field: E[log q_L] < log q_L(mean field)",
      "E[log q_L] = L log σ_w² + (L+1)(ψ(n/2) + log 2) + (L−1)E[ψ(K/2) − ψ(n/2)] − log n", "002", reluLogSecondMoment(init, width, depth),
      estimateMean(tensor(logLast, [logLast.length], "float64")), { logMeanField: log(tensor([theory[depth - 1]], [1], "float64")).item() }));
    if (activation === "relu") {
      // the mean over 16 real nets is heavy-tailed at depth 100 (see chainSecondMoments): it stays in the details
      const chains = chainSecondMoments(sw, width, depth, chainCount, foldIn(k, nets));
      return [...rows, check(`propagation:${init}+relu depth=${depth} n=${width} (${chainCount} single-input nets)`,
        `pre-activation second moment after ${depth} layers of ${init} init with relu follows the mean-field recursion`,
        "q_l = σ_w²·n·E[φ(z)²], z ~ N(0, q_{l−1})", "000/002", theory[depth - 1], estimateMean(chains),
        { preActivation: meanOver(forward), meanField: theory, gradient: meanOver(backward), gradientMeanField: meanFieldGradientProfile(init, activation, width, depth, theory), perNetLastLayer: Array.from(last), meanOverNets: e.value, meanOverNetsStandardError: e.standardError })];
    }
    // tanh: the mean field is the n → ∞ limit; at width n its first 1/n correction is part of the theory
    const finite = tanhFiniteWidthProfile(init, width, depth);
    return [...rows, check(`propagation:${init}+${activation} depth=${depth} n=${width}`,
      `pre-activation second moment after ${depth} layers of ${init} init with ${activation} follows the mean-field recursion (with its 1/n correction)`,
      "q_l = σ_w²·n·E[φ(z)²], z ~ N(0, q_{l−1}), + O(1/n) (second-order expansion)", "000/002", finite[depth - 1], e,
      { preActivation: meanOver(forward), meanField: theory, finiteWidth: finite, gradient: meanOver(backward), gradientMeanField: meanFieldGradientProfile(init, activation, width, depth, theory), perNetLastLayer: Array.from(last) })];
  });
}

/**
 * q_L = (1/n)‖h_L‖² of `chains` independent ReLU nets with one N(0, I) input each, drawn through the law of a
 * Gaussian layer instead of its weights: given a_{l−1}, h_l = W_l a_{l−1} ~ N(0, σ_w²‖a_{l−1}‖² I) exactly (W's
 * rows are i.i.d. N(0, σ_w² I)), so h_l = σ_w‖a_{l−1}‖·z_l with z_l ~ N(0, I): n draws a layer instead of n², the
 * same distribution for one input per net. Why: q_L of one net is a product of L factors of relative variance
 * ≈ 5/n (E‖relu(h)‖⁴ = s⁴n(n + 5)/4 for h ~ N(0, s²I)), so at L = 100, n = 256 its relative variance is
 * (1 + 5/n)^L − 1 ≈ 6: the mean of 16 real nets is ruled by rare nets that amplify and its sample standard
 * error is not honest. Thousands of chains are. Returns float64 [chains].
 */
function chainSecondMoments(sw: number, width: number, depth: number, chains: number, k: Key): Tensor {
  let a = normal(foldIn(k, 0), [chains, width], { dtype: "float64" });
  for (let l = 0; l < depth; l++) {
    const prev = a;
    const h = scope(() => mul(normal(foldIn(k, l + 1), [chains, width], { dtype: "float64" }), mul(sqrt(sum(square(prev), { dim: 1, keepdim: true })), sw)));
    if (l === depth - 1) {
      const q = scope(() => mean(square(h), { dim: 1 }));
      prev.dispose();
      h.dispose();
      return q;
    }
    a = relu(h);
    prev.dispose();
    h.dispose();
  }
  throw new RangeError("chainSecondMoments: depth must be ≥ 1");
}

/**
 * E[log q_L] for one input through a He/Xavier/naive ReLU net of width n (q_L = (1/n)‖h_L‖²), exactly: given the
 * previous layer h_{l+1} ~ N(0, σ_w²‖a_l‖² I), so ‖h_{l+1}‖² = σ_w²‖a_l‖²·χ²_n, and ‖relu(h)‖² = ‖h‖²·F with
 * F ~ Beta(K/2, (n − K)/2), K ~ Binomial(n, ½) the number of positive units, independent of ‖h‖. Hence
 * E[log q_L] = L·log σ_w² + (L + 1)(ψ(n/2) + log 2) + (L − 1)·E_K[ψ(K/2) − ψ(n/2)] − log n, with the input's
 * ‖x‖² ~ χ²_n. (Conditioned on no layer having K = 0 — probability 2^−n per layer — where log q = −∞.)
 * ψ, log-binomial weights and exp by the WASM kernels.
 */
export function reluLogSecondMoment(init: InitScheme, width: number, depth: number): number {
  return scope(() => {
    const n = width;
    const ks = arange(1, n + 1, 1, "float64");                                              // K = 1 … n
    const logPmf = sub(sub(lgamma(tensor([n + 1], [1], "float64")), add(lgamma(add(ks, 1)), lgamma(sub(n + 1, ks)))), n * LOG2);
    const w = exp(logPmf);
    const psiHalfN = digamma(tensor([n / 2], [1], "float64")).item();
    const eLogF = sum(mul(w, digamma(mul(ks, 0.5)))).item() / sum(w).item() - psiHalfN;
    const logChi = psiHalfN + LOG2;
    const logS2 = log(tensor([initVariance(init, n)], [1], "float64")).item();
    return depth * logS2 + (depth + 1) * logChi + (depth - 1) * eLogF - log(tensor([n], [1], "float64")).item();
  });
}
const LOG2 = 0.6931471805599453;

/** The ReLU moments for z ~ N(0, q): E[a] = √(q/2π), E[a²] = q/2, Var(a) = q(1/2 − 1/2π); one row each. */
export function reluMomentsExperiment({ q = 2, samples = 200000 } = {}, k: Key): ExperimentResult[] {
  return scope(() => {
    const a = relu(normal(k, [samples], { dtype: "float64", std: Math.sqrt(q) }));
    const theory = reluMoments(q);
    const m = estimateMean(a);
    const m2 = estimateMean(square(a));
    const centred = estimateMean(square(sub(a, theory.mean)));
    return [
      check(`relu-moments:mean q=${q}`, "ReLU of a centred Gaussian has mean √(q/2π)", "E[a] = √(q/2π)", "000", theory.mean, m),
      check(`relu-moments:second q=${q}`, "ReLU keeps half the second moment", "E[a²] = q/2", "000", theory.secondMoment, m2),
      check(`relu-moments:variance q=${q}`, "ReLU's variance", "Var(a) = q(1/2 − 1/2π)", "000", theory.variance, centred),
    ];
  });
}
