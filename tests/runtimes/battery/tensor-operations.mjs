// Battery lines for the tensor ops, the tensor methods and autograd (issue 11): one line per public function.
// Shapes are small N-D ones (rank 0–4, dims 0–5) so broadcasting, views and gradients are exercised at the
// awkward sizes (empty, one element, odd lengths).
import { dataOf, dtype, fc, moderate, value } from "./arbitraries.mjs";

const op = (name, arbitrary, run, examples = []) => ({ name, arbitrary, run, examples });
const T = (s, x, dt = "float32") => s.tensor(x.data, x.shape, dt);
const size = (shape) => shape.reduce((a, b) => a * b, 1);
const ndShape = fc.array(fc.oneof(fc.constantFrom(1, 2, 3), fc.integer({ min: 0, max: 5 })), { minLength: 0, maxLength: 4 });
const nd = (element = value, shapeArb = ndShape) => shapeArb.chain((shape) => dataOf(size(shape), element).map((data) => ({ shape, data })));
// b's shape: a's with some dims set to 1 and some leading dims dropped (always broadcastable), or a random one
const broadcastPair = (element = value) => fc.record({ a: nd(element), mask: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), drop: fc.nat({ max: 4 }), random: fc.boolean() })
  .chain(({ a, mask, drop, random }) => (random ? ndShape : fc.constant(a.shape.map((d, i) => (mask[i] ? 1 : d)).slice(Math.min(drop, a.shape.length))))
    .chain((bShape) => dataOf(size(bShape), element).map((data) => ({ a, b: { shape: bShape, data } }))));
const pair = fc.record({ p: broadcastPair(), dtypes: fc.constantFrom(["float32", "float32"], ["float64", "float64"], ["float32", "float64"], ["int32", "int32"], ["int32", "float32"]) });
const ints = (c, i) => (c.dtypes[i] === "int32" ? { ...c.p[i ? "b" : "a"], data: c.p[i ? "b" : "a"].data.map((v) => (Number.isFinite(v) ? Math.trunc(v) % 1000 : 7)) } : c.p[i ? "b" : "a"]);
const A = (s, c) => T(s, ints(c, 0), c.dtypes[0]), B = (s, c) => T(s, ints(c, 1), c.dtypes[1]);
const unaryCase = fc.record({ x: nd(), dtype });
const dimOf = (x, pick) => (x.shape.length === 0 ? 0 : (pick % (2 * x.shape.length)) - x.shape.length);
const withDim = fc.record({ x: nd(), dtype, pick: fc.nat({ max: 7 }) });
const matmulNd = fc.record({ batchA: fc.constantFrom([], [2], [1, 3], [2, 1]), batchB: fc.constantFrom([], [3], [2, 3], [1]), m: fc.integer({ min: 0, max: 4 }), k: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 0, max: 4 }), vecA: fc.boolean(), vecB: fc.boolean(), dtype })
  .chain((c) => {
    const aShape = c.vecA ? [c.k] : [...c.batchA, c.m, c.k], bShape = c.vecB ? [c.k] : [...c.batchB, c.k, c.n];
    return fc.record({ a: dataOf(size(aShape), moderate), b: dataOf(size(bShape), moderate) }).map(({ a, b }) => ({ ...c, a: { shape: aShape, data: a }, b: { shape: bShape, data: b } }));
  });
// a scalar loss through a chain of differentiable ops; digests the value and every gradient
const chain = (s, x, w) => s.sum(s.mul(s.exp(s.mul(s.clamp(x, -3, 3), 0.5)), s.sub(w, s.mean(x, { dim: -1, keepdim: true }))));
const attempt = (f) => { try { return f(); } catch (err) { return `error ${err?.name}: ${err?.message}`; } };
const gradCase = fc.record({ x: nd(moderate, fc.constantFrom([3], [2, 3], [1, 4], [2, 2, 2])), dtype });

