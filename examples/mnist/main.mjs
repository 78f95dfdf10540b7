// `npm start`: trains a 784-128-10 MLP on the real MNIST digits inside stochasm's WASM core (He init, dropout
// 0.2, Adam 1e-3, batch 64), saves it under models/ with a JSON card, then reports what it does not know:
// a deep ensemble (members trained on worker threads) and MC dropout, on test digits and on rotated,
// inverted and noise images. `npm start -- --help` lists the options.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as s from "../../dist/stochasm.mjs";
import { loadMnist } from "../../dist/node.mjs";
import { HELP, parseArgs, architecture, netFromBytes, modelCard } from "./job.mjs";
import { trainMembers, defaultWorkers } from "./members.mjs";

let config;
try {
  config = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`npm start: ${err.message}`);
  process.exit(2);
}
if (config.help) {
  console.log(HELP);
  process.exit(0);
}
const say = config.quiet ? () => {} : console.log;
const clock = performance.now();
const times = [];
const timed = async (what, f) => {
  const t0 = performance.now();
  const r = await f();
  const seconds = (performance.now() - t0) / 1000;
  times.push([what, seconds]);
  say(`  (${what}: ${seconds.toFixed(1)} s)`);
  return r;
};
const pct = (x) => `${(100 * x).toFixed(2)} %`;
const f = (x, d = 4) => (x === null ? "    —" : x.toFixed(d));

const core = await s.init();
const data = await timed("load MNIST: read, SHA-256, parse", () => loadMnist());
const workers = config.workers > 0 ? config.workers : defaultWorkers(config.members);
const arch = architecture(config);
say(`MNIST: ${data.train.count} training and ${data.test.count} test digits (SHA-256 checked). ${s.MNIST_FILES.trainImages.file} ${data.digests.trainImages.slice(0, 12)}…`);
say(`training ${config.members} × MLP ${arch} (${config.optimizer}, lr ${config.lr}, dropout ${config.dropout}, batch ${config.batchSize}, ${config.epochs} epochs, ${core.simd ? "SIMD" : "scalar"} build) on ${workers} thread${workers > 1 ? "s" : ""}; member 0 is the saved model`);

// --- train the members (member 0 is "the model") --------------------------------------------------------
const onEpoch = (m, r) => {
  if (m === 0) say(`  model  epoch ${r.epoch + 1}/${config.epochs}  loss ${r.loss.toFixed(4)}  train acc ${pct(r.accuracy)}  test loss ${r.validationLoss.toFixed(4)}  test acc ${pct(r.validationAccuracy)}  ${r.seconds.toFixed(1)} s`);
  else if (r.epoch === config.epochs - 1) say(`  member ${m}  ${config.epochs} epochs  loss ${r.loss.toFixed(4)}  test acc ${pct(r.validationAccuracy)}`);
};
const trained = await timed(`train ${config.members} member${config.members > 1 ? "s" : ""} × ${config.epochs} epochs`, () => trainMembers(config, data, { workers, simd: core.simd, onEpoch }));
const nets = trained.map((t) => netFromBytes(config, t.bytes));
const model = nets[0];

// --- save the model and its card ---------------------------------------------------------------------------
const saved = await timed("evaluate and save the model", async () => {
  const trainer = { evalStep: s.moduleTrainer(model, { step() {} }).evalStep };
  const ev = await s.evaluate(trainer, data.test, { mean: s.MNIST_MEAN, std: s.MNIST_STD });
  const hash = await s.sha256Hex(trained[0].bytes);
  mkdirSync(config.out, { recursive: true });
  const base = `mnist-mlp-${arch}-seed${config.seed}`;
  writeFileSync(join(config.out, `${base}.safetensors`), trained[0].bytes);
  const card = modelCard({ config, core, digests: data.digests, history: trained[0].history, accuracy: ev.accuracy, loss: ev.loss, hash, file: `${base}.safetensors`, seconds: trained[0].seconds });
  writeFileSync(join(config.out, `${base}.json`), `${JSON.stringify(card, null, 2)}\n`);
  return { ev, hash, base };
});
console.log(`model ${arch}: test accuracy ${pct(saved.ev.accuracy)} (target ≥ 97.5 %), test loss ${saved.ev.loss.toFixed(4)}`);
console.log(`saved ${join(config.out, saved.base)}.safetensors + .json, weights SHA-256 ${saved.hash.slice(0, 16)}…`);

