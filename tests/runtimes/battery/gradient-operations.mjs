// Battery lines for what became differentiable in issue 11 items 5–6: the linear algebra (cholesky, solve,
// solveTriangular, slogdet, logDet) and the distributions' logProb / rsample with respect to their
// parameters. Each digests values and gradients (and a second-order gradient where the VJP nests).
import { dtype, fc, linearSystem, moderate, spdMatrix } from "./arbitraries.mjs";

const op = (name, arbitrary, run, examples = []) => ({ name, arbitrary, run, examples });
const M = (s, data, n, dt = "float64") => s.tensor(data, [n, n], dt);
const rhs = (s, sys) => (sys.cols ? s.tensor(sys.rhs, [sys.n, sys.cols], "float64") : s.tensor(sys.rhs, [sys.n], "float64"));

export const linalgGradientOperations = [
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
