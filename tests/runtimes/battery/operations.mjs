// Every public operation of stochasm, one line each: op(name, arbitrary, run[, examples]).
// `run(s, c)` gets the stochasm namespace and one generated case, and returns what to digest: a Tensor,
// a typed array, a Key, a number, or arrays / plain objects of those. Tensors made inside run() are
// disposed by the battery. An error thrown by run() is digested as its name and message, so invalid
// cases check that every runtime rejects them the same way. See docs/reproducibility.md.
import {
  binaryCase, bmmCase, dataOf, dtype, fc, intBounds, length, linearSystem, location, logit, matmulCase, matrix, moderate, offset, real, rectMatrix,
  probabilityMatrix, reduceCase, reduction, seed, shape, sigma, spdMatrix, squareMatrix, symmetricMatrix, tensorData, u32, value, withInvalid,
} from "./arbitraries.mjs";
import { activationOperations, tensorOperations } from "./tensor-operations.mjs";
import { nnOperations } from "./nn-operations.mjs";
import { trainingOperations } from "./training-operations.mjs";
import { distributionGradientOperations, linalgGradientOperations } from "./gradient-operations.mjs";
import { statsOperations } from "./stats-operations.mjs";

/** One battery entry. `examples` are cases that always run first (besides the generated ones). */
export const op = (name, arbitrary, run, examples = []) => ({ name, arbitrary, run, examples });

const draw = { seed, shape, offset };
// A tensor from plain case data `{ shape, data }` (or a number, passed through).
const T = (s, x, dt = "float32") => (typeof x === "number" ? x : s.tensor(x.data, x.shape, dt));
const M = (s, data, rows, cols, dt = "float64") => s.tensor(data, [rows, cols], dt);
const params = (extra) => fc.record({ ...draw, ...extra });
const softmaxCase = fc.record({
  x: fc.oneof(matrix(logit), tensorData(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 9 })), logit)),
  temperature: withInvalid(fc.constantFrom(1, 0.5, 3, 1e-3, 1e3)), dim: fc.integer({ min: -4, max: 3 }), dtype,
});
// f(x) (softmax / logSoftmax / entropy) of the case, and the gradient of Σ w ⊙ f(x) for w = 1, 2, …, 7, 1, …
// (when f succeeds)
const softmaxFamily = (s, c, f) => {
  const x = T(s, c.x, c.dtype);
  const o = { temperature: c.temperature, dim: c.dim };
  const y = f(x, o);
  const w = (t) => s.tensor(Array.from({ length: t.size }, (_, i) => (i % 7) + 1), t.shape, c.dtype);
  const g = s.grad((p) => { const yp = f(p, o); return s.sum(s.mul(yp, w(yp))); })(x);
  return [y, g];
};
// crossEntropy's case: logits [N, C] or [N, C, d1(, d2)] (classes on dim 1), float32 or float64, labels of the
// logits' shape without dim 1, soft targets drawn as probability rows [N, d1, …, C] (moved to dim 1 in run)
const crossEntropyCase = fc.record({
  n: fc.integer({ min: 1, max: 4 }), c: fc.oneof(fc.constantFrom(1, 3, 5, 17), fc.integer({ min: 1, max: 8 })),
  spatial: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }), dtype, labelSmoothing: fc.constantFrom(0, 0.1, 1), reduction,
}).chain((p) => {
  const rows = p.n * p.spatial.reduce((a, b) => a * b, 1);
  return fc.record({ logits: dataOf(rows * p.c, logit), labels: dataOf(rows, fc.nat({ max: p.c - 1 })), soft: probabilityMatrix(fc.constant([rows, p.c])) })
    .map((d) => ({ ...p, ...d }));
});
// f(x, target, options) (crossEntropy): the loss, its fused gradient, and the gradient of Σ w ⊙ loss through
// the tape (w = 1, 2, …, 7, 1, …)
const crossEntropyRun = (s, c, soft, f) => {
  const shape = [c.n, c.c, ...c.spatial];
  const rank = shape.length;
  const x = s.tensor(c.logits, shape, c.dtype);
  const target = soft
    ? s.permute(s.tensor(c.soft.data, [c.n, ...c.spatial, c.c], c.dtype), [0, rank - 1, ...c.spatial.map((_, k) => k + 1)])
    : s.tensor(c.labels, [c.n, ...c.spatial], "int32");
  const o = { labelSmoothing: c.labelSmoothing, reduction: c.reduction };
  const { loss, grad } = f(x, target, o);
  const w = s.tensor(Array.from({ length: loss.size }, (_, i) => (i % 7) + 1), loss.shape, c.dtype);
  const g = s.grad((p) => s.sum(s.mul(f(p, target, o).loss, w)))(x);
  return [loss, grad, g];
};
const AWKWARD = [0, 1, 3, 5, 1023].map((n) => ({ seed: 7, shape: [n], offset: 0 }));
const END_OF_STREAM = { seed: 9, shape: [1023], offset: 2 ** 32 - 1023 };

