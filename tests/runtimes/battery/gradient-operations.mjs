// Battery lines for what became differentiable in issue 11 items 5–6: the linear algebra (cholesky, solve,
// solveTriangular, slogdet, logDet) and the distributions' logProb / rsample with respect to their
// parameters. Each digests values and gradients (and a second-order gradient where the VJP nests).
import { dtype, fc, linearSystem, seed, spdMatrix } from "./arbitraries.mjs";

const op = (name, arbitrary, run, examples = []) => ({ name, arbitrary, run, examples });
const M = (s, data, n, dt = "float64") => s.tensor(data, [n, n], dt);
const rhs = (s, sys) => (sys.cols ? s.tensor(sys.rhs, [sys.n, sys.cols], "float64") : s.tensor(sys.rhs, [sys.n], "float64"));

export const linalgGradientOperations = [
  // digamma's derivative is the trigamma kernel (assembly/math/trigamma.ts): poles, negatives, large x
  op("grad/digamma+lgamma", fc.record({ x: fc.array(fc.oneof(fc.double({ min: -30, max: 30, noNaN: true }), fc.constantFrom(0, -1, -2.5, 1e-12, 1e12, Infinity, -Infinity)), { minLength: 1, maxLength: 8 }), dtype }), (s, c) => {
    const x = s.tensor(c.x, [c.x.length], c.dtype);
    return [s.grad((v) => s.sum(s.digamma(v)))(x), s.hessian((v) => s.sum(s.lgamma(v)))(x)];
  }),
  op("grad/cholesky", fc.record({ a: spdMatrix, dtype }), (s, c) => {
    const a = M(s, c.a.data, c.a.n, c.dtype);
    const f = (x) => s.sum(s.mul(s.cholesky(x), s.cholesky(x)));
    return [s.grad(f)(a), c.a.n <= 3 ? s.grad((x) => s.sum(s.square(s.grad(f)(x))))(a) : []];
  }),
  op("grad/solve", linearSystem, (s, c) => {
    const a = M(s, c.a, c.n), b = rhs(s, c);
    return [s.grad(([x, y]) => s.sum(s.square(s.solve(x, y))))([a, b]), s.grad((x) => s.sum(s.grad((z) => s.sum(s.solve(z, b)))(x)))(a)];
  }),
  op("grad/solveTriangular", fc.record({ sys: linearSystem, upper: fc.boolean(), transpose: fc.boolean(), unitDiagonal: fc.boolean() }), (s, c) => {
    const a = M(s, c.sys.a, c.sys.n), b = rhs(s, c.sys);
    return s.grad(([x, y]) => s.sum(s.square(s.solveTriangular(x, y, { upper: c.upper, transpose: c.transpose, unitDiagonal: c.unitDiagonal }))))([a, b]);
  }),
  op("grad/slogdet+logDet", fc.record({ a: spdMatrix, dtype }), (s, c) => {
    const a = M(s, c.a.data, c.a.n, c.dtype);
    const hessian = c.a.n <= 4 ? s.hessian((x) => s.logDet(s.reshape(x, [c.a.n, c.a.n])))(s.reshape(a, [c.a.n * c.a.n])) : [];
    return [s.grad((x) => s.slogdet(x).logAbsDet)(a), s.grad((x) => s.logDet(x))(a), hessian];
  }),
];

// parameters as tensors of one dtype, a value inside the support; digests logProb and its gradient with
// respect to every parameter and the value, and rsample's value and parameter gradients
const positive = fc.double({ min: 0.2, max: 5, noNaN: true });
const unit = fc.double({ min: 0.02, max: 0.98, noNaN: true });
const real = fc.double({ min: -4, max: 4, noNaN: true });
const three = (a) => fc.array(a, { minLength: 3, maxLength: 3 });
const distCase = fc.record({ a: three(positive), b: three(positive), m: three(real), u: three(unit), x: three(real), seed, dtype });
const V = (s, data, dt) => s.tensor(data, [data.length], dt);
const FAMILIES = {
  Normal: (s, c, dt) => [[V(s, c.m, dt), V(s, c.a, dt)], (p) => new s.Normal(...p), V(s, c.x, dt)],
  Laplace: (s, c, dt) => [[V(s, c.m, dt), V(s, c.a, dt)], (p) => new s.Laplace(...p), V(s, c.x, dt)],
  Exponential: (s, c, dt) => [[V(s, c.a, dt)], (p) => new s.Exponential(...p), V(s, c.b, dt)],
  Uniform: (s, c, dt) => [[V(s, c.m, dt), V(s, c.m.map((v, i) => v + c.a[i]), dt)], (p) => new s.Uniform(...p), V(s, c.m.map((v, i) => v + c.u[i] * c.a[i]), dt)],
  Gamma: (s, c, dt) => [[V(s, c.a, dt), V(s, c.b, dt)], (p) => new s.Gamma(...p), V(s, c.b, dt)],
  Beta: (s, c, dt) => [[V(s, c.a, dt), V(s, c.b, dt)], (p) => new s.Beta(...p), V(s, c.u, dt)],
  Bernoulli: (s, c, dt) => [[V(s, c.m, dt)], ([l]) => new s.Bernoulli({ logits: l }), V(s, c.u.map((v) => (v > 0.5 ? 1 : 0)), dt)],
  Categorical: (s, c, dt) => [[s.tensor([...c.m, ...c.x], [2, 3], dt)], ([l]) => new s.Categorical({ logits: l }), s.tensor([Math.floor(c.u[0] * 3), Math.floor(c.u[1] * 3)], [2], "int32")],
  Dirichlet: (s, c, dt) => [[V(s, c.a, dt)], ([a]) => new s.Dirichlet(a), V(s, c.u.map((v, _, all) => v / all.reduce((p, q) => p + q, 0)), dt)],
  MultivariateNormal: (s, c, dt) => [[V(s, c.m, dt), s.tensor([c.a[0], 0, 0, c.x[0] / 4, c.a[1], 0, c.x[1] / 4, c.x[2] / 4, c.a[2]], [3, 3], dt)], ([m, l]) => new s.MultivariateNormal(m, { scaleTril: l }), V(s, c.x, dt)],
};
const RSAMPLE = ["Normal", "Laplace", "Exponential", "Uniform", "Gamma", "Beta", "Dirichlet", "MultivariateNormal"];

export const distributionGradientOperations = [
  op("grad/Distribution.logProb", distCase, (s, c) => Object.fromEntries(Object.entries(FAMILIES).map(([name, build]) => {
    const [params, make, x] = build(s, c, c.dtype);
    const leaves = x.dtype === "int32" ? params : [...params, x];
    return [name, s.valueAndGrad((ps) => s.sum(make(ps.slice(0, params.length)).logProb(x.dtype === "int32" ? x : ps[params.length])))(leaves)];
  }))),
  op("grad/Distribution.rsample", distCase, (s, c) => Object.fromEntries(RSAMPLE.map((name) => {
    const [params, make] = FAMILIES[name](s, c, c.dtype);
    return [name, s.valueAndGrad((ps) => s.sum(s.square(make(ps).rsample(s.key(c.seed), [2], { dtype: c.dtype }).value)))(params)];
  }))),
];
