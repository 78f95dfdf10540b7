// Zhu, Wu, Yu, Wu & Ma (ICML 2019), "The anisotropic noise in stochastic gradient descent", the 2-D toy of
// their Figure 2 (public code: github.com/uuujf/SGDNoise, 2Dim), rebuilt from the paper's description and
// run with stochasm's NoisySGD: θ ← θ − η(g + ξ), ξ ~ N(0, Σ/η²) so that the displacement ηξ has the
// covariance Σ of trace 0.01 that the paper adds after each gradient step.
//   loss L(w) = (1/N) Σ_i min(sharp(w − x_i − (1, 1)), flat(w − x_i + (1, 1))) over N = 100 data points
//   sharp(d) = 10(K1·d₀ − K2·d₁)² + 100(K1·d₀ + K2·d₁)², flat(d) = d₀² + d₁², K1 = K2 = cos(π/4)
//   x_i = (z_i ⊙ (√10, 1))·K·0.01 with z_i ~ N(0, I₂), K the rotation by π/4
//   start at the sharp minimum w = (1, 1); η = 0.005, 500 steps; success = w ends with both coordinates < −0.5
// Noise kinds (all of trace 0.01 as displacements): GD (none), isotropic (0.005·I), diagonal (diag C/tr C·0.01),
// empirical (C/tr C·0.01, C the per-example gradient covariance at w), Hessian (H/tr H·0.01, H's eigenpairs
// by Lanczos on Hessian-vector products), and H's top eigenvector alone (0.01·v vᵀ).
// Gradients, per-example gradients and the Hessian are written in closed form (each point's loss is one of
// two quadratics). Run: node examples/anisotropic-noise.mjs [repetitions = 100]
import { init, key, foldIn, normal, tensor, NoisySGD, lanczos, scope } from "../dist/stochasm.mjs";

const REPS = Number(process.argv[2] ?? 100);
const N = 100, ETA = 0.005, STEPS = 500, TRACE = 0.01;
const K1 = Math.SQRT1_2, K2 = Math.SQRT1_2; // cos(π/4), sin(π/4)

// Data: x_i = (z0·√10, z1)·K·0.01 with K = [[K1, −K2], [K2, K1]] (row vector times K).
function data(k) {
  const z = normal(k, [N, 2], { dtype: "float64" }).toArray();
  const s10 = Math.sqrt(10);
  return Array.from({ length: N }, (_, i) => {
    const a = z[2 * i] * s10, b = z[2 * i + 1];
    return [(a * K1 + b * K2) * 0.01, (-a * K2 + b * K1) * 0.01];
  });
}

// Per-example gradients [N, 2], their mean, and the Hessian of the mean loss at w.
const U = [K1, -K2], V = [K1, K2]; // sharp = 10(U·d)² + 100(V·d)²
const HS = [0, 1].map((r) => [0, 1].map((c) => 20 * U[r] * U[c] + 200 * V[r] * V[c]));
function stats(w, xs) {
  const G = new Float64Array(2 * N);
  let sharpCount = 0;
  xs.forEach(([x0, x1], i) => {
    const d0 = w[0] - x0 - 1, d1 = w[1] - x1 - 1, e0 = w[0] - x0 + 1, e1 = w[1] - x1 + 1;
    const u = U[0] * d0 + U[1] * d1, v = V[0] * d0 + V[1] * d1;
    if (10 * u * u + 100 * v * v < e0 * e0 + e1 * e1) {
      sharpCount++;
      G[2 * i] = 20 * u * U[0] + 200 * v * V[0];
      G[2 * i + 1] = 20 * u * U[1] + 200 * v * V[1];
    } else {
      G[2 * i] = 2 * e0;
      G[2 * i + 1] = 2 * e1;
    }
  });
  const g = [0, 0];
  for (let i = 0; i < N; i++) { g[0] += G[2 * i] / N; g[1] += G[2 * i + 1] / N; }
  const f = sharpCount / N;
  const H = [0, 1].map((r) => [0, 1].map((c) => f * HS[r][c] + (1 - f) * (r === c ? 2 : 0)));
  // C = (1/N) Σ (g_i − ḡ)(g_i − ḡ)ᵀ
  const C = [[0, 0], [0, 0]];
  for (let i = 0; i < N; i++) {
    const a = G[2 * i] - g[0], b = G[2 * i + 1] - g[1];
    C[0][0] += (a * a) / N; C[0][1] += (a * b) / N; C[1][1] += (b * b) / N;
  }
  C[1][0] = C[0][1];
  return { g, G, H, C };
}