// Distributions: `members(s, d, a, extra)` digests every public member of d, each on its own so that an
// unsupported one (an error, digested as its name and message) does not hide the rest: the instance fields
// (batchShape, eventShape, support, hasRsample, validateArgs, numCategories, dim, …) and the static params;
// every getter from d's class up to Distribution (kind, batchSize, mean, mode, variance, stddev, loc,
// probs, logits, scaleTril, covarianceMatrix, …); and every method in DISTRIBUTION_METHODS, called with
// the case's `a`: seed, shape (of the float32 draw), x (values for logProb and cdf: an array, or
// (s, d) => value) and grad (Dirichlet's gradOutput). `extra` adds named results (KL against others).
// battery.test.ts fails while a public method of a distribution class is missing from DISTRIBUTION_METHODS.
const attempt = (f) => { try { return f(); } catch (err) { return `error ${err?.name}: ${err?.message}`; } };
const asF32 = (s, x) => (x instanceof s.Tensor ? s.tensor(x.toArray(), x.shape, "float32") : s.tensor(x, undefined, "float32"));
const bothDtypes = (f) => ({ float32: attempt(() => f("float32")), float64: attempt(() => f("float64")) });
export const DISTRIBUTION_METHODS = {
  sample: (s, d, a) => bothDtypes((dt) => (dt === "float32" ? d.sample(s.key(a.seed), a.shape) : d.sample(s.key(a.seed), [3], { dtype: dt }))),
  // one float32 element: Gamma's float32 gradient at a draw clamped to 2^-126 with a huge rate takes ~60 ms
  rsample: (s, d, a) => bothDtypes((dt) => d.rsample(s.key(a.seed), dt === "float32" ? [1] : [3], { dtype: dt })),
  logProb: (s, d, a) => bothDtypes((dt) => d.logProb(dt === "float32" ? asF32(s, a.x) : a.x)),
  cdf: (s, d, a) => bothDtypes((dt) => d.cdf(dt === "float32" ? asF32(s, a.x) : a.x)),
  icdf: (s, d) => d.icdf([0, 0.3, 1]),
  entropy: (s, d) => d.entropy(),
  hasParam: (s, d) => Object.keys(d.constructor.params).map((name) => d.hasParam(name)),
  param: (s, d) => Object.keys(d.constructor.params).filter((name) => d.hasParam(name)).map((name) => d.param(name)),
  toString: (s, d) => d.toString(),
  concentrationVjp: (s, d, a) => bothDtypes((dt) => d.concentrationVjp(d.sample(s.key(a.seed), [2], { dtype: dt }), a.grad)),
  // ℓ = ½‖x‖², so ∂ℓ/∂x = x: every gradient of the MVN backward pass for the parameterisation given
  rsampleVjp: (s, d, a) => bothDtypes((dt) => { const r = d.rsample(s.key(a.seed), [3], { dtype: dt }); return d.rsampleVjp(r.noise, r.value); }),
};
/** Methods on Distribution.prototype that subclasses use (TypeScript-protected): not part of the public API. */
// Methods the battery skips as internal. None: the former protected helpers (unsupported, assertLevels, drawShape,
// tensorOf, elementwise, derived) are module functions of distribution.ts, unreachable from JS (issue 14).
export const PROTECTED_METHODS = [];
function getterNames(d) {
  const names = new Set();
  for (let p = Object.getPrototypeOf(d); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [name, desc] of Object.entries(Object.getOwnPropertyDescriptors(p))) if (desc.get) names.add(name);
  }
  return [...names].sort();
}
function members(s, d, a, extra = {}) {
  const out = { fields: { ...d }, params: d.constructor.params };
  for (const name of getterNames(d)) out[`get ${name}`] = attempt(() => d[name]);
  for (const [name, call] of Object.entries(DISTRIBUTION_METHODS)) if (typeof d[name] === "function") out[name] = attempt(() => call(s, d, { ...a, x: typeof a.x === "function" ? attempt(() => a.x(s, d)) : a.x }));
  for (const [name, f] of Object.entries(extra)) out[name] = attempt(f);
  return out;
}
const categoricalMembers = (s, d, c) => {
  const k = d.numCategories;
  const flat = new s.Categorical({ logits: new Array(k).fill(0) });
  return members(s, d, { seed: c.seed, shape: [c.n], x: [[0], [1], [k - 1], [k], [-1], [0.5]] }, { klToFlat: () => s.kl(d, flat), klFromFlat: () => s.kl(flat, d) });
};
const mvnMembers = (s, c, d) => {
  const standard = new s.MultivariateNormal(new Array(c.a.n).fill(0), { scaleTril: M(s, c.a.data.map((_, idx) => (idx % (c.a.n + 1) === 0 ? 1 : 0)), c.a.n, c.a.n) });
  return members(s, d, { seed: c.seed, shape: [c.n], x: (s2, d2) => d2.sample(s2.key(c.seed), [2], { dtype: "float64" }) }, { klSelf: () => s.kl(d, d), klStandard: () => s.kl(d, standard), klFromStandard: () => s.kl(standard, d) });
};
// A subclass of s.Uniform private to the battery (one per stochasm namespace), for the registerKL line.
const privateUniforms = new WeakMap();
const privateUniform = (s) => {
  if (!privateUniforms.has(s)) privateUniforms.set(s, class BatteryUniform extends s.Uniform {});
  return privateUniforms.get(s);
};
/** Concentrations the Gamma and Beta lines always meet: denormal, tiny and huge. */
// (not 1e300: Beta(1e300, 2).rsample takes ~0.5 s in its implicit gradient)
const CONCENTRATIONS = [5e-324, 1e-300, 1e-30, 1e30];
// Gamma rates: σ's values up to 1e30 (above, a float32 draw clamped to 2^-126 makes λx ≈ 1e270 and its
// float32 gradient takes ~60 ms an element).
const GAMMA_RATE = fc.oneof(fc.constantFrom(1.401298464324817e-45, 1e-40, 5e-324, 1e-310, 1e-30, 1e30), fc.double({ min: 1e-3, max: 1e3, noNaN: true }));


// Data, training and statistics lines: an IDX file from plain case data, a toy labelled image set, and a
// linear classifier trained by SGD (plus noise from each step's key) with stochasm's kernels, for fit().
const IDX_SIZES = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 };
const idxBytes = (type, shape, data, cut = 0) => {
  const size = IDX_SIZES[type];
  const count = shape.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(4 + 4 * shape.length + count * size);
  const v = new DataView(out.buffer);
  out.set([0, 0, type, shape.length]);
  shape.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  const at = 4 + 4 * shape.length;
  for (let i = 0; i < count; i++) {
    const x = data[i % data.length], p = at + i * size;
    if (type === 8) v.setUint8(p, x); else if (type === 9) v.setInt8(p, x); else if (type === 11) v.setInt16(p, x); else if (type === 12) v.setInt32(p, x); else if (type === 13) v.setFloat32(p, x); else v.setFloat64(p, x);
  }
  return out.subarray(0, out.length - cut);
};
// (a fuzzed n of [2**31] must fail here, in the line's own size, not loop 2^31 times in Uint8Array.from)
const toySet = (s, n, h = 3, w = 2) => !(n * h * w <= 4096) ? (() => { throw new RangeError(`toySet: ${n}·${h}·${w} pixels is not a small set`); })() : s.imageSet("toy", Uint8Array.from({ length: n * h * w }, (_, j) => (j * 37 + 11) & 255), Uint8Array.from({ length: n }, (_, i) => i % 3), { height: h, width: w });
const linearTrainer = (s, k, inputs, classes) => {
  let W = s.keep(s.normal(k, [inputs, classes], { std: 0.1 }));
  const correctOf = (logits, y) => { const p = s.argmax(logits, { dim: 1 }).toArray(), t = y.toArray(); let c = 0; for (let i = 0; i < t.length; i++) c += p[i] === t[i] ? 1 : 0; return c; };
  return {
    trainStep: (x, y, stepKey) => s.scope(() => {
      const logits = s.matmul(x, W);
      const { loss, grad } = s.crossEntropy(logits, y);
      const next = s.keep(s.sub(W, s.add(s.mul(s.matmul(x, grad, { transposeA: true }), 0.5), s.normal(stepKey, [inputs, classes], { std: 1e-3 }))));
      W.dispose(); W = next;
      return { loss: loss.item(), correct: correctOf(logits, y) };
    }),
    evalStep: (x, y) => s.scope(() => { const logits = s.matmul(x, W); return { loss: s.crossEntropy(logits, y).loss.item(), correct: correctOf(logits, y) }; }),
    done: () => { const w = W.toArray(); W.dispose(); return w; },
  };
};
const fitCase = fc.record({ seed, n: fc.integer({ min: 1, max: 40 }), epochs: fc.integer({ min: 0, max: 3 }), batchSize: withInvalid(fc.integer({ min: 1, max: 16 }), fc.constantFrom(0, 1.5)), validation: fc.boolean() });
// Member probabilities [S, N, C] from case data: S probability matrices of one shape, stacked.
const memberCase = fc.record({ s: fc.integer({ min: 1, max: 4 }), shape: fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 11 })) })
  .chain((c) => fc.array(probabilityMatrix(fc.constant(c.shape)), { minLength: c.s, maxLength: c.s }).map((ms) => ({ ...c, data: ms.flatMap((m) => m.data), labels: Array.from({ length: c.shape[0] }, (_, i) => (i * 7) % c.shape[1]) })));
const stacked = (s, c, dt = "float64") => s.tensor(c.data, [c.s, ...c.shape], dt);
const pixelData = (n) => dataOf(n, fc.integer({ min: 0, max: 255 }));
const STEP_FIELDS = (e) => (e.type === "step" ? [e.type, e.epoch, e.step, e.steps, e.examples, e.loss, e.accuracy] : e.type === "epochEnd" ? [e.type, e.epoch, e.record.loss, e.record.accuracy] : [e.type]);

