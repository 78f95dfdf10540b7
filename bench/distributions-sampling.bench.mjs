// Gamma, categorical (alias) and multivariate-normal sampling throughput (and, without targets, batched
// Gamma, Beta and Dirichlet): stochasm (SIMD build) against
// TensorFlow.js (tf.randomGamma, tf.multinomial; cpu backend, dataSync() included), @stdlib/random-base-gamma
// (a loop into a preallocated array) and plain JS loops on
// Math.random (Marsaglia–Tsang with Box–Muller normals; Walker's alias method; x = μ + L·z). Target
// (issue 4): ≥ 5× the best JS peer. The plain-JS loops write into preallocated arrays and use V8's
// xorshift128+ Math.random: not keyed, not reproducible across runtimes — a speed floor, not a like-for-like.
import { createRequire } from "node:module";
import { bench, main } from "./harness.mjs";
import { init, key, Gamma, Beta, Dirichlet, Categorical, AliasTable, MultivariateNormal } from "../dist/stochasm.mjs";

const require = createRequire(import.meta.url);

function gammaJS(a) {
  let boost = 1;
  if (a < 1) { boost = Math.pow(1 - Math.random(), 1 / a); a += 1; }
  const d = a - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x, v;
    do {
      x = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = Math.random();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * boost;
  }
}

function aliasJS(probs) {
  const k = probs.length, prob = new Float64Array(k), alias = new Int32Array(k);
  const q = probs.map((p) => p * k), small = [], large = [];
  q.forEach((v, i) => (v < 1 ? small : large).push(i));
  while (small.length && large.length) {
    const s = small.pop(), l = large.pop();
    prob[s] = q[s]; alias[s] = l; q[l] = q[l] + q[s] - 1;
    (q[l] < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) prob[i] = 1;
  return { prob, alias, k };
}

function normalPairJS(out) {
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - Math.random())), t = 2 * Math.PI * Math.random();
    out[i] = r * Math.cos(t);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(t);
  }
}

