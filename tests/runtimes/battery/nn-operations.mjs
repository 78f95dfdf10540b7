// Battery lines for sdk/nn's modules, initializers and perExampleGrads (issue 12): every layer built from a
// fixed key, then a few forward + backward passes (and training steps) whose outputs, gradients and buffers
// are digested, in float32 and float64. Sizes stay small (batches 1–4, features ≤ 6) so 40 cases run fast;
// batch 1 makes the batch norms' training error appear in the digest too.
import { fc, seed } from "./arbitraries.mjs";

const op = (name, arbitrary, run, examples = []) => ({ name, arbitrary, run, examples });
const layerCase = (extra = {}) => fc.record({ seed, batch: fc.integer({ min: 1, max: 4 }), dtype: fc.constantFrom("float32", "float64"), ...extra });
const k = (s, c, i) => s.foldIn(s.key(c.seed), i);

// `steps` passes of valueAndGrad of Σ y² (y = run(params, x, key_t)) with respect to the parameters and x;
// returns every output, gradient and buffer (copies: the module is disposed afterwards).
function passes(s, net, x, c, steps = 2, run = (p, xx, key) => net.call(p, xx, { key })) {
  const out = [];
  try {
    for (let t = 0; t < steps; t++) {
      const [loss, g, y] = s.valueAndGrad(({ p, xx }) => { const yy = run(p, xx, s.foldIn(s.key(c.seed), 100 + t)); return [s.sum(s.mul(yy, yy)), yy]; }, { hasAux: true })({ p: net.parameters(), xx: x });
      out.push(loss, y, g.p, g.xx);
    }
    out.push(Object.fromEntries(Object.entries(net.buffers()).map(([n, b]) => [n, s.clone(b)])));
  } finally {
    net.dispose();
  }
  return out;
}

const attempt = (f) => { try { return f(); } catch (err) { return `error ${err?.name}: ${err?.message}`; } };