export const operations = [
  // Keys
  op("key", seed, (s, c) => s.key(c), [0, 2 ** 53 - 1, 2n ** 64n - 1n, -1, 2 ** 53, 1.5, 2n ** 64n]),
  op("split", fc.record({ seed, n: withInvalid(length(), fc.constantFrom(-1, 1.5, 2 ** 24 + 1)) }), (s, c) => s.split(s.key(c.seed), c.n)),
  op("foldIn", fc.record({ seed, data: withInvalid(seed, fc.constantFrom(-1, 0.5, 2n ** 64n)) }), (s, c) => s.foldIn(s.key(c.seed), c.data)),
  op("philox4x32", fc.record({ counter: fc.tuple(u32, u32, u32, u32), key: fc.tuple(u32, u32) }), (s, c) => s.philox4x32(c.counter, c.key)),
  op("Generator", fc.record({ seed, n: fc.nat({ max: 40 }) }), (s, c) => { const g = new s.Generator(c.seed); return [g.next(), g.nextKeys(c.n), g.next(), g.getState()]; }),

  // Fills
  op("uniform/f32", params({}), (s, c) => s.uniform(s.key(c.seed), c.shape, { offset: c.offset }), [...AWKWARD, END_OF_STREAM]),
  op("uniform/f32/range", params({ low: location, width: withInvalid(sigma) }), (s, c) => s.uniform(s.key(c.seed), c.shape, { offset: c.offset, low: c.low, high: c.low + c.width })),
  op("uniform/f64", params({}), (s, c) => s.uniform(s.key(c.seed), c.shape, { offset: c.offset, dtype: "float64" }), [...AWKWARD, END_OF_STREAM]),
  op("uniform/f64/range", params({ low: location, width: withInvalid(sigma) }), (s, c) => s.uniform(s.key(c.seed), c.shape, { offset: c.offset, low: c.low, high: c.low + c.width, dtype: "float64" })),
  op("normal/f32", params({ mean: location, std: withInvalid(sigma) }), (s, c) => s.normal(s.key(c.seed), c.shape, { offset: c.offset, mean: c.mean, std: c.std }), AWKWARD),
  op("normal/f64", params({ mean: location, std: withInvalid(sigma) }), (s, c) => s.normal(s.key(c.seed), c.shape, { offset: c.offset, mean: c.mean, std: c.std, dtype: "float64" }), AWKWARD),
  op("truncatedNormal", params({ mean: location, std: withInvalid(sigma) }), (s, c) => s.truncatedNormal(s.key(c.seed), c.shape, { offset: c.offset, mean: c.mean, std: c.std }), AWKWARD.map((c) => ({ ...c, mean: 0, std: 1 }))),
  op("randint", params({ bounds: intBounds }), (s, c) => s.randint(s.key(c.seed), c.shape, c.bounds[0], c.bounds[1], { offset: c.offset }), [{ seed: 1, shape: [1023], offset: 0, bounds: [-(2 ** 31), 2 ** 31] }]),
  op("bernoulli", params({ p: withInvalid(fc.oneof(fc.constantFrom(0, 1, 0.5, 1e-10, 1 - 2 ** -53, 2 ** -32, 5e-324), fc.double({ min: 0, max: 1, noNaN: true })), fc.constantFrom(-0.1, 1.5, NaN)) }), (s, c) => s.bernoulli(s.key(c.seed), c.shape, c.p, { offset: c.offset }), [0, 1].map((p) => ({ seed: 2, shape: [1023], offset: 0, p }))),
  op("rademacher", params({}), (s, c) => s.rademacher(s.key(c.seed), c.shape, { offset: c.offset }), AWKWARD),
  op("randomBits", params({}), (s, c) => s.randomBits(s.key(c.seed), c.shape, { offset: c.offset }), [...AWKWARD, END_OF_STREAM]),
  op("fill/invalid", fc.oneof(fc.record({ seed, shape: fc.constantFrom([-1], [1.5], [2 ** 16, 2 ** 16], "3"), offset: fc.constant(0) }), fc.record({ seed, shape: fc.constant([3]), offset: fc.constantFrom(-1, 2 ** 32 - 2, 2 ** 32, 0.5) })), (s, c) => s.uniform(s.key(c.seed), c.shape, { offset: c.offset })),

  // Tensors
  op("tensor/float32", tensorData(), (s, c) => s.tensor(c.data, c.shape, "float32")),
  op("tensor/float64", tensorData(), (s, c) => s.tensor(c.data, c.shape, "float64").reshape([c.data.length]).clone()),
  op("tensor/int32", tensorData(shape, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), (s, c) => s.tensor(c.data, c.shape, "int32")),
  op("zeros+full", fc.record({ shape, value: fc.oneof(real, logit) }), (s, c) => [s.zeros(c.shape), s.zeros(c.shape, "float64"), s.full(c.shape, c.value), s.full(c.shape, c.value, "float64")]),

  // Linear algebra
  op("matmul", matmulCase, (s, c) => s.matmul(M(s, c.a, ...(c.transposeA ? [c.k, c.m] : [c.m, c.k]), c.dtype), M(s, c.b, ...(c.transposeB ? [c.n, c.k] : [c.k, c.n]), c.dtype), { transposeA: c.transposeA, transposeB: c.transposeB, alpha: c.alpha })),
  op("bmm", bmmCase, (s, c) => s.bmm(s.tensor(c.a, [c.batch, c.m, c.k], c.dtype), s.tensor(c.b, c.sharedB ? [c.k, c.n] : [c.batch, c.k, c.n], c.dtype))),
  op("cholesky", fc.record({ a: fc.oneof({ weight: 4, arbitrary: spdMatrix }, { weight: 1, arbitrary: squareMatrix() }), dtype }), (s, c) => s.cholesky(M(s, c.a.data, c.a.n, c.a.n, c.dtype))),
  op("solveTriangular", fc.record({ sys: linearSystem, upper: fc.boolean(), transpose: fc.boolean(), unitDiagonal: fc.boolean() }), (s, c) => s.solveTriangular(M(s, c.sys.a, c.sys.n, c.sys.n), c.sys.cols ? M(s, c.sys.rhs, c.sys.n, c.sys.cols) : s.tensor(c.sys.rhs, [c.sys.n], "float64"), { upper: c.upper, transpose: c.transpose, unitDiagonal: c.unitDiagonal })),
  op("solve", linearSystem, (s, c) => s.solve(M(s, c.a, c.n, c.n), c.cols ? M(s, c.rhs, c.n, c.cols) : s.tensor(c.rhs, [c.n], "float64"))),
  op("slogdet+logDet", fc.record({ a: fc.oneof(spdMatrix, squareMatrix()), dtype }), (s, c) => [s.slogdet(M(s, c.a.data, c.a.n, c.a.n, c.dtype)), s.logDet(M(s, c.a.data, c.a.n, c.a.n, c.dtype))]),
  op("eigh", symmetricMatrix, (s, c) => s.eigh(M(s, c.data, c.n, c.n))),
  op("svd", rectMatrix, (s, c) => s.svd(M(s, c.data, c.rows, c.cols))),
  op("matrixRank", fc.record({ a: rectMatrix, tol: fc.constantFrom(undefined, 0, 1e-3, -1) }), (s, c) => s.matrixRank(M(s, c.a.data, c.a.rows, c.a.cols), { tol: c.tol })),
  op("cond", rectMatrix, (s, c) => s.cond(M(s, c.data, c.rows, c.cols))),
  op("lowRankApprox", fc.record({ a: rectMatrix, r: fc.nat({ max: 13 }) }), (s, c) => s.lowRankApprox(M(s, c.a.data, c.a.rows, c.a.cols), c.r === 13 ? 13 : c.r % (Math.min(c.a.rows, c.a.cols) + 1))),

  // Elementwise
  op("add", binaryCase, (s, c) => s.add(T(s, c.a, c.dtype), T(s, c.b, c.dtype))),
  op("sub", binaryCase, (s, c) => s.sub(T(s, c.a, c.dtype), T(s, c.b, c.dtype))),
  op("mul", binaryCase, (s, c) => s.mul(T(s, c.a, c.dtype), T(s, c.b, c.dtype))),
  op("div", binaryCase, (s, c) => s.div(T(s, c.a, c.dtype), T(s, c.b, c.dtype))),
  op("exp", fc.record({ x: tensorData(), dtype }), (s, c) => s.exp(T(s, c.x, c.dtype))),
  op("log", fc.record({ x: tensorData(), dtype }), (s, c) => s.log(T(s, c.x, c.dtype))),
  op("sqrt", fc.record({ x: tensorData(), dtype }), (s, c) => s.sqrt(T(s, c.x, c.dtype))),
  op("abs", fc.record({ x: tensorData(), dtype }), (s, c) => s.abs(T(s, c.x, c.dtype))),
  op("clamp", fc.record({ x: tensorData(), dtype, bounds: withInvalid(fc.tuple(value, value).map(([a, b]) => (a <= b ? [a, b] : [b, a])), fc.constantFrom([1, 0], [NaN, 1])) }), (s, c) => s.clamp(T(s, c.x, c.dtype), ...c.bounds)),

  // Special functions (binaryCase: b of a's shape, a suffix of it, one element or a number; gammaincc swaps the operands)
  op("erf", fc.record({ x: tensorData(), dtype }), (s, c) => s.erf(T(s, c.x, c.dtype))),
  op("erfc", fc.record({ x: tensorData(), dtype }), (s, c) => s.erfc(T(s, c.x, c.dtype))),
  op("erfinv", fc.record({ x: tensorData(shape, fc.oneof(value, fc.double({ min: -1, max: 1, noNaN: true }))), dtype }), (s, c) => s.erfinv(T(s, c.x, c.dtype))),
  op("ndtr", fc.record({ x: tensorData(), dtype }), (s, c) => s.ndtr(T(s, c.x, c.dtype))),
  op("ndtri", fc.record({ x: tensorData(shape, fc.oneof(value, fc.double({ min: 0, max: 1, noNaN: true }))), dtype }), (s, c) => s.ndtri(T(s, c.x, c.dtype))),
  op("lgamma", fc.record({ x: tensorData(), dtype }), (s, c) => s.lgamma(T(s, c.x, c.dtype))),
  op("digamma", fc.record({ x: tensorData(), dtype }), (s, c) => s.digamma(T(s, c.x, c.dtype))),
  op("lbeta", binaryCase, (s, c) => s.lbeta(T(s, c.a, c.dtype), T(s, c.b, c.dtype))),
  op("gammainc", binaryCase, (s, c) => s.gammainc(T(s, c.a, c.dtype), T(s, c.b, c.dtype))),
  op("gammaincc", binaryCase, (s, c) => s.gammaincc(T(s, c.b, c.dtype), T(s, c.a, c.dtype))),
  op("betainc", fc.record({ ab: binaryCase, x: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), value) }), (s, c) => s.betainc(T(s, c.ab.a, c.ab.dtype), T(s, c.ab.b, c.ab.dtype), c.x)),

  // Reductions and norms
  op("sum", reduceCase, (s, c) => s.sum(T(s, c.x, c.dtype), { dim: c.dim, keepdim: c.keepdim })),
  op("mean", reduceCase, (s, c) => s.mean(T(s, c.x, c.dtype), { dim: c.dim, keepdim: c.keepdim })),
  op("variance", fc.record({ r: reduceCase, unbiased: fc.boolean() }), (s, c) => s.variance(T(s, c.r.x, c.r.dtype), { dim: c.r.dim, keepdim: c.r.keepdim, unbiased: c.unbiased })),
  op("max", reduceCase, (s, c) => s.max(T(s, c.x, c.dtype), { dim: c.dim, keepdim: c.keepdim })),
  op("min", reduceCase, (s, c) => s.min(T(s, c.x, c.dtype), { dim: c.dim, keepdim: c.keepdim })),
  op("argmax", reduceCase, (s, c) => s.argmax(T(s, c.x, c.dtype), { dim: c.dim, keepdim: c.keepdim })),
  op("norm", fc.record({ r: reduceCase, ord: fc.constantFrom(1, 2, Infinity, "fro") }), (s, c) => s.norm(T(s, c.r.x, c.r.dtype), { ord: c.ord, dim: c.ord === "fro" ? undefined : c.r.dim, keepdim: c.r.keepdim })),
  op("cosineSimilarity", fc.record({ a: tensorData(), dtype, dim: fc.constantFrom(undefined, 0, -1), eps: fc.constantFrom(undefined, 1e-8, 1e-30) }).chain((c) => tensorData(fc.constant(c.a.shape)).map((b) => ({ ...c, b }))), (s, c) => s.cosineSimilarity(T(s, c.a, c.dtype), T(s, c.b, c.dtype), { dim: c.dim, eps: c.eps })),
  op("pairwiseCosine", fc.record({ a: matrix(), m: fc.constantFrom(0, 1, 3, 5), dtype }).chain((c) => dataOf(c.m * c.a.shape[1]).map((b) => ({ ...c, b: { shape: [c.m, c.a.shape[1]], data: b } }))), (s, c) => s.pairwiseCosine(T(s, c.a, c.dtype), T(s, c.b, c.dtype))),

  // Softmax family: a matrix or a 3-D tensor, float32 or float64, along a dim drawn from −4 … 3 (some out of
  // range: the error is digested too); with a gradient, so the backward of the moved paths is compared as well
  op("softmax", softmaxCase, (s, c) => softmaxFamily(s, c, (x, o) => s.softmax(x, o))),
  op("logSoftmax", softmaxCase, (s, c) => softmaxFamily(s, c, (x, o) => s.logSoftmax(x, o))),
  op("entropy", softmaxCase, (s, c) => softmaxFamily(s, c, (x, o) => s.entropy(x, o))),
  // Losses (float32; crossEntropy float32 or float64)
  op("crossEntropy/labels", crossEntropyCase, (s, c) => crossEntropyRun(s, c, false, (x, t, o) => s.crossEntropy(x, t, o))),
  op("crossEntropy/soft", crossEntropyCase, (s, c) => crossEntropyRun(s, c, true, (x, t, o) => s.crossEntropy(x, t, o))),
  op("binaryCrossEntropyWithLogits", fc.record({ x: matrix(logit), reduction }).chain((c) => dataOf(c.x.data.length, fc.double({ min: 0, max: 1, noNaN: true })).map((t) => ({ ...c, t }))), (s, c) => s.binaryCrossEntropyWithLogits(T(s, c.x), s.tensor(c.t, c.x.shape), { reduction: c.reduction })),
  op("mseLoss", fc.record({ x: withInvalid(matrix(moderate), matrix()), reduction }).chain((c) => dataOf(c.x.data.length, moderate).map((t) => ({ ...c, t }))), (s, c) => s.mseLoss(T(s, c.x), s.tensor(c.t, c.x.shape), { reduction: c.reduction })),
  op("klDivRows", probabilityMatrix().chain((p) => probabilityMatrix(fc.constant(p.shape)).map((q) => ({ p, q }))), (s, c) => s.klDivRows(T(s, c.p), T(s, c.q))),

  // Distributions: every public member of each class (members(), below), for each way to give its parameters,
  // at ordinary and awkward points (tiny and huge concentrations, masked logits, p = 0 and 1); KL for every
  // registered pair (kl.ts and the registerKL calls of gamma.ts, beta.ts, dirichlet.ts, multivariate-normal.ts)
  op("Normal", params({ loc: location, scale: withInvalid(sigma), x: moderate }), (s, c) => members(s, new s.Normal(c.loc, c.scale), { ...c, x: [c.x, -1, 0, 0.5, 2] })),
  op("Uniform", params({ low: location, width: withInvalid(sigma), x: moderate }), (s, c) => { const d = new s.Uniform(c.low, c.low + c.width); return members(s, d, { ...c, x: [c.x, c.low, c.low + c.width, -1, 0.5] }, { klSelf: () => s.kl(d, d), klWider: () => s.kl(d, new s.Uniform(c.low - 1, c.low + c.width + 1)), klShifted: () => s.kl(d, new s.Uniform(c.low + c.width / 2, c.low + 2 * c.width)) }); }),
  op("Exponential", params({ rate: withInvalid(sigma), x: moderate }), (s, c) => members(s, new s.Exponential(c.rate), { ...c, x: [c.x, -1, 0, 0.5, 2] })),
  op("Laplace", params({ loc: location, scale: withInvalid(sigma), x: moderate }), (s, c) => members(s, new s.Laplace(c.loc, c.scale), { ...c, x: [c.x, -1, 0, 0.5, 2] })),
  op("Bernoulli/logits", params({ l: fc.array(fc.oneof({ weight: 4, arbitrary: logit }, { weight: 1, arbitrary: fc.constantFrom(Infinity, NaN) }), { minLength: 1, maxLength: 3 }) }), (s, c) => { const d = new s.Bernoulli({ logits: c.l }); return members(s, d, { ...c, x: [[0], [1], [2], [0.5], [-1]] }, { klSelf: () => s.kl(d, d), klToHalf: () => s.kl(d, new s.Bernoulli({ logits: 0 })), klFromHalf: () => s.kl(new s.Bernoulli({ probs: 0.5 }), d) }); }, [[-Infinity], [Infinity], [-Infinity, Infinity, 0]].map((l) => ({ seed: 2, shape: [5], offset: 0, l }))),
  op("Bernoulli/probs", params({ p: withInvalid(fc.oneof(fc.constantFrom(0, 1, 0.5, 1e-10, 1 - 2 ** -53, 2 ** -32, 5e-324), fc.double({ min: 0, max: 1, noNaN: true })), fc.constantFrom(-0.1, 1.5, NaN)) }), (s, c) => { const d = new s.Bernoulli({ probs: c.p }); return members(s, d, { ...c, x: [0, 1, 2, 0.5, -1] }, { klSelf: () => s.kl(d, d), klToLogits: () => s.kl(d, new s.Bernoulli({ logits: [-Infinity, 0, 30] })), klFromProbs: () => s.kl(new s.Bernoulli({ probs: [0, 0.3, 1] }), d) }); }, [0, 1].map((p) => ({ seed: 2, shape: [5], offset: 0, p }))),
  op("Categorical/logits", fc.record({ seed, n: fc.nat({ max: 300 }), x: matrix(logit) }), (s, c) => categoricalMembers(s, new s.Categorical({ logits: T(s, c.x) }), c)),
  op("Categorical/probs", fc.record({ seed, n: fc.nat({ max: 50 }), p: probabilityMatrix() }), (s, c) => categoricalMembers(s, new s.Categorical({ probs: T(s, c.p, "float64") }), c)),
  op("Categorical/masked", fc.record({ seed, n: fc.nat({ max: 50 }), x: tensorData(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 12 })), fc.oneof({ weight: 2, arbitrary: logit }, { weight: 1, arbitrary: fc.constant(-Infinity) })) }), (s, c) => { const d = new s.Categorical({ logits: T(s, c.x, "float64") }); return [categoricalMembers(s, d, c), ["inverse-cdf", "alias", "gumbel"].map((method) => s.categoricalSample(d, s.key(c.seed), [c.n], { method }))]; }, [{ seed: 5, n: 50, x: { shape: [2, 3], data: [0, -Infinity, 1, -Infinity, -Infinity, 2] } }, { seed: 5, n: 3, x: { shape: [1, 2], data: [-Infinity, -Infinity] } }]),
  op("kl", fc.record({ a: location, b: location, sa: sigma, sb: sigma }), (s, c) => [s.kl(new s.Normal(c.a, c.sa), new s.Normal(c.b, c.sb)), s.kl(new s.Laplace(c.a, c.sa), new s.Laplace(c.b, c.sb)), s.kl(new s.Exponential(c.sa), new s.Exponential(c.sb))]),
  op("klMonteCarlo", fc.record({ seed, a: moderate, sa: sigma }), (s, c) => s.klMonteCarlo(new s.Normal(c.a, c.sa), new s.Normal(0, 1), s.key(c.seed), 64)),
  // on a private subclass: registering Uniform ‖ Normal itself would change kl() for every later caller
  op("registerKL", fc.record({ a: moderate }), (s, c) => { const U = privateUniform(s); s.registerKL(U, s.Normal, (p) => s.tensor(p.low, [], "float64")); return [s.kl(new U(c.a, c.a + 1), new s.Normal(0, 1)), attempt(() => s.kl(new s.Uniform(c.a, c.a + 1), new s.Normal(0, 1)))]; }),

  op("Gamma", params({ a: withInvalid(fc.double({ min: 1e-3, max: 1e3, noNaN: true })), r: GAMMA_RATE, x: moderate }), (s, c) => { const d = new s.Gamma(c.a, c.r); return members(s, d, { ...c, x: [c.x, -1, 0, 0.5, 2] }, { klStandard: () => s.kl(d, new s.Gamma(1, 1)), klSwapped: () => s.kl(d, new s.Gamma(c.r, c.a)) }); }, CONCENTRATIONS.map((a) => ({ seed: 4, shape: [5], offset: 0, a, r: 1, x: 1 }))),
  op("Beta", params({ a: withInvalid(fc.double({ min: 1e-3, max: 1e3, noNaN: true })), b: fc.double({ min: 1e-3, max: 1e3, noNaN: true }), x: fc.double({ min: 0, max: 1, noNaN: true }) }), (s, c) => { const d = new s.Beta(c.a, c.b); return members(s, d, { ...c, x: [c.x, 0, 1, -0.5, 1.5] }, { klUniform: () => s.kl(d, new s.Beta(1, 1)), klSwapped: () => s.kl(d, new s.Beta(c.b, c.a)) }); }, CONCENTRATIONS.map((a) => ({ seed: 4, shape: [5], offset: 0, a, b: 2, x: 0.5 }))),
  op("Gamma.icdf", fc.record({ a: withInvalid(fc.double({ min: 1e-3, max: 1e4, noNaN: true })), r: sigma, q: withInvalid(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(-0.5, 1.5, NaN)) }), (s, c) => { const d = new s.Gamma(c.a, c.r); return [d.icdf([c.q, 0, 1e-300, 0.5, 1 - 2 ** -53, 1]), d.icdf(s.tensor([c.q, 0.25]))]; }),
  op("Beta.icdf", fc.record({ a: withInvalid(fc.double({ min: 1e-3, max: 1e3, noNaN: true })), b: fc.double({ min: 1e-3, max: 1e3, noNaN: true }), q: withInvalid(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(-0.5, 1.5, NaN)) }), (s, c) => { const d = new s.Beta(c.a, c.b); return [d.icdf([c.q, 0, 1e-300, 0.5, 1 - 2 ** -53, 1]), d.icdf(s.tensor([c.q, 0.25]))]; }),
  op("Dirichlet", fc.record({ seed, n: fc.nat({ max: 50 }), a: fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 6 }) }), (s, c) => { const d = new s.Dirichlet(c.a); return members(s, d, { seed: c.seed, shape: [c.n], x: (s2, d2) => d2.sample(s2.key(c.seed), [2], { dtype: "float64" }), grad: c.a.map((_, j) => j - 1) }, { klSelf: () => s.kl(d, d), klReversed: () => s.kl(d, new s.Dirichlet(c.a.slice().reverse())) }); }, [[5e-324, 1, 2], [1e-30, 1e-3, 1e6], [1e8, 1, 1e-300]].map((a) => ({ seed: 6, n: 4, a }))),
  op("MultivariateNormal/covariance", fc.record({ seed, n: fc.nat({ max: 50 }), a: fc.oneof({ weight: 4, arbitrary: spdMatrix }, { weight: 1, arbitrary: squareMatrix() }) }), (s, c) => mvnMembers(s, c, new s.MultivariateNormal(new Array(c.a.n).fill(0.5), { covarianceMatrix: M(s, c.a.data, c.a.n, c.a.n) }))),
  op("MultivariateNormal/precision", fc.record({ seed, n: fc.nat({ max: 50 }), a: fc.oneof({ weight: 4, arbitrary: spdMatrix }, { weight: 1, arbitrary: squareMatrix() }) }), (s, c) => mvnMembers(s, c, new s.MultivariateNormal(new Array(c.a.n).fill(0.5), { precisionMatrix: M(s, c.a.data, c.a.n, c.a.n) }))),
  op("MultivariateNormal/scaleTril", fc.record({ seed, n: fc.nat({ max: 50 }), a: squareMatrix().map(({ n, data }) => ({ n, data: data.map((v, idx) => (idx % n > (idx - (idx % n)) / n ? 0 : idx % n === (idx - (idx % n)) / n ? (v < 0 ? -v : v) + 0.5 : v)) })) }), (s, c) => mvnMembers(s, c, new s.MultivariateNormal(new Array(c.a.n).fill(0.5), { scaleTril: M(s, c.a.data, c.a.n, c.a.n) }))),
  op("categoricalSample", fc.record({ seed, n: fc.nat({ max: 300 }), x: matrix(logit) }), (s, c) => { const d = new s.Categorical({ logits: T(s, c.x) }); return ["inverse-cdf", "alias", "gumbel"].map((method) => s.categoricalSample(d, s.key(c.seed), [c.n], { method })); }),
  op("AliasTable", fc.record({ seed, n: fc.nat({ max: 300 }), x: matrix(logit) }), (s, c) => { const t = new s.AliasTable(new s.Categorical({ logits: T(s, c.x) })); return [t.prob, t.alias, t.batchShape, t.numCategories, t.sample(s.key(c.seed), [c.n]), s.AliasTable.from(new s.Categorical({ logits: T(s, c.x) })).alias]; }),
  op("poisson", params({ rate: fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constantFrom(-1, NaN)) }), (s, c) => s.poisson(s.key(c.seed), c.shape, c.rate)),
  op("binomial", params({ n: fc.oneof(fc.nat({ max: 10000 }), fc.constantFrom(-1, 0.5)), p: fc.double({ min: 0, max: 1, noNaN: true }) }), (s, c) => s.binomial(s.key(c.seed), c.shape, c.n, c.p, { dtype: "float64" })),

  ...tensorOperations,
  ...activationOperations,
  ...linalgGradientOperations,
  ...distributionGradientOperations,
  // Optimizers (docs/optim.md): a few fixed-key steps on parameters and gradients drawn from the case's key;
  // the result is the parameters after the steps (same bits in every runtime and build), or the error.
  op("SGD", optimCase({ momentum: fc.constantFrom(0, 0.9), nesterov: fc.boolean(), weightDecay: fc.constantFrom(0, 0.01) }), (s, c) => optimSteps(s, c, (p) => new s.SGD(p, { lr: c.lr, momentum: c.momentum, nesterov: c.nesterov && c.momentum > 0, weightDecay: c.weightDecay }))),
  op("Adam", optimCase({ amsgrad: fc.boolean(), weightDecay: fc.constantFrom(0, 0.1) }), (s, c) => optimSteps(s, c, (p) => new s.Adam(p, { lr: c.lr, amsgrad: c.amsgrad, weightDecay: c.weightDecay }))),
  op("AdamW", optimCase({ amsgrad: fc.boolean() }), (s, c) => optimSteps(s, c, (p) => new s.AdamW(p, { lr: c.lr, amsgrad: c.amsgrad }))),
  op("RMSprop", optimCase({ centered: fc.boolean(), momentum: fc.constantFrom(0, 0.5) }), (s, c) => optimSteps(s, c, (p) => new s.RMSprop(p, { lr: c.lr, centered: c.centered, momentum: c.momentum }))),
  op("Adagrad", optimCase({ lrDecay: fc.constantFrom(0, 0.01) }), (s, c) => optimSteps(s, c, (p) => new s.Adagrad(p, { lr: c.lr, lrDecay: c.lrDecay }))),
  op("NoisySGD", optimCase({ kind: fc.constantFrom("annealed", "isotropic", "diagonal", "full", "lowRank", "hessian", "empirical") }), (s, c) => optimSteps(s, c, (p) => new s.NoisySGD(p, { lr: c.lr, key: s.foldIn(s.key(c.seed), 101), noise: noiseOf(s, c) }))),
  op("SGLD", optimCase({ gamma: fc.constantFrom(0, 0.55) }), (s, c) => optimSteps(s, c, (p) => new s.SGLD(p, { key: s.foldIn(s.key(c.seed), 102), a: c.lr, gamma: c.gamma }))),
  op("PSGLD", optimCase({ alpha: fc.constantFrom(0.9, 0.99) }), (s, c) => optimSteps(s, c, (p) => new s.PSGLD(p, { key: s.foldIn(s.key(c.seed), 103), a: c.lr, alpha: c.alpha }))),
  op("schedules", fc.record({ lr: fc.double({ min: 1e-4, max: 1, noNaN: true }), g: fc.double({ min: 0.1, max: 0.99, noNaN: true }), t: fc.integer({ min: 2, max: 40 }) }), (s, c) => {
    const range = (f) => Array.from({ length: c.t + 1 }, (_, t) => attempt(() => f(t)));
    const one = s.oneCycleSchedule({ maxLr: c.lr, totalSteps: c.t });
    const p = s.tensor([0], [1], "float64");
    const opt = new s.SGD([p], { lr: c.lr, momentum: 0.9 });
    const sched = new s.LRScheduler(opt, one.lr, one.momentum);
    const seen = [];
    for (let t = 0; t < c.t; t++) { seen.push(opt.lr, opt.options.momentum); if (t < c.t - 1) sched.step(); }
    const linear = s.oneCycleSchedule({ maxLr: c.lr, totalSteps: c.t, annealStrategy: "linear", threePhase: true });
    opt.dispose();
    return [range(s.stepSchedule(c.lr, { stepSize: 3, gamma: c.g })), range(s.multiStepSchedule(c.lr, { milestones: [1, 4, 9], gamma: c.g })), range(s.exponentialSchedule(c.lr, { gamma: c.g })),
      range(s.cosineSchedule(c.lr, { tMax: c.t, etaMin: c.lr * c.g / 10 })), range(s.warmupCosineSchedule(c.lr, { warmupSteps: 1, totalSteps: c.t, startFactor: c.g })), range(one.lr), range(one.momentum), range(linear.lr), range(linear.momentum), seen];
  }),
  op("clipping", optimCase({ maxNorm: withInvalid(fc.double({ min: 1e-3, max: 10, noNaN: true }), fc.constantFrom(-1, NaN)) }), (s, c) => { const g = optimTree(s, c, 1); return [s.globalNorm(g), s.globalNorm(g, 1), s.globalNorm(g, Infinity), attempt(() => s.clipGradNorm(g, c.maxNorm)), g, attempt(() => s.clipGradNorm(g, c.maxNorm, Infinity)), g, attempt(() => s.clipGradValue(g, c.maxNorm / 3)), g]; }),
  op("transforms", optimCase({ decay: fc.constantFrom(0, 0.9) }), (s, c) => {
    const params = optimTree(s, c, 0);
    const tx = s.chain(s.clipByGlobalNorm(1), s.clip(0.5), s.addDecayedWeights(0.01), s.trace({ decay: c.decay }), s.scaleByAdam(), s.addNoise({ key: s.foldIn(s.key(c.seed), 104), eta: 0.01 }),
      s.addGaussianNoise({ key: s.foldIn(s.key(c.seed), 105), noise: { kind: "isotropic", variance: 1e-4 } }), s.scaleBySchedule((t) => 1 / (t + 1)), s.scale(-c.lr));
    let state = tx.init(params);
    for (let t = 0; t < 3; t++) { const [u, next] = tx.update(optimTree(s, c, t + 1), state, params); state = next; s.applyUpdates(params, u); s.disposeTree(u); }
    s.disposeState(state);
    return [params, s.flattenTree(params).names];
  }),
  op("lanczos", fc.record({ seed, n: fc.integer({ min: 1, max: 12 }), k: fc.integer({ min: 1, max: 4 }) }), (s, c) => {
    const a = s.normal(s.key(c.seed), [c.n, c.n], { dtype: "float64" });
    const h = s.matmul(a, a, { transposeB: true });
    return s.lanczos((v) => s.matmul(h, v.reshape([c.n, 1])).reshape([c.n]), { dim: c.n, k: c.k, key: s.foldIn(s.key(c.seed), 101) });
  }),
  op("safetensors", optimCase({}), (s, c) => {
    const p = optimTree(s, c, 0);
    const bytes = s.saveSafetensors({ w: p.w, b: p.layers[0], i: s.tensor(new Int32Array([1, -2]), [2], "int32") }, { step: String(c.seed) });
    const json = s.tensorsToJSON({ w: p.w }, { k: "v" });
    const opt = new s.Adam(p, { lr: c.lr });
    opt.step(optimTree(s, c, 1));
    const sd = opt.stateDict();
    const back = [s.optimizerStateFromSafetensors(s.optimizerStateToSafetensors(sd)), s.optimizerStateFromJSON(s.optimizerStateToJSON(sd))];
    opt.dispose();
    return [bytes, s.loadSafetensors(bytes), json, s.tensorsFromJSON(json), back.map((b) => [b.kind, b.step, b.state])];
  }),
  // Data: IDX files, image sets, permutations, scaling and batches (sdk/data/)
  op("parseIdx", fc.record({ type: fc.constantFrom(8, 9, 11, 12, 13, 14), shape: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }), data: fc.array(fc.integer({ min: -128, max: 127 }), { minLength: 1, maxLength: 8 }), cut: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 9 }) }) }), (s, c) => { const r = s.parseIdx(idxBytes(c.type, c.shape, c.data, c.cut), "case.idx"); return [r.type, r.shape, r.data]; }, [{ type: 8, shape: [2, 2], data: [1], cut: 20 }]),
  op("imageSet+imageSetFromIdx", fc.record({ n: fc.integer({ min: 0, max: 6 }), h: fc.integer({ min: 1, max: 4 }), w: fc.integer({ min: 1, max: 4 }), label: fc.integer({ min: 0, max: 11 }) }), (s, c) => { const a = s.imageSet("set", new Uint8Array(c.n * c.h * c.w).fill(c.label), new Uint8Array(c.n).fill(c.label), { height: c.h, width: c.w }); const b = s.imageSetFromIdx("idx", idxBytes(8, [c.n, c.h, c.w], [c.label]), idxBytes(8, [c.n], [c.label])); return [a.count, a.height, a.width, a.images, b.count, b.images, b.labels]; }),
  op("permutation", fc.record({ seed, n: withInvalid(length(5000), fc.constantFrom(-1, 0.5, 2 ** 31)) }), (s, c) => s.permutation(s.key(c.seed), c.n), [0, 1, 2, 16, 17, 60000].map((n) => ({ seed: 3, n }))),
  op("pixelsToFloat32", fc.record({ n: length(100), mean: fc.oneof(fc.constant(0), fc.constant(0.1307), moderate), std: withInvalid(fc.oneof(fc.constant(1), fc.constant(0.3081), sigma)) }).chain((c) => pixelData(c.n).map((px) => ({ ...c, px }))), (s, c) => s.pixelsToFloat32(Uint8Array.from(c.px), [c.n], { mean: c.mean, std: c.std })),
  op("batches+batchCount", fc.record({ seed, n: fc.integer({ min: 0, max: 40 }), batchSize: withInvalid(fc.integer({ min: 1, max: 16 }), fc.constantFrom(0, 2.5)), dropLast: fc.boolean(), shuffle: fc.boolean() }), (s, c) => [s.batchCount(c.n, 4, c.dropLast), [...s.batches(toySet(s, c.n), { batchSize: c.batchSize, dropLast: c.dropLast, key: c.shuffle ? s.key(c.seed) : undefined, mean: 0.1307, std: 0.3081 })].map((b) => [b.x, b.y, b.indices, b.index])]),
  op("mnistFromIdx+sha256Hex", fc.record({ n: fc.integer({ min: 0, max: 3 }), label: fc.integer({ min: 0, max: 10 }), verify: fc.boolean() }), async (s, c) => { const files = { trainImages: idxBytes(8, [c.n, 28, 28], [c.label]), trainLabels: idxBytes(8, [c.n], [c.label]), testImages: idxBytes(8, [1, 28, 28], [7]), testLabels: idxBytes(8, [1], [7]) }; const digest = await s.sha256Hex(files.trainLabels); try { const m = await s.mnistFromIdx(files, { verify: c.verify }); return [digest, m.train.images, m.train.labels, m.test.count, m.digests]; } catch (err) { return [digest, `error ${err.name}: ${err.message}`]; } }),
  op("rotate90+invertImages", fc.record({ n: fc.integer({ min: 0, max: 4 }), h: fc.integer({ min: 1, max: 5 }), w: fc.integer({ min: 1, max: 5 }) }), (s, c) => { const set = toySet(s, c.n, c.h, c.w); const r = s.rotate90(set); const v = s.invertImages(set); return [r.images, r.height, r.width, r.name, v.images, v.labels]; }),
  op("gaussianNoiseImages+uniformNoiseImages", fc.record({ seed, n: withInvalid(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-1, 0.5)), mean: fc.oneof(fc.constant(0.1307), moderate), std: withInvalid(fc.oneof(fc.constant(0.3081), sigma)) }), (s, c) => [s.gaussianNoiseImages(s.key(c.seed), c.n, { mean: c.mean, std: c.std, height: 3, width: 4 }).images, s.uniformNoiseImages(s.key(c.seed), c.n, { height: 4, width: 3 }).images]),

  // Training loop (sdk/training/): history and progress of a linear classifier; times left out
  op("fit+evaluate", fitCase, async (s, c) => { const set = toySet(s, c.n); const t = linearTrainer(s, s.key(c.seed), 6, 3); const events = []; try { const h = await s.fit(t, set, { epochs: c.epochs, batchSize: c.batchSize, key: s.foldIn(s.key(c.seed), 1), validation: c.validation ? set : undefined, onProgress: (e) => events.push(STEP_FIELDS(e)), mean: 0.5, std: 0.25 }); const ev = await s.evaluate(t, set, { batchSize: 7, mean: 0.5, std: 0.25 }); return [h.epochs.map((e) => [e.epoch, e.loss, e.accuracy, e.validationLoss, e.validationAccuracy, e.steps, e.examples]), ev, events]; } finally { t.done(); } }),
  op("progressReporter", fc.record({ tty: fc.boolean(), quiet: fc.boolean(), step: fc.integer({ min: 1, max: 50 }), loss: moderate }), (s, c) => { let text = ""; const report = s.progressReporter({ write: (x) => { text += x; }, tty: c.tty, quiet: c.quiet, interval: 0 }); report({ type: "epochStart", epoch: 0, epochs: 2, steps: 50 }); report({ type: "step", epoch: 0, epochs: 2, step: c.step, steps: 50, examples: 64 * c.step, loss: c.loss, accuracy: 0.5, elapsed: 1.5, rate: 1234.5, eta: 61 }); report({ type: "epochEnd", epoch: 0, epochs: 2, rate: 2e4, record: { epoch: 0, loss: c.loss, accuracy: 0.25, validationLoss: 1, validationAccuracy: 0.5, steps: 50, examples: 3200, seconds: 3725 } }); return text; }),

  // Uncertainty statistics (sdk/stats/)
  op("uncertaintyDecomposition", fc.record({ m: memberCase, dtype }), (s, c) => s.uncertaintyDecomposition(stacked(s, c.m, c.dtype)), [{ m: { s: 2, shape: [1, 2], data: [1, 0, 0, 1], labels: [0] }, dtype: "float64" }]),
  op("auroc", fc.record({ pos: fc.array(fc.oneof(moderate, fc.constantFrom(0, 1)), { maxLength: 30 }), neg: fc.array(fc.oneof(moderate, fc.constantFrom(0, 1)), { maxLength: 30 }) }), (s, c) => s.auroc(c.pos, c.neg), [{ pos: [1, NaN], neg: [0] }]),
  op("expectedCalibrationError", fc.record({ conf: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 0, maxLength: 40 }), bins: withInvalid(fc.constantFrom(15, 1, 10), fc.constantFrom(0, 2.5)) }), (s, c) => s.expectedCalibrationError(c.conf, c.conf.map((p, i) => (i % 3 === 0) === (p > 0.5)), { bins: c.bins }), [{ conf: [1 / 15, 2 / 15, 1, 0], bins: 15 }]),
  op("classificationMetrics", memberCase, (s, c) => (c.shape[0] === 0 ? "empty" : s.classificationMetrics(s.tensor(c.data.slice(0, c.shape[0] * c.shape[1]), c.shape, "float64"), c.labels))),
  op("uncertaintyReport", memberCase.chain((a) => fc.integer({ min: 0, max: 12 }).chain((n) => fc.array(probabilityMatrix(fc.constant([n, a.shape[1]])), { minLength: a.s, maxLength: a.s }).map((ms) => ({ a, b: { s: a.s, shape: [n, a.shape[1]], data: ms.flatMap((m) => m.data) } })))), (s, c) => { const r = s.uncertaintyReport({ name: "in", probs: stacked(s, c.a), labels: c.a.labels }, [{ name: "out", probs: stacked(s, c.b) }]); return [r.sets, r.scores, r.ensemble, r.members]; }),
  op("histogramSvg+terminalHistogram", fc.record({ a: fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { maxLength: 40 }), b: fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { maxLength: 40 }), bins: withInvalid(fc.integer({ min: 1, max: 30 }), fc.constantFrom(0, 1.5)) }), (s, c) => { const series = [{ name: "in <a&b>", values: c.a }, { name: "out", values: c.b }]; return [s.histogramSvg(series, { bins: c.bins, max: 3 }), s.terminalHistogram(series, { bins: c.bins })]; }),

  ...nnOperations,
  ...trainingOperations,
  ...statsOperations,

  // Kernels: add one line per public operation here (see docs/reproducibility.md, "Adding an operation").
];

