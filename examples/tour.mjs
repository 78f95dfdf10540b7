// `npm start`: a short tour of stochasm — keys, samples and their moments against theory.
import {
  init, key, split, normal, truncatedNormal, uniform, randint, bernoulli, scope, memory,
  Normal, Categorical, MultivariateNormal, Gamma, kl, tensor, softmax, crossEntropy,
} from "../dist/stochasm.mjs";

function moments(x) {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let v2 = 0, v3 = 0, v4 = 0;
  for (const v of x) { const d = v - m; v2 += d * d; v3 += d ** 3; v4 += d ** 4; }
  v2 /= x.length; v3 /= x.length; v4 /= x.length;
  return { mean: m, variance: v2, skewness: v3 / v2 ** 1.5, kurtosis: v4 / v2 ** 2 - 3 };
}
const f = (x) => x.toFixed(4).padStart(8);
const row = (name, got, want, se) =>
  console.log(`  ${name.padEnd(22)} ${f(got)}   theory ${f(want)}   (${(Math.abs(got - want) / se).toFixed(1)} s.e.)`);

const info = await init();
console.log(`stochasm core loaded: ${info.simd ? "SIMD128" : "scalar"} build, stream version ${info.streamVersion}\n`);

const [kNormal, kTrunc, kUniform, kDice, kCoin] = split(key(2024), 5);
const n = 1_000_000;

scope(() => {
  const z = moments(normal(kNormal, [n], { mean: 2, std: 1.5 }).toArray());
  console.log(`Normal(2, 1.5), ${n.toLocaleString("en")} samples:`);
  row("mean", z.mean, 2, 1.5 / Math.sqrt(n));
  row("variance", z.variance, 2.25, 2.25 * Math.sqrt(2 / n));
  row("skewness", z.skewness, 0, Math.sqrt(6 / n));
  row("excess kurtosis", z.kurtosis, 0, Math.sqrt(24 / n));

  const t = moments(truncatedNormal(kTrunc, [n]).toArray());
  console.log(`\nTruncated normal on [-2, 2] (He-style init draws):`);
  row("variance", t.variance, 0.773741, Math.sqrt(0.8175 / n)); // se: √((μ4 − σ⁴)/n)

  const u = moments(uniform(kUniform, [n]).toArray());
  console.log(`\nUniform[0, 1):`);
  row("mean", u.mean, 0.5, Math.sqrt(1 / 12 / n));
  row("variance", u.variance, 1 / 12, Math.sqrt((1 / 80 - 1 / 144) / n));

  const dice = randint(kDice, [60_000], 1, 7).toArray();
  const counts = [0, 0, 0, 0, 0, 0];
  for (const d of dice) counts[d - 1]++;
  console.log(`\n60 000 dice rolls (randint 1..6, no modulo bias): ${counts.join(" ")}`);

  const coin = bernoulli(kCoin, [100_000], 0.3).toArray();
  let heads = 0;
  for (const c of coin) heads += c;
  console.log(`Bernoulli(0.3) frequency over 100 000 draws: ${(heads / 1e5).toFixed(4)}`);
});

scope(() => {
  console.log("\nDistributions and losses (the seeds' worked numbers):");
  const d = new Normal(2, 1.5);
  console.log(`  Normal(2, 1.5): log p(2) = ${d.logProb(2).item().toFixed(4)}, cdf(2) = ${d.cdf(2).item().toFixed(4)}`);
  const c = new Categorical({ logits: [2, 1, -0.5, 3] });
  const probs = Array.from(c.probs, (p) => p.toFixed(4)).join(", ");
  console.log(`  Categorical(logits [2, 1, −0.5, 3]): probs [${probs}], entropy ${c.entropy().item().toFixed(4)}`);
  const q = new Normal([1.5, -0.5, 0], [0.8, 1.2, 1.0]);
  const perDim = Array.from(kl(q, new Normal(0, 1)).toArray(), (v) => v.toFixed(4)).join(", ");
  console.log(`  KL(N([1.5, −0.5, 0], [0.8, 1.2, 1]) ‖ N(0, 1)) per dimension: [${perDim}]`);
  const mvn = new MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0.8], [0.8, 1]] });
  const m = 200_000; // s.e. of each entry ≈ √(2/m) ≈ 0.003
  const xy = mvn.sample(key(7), [m], { dtype: "float64" }).toArray();
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < m; i++) { sxx += xy[2 * i] ** 2; sxy += xy[2 * i] * xy[2 * i + 1]; syy += xy[2 * i + 1] ** 2; }
  console.log(`  MVN covariance [[1, .8], [.8, 1]], ${m.toLocaleString("en")} draws: sample covariance ` +
    `[[${(sxx / m).toFixed(3)}, ${(sxy / m).toFixed(3)}], [${(sxy / m).toFixed(3)}, ${(syy / m).toFixed(3)}]]`);
  // the reparameterisation trick: a draw is a differentiable function of its parameters
  const { value, grads } = new Gamma(2.5, 1).rsample(key(8), [3], { dtype: "float64" });
  const fmt = (t) => Array.from(t.toArray(), (v) => v.toFixed(4)).join(", ");
  console.log(`  Gamma(2.5) rsample [${fmt(value)}], ∂x/∂α [${fmt(grads.concentration)}]; median ${new Gamma(2.5, 1).icdf(0.5).item().toFixed(4)}`);
  const logits = tensor([[2, 1, 0.1]]);
  const sm = Array.from(softmax(logits).toArray(), (v) => v.toFixed(4)).join(", ");
  const { loss, grad } = crossEntropy(logits, [0]);
  const g = Array.from(grad.toArray(), (v) => v.toFixed(4)).join(", ");
  console.log(`  softmax([2, 1, 0.1]) = [${sm}]; cross-entropy (target 0) = ${loss.item().toFixed(4)}, gradient [${g}]`);
});

const mem = memory();
console.log(`\nAfter the scope: ${mem.tensors} live tensors, ${mem.bytes} bytes (WASM memory ${(mem.wasmBytes / 2 ** 20).toFixed(1)} MiB).`);
console.log("Same seed, same bits — in Node, Deno, Bun, Chromium and Firefox. See README.md.");
