// Every public operation of stochasm, one line each: op(name, arbitrary, run[, examples]).
// `run(s, c)` gets the stochasm namespace and one generated case, and returns what to digest: a Tensor,
// a typed array, a Key, a number, or arrays / plain objects of those. Tensors made inside run() are
// disposed by the battery. An error thrown by run() is digested as its name and message, so invalid
// cases check that every runtime rejects them the same way. See docs/reproducibility.md.
import {
  binaryCase, bmmCase, classification, dataOf, dtype, fc, intBounds, length, linearSystem, location, logit, matmulCase, matrix, moderate, offset, real, rectMatrix,
  probabilityMatrix, reduceCase, reduction, seed, shape, sigma, spdMatrix, squareMatrix, symmetricMatrix, tensorData, u32, value, withInvalid,
} from "./arbitraries.mjs";

/** One battery entry. `examples` are cases that always run first (besides the generated ones). */
export const op = (name, arbitrary, run, examples = []) => ({ name, arbitrary, run, examples });

const draw = { seed, shape, offset };
// A tensor from plain case data `{ shape, data }` (or a number, passed through).
const T = (s, x, dt = "float32") => (typeof x === "number" ? x : s.tensor(x.data, x.shape, dt));
const M = (s, data, rows, cols, dt = "float64") => s.tensor(data, [rows, cols], dt);
const params = (extra) => fc.record({ ...draw, ...extra });
const AWKWARD = [0, 1, 3, 5, 1023].map((n) => ({ seed: 7, shape: [n], offset: 0 }));
const END_OF_STREAM = { seed: 9, shape: [1023], offset: 2 ** 32 - 1023 };

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

  // Softmax and losses (float32)
  op("softmax", fc.record({ x: matrix(logit), temperature: withInvalid(fc.constantFrom(1, 0.5, 3, 1e-3, 1e3)) }), (s, c) => s.softmax(T(s, c.x), { temperature: c.temperature })),
  op("logSoftmax", fc.record({ x: matrix(logit), temperature: withInvalid(fc.constantFrom(1, 0.5, 3, 1e-3, 1e3)) }), (s, c) => s.logSoftmax(T(s, c.x), { temperature: c.temperature })),
  op("entropy", fc.record({ x: matrix(logit), temperature: withInvalid(fc.constantFrom(1, 0.5, 3, 1e-3, 1e3)) }), (s, c) => s.entropy(T(s, c.x), { temperature: c.temperature })),
  op("crossEntropy/labels", fc.record({ c: classification, labelSmoothing: fc.constantFrom(0, 0.1, 1), reduction }), (s, c) => s.crossEntropy(T(s, c.c.logits), c.c.labels, { labelSmoothing: c.labelSmoothing, reduction: c.reduction })),
  op("crossEntropy/soft", fc.record({ c: classification, labelSmoothing: fc.constantFrom(0, 0.1), reduction }), (s, c) => s.crossEntropy(T(s, c.c.logits), T(s, c.c.soft), { labelSmoothing: c.labelSmoothing, reduction: c.reduction })),
  op("binaryCrossEntropyWithLogits", fc.record({ x: matrix(logit), reduction }).chain((c) => dataOf(c.x.data.length, fc.double({ min: 0, max: 1, noNaN: true })).map((t) => ({ ...c, t }))), (s, c) => s.binaryCrossEntropyWithLogits(T(s, c.x), s.tensor(c.t, c.x.shape), { reduction: c.reduction })),
  op("mseLoss", fc.record({ x: withInvalid(matrix(moderate), matrix()), reduction }).chain((c) => dataOf(c.x.data.length, moderate).map((t) => ({ ...c, t }))), (s, c) => s.mseLoss(T(s, c.x), s.tensor(c.t, c.x.shape), { reduction: c.reduction })),
  op("klDivRows", probabilityMatrix().chain((p) => probabilityMatrix(fc.constant(p.shape)).map((q) => ({ p, q }))), (s, c) => s.klDivRows(T(s, c.p), T(s, c.q))),

  // Distributions: every method of each class in one digest (sample, rsample, logProb, cdf, icdf, entropy, moments)
  op("Normal", params({ loc: location, scale: withInvalid(sigma), x: moderate }), (s, c) => { const d = new s.Normal(c.loc, c.scale); return [d.sample(s.key(c.seed), c.shape), d.sample(s.key(c.seed), [3], { dtype: "float64" }), d.rsample(s.key(c.seed), [2]), d.logProb(c.x), d.cdf(c.x), d.icdf(0.3), d.entropy(), d.stddev]; }),
  op("Uniform", params({ low: location, width: withInvalid(sigma), x: moderate }), (s, c) => { const d = new s.Uniform(c.low, c.low + c.width); return [d.sample(s.key(c.seed), c.shape), d.rsample(s.key(c.seed), [2], { dtype: "float64" }), d.logProb(c.x), d.cdf(c.x), d.icdf(0.3), d.entropy(), d.variance]; }),
  op("Exponential", params({ rate: withInvalid(sigma), x: moderate }), (s, c) => { const d = new s.Exponential(c.rate); return [d.sample(s.key(c.seed), c.shape), d.rsample(s.key(c.seed), [2], { dtype: "float64" }), d.logProb(c.x), d.cdf(c.x), d.icdf(0.3), d.entropy()]; }),
  op("Laplace", params({ loc: location, scale: withInvalid(sigma), x: moderate }), (s, c) => { const d = new s.Laplace(c.loc, c.scale); return [d.sample(s.key(c.seed), c.shape), d.rsample(s.key(c.seed), [2], { dtype: "float64" }), d.logProb(c.x), d.cdf(c.x), d.icdf(0.3), d.entropy(), d.stddev]; }),
  op("Bernoulli", params({ l: logit }), (s, c) => { const d = new s.Bernoulli({ logits: c.l }); return [d.sample(s.key(c.seed), c.shape), d.logProb([0, 1, 2]), d.entropy(), d.variance]; }),
  op("Categorical", fc.record({ seed, n: fc.nat({ max: 300 }), x: matrix(logit) }), (s, c) => { const d = new s.Categorical({ logits: T(s, c.x) }); return [d.sample(s.key(c.seed), [c.n]), d.logProb(0), d.entropy(), d.probs]; }),
  op("kl", fc.record({ a: location, b: location, sa: sigma, sb: sigma }), (s, c) => [s.kl(new s.Normal(c.a, c.sa), new s.Normal(c.b, c.sb)), s.kl(new s.Laplace(c.a, c.sa), new s.Laplace(c.b, c.sb)), s.kl(new s.Exponential(c.sa), new s.Exponential(c.sb))]),
  op("klMonteCarlo", fc.record({ seed, a: moderate, sa: sigma }), (s, c) => s.klMonteCarlo(new s.Normal(c.a, c.sa), new s.Normal(0, 1), s.key(c.seed), 64)),
  op("registerKL", fc.record({ a: moderate }), (s, c) => { s.registerKL(s.Uniform, s.Normal, (p) => s.tensor(p.low, [], "float64")); return s.kl(new s.Uniform(c.a, c.a + 1), new s.Normal(0, 1)); }),

  op("Gamma", params({ a: withInvalid(fc.double({ min: 1e-3, max: 1e3, noNaN: true })), r: sigma, x: moderate }), (s, c) => { const d = new s.Gamma(c.a, c.r); return [d.sample(s.key(c.seed), c.shape), d.rsample(s.key(c.seed), [3], { dtype: "float64" }), d.logProb(c.x), d.cdf(c.x), d.entropy(), d.mode]; }),
  op("Beta", params({ a: withInvalid(fc.double({ min: 1e-3, max: 1e3, noNaN: true })), b: fc.double({ min: 1e-3, max: 1e3, noNaN: true }), x: fc.double({ min: 0, max: 1, noNaN: true }) }), (s, c) => { const d = new s.Beta(c.a, c.b); return [d.sample(s.key(c.seed), c.shape), d.rsample(s.key(c.seed), [3], { dtype: "float64" }), d.logProb(c.x), d.cdf(c.x), d.entropy(), s.kl(d, new s.Beta(1, 1))]; }),
  op("Dirichlet", fc.record({ seed, n: fc.nat({ max: 50 }), a: fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 6 }) }), (s, c) => { const d = new s.Dirichlet(c.a); const r = d.rsample(s.key(c.seed), [c.n], { dtype: "float64" }); return [d.sample(s.key(c.seed), [c.n]), r, d.entropy(), d.mode, s.kl(d, d)]; }),
  op("MultivariateNormal", fc.record({ seed, n: fc.nat({ max: 50 }), a: fc.oneof({ weight: 4, arbitrary: spdMatrix }, { weight: 1, arbitrary: squareMatrix() }) }), (s, c) => { const d = new s.MultivariateNormal(new Array(c.a.n).fill(0.5), { covarianceMatrix: M(s, c.a.data, c.a.n, c.a.n) }); return [d.sample(s.key(c.seed), [c.n]), d.rsample(s.key(c.seed), [2], { dtype: "float64" }), d.logProb(new Array(c.a.n).fill(0)), d.entropy(), d.covarianceMatrix, s.kl(d, d)]; }),
  op("categoricalSample", fc.record({ seed, n: fc.nat({ max: 300 }), x: matrix(logit) }), (s, c) => { const d = new s.Categorical({ logits: T(s, c.x) }); return ["inverse-cdf", "alias", "gumbel"].map((method) => s.categoricalSample(d, s.key(c.seed), [c.n], { method })); }),
  op("AliasTable", fc.record({ seed, n: fc.nat({ max: 300 }), x: matrix(logit) }), (s, c) => { const t = new s.AliasTable(new s.Categorical({ logits: T(s, c.x) })); return [t.prob, t.alias, t.sample(s.key(c.seed), [c.n])]; }),
  op("poisson", params({ rate: fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constantFrom(-1, NaN)) }), (s, c) => s.poisson(s.key(c.seed), c.shape, c.rate)),
  op("binomial", params({ n: fc.oneof(fc.nat({ max: 10000 }), fc.constantFrom(-1, 0.5)), p: fc.double({ min: 0, max: 1, noNaN: true }) }), (s, c) => s.binomial(s.key(c.seed), c.shape, c.n, c.p, { dtype: "float64" })),

  // Kernels: add one line per public operation here (see docs/reproducibility.md, "Adding an operation").
];
