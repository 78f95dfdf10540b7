// Optimizer steps. (1) One Adam step (torch semantics) over the parameters of a 784-128-10 MLP (101,770 f32
// in 4 tensors): stochasm's Adam.step — validation, the record table and ONE WASM call — against a plain JS
// loop over Float32Arrays in torch's order, and TensorFlow.js 4.x tf.train.adam(...).applyGradients on its
// wasm and cpu backends (each backend in its own phase, as bench/softmax-ce.bench.mjs does).
// (2) One anisotropic noisy SGD step θ ← θ − η(g + ξ), ξ ~ N(0, UUᵀ + D) with rank 8 on 10⁵ f32 parameters:
// NoisySGD (Philox normals, ξ at O(Pk), update, one WASM call) against a plain JS loop doing the same work
// (xorshift + Box–Muller normals with Math.log/sqrt/cos/sin, then the same ξ and update).
import { bench, main, printTable } from "./harness.mjs";
import { loadTf, values } from "./peers.mjs";
import { init, key, tensor, Adam, NoisySGD } from "../dist/stochasm.mjs";

const SHAPES = [[128, 784], [128], [10, 128], [10]];
const size = (s) => s.reduce((a, b) => a * b, 1);

// torch's Adam step, element by element, over Float32Arrays (Math.fround keeps float32 rounding per op).
function jsAdam(params, grads, m, v, step, lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8) {
  const bc1 = 1 - b1 ** step, bc2s = Math.sqrt(1 - b2 ** step), stepSize = lr / bc1;
  for (let t = 0; t < params.length; t++) {
    const p = params[t], g = grads[t], mt = m[t], vt = v[t];
    for (let i = 0; i < p.length; i++) {
      const gi = g[i];
      const mi = (mt[i] = b1 * mt[i] + (1 - b1) * gi);
      const vi = (vt[i] = b2 * vt[i] + (1 - b2) * gi * gi);
      p[i] -= (stepSize * mi) / (Math.sqrt(vi) / bc2s + eps);
    }
  }
}

async function adamTable(tf) {
  const n = SHAPES.reduce((a, s) => a + size(s), 0);
  const params = SHAPES.map((s, i) => tensor(values(size(s), 10 + i), s));
  const grads = SHAPES.map((s, i) => tensor(values(size(s), 20 + i, -0.01, 0.01), s));
  const opt = new Adam(params, { lr: 1e-3 });
  const jp = SHAPES.map((s, i) => values(size(s), 10 + i));
  const jg = SHAPES.map((s, i) => values(size(s), 20 + i, -0.01, 0.01));
  const jm = SHAPES.map((s) => new Float32Array(size(s)));
  const jv = SHAPES.map((s) => new Float32Array(size(s)));
  let jsStep = 0;
  const ours = { "stochasm Adam.step (one WASM call)": () => opt.step(grads) };
  const js = { "JS loop (torch's order)": () => jsAdam(jp, jg, jm, jv, ++jsStep) };
  const name = `Adam step over a 784-128-10 MLP's parameters (${n.toLocaleString("en")} f32, 4 tensors)`;
  const phase = async (backend, withJs) => {
    const cases = { ...ours, ...(withJs ? js : {}) };
    let cleanup = () => {};
    if (tf) {
      await tf.setBackend(backend);
      const vars = SHAPES.map((s, i) => tf.variable(tf.tensor(values(size(s), 10 + i), s), true, `p${backend}${i}`));
      const gs = Object.fromEntries(SHAPES.map((s, i) => [`p${backend}${i}`, tf.tensor(values(size(s), 20 + i, -0.01, 0.01), s)]));
      const adam = tf.train.adam(1e-3);
      cases[`tfjs-${backend} (train.adam applyGradients)`] = () => { adam.applyGradients(gs); vars[0].dataSync(); };
      cleanup = () => { vars.forEach((x) => x.dispose()); Object.values(gs).forEach((x) => x.dispose()); adam.dispose(); };
    }
    const out = await bench({ name, unit: "parameters", items: n, cases, quiet: true, warmup: 5, reps: 31, budgetMs: 4000 });
    cleanup();
    return out;
  };
  const table = await phase("wasm", true);
  if (tf) table.push(...(await phase("cpu", false)).filter((row) => !row.ours));
  printTable(table);
  opt.dispose();
  params.forEach((t) => t.dispose());
  grads.forEach((t) => t.dispose());
  return table;
}

// ξ = U z_a + √D ⊙ z_b, θ ← θ − η(g + ξ), with normals from xorshift32 + Box–Muller.
function jsAnisotropic(theta, g, u, d, z, xi, rank, eta, state) {
  const p = theta.length, m = p + rank;
  for (let i = 0; i < m; i += 2) {
    state.s ^= state.s << 13; state.s ^= state.s >>> 17; state.s ^= state.s << 5;
    const u1 = ((state.s >>> 0) + 1) / 4294967297;
    state.s ^= state.s << 13; state.s ^= state.s >>> 17; state.s ^= state.s << 5;
    const u2 = (state.s >>> 0) / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u1));
    z[i] = r * Math.cos(2 * Math.PI * u2);
    z[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  for (let i = 0; i < p; i++) xi[i] = Math.sqrt(d[i]) * z[i];
  for (let k = 0; k < rank; k++) {
    const c = z[p + k], row = k * p;
    for (let i = 0; i < p; i++) xi[i] += c * u[row + i];
  }
  for (let i = 0; i < p; i++) theta[i] -= eta * (g[i] + xi[i]);
}

function anisotropicTable() {
  const p = 100_000, rank = 8;
  const theta = tensor(values(p, 1), [p]);
  const g = tensor(values(p, 2, -0.1, 0.1), [p]);
  const u = tensor(values(p * rank, 3, -0.01, 0.01), [p, rank]);
  const d = tensor(values(p, 4, 0, 1e-4), [p]);
  const opt = new NoisySGD([theta], { lr: 1e-2, key: key(1), noise: { kind: "lowRank", factor: u, diagonal: d } });
  const jt = values(p, 1), jg = values(p, 2, -0.1, 0.1), ju = values(p * rank, 3, -0.01, 0.01), jd = values(p, 4, 0, 1e-4);
  const z = new Float32Array(p + rank + 1), xi = new Float32Array(p);
  const state = { s: 2463534242 };
  return bench({
    name: `anisotropic noisy SGD step, Σ = UUᵀ + D, rank ${rank}, ${p.toLocaleString("en")} f32 parameters`,
    unit: "parameters",
    items: p,
    cases: {
      "stochasm NoisySGD.step (lowRank)": () => opt.step([g]),
      "JS loop (xorshift + Box–Muller)": () => jsAnisotropic(jt, jg, ju, jd, z, xi, rank, 1e-2, state),
    },
    warmup: 5,
    reps: 31,
    budgetMs: 4000,
  });
}

export async function run() {
  const tf = await loadTf();
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const rows = [];
  rows.push(...(await adamTable(tf)));
  rows.push(...(await anisotropicTable()));
  return rows;
}

await main(import.meta.url, run);
