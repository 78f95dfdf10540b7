// The main job's costs (npm start): one epoch of the 784-128-10 MLP (ReLU, dropout 0.2, Adam 1e-3, batch 64) on
// the 60 000 MNIST training digits through fit() — batches drawn and scaled, valueAndGrad, Adam — and inference
// latency of the trained shape for one digit and for a batch of 64 (forward only, eval mode, result read back)
// against TensorFlow.js 4.22 on its wasm backend (one thread, SIMD). Targets (issue 13): an epoch ≤ 1.5 s,
// one digit ≤ 50 µs. The single training step against tfjs in these shapes is bench/train-step.bench.mjs
// (not repeated here); an epoch of tfjs-wasm would take 938 × its step (~0.1 s), so it is not run.
import { bench, main, printTable } from "./harness.mjs";
import { loadTf } from "./peers.mjs";
import { init, key, foldIn, scope, fit, moduleTrainer, Sequential, Linear, ReLU, Dropout, Adam, pixelsToFloat32, MNIST_MEAN, MNIST_STD } from "../dist/stochasm.mjs";
import { loadMnist } from "../dist/node.mjs";

export async function run() {
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const { train, test } = await loadMnist();
  const k = key(0);
  const net = new Sequential(new Linear(784, 128, { key: foldIn(k, 1) }), new ReLU(), new Dropout(0.2), new Linear(128, 10, { key: foldIn(k, 2) }));
  const opt = new Adam(net.parameters(), { lr: 1e-3 });
  const trainer = moduleTrainer(net, opt);
  let epoch = 0;
  const quick = process.env.BENCH_QUICK === "1";
  const small = quick ? { ...train, count: 640, images: train.images.subarray(0, 640 * 784), labels: train.labels.subarray(0, 640) } : train;
  const epochs = await bench({
    name: "one epoch of npm start's model: 60 000 digits, batch 64 (fit + moduleTrainer + Adam)", unit: "digits", items: small.count,
    cases: { "stochasm fit, 938 steps": () => fit(trainer, small, { epochs: 1, initialEpoch: epoch++, batchSize: 64, key: k, mean: MNIST_MEAN, std: MNIST_STD, yieldEvery: 0 }) },
    quiet: true, warmup: 1, reps: 5, minReps: 3, budgetMs: 60000,
  });
  printTable(epochs);

  net.eval();
  const tf = await loadTf({ withGradients: false });
  const rows = [];
  for (const batch of [1, 64]) {
    const x = pixelsToFloat32(test.images.subarray(0, batch * 784), [batch, 784], { mean: MNIST_MEAN, std: MNIST_STD });
    const cases = { [`stochasm net.forward, batch ${batch}`]: () => scope(() => net.forward(x).toArray()) };
    let cleanup = () => {};
    if (tf) {
      await tf.setBackend("wasm");
      const p = net.parameters();
      const w1 = tf.transpose(tf.tensor2d(p["0.weight"].toArray(), [128, 784])), b1 = tf.tensor1d(p["0.bias"].toArray());
      const w2 = tf.transpose(tf.tensor2d(p["3.weight"].toArray(), [10, 128])), b2 = tf.tensor1d(p["3.bias"].toArray());
      const tx = tf.tensor2d(x.toArray(), [batch, 784]);
      cases[`tfjs-wasm predict, batch ${batch}`] = () => tf.tidy(() => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(tx, w1), b1)), w2), b2).dataSync());
      cleanup = () => { for (const t of [w1, b1, w2, b2, tx]) t.dispose(); };
    }
    const table = await bench({
      name: `inference latency, MLP 784-128-10 (eval), batch ${batch}`, unit: "digits", items: batch, cases,
      quiet: true, warmup: 200, reps: 2001, budgetMs: 4000,
    });
    printTable(table);
    rows.push(...table);
    cleanup();
    x.dispose();
  }
  net.dispose();
  opt.dispose();
  return [...epochs, ...rows];
}

await main(import.meta.url, run);