// --- uncertainty: deep ensemble and MC dropout ---------------------------------------------------------------
const scaling = { mean: s.MNIST_MEAN, std: s.MNIST_STD };
const root = s.key(config.seed);
const head = (set, n) => s.imageSet(set.name, set.images.subarray(0, n * set.height * set.width), set.labels.subarray(0, n), set);
const [kGauss, kUniform] = s.split(s.foldIn(root, 1_000_000));
const ood = [
  s.rotate90(head(data.test, config.ood), "rotated 90°"),
  s.invertImages(head(data.test, config.ood), "inverted"),
  s.gaussianNoiseImages(kGauss, config.ood, { name: "Gaussian noise" }),
  s.uniformNoiseImages(kUniform, config.ood, { name: "uniform noise" }),
];
const reportOf = (probsOf) => s.scope(() => s.uncertaintyReport(
  { name: "test digits", probs: probsOf(data.test), labels: data.test.labels },
  ood.map((set) => ({ name: set.name, probs: probsOf(set) })),
));
const reports = [];
if (config.members > 1) {
  reports.push(["deep ensemble", config.members, await timed(`ensemble of ${config.members}: predict ${data.test.count} + ${4 * config.ood} images`, () => reportOf((set) => s.memberProbs(nets, set, scaling)))]);
}
if (config.mcSamples > 0 && config.dropout > 0) {
  const kMc = s.foldIn(root, 2_000_000);
  reports.push(["MC dropout", config.mcSamples, await timed(`MC dropout: ${config.mcSamples} passes over ${data.test.count} + ${4 * config.ood} images`, () => reportOf((set) => s.memberProbs([model], set, { ...scaling, key: kMc, samples: config.mcSamples })))]);
}

for (const [what, S, report] of reports) {
  console.log(`\n${what} (S = ${S}): means per set; entropies in nats, variances summed over the 10 classes`);
  console.log("set             count   H[p̄]    = E[H]   + I(Y;S)   Var    = E_S[Var] + Var_S[E]   AUROC(I)  AUROC(Var_S)");
  for (const r of report.sets) {
    console.log(`${r.name.padEnd(15)} ${String(r.count).padStart(5)}   ${f(r.predictiveEntropy)}   ${f(r.expectedEntropy)}   ${f(r.mutualInformation)}   ${f(r.totalVariance)}   ${f(r.aleatoricVariance)}   ${f(r.epistemicVariance)}     ${f(r.aurocMutualInformation, 3)}     ${f(r.aurocEpistemicVariance, 3)}`);
  }
  const e = report.ensemble, one = report.members[0];
  console.log(`test digits: ${what} accuracy ${pct(e.accuracy)}, NLL ${f(e.nll)}, ECE ${f(e.ece)}   |   ${what === "MC dropout" ? "one pass" : "member 0 alone"}: accuracy ${pct(one.accuracy)}, NLL ${f(one.nll)}, ECE ${f(one.ece)}`);
  const idMi = report.sets[0].mutualInformation;
  const higher = report.sets.slice(1).every((r) => r.mutualInformation > idMi);
  const noiseAuroc = Math.min(...report.sets.filter((r) => /noise/.test(r.name)).map((r) => r.aurocMutualInformation));
  console.log(`targets: epistemic I(Y;S) higher on every OOD set than on test digits: ${higher ? "yes" : "NO"}; AUROC(I) against noise ≥ 0.9: ${noiseAuroc >= 0.9 ? "yes" : "NO"} (${noiseAuroc.toFixed(3)})${what === "deep ensemble" ? `; ensemble accuracy ≥ 98 %: ${e.accuracy >= 0.98 ? "yes" : "NO"}` : ""}`);
}

// --- the picture -------------------------------------------------------------------------------------------
if (reports.length > 0) {
  const [what, S, report] = reports[0];
  const series = report.scores.map((sc) => ({ name: sc.name, values: sc.predictiveEntropy }));
  console.log(`\npredictive entropy H[p̄] per set (${what}), 0 … log 10 nats:`);
  console.log(s.terminalHistogram(series, { max: Math.log(10) }));
  const svg = join(config.out, `${saved.base}-entropy.svg`);
  writeFileSync(svg, s.histogramSvg(series, { max: Math.log(10), title: `Predictive entropy of MLP ${arch} (${what}, S = ${S}) on MNIST test digits and OOD sets` }));
  console.log(`wrote ${svg}`);
}

for (const n of nets) n.dispose();
const total = (performance.now() - clock) / 1000;
console.log(`\ntime: ${times.map(([w, t]) => `${w.split(":")[0]} ${t.toFixed(1)} s`).join(", ")}; total ${total.toFixed(1)} s`);
