// `npm run reproduce -- sgld`: SGD, SGLD and anisotropic-noise SGD on MNIST with the 784-400-400-10 ReLU MLP of
// Korattikara, Rathod, Murphy & Welling 2015 ("Bayesian dark knowledge", Table 3), printing test error beside
// the paper's (SGD 1.536 %, SGLD 1.271 %). Not run in CI: the paper trains far longer than a default run here.
//   npm run reproduce -- sgld [--epochs 10] [--seed 0] [--batch-size 100] [--subbatch 8] [--only sgd,sgld,anisotropic]
// - SGD: lr 0.05, batch 100, no dropout (the paper's SGD baseline has no dropout either; its own tuning is not copied).
// - SGLD: θ ← θ − (ε/2)∇U + √ε z, U = N·(mean loss) + ½|θ|²/σ², σ = 1 (Welling & Teh 2011), ε = 2e-6, constant;
//   predictions average softmax over the samples kept after each of the last half of the epochs' ends
//   (the paper averages many more samples).
// - anisotropic: NoisySGD θ ← θ − η(g + ξ), ξ ~ N(0, Σ/B) with Σ the per-example gradient covariance of the
//   first `subbatch` examples of each batch (perExampleGrads, the empirical kind; Zhu et al. 2019), η = 0.05.
import * as s from "../dist/stochasm.mjs";
import { loadMnist } from "../dist/node.mjs";

const args = process.argv.slice(2);
if (args[0] !== "sgld") {
  console.error(`npm run reproduce -- sgld [--epochs N] [--seed N] [--batch-size B] [--subbatch b] [--only sgd,sgld,anisotropic]\n  (the only experiment so far is "sgld", got ${JSON.stringify(args[0])})`);
  process.exit(2);
}
const flag = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };
const epochs = Number(flag("epochs", 10)), seed = Number(flag("seed", 0)), batchSize = Number(flag("batch-size", 100)), subbatch = Number(flag("subbatch", 8));
const only = flag("only", "sgd,sgld,anisotropic").split(",");
for (const [n, v] of [["epochs", epochs], ["seed", seed], ["batch-size", batchSize], ["subbatch", subbatch]]) {
  if (!Number.isSafeInteger(v) || v < (n === "seed" ? 0 : 1)) { console.error(`--${n} must be a positive integer, got ${v}`); process.exit(2); }
}

await s.init();
const { train, test } = await loadMnist();
const scaling = { mean: s.MNIST_MEAN, std: s.MNIST_STD };
const N = train.count;
const root = s.key(seed);
const mlp = (k) => {
  const net = new s.Sequential(new s.Linear(784, 400, { key: s.foldIn(k, 0) }), new s.ReLU(), new s.Linear(400, 400, { key: s.foldIn(k, 1) }), new s.ReLU(), new s.Linear(400, 10, { key: s.foldIn(k, 2) }));
  net.eval();
  return net;
};
const errorOf = (probs) => {   // probs float32 [N, 10]
  const v = probs.view();
  let wrong = 0;
  for (let i = 0; i < test.count; i++) {
    let best = 0;
    for (let j = 1; j < 10; j++) if (v[i * 10 + j] > v[i * 10 + best]) best = j;
    wrong += best === test.labels[i] ? 0 : 1;
  }
  return wrong / test.count;
};

const runs = {
  sgd: (net) => ({ trainer: s.moduleTrainer(net, new s.SGD(net.parameters(), { lr: 0.05 })) }),
  sgld: (net, k) => {
    const params = net.parameters();
    const opt = new s.SGLD(params, { key: k, a: 2e-6, b: 1, gamma: 0 });
    return { trainer: s.moduleTrainer(net, { step: (grads) => s.scope(() => {
      const u = {};
      for (const [name, g] of Object.entries(grads)) u[name] = s.add(s.mul(g, N), params[name]);   // ∇U = N·∇(mean loss) + θ
      opt.step(u);
    }) }) };
  },
  anisotropic: (net, k) => {
    const params = net.parameters();
    const opt = new s.NoisySGD(params, { lr: 0.05, key: k, noise: { kind: "isotropic", variance: 0 } });
    const lossAndGrads = s.valueAndGrad((p, x, y) => s.crossEntropy(net.call(p, x), y).loss);
    return { trainer: {
      trainStep(x, y) {
        return s.scope(() => {
          const [loss, grads] = lossAndGrads(net.parameters(), x, y);
          const b = Math.min(subbatch, x.shape[0]);
          const xs = s.tensor(x.view().slice(0, b * 784), [b, 784]);
          const ys = s.tensor(y.view().slice(0, b), [b], "int32");
          const pe = s.perExampleGrads(net, params, xs, (out) => s.crossEntropy(out, ys, { reduction: "none" }).loss);
          const P = Object.values(params).reduce((a, t) => a + t.size, 0);
          const G = new Float32Array(b * P);
          let offset = 0;
          for (const name of Object.keys(params)) {   // the optimizer's flat order: parameters in tree order
            const size = params[name].size, v = pe[name].view();
            for (let i = 0; i < b; i++) G.set(v.subarray(i * size, (i + 1) * size), i * P + offset);
            offset += size;
          }
          opt.step(grads, { kind: "empirical", perExampleGrads: s.tensor(G, [b, P]), scale: 1 / Math.sqrt(batchSize) });
          return { loss: loss.item() };
        });
      },
    } };
  },
};

console.log(`MNIST 784-400-400-10 (ReLU), ${epochs} epochs, batch ${batchSize}, seed ${seed}; test error on the 10 000 test digits`);
const results = {};
for (const name of only) {
  const [kInit, kData, kNoise] = s.split(s.foldIn(root, ["sgd", "sgld", "anisotropic"].indexOf(name)), 3);
  const net = mlp(kInit);
  const { trainer } = runs[name](net, kNoise);
  const t0 = performance.now();
  let avg = null, kept = 0;
  for (let e = 0; e < epochs; e++) {
    const h = await s.fit(trainer, train, { epochs: 1, initialEpoch: e, batchSize, key: kData, ...scaling, yieldEvery: 0 });
    net.eval();
    const p = s.predictProba(net, test, scaling);
    const err = errorOf(p);
    if (name === "sgld" && e >= Math.floor(epochs / 2)) {   // average the samples of the second half
      const v = p.view();
      avg ??= new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) avg[i] += v[i];
      kept++;
    }
    p.dispose();
    console.log(`  ${name.padEnd(11)} epoch ${e + 1}/${epochs}  train loss ${h.epochs[0].loss.toFixed(4)}  test error ${(100 * err).toFixed(3)} %  ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    results[name] = err;
  }
  if (avg !== null) {
    const t = s.tensor(Float32Array.from(avg, (x) => x / kept), [test.count, 10]);
    results["sgld (sample average)"] = errorOf(t);
    t.dispose();
  }
  net.dispose();
}
const paper = { sgd: "1.536 %", sgld: "1.271 %" };
console.log(`\nmethod                 test error (here, ${epochs} epochs)   Korattikara et al. 2015, Table 3`);
for (const [name, err] of Object.entries(results)) console.log(`${name.padEnd(22)} ${(100 * err).toFixed(3).padStart(7)} %                    ${paper[name] ?? (name.startsWith("sgld") ? "1.271 % (SGLD)" : "—")}`);