export const tensorOperations = [
  op("add/broadcast", pair, (s, c) => s.add(A(s, c), B(s, c))), op("sub/broadcast", pair, (s, c) => s.sub(A(s, c), B(s, c))), op("mul/broadcast", pair, (s, c) => s.mul(A(s, c), B(s, c))),
  op("div/broadcast", pair, (s, c) => s.div(A(s, c), B(s, c))), op("maximum/broadcast", pair, (s, c) => s.maximum(A(s, c), B(s, c))), op("minimum/broadcast", pair, (s, c) => s.minimum(A(s, c), B(s, c))),
  op("eq/broadcast", pair, (s, c) => s.eq(A(s, c), B(s, c))), op("ne/broadcast", pair, (s, c) => s.ne(A(s, c), B(s, c))), op("lt/broadcast", pair, (s, c) => s.lt(A(s, c), B(s, c))),
  op("le/broadcast", pair, (s, c) => s.le(A(s, c), B(s, c))), op("gt/broadcast", pair, (s, c) => s.gt(A(s, c), B(s, c))), op("ge/broadcast", pair, (s, c) => s.ge(A(s, c), B(s, c))),
  op("where", fc.record({ p: broadcastPair(), c: broadcastPair(fc.constantFrom(0, 1)), dtype }), (s, c) => s.where(s.tensor(c.c.a.data, c.c.a.shape, "int32"), T(s, c.p.a, c.dtype), T(s, c.p.b, c.dtype))),
  op("neg", unaryCase, (s, c) => s.neg(T(s, c.x, c.dtype))), op("square", unaryCase, (s, c) => s.square(T(s, c.x, c.dtype))),
  op("to", fc.record({ x: nd(), from: dtype, to: fc.constantFrom("float32", "float64", "int32") }), (s, c) => s.to(T(s, c.x, c.from), c.to)),
  op("reshape+flatten+squeeze+unsqueeze", fc.record({ x: nd(), dtype }), (s, c) => { const x = T(s, c.x, c.dtype); return [s.reshape(x, [-1]), s.flatten(x), s.squeeze(x), s.unsqueeze(x, 0), s.unsqueeze(x, -1)]; }),
  op("transpose+permute", fc.record({ x: nd(), dtype }), (s, c) => { const x = T(s, c.x, c.dtype); const r = c.x.shape.length; return [s.transpose(x), s.permute(x, Array.from({ length: r }, (_, i) => r - 1 - i))]; }),
  op("expand", fc.record({ x: nd(value, fc.constantFrom([1], [3, 1], [1, 2, 1], [])), dtype, lead: fc.integer({ min: 0, max: 3 }) }), (s, c) => s.expand(T(s, c.x, c.dtype), [c.lead, ...c.x.shape.map((d) => (d === 1 ? 3 : d))])),
  op("clone", fc.record({ x: nd(), dtype }), (s, c) => s.clone(T(s, c.x, c.dtype))),
  op("narrow+splitTensor+chunk", withDim.filter((c) => c.x.shape.length > 0), (s, c) => { const x = T(s, c.x, c.dtype); const d = dimOf(c.x, c.pick); const n = x.shape[d < 0 ? d + x.shape.length : d]; return [s.narrow(x, d, 0, Math.min(n, 1)), s.splitTensor(x, 2, d), s.chunk(x, 3, d)]; }),
  op("slice", fc.record({ x: nd(value, fc.constantFrom([5], [3, 4], [2, 0])), dtype, a: fc.integer({ min: -6, max: 6 }), b: fc.integer({ min: -6, max: 6 }) }), (s, c) => [s.slice(T(s, c.x, c.dtype), 0, c.a, c.b), s.slice(T(s, c.x, c.dtype), -1, c.a)]),
  op("flip", withDim, (s, c) => s.flip(T(s, c.x, c.dtype), c.x.shape.length ? [dimOf(c.x, c.pick)] : [])),
  op("concat+stack", fc.record({ x: nd(), dtype }), (s, c) => { const x = T(s, c.x, c.dtype); return [s.concat([x, x], 0), s.stack([x, x, x], -1)]; }),
  op("indexSelect+take", fc.record({ x: nd(value, fc.constantFrom([4], [3, 2], [2, 5, 1])), dtype, idx: fc.array(fc.nat({ max: 1 }), { maxLength: 6 }) }), (s, c) => { const x = T(s, c.x, c.dtype); return [s.indexSelect(x, 0, c.idx), s.take(x, c.idx.map((i) => i * 2))]; }),
  op("gather+scatterAdd", fc.record({ x: nd(moderate, fc.constantFrom([3, 4], [2, 3])), dtype, seed: fc.nat({ max: 1000 }) }), (s, c) => { const x = T(s, c.x, c.dtype); const [r, k] = c.x.shape; const idx = s.tensor(Array.from({ length: r * 2 }, (_, i) => (i * 7 + c.seed) % k), [r, 2], "int32"); return [s.gather(x, 1, idx), s.scatterAdd(x, 1, idx, s.ones([r, 2], c.dtype))]; }),
  op("diag+tril+triu+outer", fc.record({ x: nd(value, fc.constantFrom([3, 3], [2, 4], [0, 2])), dtype, k: fc.integer({ min: -2, max: 2 }) }), (s, c) => { const x = T(s, c.x, c.dtype); return [s.diag(x), s.diag(s.diag(x)), s.tril(x, c.k), s.triu(x, c.k), s.outer(s.diag(x), s.diag(x))]; }),
  op("zerosLike+onesLike+fullLike+ones", fc.record({ x: nd(), dtype, v: value }), (s, c) => { const x = T(s, c.x, c.dtype); return [s.zerosLike(x), s.onesLike(x), s.fullLike(x, c.v), s.ones(c.x.shape, c.dtype)]; }),
  op("arange+linspace+eye", fc.record({ a: fc.integer({ min: -20, max: 20 }), b: fc.integer({ min: -20, max: 20 }), step: fc.constantFrom(1, 2, -1, 0.5, 0.1, 0), n: fc.integer({ min: 0, max: 7 }) }), (s, c) => [s.arange(c.a, c.b, c.step), s.linspace(c.a, c.b, c.n), s.eye(c.n), s.eye(c.n, 2, "float64")]),
  op("std+argmin+logsumexp+prod", withDim, (s, c) => { const x = T(s, c.x, c.dtype); const d = c.x.shape.length ? dimOf(c.x, c.pick) : undefined; return [s.std(x, { dim: d }), s.argmin(x, { dim: d }), s.logsumexp(x, { dim: d, keepdim: true }), s.prod(x, { dim: d })]; }),
  op("matmul/nd", matmulNd, (s, c) => s.matmul(T(s, c.a, c.dtype), T(s, c.b, c.dtype))),
  op("methods+toString", fc.record({ x: nd(), dtype }), (s, c) => { const x = T(s, c.x, c.dtype); return [x.add(1).mul(x).sum().toString(), x.T.flatten().toString(), x.toString()]; }),
  op("grad+valueAndGrad", gradCase, (s, c) => { const x = T(s, c.x, c.dtype); const w = s.ones([c.x.shape.at(-1)], c.dtype); return [s.valueAndGrad((p) => chain(s, p.x, p.w))({ x, w }), s.grad((p) => s.logsumexp(s.matmul(p, p.T)))(x)]; }),
  op("select", withDim.filter((c) => c.x.shape.length > 0), (s, c) => { const x = T(s, c.x, c.dtype); const d = dimOf(c.x, c.pick); const n = x.shape[d < 0 ? d + x.shape.length : d]; return [s.select(x, d, c.pick % Math.max(n, 1)), s.select(x, d, -1), s.grad((v) => s.sum(s.select(v, d, -1)))(x)]; }),
  op("isclose+allclose", fc.record({ p: pair, rtol: fc.constantFrom(undefined, 0, 1e-3), equalNan: fc.boolean() }), (s, c) => { const a = A(s, c.p), b = B(s, c.p); return [s.isclose(a, b, { rtol: c.rtol, equalNan: c.equalNan }), s.allclose(a, b, { rtol: c.rtol, atol: 1e-6 }), s.allclose(a, a)]; }),
  op("add+sub+mul+div/number first", unaryCase, (s, c) => { const x = T(s, c.x, c.dtype); return [s.add(0.5, x), s.sub(1, x), s.mul(3, x), s.div(2, x), s.grad((v) => s.sum(s.div(1, s.sub(2, v))))(x)]; }),
  op("methods/select+diag+diagonal+norm", fc.record({ x: nd(value, fc.constantFrom([3, 3], [2, 4], [1, 1])), dtype }), (s, c) => { const x = T(s, c.x, c.dtype); return [x.select(0, 0), x.select(1, -1), x.diag(), x.diagonal(), x.norm(), x.norm({ ord: 1, dim: 0 }), x.isclose(x), x.allclose(x)]; }),
  op("jacobian+hessian/extra arguments", gradCase, (s, c) => { const x = T(s, c.x, c.dtype).flatten(); const w = s.onesLike(x); return [s.jacobian((v, u) => s.relu(s.mul(v, u)))(x, w), s.hessian((v, u) => s.sum(s.mul(s.square(v), u)))(x, w)]; }),
  op("vjp+jacobian+hessian+stopGradient", gradCase, (s, c) => { const x = T(s, c.x, c.dtype).flatten(); return [s.vjp((v) => s.mul(v, v.exp()), x, s.onesLike(x)), s.jacobian((v) => s.div(v, s.sum(s.square(v))))(x), s.hessian((v) => s.sum(s.mul(s.square(v), s.stopGradient(v))))(x)]; }),
  // power iteration through the vjp of a vjp (tanh ∘ linear, and ReLU so relu's backward is differentiated in g); errors for a bad iteration count
  op("jacobianSpectralNorm+perExampleJacobianSpectralNorm", fc.record({ x: nd(moderate, fc.constantFrom([3], [2, 3], [1, 4], [2, 2, 2])), dtype, iterations: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(0, 2.5)), tolerance: fc.constantFrom(0, 1e-6, 1e-3) }), (s, c) => {
    const x = T(s, c.x, c.dtype), rows = c.x.shape[0], cols = x.size / rows;
    const w = s.reshape(s.arange(0, cols * 3, 1, c.dtype), [cols, 3]).mul(0.1).sub(0.4);
    const f = (v) => s.tanh(s.relu(s.matmul(s.reshape(v, [v.shape[0], cols]), w)));
    const opts = { key: s.key(c.iterations + 1), iterations: c.iterations, tolerance: c.tolerance };
    const one = attempt(() => { const r = s.jacobianSpectralNorm((v) => s.tanh(s.mul(v, v)), x, opts); return [r.norm, r.iterations, r.converged]; });
    const each = attempt(() => { const r = s.perExampleJacobianSpectralNorm(f, x, opts); return [r.norms, r.iterations, r.converged, r.unconverged]; });
    return [one, each];
  }),
];