// Optimizer cases: a seed, a size, a dtype, a learning rate (an invalid one in about one case in six) and extras.
function optimCase(extra) {
  return fc.record({ seed, n: fc.integer({ min: 1, max: 37 }), dtype, lr: withInvalid(fc.double({ min: 1e-4, max: 0.5, noNaN: true }), fc.constantFrom(-1, NaN)), ...extra });
}
// A parameter-shaped tree { w: [n], layers: [[3, 2]] } drawn from the case's key folded with `which`.
function optimTree(s, c, which) {
  const k = s.foldIn(s.key(c.seed), which);
  return { w: s.normal(k, [c.n], { dtype: c.dtype }), layers: [s.normal(s.foldIn(k, 1), [3, 2], { dtype: c.dtype })] };
}
// Three steps of the optimizer `make` builds; the parameters after them (or the error).
function optimSteps(s, c, make) {
  const params = optimTree(s, c, 0);
  return attempt(() => {
    const opt = make(params);
    try {
      for (let t = 1; t <= 3; t++) opt.step(optimTree(s, c, t));
      return [params, opt.stepCount, Object.keys(opt.stateDict().state)];
    } finally {
      opt.dispose();
    }
  });
}
// The NoiseCovariance of kind c.kind over the n + 6 parameters of optimTree.
function noiseOf(s, c) {
  const P = c.n + 6;
  const k = s.foldIn(s.key(c.seed), 99);
  const m = s.normal(k, [P, 2], { dtype: c.dtype });
  switch (c.kind) {
    case "annealed": return { kind: "annealed", eta: 0.5 };
    case "isotropic": return { kind: "isotropic", variance: 0.25 };
    case "diagonal": return { kind: "diagonal", variance: s.abs(s.normal(k, [P], { dtype: c.dtype })) };
    case "full": { const a = s.normal(k, [P, P], { dtype: "float64" }); const cov = s.add(s.matmul(a, a, { transposeB: true }), s.tensor(Array.from({ length: P * P }, (_, i) => (i % (P + 1) === 0 ? 1 : 0)), [P, P], "float64")); return { kind: "full", covariance: c.dtype === "float64" ? cov : s.tensor(cov.toArray(), [P, P], "float32") }; }
    case "lowRank": return { kind: "lowRank", factor: m, diagonal: s.abs(s.normal(s.foldIn(k, 2), [P], { dtype: c.dtype })) };
    case "hessian": return { kind: "hessian", eigenvectors: m, eigenvalues: s.tensor([2, 0.5], [2], c.dtype) };
    default: return { kind: "empirical", perExampleGrads: s.normal(k, [4, P], { dtype: c.dtype }) };
  }
}