export const nnOperations = [
  op("Linear+Sequential+activation modules", layerCase({ act: fc.nat({ max: 10 }) }), (s, c) => {
    const acts = [() => new s.ReLU(), () => new s.LeakyReLU(0.2), () => new s.ELU(0.5), () => new s.GELU("tanh"), () => new s.Sigmoid(), () => new s.Tanh(),
      () => new s.Softplus(2, 10), () => new s.SiLU(), () => new s.LogSigmoid(), () => new s.Softmax(c.batch % 2 === 0 ? -1 : 0), () => new s.LogSoftmax(c.batch % 2 === 0 ? 0 : -1)];
    const dt = c.dtype;
    const net = new s.Sequential(new s.Linear(3, 4, { key: k(s, c, 0), dtype: dt }), acts[c.act](), new s.Linear(4, 2, { key: k(s, c, 1), bias: c.batch % 2 === 0, dtype: dt }));
    return [net.toString(), ...passes(s, net, s.normal(k(s, c, 2), [c.batch, 3], { dtype: dt }), c)];
  }),
  op("training steps: Sequential(Linear, ReLU, Dropout, Flatten, Linear), dropout, SGD", layerCase({ p: fc.constantFrom(0, 0.2, 0.5, 1) }), (s, c) => {
    const net = new s.Sequential(new s.Flatten(), new s.Linear(6, 5, { key: k(s, c, 0), dtype: c.dtype }), new s.ReLU(), new s.Dropout(c.p), new s.Linear(5, 3, { key: k(s, c, 1), dtype: c.dtype }));
    const x = s.normal(k(s, c, 2), [c.batch, 2, 3], { dtype: c.dtype });
    const opt = new s.SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
    const losses = [];
    for (let t = 0; t < 3; t++) {
      const [l, g] = s.valueAndGrad((p) => { const y = net.call(p, x, { key: s.foldIn(k(s, c, 3), t) }); return s.sum(s.mul(y, y)); })(net.parameters());
      opt.step(g);
      losses.push(l);
    }
    const evalOut = net.eval().forward(x);
    const params = Object.fromEntries(Object.entries(net.parameters()).map(([n, t]) => [n, s.clone(t)]));
    opt.dispose();
    net.dispose();
    return [losses, params, evalOut, s.dropout(x, c.p, { key: k(s, c, 4) }), attempt(() => s.dropout(x, 0.5))];
  }),
  op("Embedding", layerCase({ pad: fc.constantFrom(undefined, 0, -1) }), (s, c) => {
    const emb = new s.Embedding(5, 3, { key: k(s, c, 0), paddingIdx: c.pad, dtype: c.dtype });
    const idx = s.randint(k(s, c, 1), [c.batch, 2], 0, 5);
    const weight = s.clone(emb.parameters().weight);
    const [y, g] = s.valueAndGrad((p) => s.sum(s.square(emb.call(p, idx))))(emb.parameters());
    emb.dispose();
    return [weight, y, g];
  }),
  op("BatchNorm1d+BatchNorm2d: training steps then eval", layerCase({ two: fc.boolean(), affine: fc.boolean(), momentum: fc.constantFrom(0.1, null) }), (s, c) => {
    const bn = c.two ? new s.BatchNorm2d(3, { affine: c.affine, momentum: c.momentum, dtype: c.dtype }) : new s.BatchNorm1d(3, { affine: c.affine, momentum: c.momentum, dtype: c.dtype });
    const x = s.normal(k(s, c, 0), c.two ? [c.batch, 3, 2, 2] : [c.batch, 3], { dtype: c.dtype, mean: 1, std: 2 });
    const train = attempt(() => passes(s, bn, x, c, 3, (p, xx) => bn.call(p, xx)));
    const ev = new s.BatchNorm1d(3, { dtype: c.dtype }).eval();
    return [train, ev.forward(s.normal(k(s, c, 1), [c.batch, 3], { dtype: c.dtype })), (ev.dispose(), 0)];
  }),
  op("TimewiseBatchNorm", layerCase({ T: fc.integer({ min: 1, max: 3 }) }), (s, c) => {
    const bn = new s.TimewiseBatchNorm(2, 3, { dtype: c.dtype });
    const x = s.normal(k(s, c, 0), [c.T, c.batch, 2], { dtype: c.dtype });
    return attempt(() => passes(s, bn, x, c, 2, (p, xx) => bn.call(p, xx)));
  }),
  op("LayerNorm+InstanceNorm1d", layerCase({ affine: fc.boolean() }), (s, c) => {
    const ln = new s.LayerNorm([2, 3], { elementwiseAffine: c.affine, dtype: c.dtype });
    const inorm = new s.InstanceNorm1d(2, { affine: c.affine, dtype: c.dtype });
    const x = s.normal(k(s, c, 0), [c.batch, 2, 3], { dtype: c.dtype });
    return [passes(s, ln, x, c, 1), passes(s, inorm, x, c, 1)];
  }),
  op("scaledDotProductAttention+attentionWithWeights", layerCase({ masked: fc.constantFrom("none", "causal", "additive"), dropout: fc.constantFrom(0, 0.3) }), (s, c) => {
    const [q, kk, v] = [0, 1, 2].map((i) => s.normal(k(s, c, i), [c.batch, 3, 4], { dtype: "float32" }));
    const mask = c.masked === "causal" ? s.ne(s.tril(s.ones([3, 3])), 0) : c.masked === "additive" ? s.normal(k(s, c, 3), [3, 3]) : undefined;
    const opts = { mask, dropout: c.dropout, key: k(s, c, 4) };
    const [y, g] = s.valueAndGrad(({ a, b, d }) => s.sum(s.square(s.scaledDotProductAttention(a, b, d, opts))))({ a: q, b: kk, d: v });
    return [y, g, s.attentionWithWeights(q, kk, v, { mask, scale: 0.5 })];
  }),
  op("MultiheadAttention", layerCase({ batchFirst: fc.boolean(), dropout: fc.constantFrom(0, 0.25), padded: fc.boolean() }), (s, c) => {
    const mha = new s.MultiheadAttention(4, 2, { key: k(s, c, 0), batchFirst: c.batchFirst, dropout: c.dropout });
    const x = s.normal(k(s, c, 1), c.batchFirst ? [c.batch, 3, 4] : [3, c.batch, 4]);
    const keyPaddingMask = c.padded ? s.tensor(Array.from({ length: c.batch * 3 }, (_, i) => (i % 3 === 2 ? 1 : 0)), [c.batch, 3], "int32") : undefined;
    const weights = mha.callWithWeights(mha.parameters(), x, x, x, { keyPaddingMask, key: k(s, c, 2) })[1];
    return [weights, passes(s, mha, x, c, 2, (p, xx, key) => mha.call(p, xx, xx, xx, { keyPaddingMask, mask: s.ne(s.tril(s.ones([3, 3])), 0), key }))];
  }),
  op("initializers", fc.record({ seed, rows: fc.integer({ min: 0, max: 6 }), cols: fc.integer({ min: 1, max: 6 }), dtype: fc.constantFrom("float32", "float64") }), (s, c) => {
    const sh = [c.rows, c.cols], o = { dtype: c.dtype };
    return [
      s.kaimingNormal(k(s, c, 0), sh, { ...o, nonlinearity: "relu" }), s.kaimingUniform(k(s, c, 1), sh, { ...o, a: Math.sqrt(5), mode: "fanOut" }),
      s.xavierNormal(k(s, c, 2), sh, { ...o, gain: 2 }), s.xavierUniform(k(s, c, 3), sh, o), s.lecunNormal(k(s, c, 4), sh, o),
      s.truncatedNormalInit(k(s, c, 5), sh, { ...o, std: 0.5, a: -0.3, b: 1 }), s.orthogonal(k(s, c, 6), sh, o),
      s.zerosInit(sh, o), s.onesInit(sh, o), s.constantInit(sh, 0.3, o),
      ["linear", "tanh", "relu", "leaky_relu", "selu"].map((n) => s.calculateGain(n, 0.2)), attempt(() => s.kaimingNormal(k(s, c, 7), [c.rows])),
    ];
  }),
  op("perExampleGrads", layerCase(), (s, c) => {
    const net = new s.Sequential(new s.Linear(3, 4, { key: k(s, c, 0), dtype: c.dtype }), new s.Tanh(), new s.Linear(4, 2, { key: k(s, c, 1), dtype: c.dtype }));
    const x = s.normal(k(s, c, 2), [c.batch, 3], { dtype: c.dtype });
    const g = s.perExampleGrads(net, net.parameters(), x, (y) => s.sum(s.square(y), { dim: 1 }));
    net.dispose();
    return g;
  }),
];
