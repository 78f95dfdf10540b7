// One training step of a 784-128-10 MLP (ReLU, dropout 0.2, Adam lr 1e-3, softmax cross-entropy) at batch
// 64 — forward, backward and update — through the public API: Sequential/Linear/Dropout, valueAndGrad of
// net.call(params, x, { key: foldIn(k, step) }), Adam.step(grads); against TensorFlow.js 4.22 doing the same
// step with tf.train.adam().minimize (variables, tf.dropout) on its wasm backend (one thread, SIMD) and its
// cpu backend. Also per-example gradients of a 784→128 Linear at batch 64: perExampleGrads (one forward, one
// backward, one batched product) against a loop of valueAndGrad over the 64 examples.
// Each backend's peer runs in its own phase beside ours (switching tfjs backends costs ~0.1 ms).
import { bench, main, printTable } from "./harness.mjs";
import { loadTf, values } from "./peers.mjs";
import {
  init, key, foldIn, tensor, scope, valueAndGrad, crossEntropy, Sequential, Linear, ReLU, Dropout, Adam, perExampleGrads, narrow, sum,
} from "../dist/stochasm.mjs";

const [B, IN, H, OUT] = [64, 784, 128, 10];

export async function run() {
  const tf = await loadTf({ withGradients: true });
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const xs = values(B * IN, 11, 0, 1);
  const labels = Int32Array.from({ length: B }, (_, i) => (i * 7) % OUT);
  const x = tensor(xs, [B, IN]);
  const y = tensor(labels, [B], "int32");
  const k = key(0);
  const net = new Sequential(new Linear(IN, H, { key: foldIn(k, 1) }), new ReLU(), new Dropout(0.2), new Linear(H, OUT, { key: foldIn(k, 2) }));
  const opt = new Adam(net.parameters(), { lr: 1e-3 });
  const lossOf = valueAndGrad((p, stepKey) => crossEntropy(net.call(p, x, { key: stepKey }), y).loss);
  let step = 0;
  const ours = { "stochasm Module + valueAndGrad + Adam": () => scope(() => { const [, g] = lossOf(net.parameters(), foldIn(k, step++)); opt.step(g); }) };

  const phase = async (backend) => {
    const cases = { ...ours };
    let cleanup = () => {};
    if (tf) {
      await tf.setBackend(backend);
      const tx = tf.tensor2d(xs, [B, IN]);
      const onehot = tf.oneHot(tf.tensor1d(labels, "int32"), OUT).toFloat();
      const w1 = tf.variable(tf.randomUniform([IN, H], -1 / Math.sqrt(IN), 1 / Math.sqrt(IN)));
      const b1 = tf.variable(tf.zeros([H]));
      const w2 = tf.variable(tf.randomUniform([H, OUT], -1 / Math.sqrt(H), 1 / Math.sqrt(H)));
      const b2 = tf.variable(tf.zeros([OUT]));
      const adam = tf.train.adam(1e-3);
      const loss = () => tf.losses.softmaxCrossEntropy(onehot, tf.dropout(tf.relu(tf.matMul(tx, w1).add(b1)), 0.2).matMul(w2).add(b2));
      cases[`tfjs-${backend} (optimizer.minimize)`] = () => { const l = adam.minimize(loss, true); l.dataSync(); l.dispose(); };
      cleanup = () => { for (const t of [tx, onehot, w1, b1, w2, b2]) t.dispose(); adam.dispose(); };
    }
    const out = await bench({
      name: `training step, MLP ${IN}-${H}-${OUT} (ReLU, dropout 0.2, Adam), batch ${B}`, unit: "steps", items: 1, cases,
      targets: { "tfjs-wasm (optimizer.minimize)": 8 }, quiet: true, warmup: 20, reps: 61, budgetMs: 5000,
    });
    cleanup();
    return out;
  };
  const table = await phase("wasm");
  if (tf) table.push(...(await phase("cpu")).filter((row) => !row.ours));
  printTable(table);

  // per-example gradients of one Linear layer
  const lin = new Linear(IN, H, { key: foldIn(k, 3) });
  const perExample = bench({
    name: `per-example gradients, Linear ${IN}→${H}, batch ${B}`, unit: "batches", items: 1, quiet: true, warmup: 3, reps: 11, budgetMs: 5000,
    cases: {
      "stochasm perExampleGrads": () => scope(() => { perExampleGrads(lin, lin.parameters(), x, (out) => sum(out)); }),
      "loop of valueAndGrad over examples": () => scope(() => {
        const vg = valueAndGrad((p, xi) => sum(lin.call(p, xi)));
        for (let i = 0; i < B; i++) scope(() => { vg(lin.parameters(), narrow(x, 0, i, 1)); });
      }),
    },
  });
  const pe = await perExample;
  printTable(pe);
  net.dispose(); opt.dispose(); lin.dispose(); x.dispose(); y.dispose();
  return [...table, ...pe];
}

await main(import.meta.url, run);
