// Battery lines for training a Module through fit() and predicting with it: a fixed-key run of a few hundred
// Adam steps with dropout (the main job's determinism line: its weights' SHA-256 must be the same in every
// runtime and build), predict, predictProba and memberProbs (ensembles and MC dropout).
import { fc, seed, withInvalid } from "./arbitraries.mjs";

const op = (name, arbitrary, run, examples = []) => ({ name, arbitrary, run, examples });
// n labelled 3×4 images with a pattern the net can learn (label = brightest third of the image)
const toyDigits = (s, n) => {
  if (!(Number.isInteger(n) && n >= 0 && n <= 4096)) throw new RangeError(`toyDigits (battery helper): n must be an integer in [0, 4096], got ${n}`);
  const images = new Uint8Array(n * 12);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = (i * 5 + 1) % 3;
    for (let j = 0; j < 12; j++) images[i * 12 + j] = ((i * 31 + j * 17) & 63) + (Math.floor(j / 4) === labels[i] ? 160 : 0);
  }
  return s.imageSet("toy digits", images, labels, { height: 3, width: 4 });
};
const mlp = (s, k, hidden, p) => new s.Sequential(new s.Linear(12, hidden, { key: s.foldIn(k, 0) }), new s.ReLU(), new s.Dropout(p), new s.Linear(hidden, 3, { key: s.foldIn(k, 1) }));
const netCase = fc.record({ seed, hidden: fc.integer({ min: 1, max: 6 }), p: fc.constantFrom(0, 0.2, 0.5), n: fc.integer({ min: 0, max: 20 }), batchSize: withInvalid(fc.integer({ min: 1, max: 16 }), fc.constantFrom(0, 2.5)) });

export const trainingOperations = [
  // example: 64 images, batch 4, 20 epochs = 320 steps from key(2026): README's "same weights hash everywhere"
  op("moduleTrainer+fit(Module, { optimizer: Adam }) with dropout: weights and their SHA-256",
    fc.record({ seed, hidden: fc.integer({ min: 1, max: 6 }), p: fc.constantFrom(0, 0.2), n: fc.integer({ min: 1, max: 24 }), epochs: fc.integer({ min: 0, max: 3 }), batchSize: withInvalid(fc.integer({ min: 1, max: 8 }), fc.constantFrom(0)), viaTrainer: fc.boolean() }),
    async (s, c) => {
      const k = s.key(c.seed);
      const net = mlp(s, k, c.hidden, c.p);
      const opt = new s.Adam(net.parameters(), { lr: 0.01 });
      try {
        const options = { epochs: c.epochs, batchSize: c.batchSize, key: s.foldIn(k, 2), mean: 0.5, std: 0.25, validation: toyDigits(s, 9) };
        const h = c.viaTrainer ? await s.fit(s.moduleTrainer(net, opt), toyDigits(s, c.n), options) : await s.fit(net, toyDigits(s, c.n), { ...options, optimizer: opt });
        const hash = await s.sha256Hex(s.scope(() => s.saveSafetensors(net.stateDict())));
        const weights = s.scope(() => Object.entries(net.stateDict()).map(([name, t]) => [name, t.toArray()]));
        return [hash, weights, h.epochs.map((e) => [e.loss, e.accuracy, e.validationLoss, e.validationAccuracy, e.steps])];
      } finally {
        opt.dispose();
        net.dispose();
      }
    }, [{ seed: 2026, hidden: 6, p: 0.2, n: 64, epochs: 20, batchSize: 4, viaTrainer: false }]),
  op("predictProba", netCase, (s, c) => { const net = mlp(s, s.key(c.seed), c.hidden, c.p); try { return s.predictProba(net, toyDigits(s, c.n), { batchSize: c.batchSize, mean: 0.5, std: 0.25 }); } finally { net.dispose(); } }),
  op("predict", netCase, (s, c) => { const net = mlp(s, s.key(c.seed), c.hidden, c.p); try { return s.predict(net, toyDigits(s, c.n), { batchSize: c.batchSize }); } finally { net.dispose(); } }),
  op("memberProbs (ensemble and MC dropout)", fc.record({ seed, hidden: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 0, max: 12 }), samples: fc.integer({ min: 1, max: 4 }), batchSize: fc.integer({ min: 1, max: 8 }) }), (s, c) => {
    const nets = [0, 1].map((m) => mlp(s, s.foldIn(s.key(c.seed), m), c.hidden, 0.5));
    try {
      const set = toyDigits(s, c.n);
      return [s.memberProbs(nets, set, { batchSize: c.batchSize }), s.memberProbs([nets[0]], set, { key: s.foldIn(s.key(c.seed), 1), samples: c.samples, batchSize: c.batchSize })];
    } finally {
      for (const n of nets) n.dispose();
    }
  }),
];
