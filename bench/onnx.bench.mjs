// What a user would serve: inference of the MNIST MLP 784-128-ReLU-10 (logits, then softmax probabilities),
// float32, at batch 1, 64 and 1024, against onnxruntime-web on its wasm backend (one thread:
// ort.env.wasm.numThreads = 1; SIMD on: 1.31 ships only the SIMD build, ort-wasm-simd-threaded.wasm, whose
// .wasm/.mjs are read from the package's dist/ folder via ort.env.wasm.wasmPaths, as peers.mjs does for
// tfjs-wasm). Both run the SAME weights: bench/fixtures/mlp-784-128-10/make.py (torch 1.13) wrote model.onnx
// and weights.safetensors from one torch model; stochasm loads the latter into Sequential(Linear, ReLU, Linear).
// Before timing, each batch is checked once: same argmax on every row and logits and probabilities within 1e-5
// (printed); a mismatch stops the bench, since timing two different computations means nothing.
// Ours: net.forward(x) in eval mode + softmax, both read back (toArray); theirs: session.run({ x }) returning
// both outputs (their .data read). The input tensor is built once outside the timing on both sides.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { BENCH_DIR, bench, main, printTable } from "./harness.mjs";
import { init, key, foldIn, scope, softmax, loadSafetensors, Sequential, Linear, ReLU, pixelsToFloat32, MNIST_MEAN, MNIST_STD } from "../dist/stochasm.mjs";
import { loadMnist } from "../dist/node.mjs";

const FIXTURE = join(BENCH_DIR, "fixtures", "mlp-784-128-10");
const TOLERANCE = 1e-5;
const require = createRequire(import.meta.url);

/** onnxruntime-web's wasm backend with one thread, or null (with a warning) when it cannot load. */
async function loadOrt() {
  try {
    const ort = await import("onnxruntime-web");
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = pathToFileURL(`${dirname(require.resolve("onnxruntime-web"))}/`).href;  // …/onnxruntime-web/dist/
    const session = await ort.InferenceSession.create(readFileSync(join(FIXTURE, "model.onnx")), { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
    return { ort, session };
  } catch (err) {
    console.warn(`onnxruntime-web unavailable: ${err.message}`);
    return null;
  }
}

function argmaxRows(a, cols) {
  const out = new Int32Array(a.length / cols);
  for (let r = 0; r < out.length; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (a[r * cols + c] > a[r * cols + best]) best = c;
    out[r] = best;
  }
  return out;
}

function maxAbsDiff(a, b) {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Throws unless both give the same argmax on every row and logits, probabilities within TOLERANCE. */
function checkSame(batch, ours, theirs) {
  const [la, lb] = [argmaxRows(ours.logits, 10), argmaxRows(theirs.logits, 10)];
  const sameArgmax = la.every((v, i) => v === lb[i]);
  const dLogits = maxAbsDiff(ours.logits, theirs.logits);
  const dProbs = maxAbsDiff(ours.probs, theirs.probs);
  console.log(`batch ${batch}: argmax equal on ${sameArgmax ? "all" : "NOT all"} ${batch} rows; max |Δ logits| = ${dLogits.toExponential(2)}, max |Δ probs| = ${dProbs.toExponential(2)} (tolerance ${TOLERANCE})`);
  if (!sameArgmax || !(dLogits <= TOLERANCE) || !(dProbs <= TOLERANCE)) throw new Error(`batch ${batch}: stochasm and onnxruntime-web disagree; not timing different computations`);
}

export async function run() {
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const { test } = await loadMnist();
  const net = new Sequential(new Linear(784, 128, { key: foldIn(key(0), 1) }), new ReLU(), new Linear(128, 10, { key: foldIn(key(0), 2) }));  // overwritten below
  const { tensors } = loadSafetensors(readFileSync(join(FIXTURE, "weights.safetensors")));
  net.loadStateDict(tensors);
  for (const t of Object.values(tensors)) t.dispose();
  net.eval();
  const ort = await loadOrt();

  const rows = [];
  for (const batch of [1, 64, 1024]) {
    const x = pixelsToFloat32(test.images.subarray(0, batch * 784), [batch, 784], { mean: MNIST_MEAN, std: MNIST_STD });
    const ours = () => scope(() => {
      const logits = net.forward(x);
      return { logits: logits.toArray(), probs: softmax(logits).toArray() };
    });
    const cases = { [`stochasm forward + softmax, batch ${batch}`]: ours };
    if (ort) {
      const feeds = { x: new ort.ort.Tensor("float32", x.toArray(), [batch, 784]) };
      const theirs = async () => {
        const out = await ort.session.run(feeds);
        return { logits: out.logits.data, probs: out.probs.data };
      };
      checkSame(batch, ours(), await theirs());
      cases[`onnxruntime-web session.run, batch ${batch}`] = theirs;
    }
    const table = await bench({
      name: `MLP 784-128-10 inference, logits + softmax, float32, batch ${batch}`, unit: "digits", items: batch, cases,
      quiet: true, warmup: batch >= 1024 ? 20 : 200, reps: batch >= 1024 ? 301 : 2001, budgetMs: 5000,
    });
    printTable(table);
    rows.push(...table);
    x.dispose();
  }
  net.dispose();
  await ort?.session.release();
  return rows;
}

await main(import.meta.url, run);