export async function run() {
  await init();
  let tf = null;
  try {
    tf = require("@tensorflow/tfjs-core");
    require("@tensorflow/tfjs-backend-cpu");
    await tf.setBackend("cpu");
    await tf.ready();
  } catch (err) {
    console.warn(`tfjs unavailable: ${err.message}`);
  }
  const optional = (name) => {
    try {
      return require(name);
    } catch (err) {
      console.warn(`${name} unavailable: ${err.message}`);
      return null;
    }
  };
  const stdlibGamma = optional("@stdlib/random-base-gamma");
  const stdlibBeta = optional("@stdlib/random-base-beta");
  const rows = [];
  const n = 1e6;
  const buf = new Float32Array(n);

  for (const alpha of [0.5, 2.5, 100]) {
    const g = new Gamma(alpha, 1);
    let seed = 0;
    const cases = {
      "stochasm Gamma.sample": () => g.sample(key(seed++), [n]).dispose(),
      "Marsaglia–Tsang (JS, Math.random)": () => { for (let i = 0; i < n; i++) buf[i] = gammaJS(alpha); },
    };
    if (stdlibGamma) {
      const draw = stdlibGamma.factory(alpha, 1, { seed: 1 });
      cases["@stdlib/random-base-gamma"] = () => { for (let i = 0; i < n; i++) buf[i] = draw(); };
    }
    if (tf) cases["tf.randomGamma (cpu)"] = () => { const t = tf.randomGamma([n], alpha, 1, "float32", seed++); t.dataSync(); t.dispose(); };
    rows.push(...await bench({ name: `Gamma(${alpha}) float32, n = 10^6`, items: n, cases, targets: Object.fromEntries(Object.keys(cases).slice(1).map((c) => [c, 5])) }));
  }

  for (const k of [10, 1000]) {
    const probs = Array.from({ length: k }, (_, i) => (i + 1) / ((k * (k + 1)) / 2));
    const table = AliasTable.from(new Categorical({ probs }));
    const js = aliasJS(probs);
    const idx = new Int32Array(n);
    let seed = 0;
    const cases = {
      "stochasm AliasTable.sample": () => table.sample(key(seed++), [n]).dispose(),
      "alias method (JS, Math.random)": () => {
        for (let i = 0; i < n; i++) {
          const x = Math.random() * js.k, c = x | 0;
          idx[i] = x - c < js.prob[c] ? c : js.alias[c];
        }
      },
    };
    if (tf) {
      const logits = tf.tensor2d([probs.map(Math.log)]);
      cases["tf.multinomial (cpu)"] = () => { const t = tf.multinomial(logits, n, seed++); t.dataSync(); t.dispose(); };
    }
    rows.push(...await bench({ name: `Categorical K = ${k}, n = 10^6 draws`, items: n, cases, targets: Object.fromEntries(Object.keys(cases).slice(1).map((c) => [c, 5])), budgetMs: 8000 }));
  }

  {
    const d = 8;
    const cov = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0.5)));
    const m = new MultivariateNormal(new Array(d).fill(0), { covarianceMatrix: cov });
    const L = m.scaleTril;
    const draws = n / d;
    const z = new Float64Array(d), out = new Float32Array(n);
    let seed = 0;
    const cases = {
      "stochasm MultivariateNormal.sample": () => m.sample(key(seed++), [draws]).dispose(),
      "μ + L·z (JS, Math.random Box–Muller)": () => {
        for (let r = 0; r < draws; r++) {
          normalPairJS(z);
          for (let i = 0; i < d; i++) { let s = 0; for (let j = 0; j <= i; j++) s += L[i * d + j] * z[j]; out[r * d + i] = s; }
        }
      },
    };
    rows.push(...await bench({ name: `MVN d = 8, 1.25·10^5 draws (10^6 elements)`, items: n, cases, targets: { "μ + L·z (JS, Math.random Box–Muller)": 5 } }));

    // The backward pass (no issue target): ∂ℓ/∂μ, ∂ℓ/∂L and ∂ℓ/∂Σ from rsample's noise and ∂ℓ/∂x; the
    // peer is the same accumulation Σ ḡ, tril(Σ ḡ·zᵀ) as a JS loop (Σ̄'s d³ Cholesky backward is negligible
    // at d = 8 and left out of the peer, which favours it).
    const { value, noise } = m.rsample(key(5), [draws]);
    const zs = noise.toArray(), gs = value.toArray();
    const gLoc = new Float64Array(d), gTril = new Float64Array(d * d);
    const vjpCases = {
      "stochasm MultivariateNormal.rsampleVjp": () => { for (const t of Object.values(m.rsampleVjp(noise, value))) t.dispose(); },
      "Σ ḡ, tril(Σ ḡ·zᵀ) (JS loop)": () => {
        gLoc.fill(0); gTril.fill(0);
        for (let r = 0; r < draws; r++) {
          for (let i = 0; i < d; i++) {
            const gi = gs[r * d + i];
            gLoc[i] += gi;
            for (let j = 0; j <= i; j++) gTril[i * d + j] += gi * zs[r * d + j];
          }
        }
      },
    };
    rows.push(...await bench({ name: `MVN d = 8 rsampleVjp, 1.25·10^5 draws (10^6 elements)`, items: n, cases: vjpCases }));
    value.dispose(); noise.dispose();
  }

  // Beyond issue 4's list (no targets): per-element concentrations, Beta and Dirichlet, which draw their
  // Gammas in the same vector rounds.
  {
    const alphas = Array.from({ length: 1000 }, (_, i) => 0.5 + (9.5 * i) / 999);
    const g = new Gamma(alphas, 1);
    let seed = 0;
    const cases = {
      "stochasm Gamma.sample (1000 α)": () => g.sample(key(seed++), [n / 1000]).dispose(),
      "Marsaglia–Tsang (JS, Math.random)": () => { for (let i = 0; i < n; i++) buf[i] = gammaJS(alphas[i % 1000]); },
    };
    if (stdlibGamma) cases["@stdlib/random-base-gamma"] = () => { for (let i = 0; i < n; i++) buf[i] = stdlibGamma(alphas[i % 1000], 1); };
    rows.push(...await bench({ name: "Gamma, a batch of 1000 α in [0.5, 10], float32, n = 10^6", items: n, cases }));
  }
  {
    const b = new Beta(2, 5);
    let seed = 0;
    const cases = {
      "stochasm Beta.sample": () => b.sample(key(seed++), [n]).dispose(),
      "G_α/(G_α + G_β) (JS Marsaglia–Tsang, Math.random)": () => { for (let i = 0; i < n; i++) { const x = gammaJS(2), y = gammaJS(5); buf[i] = x / (x + y); } },
    };
    if (stdlibBeta) {
      const draw = stdlibBeta.factory(2, 5, { seed: 1 });
      cases["@stdlib/random-base-beta"] = () => { for (let i = 0; i < n; i++) buf[i] = draw(); };
    }
    rows.push(...await bench({ name: "Beta(2, 5) float32, n = 10^6", items: n, cases }));
  }
  {
    const k = 10;
    const dir = new Dirichlet(new Array(k).fill(1));
    let seed = 0;
    const cases = {
      "stochasm Dirichlet.sample": () => dir.sample(key(seed++), [n / k]).dispose(),
      "normalised Gammas (JS Marsaglia–Tsang, Math.random)": () => {
        for (let r = 0; r < n; r += k) {
          let s = 0;
          for (let j = 0; j < k; j++) { const x = gammaJS(1); buf[r + j] = x; s += x; }
          for (let j = 0; j < k; j++) buf[r + j] /= s;
        }
      },
    };
    rows.push(...await bench({ name: "Dirichlet(1, …, 1), K = 10, 10^5 rows (10^6 elements)", items: n, cases }));
  }
  return rows;
}

await main(import.meta.url, run);
