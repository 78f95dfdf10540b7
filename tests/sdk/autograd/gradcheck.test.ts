import { beforeAll, describe, expect, it } from "vitest";
import * as s from "../../../sdk/index";
import { data, gradcheck } from "./gradcheck";

beforeAll(async () => { await s.init(); });

const pos = (shape: number[], seed: number) => ({ shape, data: data(shape, seed).data.map((v) => Math.abs(v) + 0.5) });

describe("autograd agrees with central finite differences in float64", () => {
  it("differentiates broadcast arithmetic, summing the gradient over broadcast dims", () => {
    gradcheck((a, b) => s.add(a, b), [data([4, 3], 1), data([4, 1], 2)]);
    gradcheck((a, b) => s.mul(a, b), [data([2, 1, 3], 3), data([4, 1], 4)]);
    gradcheck((a, b) => s.sub(a, b), [data([3], 5), data([2, 3], 6)]);
    gradcheck((a, b) => s.div(a, b), [data([2, 3], 7), pos([3], 8)]);
    gradcheck((a) => s.mul(s.add(a, 2), 3).div(4), [data([5], 9)]);
    gradcheck((a, b) => s.maximum(a, b), [data([3, 3], 10), data([3], 11)]);
    gradcheck((a, b) => s.where(s.gt(a, 0), a, b), [data([2, 3], 12), data([3], 13)]);
  });

  it("differentiates pointwise maps", () => {
    gradcheck((x) => s.exp(x), [data([6], 20)]);
    gradcheck((x) => s.log(x), [pos([6], 21)]);
    gradcheck((x) => s.sqrt(x), [pos([6], 22)]);
    gradcheck((x) => s.abs(x), [data([6], 23, 1, 0.1)]);
    gradcheck((x) => s.square(x).neg(), [data([6], 24)]);
    gradcheck((x) => s.clamp(x, -0.5, 0.5), [data([8], 25, 1, 0.01).data.map((v) => (Math.abs(Math.abs(v) - 0.5) < 0.01 ? v + 0.05 : v)).reduce((o, v) => { o.data.push(v); return o; }, { shape: [8], data: [] as number[] })]);
    gradcheck((x) => s.erf(x), [data([6], 26)]);
    gradcheck((x) => s.erfc(x), [data([6], 27)]);
    gradcheck((x) => s.erfinv(x), [data([6], 28, 0.9)]);
    gradcheck((x) => s.ndtr(x), [data([6], 29, 3)]);
    gradcheck((x) => s.ndtri(x), [{ shape: [4], data: [0.1, 0.3, 0.7, 0.95] }]);
    gradcheck((x) => s.lgamma(x), [pos([6], 30)]);
  });

  it("differentiates reductions along a dim and over everything", () => {
    const x = data([3, 4], 40);
    for (const dim of [undefined, 0, 1, -1]) {
      for (const keepdim of [false, true]) {
        gradcheck((a) => s.sum(a, { dim, keepdim }).square(), [x]);
        gradcheck((a) => s.mean(a, { dim, keepdim }).square(), [x]);
        gradcheck((a) => s.variance(a, { dim, keepdim }), [x]);
        gradcheck((a) => s.std(a, { dim, keepdim, unbiased: false }), [x]);
        gradcheck((a) => s.max(a, { dim, keepdim }).square(), [x]);
        gradcheck((a) => s.min(a, { dim, keepdim }).square(), [x]);
        gradcheck((a) => s.logsumexp(a, { dim, keepdim }).square(), [x]);
        gradcheck((a) => s.prod(a, { dim, keepdim }), [x]);
      }
    }
  });

  it("differentiates shape and indexing ops", () => {
    const x = data([2, 3, 4], 50);
    gradcheck((a) => s.reshape(a, [4, -1]).square(), [x]);
    gradcheck((a) => s.permute(a, [2, 0, 1]).mul(s.arange(0, 3, 1, "float64")), [x]);
    gradcheck((a) => s.transpose(a, 0, 2).square(), [x]);
    gradcheck((a) => s.expand(s.narrow(a, 1, 1, 1), [5, 2, 3, 4]).square(), [x]);
    gradcheck((a) => s.flip(a, [0, 2]).mul(s.arange(0, 4, 1, "float64")), [x]);
    gradcheck((a, b) => s.concat([a, b, a], 1).square(), [data([2, 2], 51), data([2, 3], 52)]);
    gradcheck((a, b) => s.stack([a, b], 1).square().mul(s.arange(0, 2, 1, "float64").reshape([1, 2])), [data([3], 53), data([3], 54)]);
    gradcheck((a) => s.indexSelect(a, 1, [2, 0, 2]).square(), [x]);
    gradcheck((a) => s.gather(a, 1, s.tensor([[0, 2], [1, 1]], [2, 2], "int32")).square(), [data([2, 3], 55)]);
    gradcheck((a) => s.take(a, [5, 0, 5, 11]).square(), [data([3, 4], 56)]);
    gradcheck((a) => s.diag(a).square(), [data([3, 3], 57)]);
    gradcheck((a) => s.diag(a).mul(s.arange(0, 9, 1, "float64").reshape([3, 3])), [data([3], 58)]);
    gradcheck((a) => s.tril(a, -1).square().add(s.triu(a).mul(3)), [data([3, 4], 59)]);
    gradcheck((a, b) => s.outer(a, b).square(), [data([3], 60), data([2], 61)]);
    gradcheck((a) => s.splitTensor(a, [1, 3], 2)[1].square(), [x]);
    gradcheck((a) => s.chunk(a, 2, 0)[1].exp(), [x]);
    // a float32 round trip is a step function to finite differences: check the gradient (2 everywhere) directly
    s.scope(() => {
      const g = s.grad((a: s.Tensor) => s.to(s.to(a, "float32"), "float64").mul(2).sum())(s.tensor([0.1, 0.2], [2], "float64"));
      expect(Array.from(g.toArray())).toEqual([2, 2]);
      expect(g.dtype).toBe("float64");
    });
  });

  it("differentiates matmul for 1-D, 2-D, transposed and batched-broadcast operands, and bmm", () => {
    gradcheck((a, b) => s.matmul(a, b), [data([3], 70), data([3], 71)]);
    gradcheck((a, b) => s.matmul(a, b), [data([2, 3], 72), data([3], 73)]);
    gradcheck((a, b) => s.matmul(a, b), [data([3], 74), data([3, 2], 75)]);
    gradcheck((a, b) => s.matmul(a, b), [data([2, 3], 76), data([3, 4], 77)]);
    gradcheck((a, b) => s.matmul(a, b, { transposeA: true }), [data([3, 2], 78), data([3, 4], 79)]);
    gradcheck((a, b) => s.matmul(a, b, { transposeB: true, alpha: 0.5 }), [data([2, 3], 80), data([4, 3], 81)]);
    gradcheck((a, b) => s.matmul(a, b, { transposeA: true, transposeB: true }), [data([3, 2], 82), data([4, 3], 83)]);
    gradcheck((a, b) => s.matmul(a, b), [data([2, 1, 3, 4], 84), data([5, 4, 2], 85)]);
    gradcheck((a, b) => s.matmul(a, b), [data([3, 2, 4], 86), data([4, 2], 87)]);
    gradcheck((a, b) => s.bmm(a, b, { transposeB: true }), [data([2, 3, 4], 88), data([5, 4], 89)]);
  });

  it("differentiates activations and pow, once by the fused kernels and twice by ops (hessian)", () => {
    const x = data([7], 90, 2, 0.05);
    for (const f of [s.relu, s.sigmoid, s.tanh, s.silu, s.logSigmoid, s.sin, s.cos, s.expm1, (t: s.Tensor) => s.leakyRelu(t, 0.1),
      (t: s.Tensor) => s.elu(t, 0.7), (t: s.Tensor) => s.gelu(t), (t: s.Tensor) => s.gelu(t, { approximate: "tanh" }),
      (t: s.Tensor) => s.softplus(t, { beta: 2 }), (t: s.Tensor) => s.pow(s.abs(t), 2.5)]) {
      gradcheck(f, [x]);
      // the Hessian of Σ f(x) is diag(f″(x)); its diagonal against finite differences of the gradient
      gradcheck((t) => s.diag(s.hessian((u: s.Tensor) => s.sum(f(u)))(t)), [x], 1e-5);
    }
    gradcheck((a, b) => s.pow(a, b), [pos([2, 3], 91), data([3], 92)]);
    gradcheck((t) => s.log1p(t).add(s.reciprocal(t)), [pos([5], 93)]);
  });
});