// The noise of each method at w, as a NoiseCovariance for ξ (displacement covariance / η²).
const METHODS = {
  "GD (no noise)": () => ({ kind: "isotropic", variance: 0 }),
  "isotropic (GLD const)": () => ({ kind: "isotropic", variance: TRACE / 2 / ETA ** 2 }),
  "diagonal of C (GLD diag)": ({ C }) => {
    const tr = C[0][0] + C[1][1];
    return { kind: "diagonal", variance: tensor([C[0][0] / tr * TRACE / ETA ** 2, C[1][1] / tr * TRACE / ETA ** 2], [2], "float64") };
  },
  "empirical C (GLD leading)": ({ G, C }) => ({ kind: "empirical", perExampleGrads: tensor(G, [N, 2], "float64"), scale: Math.sqrt(TRACE / (C[0][0] + C[1][1])) / ETA }),
  "Hessian H (GLD Hessian)": ({ H }, k) => {
    const hv = (v) => { const a = v.toArray(); return tensor([H[0][0] * a[0] + H[0][1] * a[1], H[1][0] * a[0] + H[1][1] * a[1]], [2], "float64"); };
    const { eigenvalues, eigenvectors } = lanczos(hv, { dim: 2, k: 2, iterations: 2, key: k });
    return { kind: "hessian", eigenvectors, eigenvalues, scale: Math.sqrt(TRACE / (H[0][0] + H[1][1])) / ETA };
  },
  "top eigenvector of H": ({ H }, k) => {
    const hv = (v) => { const a = v.toArray(); return tensor([H[0][0] * a[0] + H[0][1] * a[1], H[1][0] * a[0] + H[1][1] * a[1]], [2], "float64"); };
    const { eigenvectors } = lanczos(hv, { dim: 2, k: 1, iterations: 2, key: k });
    return { kind: "hessian", eigenvectors, eigenvalues: tensor([1], [1], "float64"), scale: Math.sqrt(TRACE) / ETA };
  },
};

await init();
const root = key(2019);
const names = Object.keys(METHODS);
const wins = Object.fromEntries(names.map((n) => [n, 0]));
const t0 = performance.now();
for (let rep = 0; rep < REPS; rep++) {
  const kRep = foldIn(root, rep);
  const xs = scope(() => data(foldIn(kRep, 1000)));
  names.forEach((name, m) => scope(() => {
    const w = tensor(new Float64Array([1, 1]), [2], "float64");
    const kNoise = foldIn(kRep, m);
    const opt = new NoisySGD([w], { lr: ETA, key: kNoise, noise: { kind: "isotropic", variance: 0 } });
    for (let t = 0; t < STEPS; t++) {
      scope(() => {
        const s = stats(w.toArray(), xs);
        opt.step([tensor(s.g, [2], "float64")], METHODS[name](s, foldIn(kNoise, 10_000 + t)));
      });
    }
    const end = w.toArray();
    if (end[0] < -0.5 && end[1] < -0.5) wins[name]++;
    opt.dispose();
  }));
}
const seconds = (performance.now() - t0) / 1000;
// Wilson 95 % interval for a count out of REPS
const wilson = (x) => {
  const p = x / REPS, z = 1.96, d = 1 + (z * z) / REPS;
  const c = (p + (z * z) / (2 * REPS)) / d, h = (z * Math.sqrt((p * (1 - p)) / REPS + (z * z) / (4 * REPS * REPS))) / d;
  return `[${Math.round(100 * Math.max(0, c - h))}, ${Math.round(100 * Math.min(1, c + h))}] %`;
};
console.log(`Zhu et al. 2019, 2-D toy: ${REPS} runs per method, η = ${ETA}, ${STEPS} steps, noise trace ${TRACE}, start (1, 1)`);
console.log(`${"noise".padEnd(28)} ${"ended in the flat basin".padStart(24)}   95 % interval`);
for (const n of names) console.log(`${n.padEnd(28)} ${`${wins[n]} / ${REPS}`.padStart(24)}   ${wilson(wins[n])}`);
console.log(`(${seconds.toFixed(1)} s)`);
