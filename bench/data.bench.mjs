// The data and uncertainty kernels of the MNIST pipeline, through the public SDK calls:
// - permutation(key, 60000) (Fisher–Yates with Lemire draws from Philox words, in WASM) against the same
//   shuffle in JS with Math.random and tf.util.shuffle (tfjs's Fisher–Yates over a JS array, Math.random);
// - pixelsToFloat32 of one batch, [64 × 784] uint8 → (b/255 − 0.1307)/0.3081 float32, against a JS loop into
//   a preallocated Float32Array and tfjs-wasm (tf.tensor from the bytes, div, sub, div in tf.tidy, then
//   dataSync outside it: dataSync inside tf.tidy is ~15× slower there);
// - uncertaintyDecomposition of [5 × 10000 × 10] member probabilities against a plain JS loop (Math.log,
//   f64) computing the same seven arrays.
import { bench, main } from "./harness.mjs";
import { loadTf, values } from "./peers.mjs";
import { init, key, permutation, pixelsToFloat32, tensor, uncertaintyDecomposition } from "../dist/stochasm.mjs";

function jsShuffle(out) {
  for (let i = 0; i < out.length; i++) out[i] = i;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = out[i]; out[i] = out[j]; out[j] = t;
  }
}

function jsPixels(out, bytes, mean, std) {
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] / 255 - mean) / std;
}

function jsDecomposition(o, p, S, N, C) {
  const stride = N * C;
  for (let i = 0; i < N; i++) {
    let h = 0, e = 0;
    for (let s = 0; s < S; s++) for (let c = 0; c < C; c++) { const q = p[s * stride + i * C + c]; if (q > 0) e -= q * Math.log(q); }
    e /= S;
    for (let c = 0; c < C; c++) {
      const off = i * C + c;
      let sum = 0;
      for (let s = 0; s < S; s++) sum += p[s * stride + off];
      const pbar = sum / S;
      let dev = 0, within = 0;
      for (let s = 0; s < S; s++) { const q = p[s * stride + off], d = q - pbar; dev += d * d; within += q * (1 - q); }
      o.mean[off] = pbar; o.total[off] = pbar * (1 - pbar); o.epi[off] = dev / S; o.ale[off] = within / S;
      if (pbar > 0) h -= pbar * Math.log(pbar);
    }
    o.pred[i] = h; o.exp[i] = e; o.mi[i] = h - e;
  }
}

export async function run() {
  const tf = await loadTf();
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const rows = [];

  const n = 60000;
  const perm = new Int32Array(n);
  const arr = Array.from({ length: n }, (_, i) => i);
  rows.push(...await bench({
    name: "permutation, n = 60 000 (one MNIST epoch's order)", unit: "elements", items: n, warmup: 5, reps: 41, budgetMs: 3000,
    cases: {
      "stochasm permutation": () => permutation(key(1), n).dispose(),
      "Fisher–Yates, Math.random (JS)": () => jsShuffle(perm),
      ...(tf ? { "tf.util.shuffle": () => tf.util.shuffle(arr) } : {}),
    },
  }));

  const bytes = Uint8Array.from(values(64 * 784, 3, 0, 256), (v) => v);
  const out = new Float32Array(bytes.length);
  rows.push(...await bench({
    name: "pixelsToFloat32, [64 × 784] uint8 → normalised float32 (×20 per timed call)", unit: "elements", items: 20 * bytes.length, warmup: 10, reps: 41, budgetMs: 3000,
    cases: {
      "stochasm pixelsToFloat32": () => { for (let r = 0; r < 20; r++) pixelsToFloat32(bytes, [64, 784], { mean: 0.1307, std: 0.3081 }).dispose(); },
      "JS loop": () => { for (let r = 0; r < 20; r++) jsPixels(out, bytes, 0.1307, 0.3081); },
      ...(tf ? { "tfjs-wasm": () => { for (let r = 0; r < 20; r++) { const y = tf.tidy(() => tf.div(tf.sub(tf.div(tf.tensor(bytes, [64, 784], "float32"), 255), 0.1307), 0.3081)); y.dataSync(); y.dispose(); } } } : {}),
    },
  }));

  const [S, N, C] = [5, 10000, 10];
  const p = new Float64Array(S * N * C);
  const raw = values(p.length, 9, 0.01, 1);
  for (let r = 0; r < S * N; r++) { let z = 0; for (let c = 0; c < C; c++) z += raw[r * C + c]; for (let c = 0; c < C; c++) p[r * C + c] = raw[r * C + c] / z; }
  const probs = tensor(p, [S, N, C], "float64");
  const o = { mean: new Float64Array(N * C), total: new Float64Array(N * C), epi: new Float64Array(N * C), ale: new Float64Array(N * C), pred: new Float64Array(N), exp: new Float64Array(N), mi: new Float64Array(N) };
  rows.push(...await bench({
    name: "uncertaintyDecomposition, [5 × 10 000 × 10] float64", unit: "elements", items: S * N * C, warmup: 3, reps: 21, budgetMs: 4000,
    cases: {
      "stochasm uncertaintyDecomposition": () => { const u = uncertaintyDecomposition(probs); for (const t of Object.values(u)) t.dispose(); },
      "JS loop (Math.log)": () => jsDecomposition(o, p, S, N, C),
    },
  }));
  probs.dispose();
  return rows;
}

await main(import.meta.url, run);