// Activations and pointwise maps, forward and gradient (the fused backward kernels), both dtypes
const act = (name, run) => op(name, fc.record({ x: nd(), dtype }), run);
export const activationOperations = [
  act("relu", (s, c) => [s.relu(T(s, c.x, c.dtype)), s.grad((x) => s.sum(s.relu(x)))(T(s, c.x, c.dtype))]),
  act("leakyRelu", (s, c) => [s.leakyRelu(T(s, c.x, c.dtype), 0.2), s.grad((x) => s.sum(s.leakyRelu(x)))(T(s, c.x, c.dtype))]),
  act("elu", (s, c) => [s.elu(T(s, c.x, c.dtype), 0.5), s.grad((x) => s.sum(s.elu(x)))(T(s, c.x, c.dtype))]),
  act("gelu", (s, c) => [s.gelu(T(s, c.x, c.dtype)), s.gelu(T(s, c.x, c.dtype), { approximate: "tanh" }), s.grad((x) => s.sum(s.gelu(x)))(T(s, c.x, c.dtype))]),
  act("sigmoid", (s, c) => [s.sigmoid(T(s, c.x, c.dtype)), s.grad((x) => s.sum(s.sigmoid(x)))(T(s, c.x, c.dtype))]),
  act("tanh", (s, c) => [s.tanh(T(s, c.x, c.dtype)), s.grad((x) => s.sum(s.tanh(x)))(T(s, c.x, c.dtype))]),
  act("softplus", (s, c) => [s.softplus(T(s, c.x, c.dtype), { beta: 2 }), s.grad((x) => s.sum(s.softplus(x)))(T(s, c.x, c.dtype))]),
  act("silu", (s, c) => [s.silu(T(s, c.x, c.dtype)), s.grad((x) => s.sum(s.silu(x)))(T(s, c.x, c.dtype))]),
  act("logSigmoid", (s, c) => [s.logSigmoid(T(s, c.x, c.dtype)), s.grad((x) => s.sum(s.logSigmoid(x)))(T(s, c.x, c.dtype))]),
  act("sin+cos", (s, c) => [s.sin(T(s, c.x, c.dtype)), s.cos(T(s, c.x, c.dtype)), s.grad((x) => s.sum(s.sin(x)))(T(s, c.x, c.dtype))]),
  act("expm1+log1p", (s, c) => [s.expm1(T(s, c.x, c.dtype)), s.log1p(T(s, c.x, c.dtype)), s.grad((x) => s.sum(s.expm1(x)))(T(s, c.x, c.dtype))]),
  act("reciprocal+sign", (s, c) => [s.reciprocal(T(s, c.x, c.dtype)), s.sign(T(s, c.x, c.dtype))]),
  op("pow", fc.record({ p: broadcastPair(), e: fc.constantFrom(0, 1, 2, 0.5, -1, 3.5), dtype }), (s, c) => [s.pow(T(s, c.p.a, c.dtype), c.e), s.pow(T(s, c.p.a, c.dtype), T(s, c.p.b, c.dtype)), s.grad((x) => s.sum(s.pow(x, 3)))(T(s, c.p.a, c.dtype))]),
];
