// Issue 15, item 1 on real data: the variance of mini-batch gradients of a trained digits model follows the
// finite-population formula S²ₖ(1/B − 1/N). N = 8192 training digits; a 784-32-10 ReLU net trained one pass
// with Adam; perExampleGrads gives every example's gradient of the last layer's weights (320 coordinates k);
// S²ₖ is their variance over the N (divisor N − 1). For each B, R batches drawn without replacement (the first B
// of a fresh permutation) give the mini-batch gradient; per batch the statistic (1/K)Σₖ (ḡₖ − Gₖ)²/(S²ₖ(1/B − 1/N))
// has mean exactly 1, and its mean over R batches ± s.e. is the row.
//   node examples/mnist/gradient-noise.mjs [--n 8192] [--replications 200]   (after npm run build)
import * as s from "../../dist/stochasm.mjs";
import { loadMnist } from "../../dist/node.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const N = flag("n", 8192), R = flag("replications", 200);
await s.init();
const { train } = await loadMnist();
const k = s.key(15);
const pixels = train.images.subarray(0, N * 784);
const x = s.pixelsToFloat32(pixels, [N, 784], { mean: s.MNIST_MEAN, std: s.MNIST_STD });
const y = s.tensor(Int32Array.from(train.labels.subarray(0, N)), [N], "int32");
const net = new s.Sequential(new s.Linear(784, 32, { key: s.foldIn(k, 1) }), new s.ReLU(), new s.Linear(32, 10, { key: s.foldIn(k, 2) }));
const opt = new s.Adam(net.parameters(), { lr: 1e-3 });
const lossAndGrads = s.valueAndGrad((p, xb, yb) => s.crossEntropy(net.call(p, xb), yb).loss);
const order = s.permutation(s.foldIn(k, 3), N);
for (let start = 0; start + 64 <= N; start += 64) s.scope(() => {
  const idx = s.narrow(order, 0, start, 64);
  opt.step(lossAndGrads(net.parameters(), s.indexSelect(x, 0, idx), s.indexSelect(y, 0, idx))[1]);
});
// per-example gradients of "2.weight" [10, 32] in chunks of 512, as float64 [N, 320]
const chunks = [];
for (let start = 0; start < N; start += 512) chunks.push(s.scope(() => {
  const n = Math.min(512, N - start);
  const g = s.perExampleGrads(net, net.parameters(), s.narrow(x, 0, start, n), (out) => s.crossEntropy(out, s.narrow(y, 0, start, n), { reduction: "none" }).loss);
  return s.to(s.reshape(g["2.weight"], [n, 320]), "float64");
}));
const G = s.concat(chunks);
const popMean = s.mean(G, { dim: 0 });
const S2 = s.variance(G, { dim: 0 });
// a hidden unit that is dead on all N digits gives coordinates with S²ₖ = 0 (no noise, nothing to test): left out
const alive = s.gt(S2, 0);
const K = s.sum(s.to(alive, "float64")).item();
console.log(`N = ${N} digits, K = ${K} of 320 gradient coordinates (last layer; the rest have S²ₖ = 0), S²ₖ from ${N} per-example gradients; R = ${R} batches per B`);
console.log("| B | theory | mean of Σₖ(ḡₖ − Gₖ)²/(K·S²ₖ(1/B − 1/N)) ± s.e. | verdict | mean over k of S²ₖ(1/B − 1/N) |");
console.log("| --- | --- | --- | --- | --- |");
const t0 = performance.now();
for (const B of [8, 32, 128, 512, 2048, 4096].filter((b) => b < N)) {
  const stats = new Float64Array(R);
  const theory = s.mul(S2, 1 / B - 1 / N);
  for (let r = 0; r < R; r++) stats[r] = s.scope(() => {
    const batch = s.indexSelect(G, 0, s.narrow(s.permutation(s.foldIn(s.foldIn(k, B), r), N), 0, 0, B));
    return s.sum(s.where(alive, s.div(s.square(s.sub(s.mean(batch, { dim: 0 }), popMean)), theory), 0)).item() / K;
  });
  const st = s.tensor(stats, [R], "float64");
  const m = s.mean(st).item(), se = Math.sqrt(s.variance(st).item() / R);
  console.log(`| ${B} | 1 | ${m.toFixed(4)} ± ${se.toFixed(4)} | ${Math.abs(m - 1) <= 4 * se ? "agrees" : "**disagrees**"} | ${(s.sum(s.where(alive, theory, 0)).item() / K).toExponential(3)} |`);
}
console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s for the batches)`);
