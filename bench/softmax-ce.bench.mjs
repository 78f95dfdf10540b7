// Fused softmax cross-entropy, forward and backward (mean loss and ∂loss/∂logits), at [256 × 10] and
// [64 × 1000]: stochasm's crossEntropy (SIMD build, through the public SDK call: validation, allocation of
// loss and grad, dispose) against TensorFlow.js 4.x — tf.valueAndGrad of tf.losses.softmaxCrossEntropy on
// its wasm backend (one thread, SIMD) and its cpu backend — and a plain JS loop (Math.exp, f64 arithmetic)
// writing into a preallocated Float32Array.
// tfjs's wasm and cpu backends run ops synchronously inside the call; results are disposed, not read back.
// Switching tfjs backends costs ~0.1 ms, so each backend's peers run in their own phase: phase 1 times ours,
// tfjs-wasm and the JS loop; phase 2 ours again and tfjs-cpu. The tfjs-cpu row keeps the ours× of phase 2
// (ours and that peer measured side by side); the table prints ours' phase-1 time.
import { bench, main, printTable } from "./harness.mjs";
import { loadTf } from "./peers.mjs";
import { init, tensor, crossEntropy } from "../dist/stochasm.mjs";

const SHAPES = [[256, 10], [64, 1000]];


// Deterministic logits in (-4, 4) and labels in [0, cols) (a 32-bit LCG).
function data(rows, cols, seed) {
  const logits = new Float32Array(rows * cols);
  const labels = new Int32Array(rows);
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < logits.length; i++) logits[i] = 8 * next() - 4;
  for (let i = 0; i < rows; i++) labels[i] = Math.floor(next() * cols);
  return { logits, labels };
}

/** The plain JS loop: stable softmax, mean cross-entropy and (softmax − onehot)/rows in one pass per row. */
function jsSoftmaxCrossEntropy(grad, logits, labels, rows, cols) {
  let total = 0;
  const inv = 1 / rows;
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) if (logits[o + j] > m) m = logits[o + j];
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(logits[o + j] - m);
      grad[o + j] = e;
      s += e;
    }
    const t = labels[i];
    total += Math.log(s) - (logits[o + t] - m);
    const r = inv / s;
    for (let j = 0; j < cols; j++) grad[o + j] *= r;
    grad[o + t] -= inv;
  }
  return total * inv;
}

function repsFor(n) {
  return n <= 1e4 ? { warmup: 10, reps: 41, budgetMs: 2500 } : { warmup: 10, reps: 41, budgetMs: 3000 };
}

// A single [256 × 10] call takes ~10 µs: timed alone, round-robin between cases, it measures cold caches and
// timer overhead rather than throughput. Each timed call therefore repeats the work `times` times (as
// bench/matmul.bench.mjs does for small products), the same for every case.
function repeated(times, fn) {
  return () => { for (let i = 0; i < times; i++) fn(); };
}

export async function run() {
  const tf = await loadTf({ withGradients: true });
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const rows = [];
  for (const [r, c] of SHAPES) {
    const { logits, labels } = data(r, c, 7 + c);
    const x = tensor(logits, [r, c]);
    const t = tensor(labels, [r], "int32");
    const grad = new Float32Array(r * c);
    const times = r * c <= 1e4 ? 100 : 10;
    const name = `softmax cross-entropy forward + backward, [${r} × ${c}] (×${times} per timed call)`;
    const ours = { "stochasm crossEntropy": repeated(times, () => { const o = crossEntropy(x, t); o.loss.dispose(); o.grad.dispose(); }) };
    const js = { "JS loop": repeated(times, () => jsSoftmaxCrossEntropy(grad, logits, labels, r, c)) };
    const phase = async (backend, withJs) => {
      const cases = { ...ours, ...(withJs ? js : {}) };
      let cleanup = () => {};
      if (tf) {
        await tf.setBackend(backend);
        const xt = tf.tensor2d(logits, [r, c]);
        const onehot = tf.oneHot(tf.tensor1d(labels, "int32"), c).toFloat();
        const lossAndGrad = tf.valueAndGrad((z) => tf.losses.softmaxCrossEntropy(onehot, z));
        cases[`tfjs-${backend} (valueAndGrad)`] = repeated(times, () => { const { value, grad: g } = lossAndGrad(xt); value.dispose(); g.dispose(); });
        cleanup = () => { xt.dispose(); onehot.dispose(); };
      }
      const targets = { "JS loop": 2, "tfjs-wasm (valueAndGrad)": 5 };
      const out = await bench({ name, unit: "rows", items: r * times, cases, targets, quiet: true, ...repsFor(r * c) });
      cleanup();
      return out;
    };
    const table = await phase("wasm", true);
    if (tf) table.push(...(await phase("cpu", false)).filter((row) => !row.ours));
    printTable(table);
    rows.push(...table);
    x.dispose();
    t.dispose();
  }
  return rows;
}

await main(import.meta.url, run);
