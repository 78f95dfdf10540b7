// Two estimators of ∇θ E_{Z~p_θ}[f(Z)] (seed 001, "The Art of Gradient Estimation"), and a tiny VAE's ELBO
// gradient. Run: node examples/gradient-estimators.mjs
//   score function (REINFORCE):  f(Z)·∇θ log p_θ(Z)           unbiased for any f, often high variance
//   reparameterisation:          ∇θ f(g(ε, θ)), Z = g(ε, θ)    unbiased for smooth f, far lower variance
// Each estimator is computed per draw at once: the parameter is repeated once per draw (a vector θ_i = θ),
// so the gradient of Σ_i (estimand_i) with respect to that vector holds every draw's estimate.
// The functions take the stochasm namespace, so tests can pass the SDK source.

const moments = (t) => {
  const v = Array.from(t.toArray()), n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, variance, se: Math.sqrt(variance / n) };
};

/**
 * Both estimators of ∂/∂θ E[f(Z)] for Z ~ `make(θ)`, from n draws each (float64).
 * @returns { score, reparam }: each { mean, variance, se } of the n per-draw estimates.
 */
export function compareEstimators(s, { make, theta, f, n = 4000, seed = 1 }) {
  return s.scope(() => {
    const [k1, k2] = s.split(s.key(seed));
    const thetas = s.full([n], theta, "float64");
    // score function: f(z)·∂ log p(z)/∂θ, z drawn without gradients
    const z = make(thetas).sample(k1, [], { dtype: "float64" });
    const fz = f(s, z);
    const score = s.grad((t) => s.sum(s.mul(fz, make(t).logProb(z))))(thetas);
    // reparameterisation: ∂ f(g(ε, θ))/∂θ through rsample
    const reparam = s.grad((t) => s.sum(f(s, make(t).rsample(k2, [], { dtype: "float64" }).value)))(thetas);
    return { score: moments(score), reparam: moments(reparam) };
  });
}

/**
 * The cases: the seed's smooth f under N(θ, 1) (∂/∂θ E[Z²] = 2θ); E[Z] under Gamma(α, 2) (∂/∂α = 1/2, through
 * implicit reparameterisation); and a counterexample, a rapidly oscillating f (E[sin 3Z] = sin 3θ·e^{−9/2}),
 * whose pathwise derivative 3 cos 3z is large while the average it estimates is tiny: there the score
 * function has the smaller variance. `reparamWins` says which estimator has the smaller variance.
 */
export const CASES = [
  { name: "N(θ = 1.5, 1), f(z) = z²", make: (s) => (t) => new s.Normal(t, 1), theta: 1.5, f: (s, z) => s.square(z), truth: 3, reparamWins: true },
  { name: "Gamma(α = 2.5, 2), f(z) = z", make: (s) => (t) => new s.Gamma(t, 2), theta: 2.5, f: (s, z) => z, truth: 0.5, reparamWins: true },
  { name: "N(θ = 0.5, 1), f(z) = sin 3z", make: (s) => (t) => new s.Normal(t, 1), theta: 0.5, f: (s, z) => s.sin(s.mul(z, 3)), truth: 3 * Math.cos(1.5) * Math.exp(-4.5), reparamWins: false },
];

/**
 * A one-dimensional-latent VAE on 2-D data: q(z|x) = N(x·a, exp(x·b)), p(z) = N(0, 1), p(x|z) = N(z·w, 1).
 * ELBO(x) = E_q[log p(x|z) + log p(z) − log q(z|x)], one reparameterised draw per data point; `steps` of
 * gradient ascent with valueAndGrad. Returns the ELBO (mean over the data) before and after, and the
 * gradient's norm at the start.
 */
export function vaeElbo(s, { steps = 60, lr = 0.05, seed = 3 } = {}) {
  const data = s.scope(() => {
    const [kz, kn] = s.split(s.key(seed));
    const z = s.normal(kz, [64, 1], { dtype: "float64" });
    return s.add(s.matmul(z, s.tensor([[2, -1]], [1, 2], "float64")), s.mul(s.normal(kn, [64, 2], { dtype: "float64" }), 0.3));
  });
  const elbo = (p, x, k) => {
    const q = new s.Normal(s.matmul(x, p.a), s.exp(s.matmul(x, p.b)));          // [64, 1]
    const z = q.rsample(k, [], { dtype: "float64" }).value;                      // reparameterised
    const logLik = s.sum(new s.Normal(s.matmul(z, p.w), 1).logProb(x), { dim: 1, keepdim: true });
    return s.mean(s.sub(s.add(logLik, new s.Normal(0, 1).logProb(z)), q.logProb(z)));
  };
  let params = { a: s.tensor([[0.1], [0.1]], [2, 1], "float64"), b: s.tensor([[0], [0]], [2, 1], "float64"), w: s.tensor([[0.5, 0.5]], [1, 2], "float64") };
  const evaluate = () => s.scope(() => {
    let total = 0;
    for (let i = 0; i < 20; i++) total += elbo(params, data, s.foldIn(s.key(999), i)).item();
    return total / 20;
  });
  const before = evaluate();
  let gradNorm = 0;
  for (let step = 0; step < steps; step++) {
    const next = s.scope(() => {
      const [, g] = s.valueAndGrad((p) => elbo(p, data, s.foldIn(s.key(seed), step)))(params);
      if (step === 0) gradNorm = Math.sqrt(["a", "b", "w"].reduce((acc, n) => acc + s.sum(s.square(g[n])).item(), 0));
      return Object.fromEntries(["a", "b", "w"].map((n) => [n, s.add(params[n], s.mul(g[n], lr))]));
    });
    for (const t of Object.values(params)) t.dispose();
    params = next;
  }
  const after = evaluate();
  for (const t of [...Object.values(params), data]) t.dispose();
  return { before, after, gradNorm };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await import("stochasm");
  await s.init();
  const fmt = (x) => x.toPrecision(4).padStart(10);
  console.log("∂/∂θ E[f(Z)], 4000 draws per estimator:  mean ± s.e. (variance per draw)");
  for (const c of CASES) {
    const { score, reparam } = compareEstimators(s, { ...c, make: c.make(s) });
    console.log(`\n${c.name}: exact ${c.truth.toPrecision(4)}`);
    console.log(`  score function   ${fmt(score.mean)} ± ${score.se.toPrecision(2)}  (variance ${score.variance.toPrecision(3)})`);
    console.log(`  reparameterised  ${fmt(reparam.mean)} ± ${reparam.se.toPrecision(2)}  (variance ${reparam.variance.toPrecision(3)})`);
    console.log(`  variance ratio   ${(score.variance / reparam.variance).toFixed(1)}×`);
  }
  const vae = vaeElbo(s);
  console.log(`\nVAE (1-D latent, 64 points): ELBO ${vae.before.toFixed(3)} → ${vae.after.toFixed(3)} after 60 steps; |∇ELBO| at start ${vae.gradNorm.toFixed(3)}`);
  console.log("live tensors", s.memory().tensors);
}
