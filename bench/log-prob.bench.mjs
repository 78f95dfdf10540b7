// logProb throughput beyond Normal (issue 4 item 6: "sampling and logProb throughput for Normal, Gamma,
// Categorical and MVN"; Normal's is in distributions.bench.mjs): Gamma(2.5, 1), Beta(2, 5), Categorical
// (K = 10) and MultivariateNormal (d = 8), float32 values, each stochasm call allocating and disposing its
// output. Peers: @stdlib's gamma / beta logpdf (factory form, in a loop into a preallocated array) and the
// formulas as plain JS loops with their constants hoisted (log Γ, log B, log p_k, L and Σ log L_ii computed
// once, outside the timing), which is what a user would write. tfjs has no log-densities. Target (issue 4):
// ≥ 5× the best JS peer.
import { createRequire } from "node:module";
import { bench, main } from "./harness.mjs";
import { init, key, tensor, Gamma, Beta, Categorical, MultivariateNormal, lgamma, lbeta } from "../dist/stochasm.mjs";

const require = createRequire(import.meta.url);
const LOG_2PI = 1.8378770664093453;

function stdlib(name) {
  try {
    return require(`@stdlib/${name}`);
  } catch (err) {
    console.warn(`@stdlib/${name} unavailable: ${err.message}`);
    return null;
  }
}

const targetsOf = (cases) => Object.fromEntries(Object.keys(cases).slice(1).map((c) => [c, 5]));

export async function run() {
  await init();
  const n = 1e6;
  const rows = [];
  const buf = new Float32Array(n);

  {
    const [a, rate] = [2.5, 1];
    const d = new Gamma(a, rate);
    const x = d.sample(key(1), [n]);
    const xs = x.toArray();
    const c = a * Math.log(rate) - lgamma(tensor([a], [1], "float64")).item();
    const cases = {
      "stochasm Gamma.logProb": () => d.logProb(x).dispose(),
      "(α − 1) log x − λx + c (JS loop)": () => { for (let i = 0; i < n; i++) buf[i] = (a - 1) * Math.log(xs[i]) - rate * xs[i] + c; },
    };
    const lib = stdlib("stats-base-dists-gamma-logpdf");
    if (lib) { const f = lib.factory(a, rate); cases["@stdlib/stats-base-dists-gamma-logpdf"] = () => { for (let i = 0; i < n; i++) buf[i] = f(xs[i]); }; }
    rows.push(...await bench({ name: `Gamma(2.5, 1) logProb float32, n = 10^6`, items: n, cases, targets: targetsOf(cases) }));
    x.dispose();
  }

  {
    const [a, b] = [2, 5];
    const d = new Beta(a, b);
    const x = d.sample(key(2), [n]);
    const xs = x.toArray();
    const c = -lbeta(tensor([a], [1], "float64"), b).item();
    const cases = {
      "stochasm Beta.logProb": () => d.logProb(x).dispose(),
      "(α − 1) log x + (β − 1) log1p(−x) + c (JS loop)": () => { for (let i = 0; i < n; i++) buf[i] = (a - 1) * Math.log(xs[i]) + (b - 1) * Math.log1p(-xs[i]) + c; },
    };
    const lib = stdlib("stats-base-dists-beta-logpdf");
    if (lib) { const f = lib.factory(a, b); cases["@stdlib/stats-base-dists-beta-logpdf"] = () => { for (let i = 0; i < n; i++) buf[i] = f(xs[i]); }; }
    rows.push(...await bench({ name: `Beta(2, 5) logProb float32, n = 10^6`, items: n, cases, targets: targetsOf(cases) }));
    x.dispose();
  }

  {
    const k = 10;
    const logits = Array.from({ length: k }, (_, i) => Math.sin(i));
    const d = new Categorical({ logits });
    // the values are sample()'s int32 class indices, as in a score-function estimator: logProb(sample(…))
    const x = d.sample(key(3), [n]);
    const xs = x.toArray();
    const lp = Float64Array.from(d.logits);
    const out64 = new Float64Array(n); // logProb of int32 values is float64: the peer writes the same bytes
    const cases = {
      "stochasm Categorical.logProb": () => d.logProb(x).dispose(),
      "log p[x] lookup (JS loop)": () => { for (let i = 0; i < n; i++) out64[i] = lp[xs[i]]; },
    };
    rows.push(...await bench({ name: `Categorical K = 10 logProb of int32 draws, n = 10^6`, items: n, cases, targets: targetsOf(cases) }));
    x.dispose();
  }

  {
    const dim = 8;
    const cov = Array.from({ length: dim }, (_, i) => Array.from({ length: dim }, (_, j) => (i === j ? 1 : 0.5)));
    const m = new MultivariateNormal(new Array(dim).fill(0), { covarianceMatrix: cov });
    const draws = n / dim;
    const x = m.sample(key(4), [draws]);
    const xs = x.toArray();
    const L = m.scaleTril;
    let halfLogDet = 0;
    for (let i = 0; i < dim; i++) halfLogDet += Math.log(L[i * dim + i]);
    const c = -halfLogDet - 0.5 * dim * LOG_2PI;
    const y = new Float64Array(dim);
    const out = new Float32Array(draws);
    const cases = {
      "stochasm MultivariateNormal.logProb": () => m.logProb(x).dispose(),
      "forward substitution (JS loop)": () => {
        for (let r = 0; r < draws; r++) {
          let q = 0;
          for (let i = 0; i < dim; i++) {
            let s = xs[r * dim + i];
            for (let j = 0; j < i; j++) s -= L[i * dim + j] * y[j];
            y[i] = s / L[i * dim + i];
            q += y[i] * y[i];
          }
          out[r] = -0.5 * q + c;
        }
      },
    };
    rows.push(...await bench({ name: `MVN d = 8 logProb float32, 1.25·10^5 rows (10^6 elements)`, items: n, cases, targets: targetsOf(cases) }));
    x.dispose();
  }
  return rows;
}

await main(import.meta.url, run);
