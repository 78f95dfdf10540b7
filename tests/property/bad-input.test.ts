// Principle 4: bad input gets a clear error, never a trap or a wrong number, and a failed call leaves the
// module usable with nothing leaked. For every public function of sdk/index.ts, fast-check (fixed seed, bounded
// runs) draws invalid arguments — wrong ranks and shapes, int32 where a float is required, disposed tensors,
// NaN / ±Infinity parameters, σ ≤ 0, probabilities outside [0, 1] or not summing to 1, out-of-range labels,
// non-integer and huge shapes — and checks each call:
//   1. throws an Error that is not a WebAssembly.RuntimeError, whose message names the offending argument
//      (and is not a generic engine message such as "Cannot read properties of undefined");
//   2. leaves memory().tensors and memory().bytes unchanged;
//   3. leaves the module working: a small valid call afterwards returns the right numbers.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as S from "../../sdk/index";
import type { Tensor } from "../../sdk/index";

const SEED = 20261124;
const RUNS = 40; // per family of invalid calls; the whole file runs in well under a second

// A failing call: what it is (for the report), the call, and a pattern its message must match.
interface Bad {
  label: string;
  call: () => unknown;
  names: RegExp;
}

const GENERIC = /Cannot read propert|is not a function|is not iterable|undefined is not|null is not|Maximum call stack|unreachable|out of bounds|memory access|RuntimeError|Invalid typed array length|Invalid array length|Cannot convert/i;

// Fixtures live for the whole file; each check measures memory around the failing call only.
let f32: Tensor, f64: Tensor, i32: Tensor, dead: Tensor, vec: Tensor, sq: Tensor, spd: Tensor, nanF32: Tensor, nanF64: Tensor;
let k: S.Key;
const bin = (a: unknown) => a as Tensor; // lets a test pass values the types forbid

beforeAll(async () => {
  await S.init();
  f32 = S.tensor([[1, 2, 3], [4, 5, 6]]);
  f64 = S.tensor([[1, 2, 3], [4, 5, 6]], [2, 3], "float64");
  i32 = S.tensor([0, 1], [2], "int32");
  vec = S.tensor([1, 2, 3]);
  sq = S.tensor([[2, 1], [1, 3]], [2, 2], "float64");
  spd = S.tensor([[4, 2, 0], [2, 5, 1], [0, 1, 3]], [3, 3], "float64");
  nanF32 = S.tensor([[1, NaN, 3], [4, 5, 6]]);
  nanF64 = S.tensor([[2, NaN], [1, 3]], [2, 2], "float64");
  dead = S.tensor([[1, 2, 3], [4, 5, 6]]);
  dead.dispose();
  k = S.key(7);
});

afterAll(() => {
  for (const t of [f32, f64, i32, vec, sq, spd, nanF32, nanF64]) t.dispose();
});

// Operands that are never a valid float tensor: disposed, int32, not a tensor at all.
const notAFloatTensor = () => fc.constantFrom<[string, unknown]>(
  ["a disposed tensor", dead], ["an int32 tensor", i32], ["null", null], ["a number", 3], ["a plain array", [1, 2]],
);
const badNumber = fc.constantFrom(NaN, Infinity, -Infinity);
const badShape = fc.constantFrom<[string, unknown]>(
  ["a negative dimension", [-1]], ["a fractional dimension", [1.5]], ["a NaN dimension", [NaN]],
  ["an Infinity dimension", [Infinity]], ["a string", "3"], ["a huge size", [2 ** 20, 2 ** 20]], ["null", null],
);
const notAKey = fc.constantFrom<unknown>(null, 7, [1, 2], { k0: 1, k1: 2 });
const badProb = fc.oneof(badNumber, fc.double({ min: 1.0000001, max: 1e9, noNaN: true }), fc.double({ min: -1e9, max: -1e-9, noNaN: true }));
const notPositive = fc.oneof(badNumber, fc.constant(0), fc.constant(-0), fc.double({ min: -1e9, max: -1e-300, noNaN: true }));

// Hand-written cases run one by one (each exactly once) and also join the random mix of their family.
const fixed: Bad[] = [];
function every(...bads: Bad[]): fc.Arbitrary<Bad> {
  fixed.push(...bads);
  return fc.constantFrom(...bads);
}

/** Invalid calls of each public function, grouped as they appear in sdk/index.ts. */
function families(): Record<string, fc.Arbitrary<Bad>> {
  const tensorOps: Record<string, (x: Tensor) => unknown> = {
    exp: S.exp, log: S.log, sqrt: S.sqrt, abs: S.abs, sum: S.sum, mean: S.mean, variance: S.variance, max: S.max,
    min: S.min, argmax: S.argmax, norm: S.norm, softmax: S.softmax, logSoftmax: S.logSoftmax, entropy: S.entropy,
    cholesky: S.cholesky, eigh: S.eigh, svd: S.svd, slogdet: S.slogdet, logDet: S.logDet, matrixRank: S.matrixRank, cond: S.cond,
    erf: S.erf, erfc: S.erfc, erfinv: S.erfinv, ndtr: S.ndtr, ndtri: S.ndtri, lgamma: S.lgamma, digamma: S.digamma,
  };
  const binaryOps: Record<string, (a: Tensor, b: Tensor) => unknown> = {
    add: S.add, sub: S.sub, mul: S.mul, div: S.div, matmul: S.matmul, bmm: S.bmm, cosineSimilarity: S.cosineSimilarity,
    pairwiseCosine: S.pairwiseCosine, solve: S.solve, solveTriangular: S.solveTriangular, mseLoss: S.mseLoss,
    binaryCrossEntropyWithLogits: S.binaryCrossEntropyWithLogits, klDivRows: S.klDivRows,
    lbeta: S.lbeta, gammainc: S.gammainc, gammaincc: S.gammaincc, betainc: (a, b) => S.betainc(a, b, 0.5),
  };
  const fams: Record<string, fc.Arbitrary<Bad>> = {};
  for (const [name, f] of Object.entries(tensorOps)) {
    fams[`${name}(not a float tensor)`] = notAFloatTensor().map(([what, x]) => ({
      label: `${name}(${what})`, call: () => f(bin(x)), names: new RegExp(`${name}|tensor|dispose`),
    }));
  }
  const takesNumberB = new Set(["add", "sub", "mul", "div", "lbeta", "gammainc", "gammaincc", "betainc"]);
  for (const [name, f] of Object.entries(binaryOps)) {
    const operand = notAFloatTensor().filter(([what]) => !(takesNumberB.has(name) && what === "a number"));
    fams[`${name}(bad operand)`] = fc.tuple(operand, fc.boolean()).map(([[what, x], first]) => ({
      label: `${name}(${first ? `${what}, ok` : `ok, ${what}`})`,
      call: () => (first ? f(bin(x), f32) : f(f32, bin(x))),
      names: new RegExp(`${name}|tensor|dispose`),
    }));
  }
  // Shapes and dtypes that do not fit together.
  fams["binary shape/dtype mismatch"] = fc.tuple(
    fc.constantFrom<[string, (a: Tensor, b: Tensor) => unknown]>(["add", S.add], ["sub", S.sub], ["mul", S.mul], ["div", S.div]),
    fc.constantFrom<[string, () => Tensor]>(["[2] b", () => S.tensor([1, 2])], ["[2,2] b", () => S.tensor([[1, 2], [3, 4]])]),
  ).map(([[name, f], [what, b]]) => ({
    label: `${name}(f32 [2,3], ${what})`,
    call: () => S.scope(() => f(f32, b())),
    names: /b/,
  }));
  fams["special functions: operands that do not fit"] = every(
    { label: "gammainc f32, f64", call: () => S.gammainc(f32, f64), names: /gammainc: x must have the same dtype as a/ },
    { label: "lbeta shapes [2,3], [2]", call: () => S.scope(() => S.lbeta(f32, S.tensor([1, 2]))), names: /lbeta\(a, b\): shapes/ },
    { label: "betainc x int32", call: () => S.betainc(1, 2, i32), names: /betainc: x must have dtype/ },
    { label: "betainc x disposed", call: () => S.betainc(f32, 2, dead), names: /betainc: x|dispose/ },
    { label: "betainc all numbers", call: () => S.betainc(1, 2, 0.5), names: /betainc: at least one of a, b, x must be a Tensor/ },
    { label: "gammaincc string a", call: () => S.gammaincc("1" as unknown as number, f32), names: /gammaincc: a must be a Tensor or a number/ },
  );
  fams["matmul/bmm shapes"] = every(
    { label: "matmul inner mismatch", call: () => S.matmul(f32, f32), names: /inner|a|b/ },
    { label: "matmul vector·matrix inner mismatch", call: () => S.matmul(vec, f32), names: /inner dimensions must agree/ },
    { label: "bmm f32·f64", call: () => S.scope(() => S.bmm(S.reshape(f32, [1, 2, 3]), f64, { transposeB: true })), names: /b must have the same dtype/ },
    { label: "matmul alpha NaN", call: () => S.matmul(f32, f32, { transposeB: true, alpha: NaN }), names: /alpha/ },
    { label: "matmul beta without out", call: () => S.matmul(f32, f32, { transposeB: true, beta: 1 }), names: /beta|out/ },
    { label: "matmul out wrong shape", call: () => S.matmul(f32, f32, { transposeB: true, out: f32 }), names: /out/ },
    { label: "matmul out disposed", call: () => S.matmul(f32, f32, { transposeB: true, out: dead }), names: /out/ },
    { label: "matmul transposeA string", call: () => S.matmul(f32, f32, { transposeA: "yes" as unknown as boolean }), names: /transposeA/ },
    { label: "bmm two rank-2", call: () => S.bmm(f32, f32), names: /rank 3/ },
    { label: "bmm batch mismatch", call: () => S.scope(() => S.bmm(S.zeros([2, 2, 2]), S.zeros([3, 2, 2]))), names: /batch/ },
  );
  fams["reductions/norms options"] = every(
    { label: "sum dim 5", call: () => S.sum(f32, { dim: 5 }), names: /dim/ },
    { label: "sum dim 0.5", call: () => S.sum(f32, { dim: 0.5 }), names: /dim/ },
    { label: "mean keepdim 1", call: () => S.mean(f32, { keepdim: 1 as unknown as boolean }), names: /keepdim/ },
    { label: "max of empty", call: () => S.scope(() => S.max(S.zeros([0]))), names: /empty/ },
    { label: "norm ord 3", call: () => S.norm(f32, { ord: 3 as 2 }), names: /ord/ },
    { label: "norm fro with dim", call: () => S.norm(f32, { ord: "fro", dim: 0 }), names: /dim/ },
    { label: "cosine eps 0", call: () => S.cosineSimilarity(f32, f32, { eps: 0 }), names: /eps/ },
    { label: "cosine shape mismatch", call: () => S.cosineSimilarity(f32, vec), names: /shape/ },
    { label: "pairwiseCosine rank 1", call: () => S.pairwiseCosine(vec, vec), names: /rank 2/ },
    { label: "pairwiseCosine row length", call: () => S.pairwiseCosine(f32, sq as Tensor), names: /dtype|rows/ },
    { label: "clamp lo > hi", call: () => S.clamp(f32, 2, 1), names: /lo/ },
    { label: "clamp NaN", call: () => S.clamp(f32, NaN, 1), names: /lo/ },
  );
  fams["softmax/losses"] = fc.oneof(
    notPositive.map((t) => ({ label: `softmax T=${t}`, call: () => S.softmax(f32, { temperature: t }), names: /temperature/ })),
    notPositive.map((t) => ({ label: `entropy T=${t}`, call: () => S.entropy(f32, { temperature: t }), names: /temperature/ })),
    every(
      { label: "softmax int32", call: () => S.scope(() => S.softmax(S.tensor([1, 2], [2], "int32"))), names: /logits/ },
      { label: "softmax NaN", call: () => S.softmax(nanF32), names: /logits contains NaN/ },
      { label: "logSoftmax NaN", call: () => S.logSoftmax(nanF32), names: /logits contains NaN/ },
      { label: "entropy NaN", call: () => S.entropy(nanF32), names: /logits contains NaN/ },
      { label: "softmax dim 2", call: () => S.softmax(f32, { dim: 2 }), names: /dim/ },
      { label: "logSoftmax f64 dim -3", call: () => S.logSoftmax(f64, { dim: -3 }), names: /dim/ },
      { label: "crossEntropy NaN logits", call: () => S.crossEntropy(nanF32, [0, 1]), names: /logits contains NaN/ },
      { label: "crossEntropy rank 1", call: () => S.crossEntropy(vec, [0]), names: /logits/ },
      { label: "crossEntropy too few labels", call: () => S.crossEntropy(f32, [0]), names: /target/ },
      { label: "crossEntropy label 3", call: () => S.crossEntropy(f32, [0, 3]), names: /target\[1\]/ },
      { label: "crossEntropy label -1", call: () => S.crossEntropy(f32, [-1, 0]), names: /target\[0\]/ },
      { label: "crossEntropy label 0.5", call: () => S.crossEntropy(f32, [0.5, 0]), names: /target\[0\]/ },
      { label: "crossEntropy label NaN", call: () => S.crossEntropy(f32, [NaN, 0]), names: /target\[0\]/ },
      { label: "crossEntropy int32 label 2 of 2", call: () => S.scope(() => S.crossEntropy(S.zeros([2, 2]), S.tensor([0, 2], [2], "int32"))), names: /target\[1\]/ },
      { label: "crossEntropy disposed target", call: () => S.crossEntropy(f32, dead), names: /target/ },
      { label: "crossEntropy f64 target", call: () => S.crossEntropy(f32, f64), names: /target/ },
      { label: "crossEntropy soft rows not summing to 1", call: () => S.crossEntropy(f32, f32), names: /target/ },
      { label: "crossEntropy soft wrong shape", call: () => S.scope(() => S.crossEntropy(f32, S.full([2, 2], 0.5))), names: /target|shape/ },
      { label: "crossEntropy reduction", call: () => S.crossEntropy(f32, [0, 1], { reduction: "avg" as "mean" }), names: /reduction/ },
      { label: "crossEntropy string target", call: () => S.crossEntropy(f32, "01" as unknown as number[]), names: /target/ },
      { label: "bce target 2", call: () => S.binaryCrossEntropyWithLogits(f32, f32), names: /target/ },
      { label: "mse NaN", call: () => S.mseLoss(nanF32, f32), names: /input contains NaN/ },
      { label: "mse shapes", call: () => S.mseLoss(f32, vec), names: /shape/ },
      { label: "crossEntropy NaN soft target", call: () => S.scope(() => S.crossEntropy(f32, S.tensor([[NaN, 0.5, 0.5], [1, 0, 0]]))), names: /target/ },
      { label: "bce NaN target", call: () => S.scope(() => S.binaryCrossEntropyWithLogits(f32, S.full([2, 3], NaN))), names: /target/ },
      { label: "bce empty", call: () => S.scope(() => S.binaryCrossEntropyWithLogits(S.zeros([0]), S.zeros([0]))), names: /logits/ },
      { label: "klDivRows NaN q", call: () => S.scope(() => S.klDivRows(S.tensor([[0.5, 0.5]]), S.tensor([[NaN, 0.5]]))), names: /q/ },
      { label: "klDivRows rows not summing", call: () => S.scope(() => S.klDivRows(S.tensor([[0.5, 0.5]]), S.tensor([[0.2, 0.5]]))), names: /q/ },
      { label: "softmax scalar", call: () => S.scope(() => S.softmax(S.tensor(1))), names: /logits/ },
      { label: "entropy int32", call: () => S.scope(() => S.entropy(S.tensor([1, 2], [2], "int32"))), names: /logits/ },
      { label: "klDivRows not probabilities", call: () => S.klDivRows(f32, f32), names: /p/ },
    ),
    badProb.map((e) => ({ label: `crossEntropy ε=${e}`, call: () => S.crossEntropy(f32, [0, 1], { labelSmoothing: e }), names: /labelSmoothing/ })),
  );
  fams["linalg"] = every(
    { label: "cholesky not square", call: () => S.cholesky(f64), names: /square/ },
    { label: "cholesky NaN", call: () => S.cholesky(nanF64), names: /finite/ },
    { label: "cholesky not PD", call: () => S.scope(() => S.cholesky(S.tensor([[1, 2], [2, 1]], [2, 2], "float64"))), names: /positive definite|minor/ },
    { label: "eigh NaN", call: () => S.eigh(nanF64), names: /finite/ },
    { label: "svd rank 1", call: () => S.svd(vec), names: /rank 2/ },
    { label: "solve shape mismatch", call: () => S.scope(() => S.solve(sq, S.zeros([3, 2], "float64"))), names: /b|shape/ },
    { label: "solve singular", call: () => S.scope(() => S.solve(S.zeros([2, 2], "float64"), S.zeros([2], "float64"))), names: /singular/ },
    { label: "solveTriangular NaN", call: () => S.solveTriangular(nanF64, sq), names: /finite/ },
    { label: "slogdet not square", call: () => S.slogdet(f32), names: /square/ },
    { label: "matrixRank tol NaN", call: () => S.matrixRank(sq, { tol: NaN }), names: /tol/ },
    { label: "matrixRank tol -1", call: () => S.matrixRank(sq, { tol: -1 }), names: /tol/ },
    { label: "lowRankApprox r 5", call: () => S.lowRankApprox(sq, 5), names: /\br\b/ },
    { label: "lowRankApprox r 0.5", call: () => S.lowRankApprox(sq, 0.5), names: /\br\b/ },
    { label: "lowRankApprox r NaN", call: () => S.lowRankApprox(sq, NaN), names: /\br\b/ },
    { label: "solveTriangular upper string", call: () => S.solveTriangular(sq, sq, { upper: "yes" as unknown as boolean }), names: /upper/ },
    { label: "solveTriangular int32 b", call: () => S.solveTriangular(sq, i32), names: /b/ },
    { label: "solveTriangular zero diagonal", call: () => S.scope(() => S.solveTriangular(S.zeros([2, 2], "float64"), sq)), names: /diagonal|singular/ },
    { label: "eigh symmetryTol NaN", call: () => S.eigh(sq, { symmetryTol: NaN }), names: /symmetryTol/ },
    { label: "eigh not symmetric", call: () => S.scope(() => S.eigh(S.tensor([[1, 2], [0, 1]], [2, 2], "float64"))), names: /symmetric/ },
    { label: "solve NaN b", call: () => S.solve(sq, nanF64), names: /finite/ },
    { label: "cond empty", call: () => S.scope(() => S.cond(S.zeros([0, 0], "float64"))), names: /empty/ },
    { label: "matmul k too large", call: () => S.scope(() => S.matmul(S.zeros([1, 500000]), S.zeros([500000, 1]))), names: /inner|k/ },
    { label: "bmm int32", call: () => S.scope(() => S.bmm(S.zeros([1, 2, 2], "int32"), S.zeros([1, 2, 2], "int32"))), names: /a/ },
    { label: "bmm out f64", call: () => S.scope(() => S.bmm(S.zeros([1, 2, 2]), S.zeros([1, 2, 2]), { out: S.zeros([1, 2, 2], "float64") })), names: /out/ },
    { label: "matmul out is a", call: () => S.scope(() => { const a = S.zeros([2, 2]); return S.matmul(a, S.zeros([2, 2]), { out: a }); }), names: /out/ },
    { label: "lowRankApprox disposed", call: () => S.lowRankApprox(dead, 1), names: /dispose/ },
  );
  // Fills and keys.
  const fills: Record<string, (key: S.Key, shape: number[]) => unknown> = {
    uniform: (key, s) => S.uniform(key, s), normal: (key, s) => S.normal(key, s), truncatedNormal: (key, s) => S.truncatedNormal(key, s),
    randint: (key, s) => S.randint(key, s, 0, 3), bernoulli: (key, s) => S.bernoulli(key, s, 0.5), rademacher: S.rademacher, randomBits: S.randomBits,
    poisson: (key, s) => S.poisson(key, s, 2), binomial: (key, s) => S.binomial(key, s, 3, 0.5),
  };
  for (const [name, f] of Object.entries(fills)) {
    fams[`${name}(bad shape)`] = badShape.map(([what, s]) => ({ label: `${name}(k, ${what})`, call: () => f(k, s as number[]), names: /shape|elements|bytes/ }));
    fams[`${name}(bad key)`] = notAKey.map((x) => ({ label: `${name}(${String(x)})`, call: () => f(x as S.Key, [2]), names: /key/ }));
  }
  fams["fill parameters"] = fc.oneof(
    notPositive.map((s) => ({ label: `normal std ${s}`, call: () => S.normal(k, [3], { std: s }), names: /std/ })),
    notPositive.map((s) => ({ label: `truncatedNormal std ${s}`, call: () => S.truncatedNormal(k, [3], { std: s }), names: /std/ })),
    badNumber.map((m) => ({ label: `normal mean ${m}`, call: () => S.normal(k, [3], { mean: m }), names: /mean/ })),
    badNumber.map((v) => ({ label: `uniform low ${v}`, call: () => S.uniform(k, [3], { low: v }), names: /low/ })),
    badProb.map((p) => ({ label: `bernoulli p ${p}`, call: () => S.bernoulli(k, [3], p), names: /\bp\b/ })),
    badProb.map((p) => ({ label: `binomial probs ${p}`, call: () => S.binomial(k, [3], 4, p), names: /probs/ })),
    fc.oneof(badNumber, fc.constant(-1), fc.constant(0.5)).map((n) => ({ label: `binomial n ${n}`, call: () => S.binomial(k, [3], n, 0.5), names: /totalCount/ })),
    fc.oneof(badNumber, fc.constant(-1)).map((r) => ({ label: `poisson rate ${r}`, call: () => S.poisson(k, [3], r), names: /rate/ })),
    every(
      { label: "uniform low ≥ high", call: () => S.uniform(k, [3], { low: 1, high: 1 }), names: /low/ },
      { label: "uniform int32", call: () => S.uniform(k, [3], { dtype: "int32" }), names: /dtype/ },
      { label: "normal dtype bogus", call: () => S.normal(k, [3], { dtype: "float16" as "float32" }), names: /dtype/ },
      { label: "randint low = high", call: () => S.randint(k, [3], 2, 2), names: /low/ },
      { label: "randint fractional", call: () => S.randint(k, [3], 0.5, 2), names: /low/ },
      { label: "uniform offset -1", call: () => S.uniform(k, [3], { offset: -1 }), names: /offset/ },
      { label: "uniform offset near 2^32", call: () => S.uniform(k, [3], { offset: 2 ** 32 - 2 }), names: /offset/ },
      { label: "poisson rate shape", call: () => S.poisson(k, [3], [1, 2]), names: /rate|broadcast/ },
      { label: "key(-1)", call: () => S.key(-1), names: /seed/ },
      { label: "key(0.5)", call: () => S.key(0.5), names: /seed/ },
      { label: "key(2^64n)", call: () => S.key(2n ** 64n), names: /seed/ },
      { label: "split n -1", call: () => S.split(k, -1), names: /\bn\b/ },
      { label: "split not a key", call: () => S.split(null as unknown as S.Key), names: /key/ },
      { label: "foldIn NaN", call: () => S.foldIn(k, NaN), names: /data/ },
      { label: "philox4x32 short counter", call: () => S.philox4x32([1, 2] as unknown as [number, number, number, number], [1, 2]), names: /counter/ },
      { label: "philox4x32 fractional key", call: () => S.philox4x32([1, 2, 3, 4], [1.5, 2]), names: /key/ },
      { label: "poisson dtype int32", call: () => S.poisson(k, [3], 2, { dtype: "int32" as "float32" }), names: /dtype/ },
      { label: "binomial dtype int32", call: () => S.binomial(k, [3], 4, 0.5, { dtype: "int32" as "float32" }), names: /dtype/ },
      { label: "poisson dtype bogus", call: () => S.poisson(k, [3], 2, { dtype: "half" as "float32" }), names: /dtype/ },
      { label: "randint high 2^31 + 1", call: () => S.randint(k, [3], 0, 2 ** 31 + 1), names: /high/ },
      { label: "uniform of 2^30 float32 elements", call: () => S.uniform(k, [2 ** 30]), names: /shape|bytes|memory/ },
      { label: "randint high NaN", call: () => S.randint(k, [3], 0, NaN), names: /high/ },
      { label: "key(NaN)", call: () => S.key(NaN), names: /seed/ },
      { label: "key(string)", call: () => S.key("1" as unknown as number), names: /seed/ },
      { label: "foldIn(-1)", call: () => S.foldIn(k, -1), names: /data/ },
      { label: "split n 2^25", call: () => S.split(k, 2 ** 25), names: /\bn\b/ },
      { label: "Generator(-1)", call: () => new S.Generator(-1), names: /seed/ },
      { label: "Generator.nextKeys(-1)", call: () => new S.Generator(1).nextKeys(-1), names: /\bn\b/ },
      { label: "Generator.setState(null)", call: () => new S.Generator(1).setState(null as unknown as S.Key), names: /key|state/ },
    ),
  );
  // Tensor constructors.
  fams["tensor constructors"] = fc.oneof(
    badShape.map(([what, s]) => ({ label: `zeros(${what})`, call: () => S.zeros(s as number[]), names: /shape|elements|bytes/ })),
    badShape.map(([what, s]) => ({ label: `empty(${what})`, call: () => S.empty(s as number[]), names: /shape|elements|bytes/ })),
    badShape.map(([what, s]) => ({ label: `full(${what})`, call: () => S.full(s as number[], 1), names: /shape|elements|bytes/ })),
    every(
      { label: "tensor size mismatch", call: () => S.tensor([1, 2, 3], [2, 2]), names: /shape|elements/ },
      { label: "tensor int32 of 0.5", call: () => S.tensor([0.5], [1], "int32"), names: /int32/ },
      { label: "tensor int32 of NaN", call: () => S.tensor([NaN], [1], "int32"), names: /int32/ },
      { label: "tensor string data", call: () => S.tensor(["a"] as unknown as number[]), names: /data/ },
      { label: "tensor bad dtype", call: () => S.tensor([1], [1], "int8" as "int32"), names: /dtype/ },
      { label: "tensor ragged", call: () => S.tensor([[1, 2], [3]]), names: /data|shape|elements/ },
      { label: "full bad dtype", call: () => S.full([2], 1, "bool" as "int32"), names: /dtype/ },
      { label: "full int32 of 0.5", call: () => S.full([2], 0.5, "int32"), names: /value|int32/ },
      { label: "full int32 of NaN", call: () => S.full([2], NaN, "int32"), names: /value|int32/ },
      { label: "tensor(null)", call: () => S.tensor(null as unknown as number[]), names: /data/ },
      { label: "tensor(undefined)", call: () => S.tensor(undefined as unknown as number[]), names: /data/ },
      { label: "tensor({})", call: () => S.tensor({} as unknown as number[]), names: /data/ },
      { label: "tensor huge shape", call: () => S.tensor([1], [2 ** 31]), names: /shape|elements/ },
      { label: "scope(null)", call: () => S.scope(null as unknown as () => 1), names: /fn/ },
      { label: "full value string", call: () => S.full([2], "1" as unknown as number), names: /value/ },
      { label: "reshape wrong size", call: () => f32.reshape([4]), names: /reshape/ },
      { label: "reshape disposed", call: () => dead.reshape([6]), names: /dispose/ },
      { label: "item of 6", call: () => f32.item(), names: /item/ },
      { label: "toArray disposed", call: () => dead.toArray(), names: /dispose/ },
      { label: "clone disposed", call: () => dead.clone(), names: /dispose/ },
      { label: "like bad dtype", call: () => f32.like("int8" as "int32"), names: /dtype/ },
    ),
  );
  // Distributions: constructors and methods.
  const dists = (): S.Distribution[] => [
    new S.Normal(0, 1), new S.Uniform(0, 1), new S.Exponential(1), new S.Laplace(0, 1), new S.Bernoulli(0.5),
    new S.Categorical({ probs: [0.5, 0.5] }), new S.Gamma(2, 1), new S.Beta(2, 3), new S.Dirichlet([1, 2]),
    new S.MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0], [0, 1]] }),
  ];
  fams["distribution constructors"] = fc.oneof(
    fc.tuple(notPositive, fc.constantFrom("Normal", "Laplace", "Exponential", "Gamma", "Beta", "Dirichlet")).map(([s, d]) => ({
      label: `${d}(σ=${s})`,
      call: () => d === "Normal" ? new S.Normal(0, s) : d === "Laplace" ? new S.Laplace(0, s) : d === "Exponential" ? new S.Exponential(s)
        : d === "Gamma" ? new S.Gamma(s, 1) : d === "Beta" ? new S.Beta(1, [s]) : new S.Dirichlet([1, s]),
      names: /scale|rate|concentration/,
    })),
    badNumber.map((m) => ({ label: `Normal(loc=${m})`, call: () => new S.Normal([0, m], 1), names: /loc/ })),
    badProb.map((p) => ({ label: `Bernoulli(${p})`, call: () => new S.Bernoulli(p), names: /probs/ })),
    fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .filter(([a, b]) => Math.abs(a + b - 1) > 1e-3)
      .map(([a, b]) => ({ label: `Categorical([${a}, ${b}])`, call: () => new S.Categorical({ probs: [a, b] }), names: /probs/ })),
    badProb.map((p) => ({ label: `Categorical([${p}, …])`, call: () => new S.Categorical({ probs: [p, 1 - p] }), names: /probs/ })),
    every(
      { label: "Uniform low ≥ high", call: () => new S.Uniform(1, 1), names: /low|high/ },
      { label: "Uniform shapes", call: () => new S.Uniform([0, 1], [2, 3, 4]), names: /broadcast|shape/ },
      { label: "Categorical both", call: () => new S.Categorical({ probs: [1], logits: [0] }), names: /probs|logits/ },
      { label: "Categorical none", call: () => new S.Categorical({}), names: /probs|logits/ },
      { label: "Categorical empty", call: () => new S.Categorical({ probs: [] }), names: /categor/ },
      { label: "Categorical NaN logit", call: () => new S.Categorical({ logits: [0, NaN] }), names: /logits/ },
      { label: "Bernoulli both", call: () => new S.Bernoulli({ probs: 0.5, logits: 0 }), names: /probs|logits/ },
      { label: "Dirichlet scalar", call: () => new S.Dirichlet(1), names: /concentration/ },
      { label: "Normal ragged", call: () => new S.Normal([[0, 1], [2]] as unknown as number[], 1), names: /loc/ },
      { label: "Normal string", call: () => new S.Normal("0" as unknown as number, 1), names: /loc/ },
      { label: "Normal disposed tensor", call: () => new S.Normal(dead, 1), names: /loc|dispose/ },
      { label: "Normal int32 tensor loc", call: () => new S.Normal(0, i32), names: /scale/ },
      { label: "MVN not PD", call: () => new S.MultivariateNormal([0, 0], { covarianceMatrix: [[1, 2], [2, 1]] }), names: /covarianceMatrix/ },
      { label: "MVN not symmetric", call: () => new S.MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0.5], [0, 1]] }), names: /covarianceMatrix/ },
      { label: "MVN shape", call: () => new S.MultivariateNormal([0, 0], { covarianceMatrix: [[1]] }), names: /covarianceMatrix/ },
      { label: "MVN two scales", call: () => new S.MultivariateNormal([0], { covarianceMatrix: [[1]], scaleTril: [[1]] }), names: /covarianceMatrix|scaleTril/ },
      { label: "MVN scaleTril upper", call: () => new S.MultivariateNormal([0, 0], { scaleTril: [[1, 1], [0, 1]] }), names: /scaleTril/ },
      { label: "MVN precision not PD", call: () => new S.MultivariateNormal([0, 0], { precisionMatrix: [[1, 2], [2, 1]] }), names: /precisionMatrix/ },
      { label: "MVN no scale", call: () => new S.MultivariateNormal([0, 0], {}), names: /covarianceMatrix/ },
      { label: "MVN scale not an object", call: () => new S.MultivariateNormal([0, 0], null as unknown as { scaleTril: number[][] }), names: /scale|covarianceMatrix/ },
      { label: "Normal NaN tensor scale", call: () => new S.Normal(0, nanF32), names: /scale/ },
      { label: "Gamma rate 0", call: () => new S.Gamma(1, 0), names: /rate/ },
      { label: "Beta NaN", call: () => new S.Beta(NaN, 1), names: /concentration1/ },
      { label: "Dirichlet rank 0 tensor", call: () => new S.Dirichlet([]), names: /concentration/ },
      { label: "Categorical logits Infinity", call: () => new S.Categorical({ logits: [0, Infinity] }), names: /logits/ },
      { label: "Bernoulli logits NaN", call: () => new S.Bernoulli({ logits: NaN }), names: /logits/ },
      { label: "Categorical sample dtype", call: () => new S.Categorical({ probs: [1] }).sample(k, [2], { dtype: "float64" }), names: /dtype/ },
      { label: "MVN NaN loc", call: () => new S.MultivariateNormal([0, NaN], { covarianceMatrix: [[1, 0], [0, 1]] }), names: /loc/ },
    ),
  );
  fams["distribution methods"] = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 5 })).map(([di, mi]) => {
    const d = dists()[di];
    const calls: [string, () => unknown, RegExp][] = [
      ["sample(bad shape)", () => d.sample(k, [-1]), /shape/],
      ["sample(not a key)", () => d.sample(null as unknown as S.Key, [2]), /key/],
      ["sample(dtype int32)", () => d.sample(k, [2], { dtype: "int32" as "float32" }), /dtype/],
      ["sample(huge)", () => d.sample(k, [2 ** 20, 2 ** 20]), /shape|elements|bytes/],
      ["logProb(disposed)", () => d.logProb(dead), /value|dispose/],
      ["logProb(string)", () => d.logProb("x" as unknown as number), /value/],
    ];
    const [what, call, names] = calls[mi];
    return { label: `${d.kind}.${what}`, call, names };
  });
  fams["kl and categorical sampling"] = every(
    { label: "kl(Normal, Gamma)", call: () => S.kl(new S.Normal(0, 1), new S.Gamma(1, 1)), names: /Normal.*Gamma/ },
    { label: "kl(Normal, 3)", call: () => S.kl(new S.Normal(0, 1), 3 as unknown as S.Normal), names: /kl/ },
    { label: "kl batch mismatch", call: () => S.kl(new S.Normal([0, 1], 1), new S.Normal([0, 1, 2], 1)), names: /shape|broadcast|batch/ },
    { label: "klMonteCarlo n 0", call: () => S.klMonteCarlo(new S.Normal(0, 1), new S.Normal(0, 1), k, 0), names: /\bn\b/ },
    { label: "klMonteCarlo n 1.5", call: () => S.klMonteCarlo(new S.Normal(0, 1), new S.Normal(0, 1), k, 1.5), names: /\bn\b/ },
    { label: "klMonteCarlo bad key", call: () => S.klMonteCarlo(new S.Normal(0, 1), new S.Normal(0, 1), null as unknown as S.Key, 3), names: /key/ },
    { label: "categoricalSample(Normal)", call: () => S.categoricalSample(new S.Normal(0, 1) as unknown as S.Categorical, k, [2]), names: /Categorical/ },
    { label: "categoricalSample method", call: () => S.categoricalSample(new S.Categorical({ probs: [1] }), k, [2], { method: "x" as "alias" }), names: /method/ },
    { label: "categoricalSample shape", call: () => S.categoricalSample(new S.Categorical({ probs: [1] }), k, [0.5]), names: /shape/ },
    { label: "AliasTable(Normal)", call: () => new S.AliasTable(new S.Normal(0, 1) as unknown as S.Categorical), names: /Categorical/ },
    { label: "AliasTable.sample bad key", call: () => new S.AliasTable(new S.Categorical({ probs: [0.5, 0.5] })).sample(7 as unknown as S.Key, [2]), names: /key/ },
    { label: "Normal.rsample shape", call: () => new S.Normal(0, 1).rsample(k, [-2]), names: /shape/ },
    { label: "Bernoulli.rsample", call: () => new S.Bernoulli(0.5).rsample(k, [2]), names: /reparameterised/ },
    { label: "Normal.icdf 2", call: () => new S.Normal(0, 1).icdf([2]), names: /icdf|q|probab/ },
    { label: "Normal.icdf NaN", call: () => new S.Normal(0, 1).icdf([NaN]), names: /icdf|q|probab/ },
    { label: "batched logProb shape", call: () => new S.Normal([0, 1], 1).logProb([1, 2, 3]), names: /shape|broadcast/ },
    { label: "Categorical.logProb shape", call: () => new S.Categorical({ probs: [[0.5, 0.5], [0.5, 0.5]] }).logProb([0, 1, 0]), names: /shape|broadcast/ },
    { label: "Dirichlet.logProb event shape", call: () => new S.Dirichlet([1, 2]).logProb([0.2, 0.3, 0.5]), names: /shape|broadcast/ },
    { label: "MVN.logProb event shape", call: () => new S.MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0], [0, 1]] }).logProb([1, 2, 3]), names: /shape|broadcast/ },
    { label: "Uniform.icdf -0.5", call: () => new S.Uniform(0, 1).icdf(-0.5), names: /q/ },
    { label: "Exponential.icdf f32 tensor 1.5", call: () => S.scope(() => new S.Exponential(1).icdf(S.tensor([0.5, 1.5]))), names: /q/ },
    { label: "Laplace.icdf Infinity", call: () => new S.Laplace(0, 1).icdf([Infinity]), names: /q/ },
    { label: "Dirichlet.concentrationVjp int32 value", call: () => new S.Dirichlet([1, 2]).concentrationVjp(i32, [1, 1]), names: /value/ },
    { label: "Dirichlet.concentrationVjp array value", call: () => new S.Dirichlet([1, 2]).concentrationVjp([0.5, 0.5] as unknown as Tensor, [1, 1]), names: /value/ },
    { label: "Dirichlet.concentrationVjp wrong K", call: () => new S.Dirichlet([1, 2]).concentrationVjp(vec, [1, 1, 1]), names: /value/ },
    { label: "registerKL(null, Normal)", call: () => S.registerKL(null as unknown as typeof S.Normal, S.Normal, () => S.zeros([])), names: /\bP\b/ },
    { label: "registerKL(Normal, Tensor)", call: () => S.registerKL(S.Normal, S.Tensor as unknown as typeof S.Normal, () => S.zeros([])), names: /\bQ\b/ },
    { label: "registerKL fn missing", call: () => S.registerKL(S.Normal, S.Gamma, undefined as unknown as () => Tensor), names: /fn/ },
    { label: "Dirichlet.concentrationVjp disposed", call: () => new S.Dirichlet([1, 2]).concentrationVjp(dead, [1, 1]), names: /value|dispose/ },
  );
  // null (or a number) where an options object goes: a clear error naming the function, not a destructuring TypeError.
  const withOptions: [string, (o: never) => unknown][] = [
    ["matmul", (o) => S.matmul(f32, f32, o)], ["bmm", (o) => S.bmm(f32, f32, o)], ["eigh", (o) => S.eigh(sq, o)],
    ["matrixRank", (o) => S.matrixRank(sq, o)], ["solveTriangular", (o) => S.solveTriangular(sq, sq, o)],
    ["crossEntropy", (o) => S.crossEntropy(f32, [0, 1], o)], ["binaryCrossEntropyWithLogits", (o) => S.binaryCrossEntropyWithLogits(f32, f32, o)],
    ["mseLoss", (o) => S.mseLoss(f32, f32, o)], ["softmax", (o) => S.softmax(f32, o)], ["logSoftmax", (o) => S.logSoftmax(f32, o)],
    ["entropy", (o) => S.entropy(f32, o)], ["norm", (o) => S.norm(f32, o)], ["cosineSimilarity", (o) => S.cosineSimilarity(f32, f32, o)],
    ["pairwiseCosine", (o) => S.pairwiseCosine(f32, f32, o)], ["sum", (o) => S.sum(f32, o)], ["mean", (o) => S.mean(f32, o)],
    ["variance", (o) => S.variance(f32, o)], ["max", (o) => S.max(f32, o)], ["min", (o) => S.min(f32, o)], ["argmax", (o) => S.argmax(f32, o)],
    ["poisson", (o) => S.poisson(k, [2], 1, o)], ["binomial", (o) => S.binomial(k, [2], 2, 0.5, o)], ["uniform", (o) => S.uniform(k, [2], o)],
    ["normal", (o) => S.normal(k, [2], o)], ["truncatedNormal", (o) => S.truncatedNormal(k, [2], o)], ["randint", (o) => S.randint(k, [2], 0, 2, o)],
    ["bernoulli", (o) => S.bernoulli(k, [2], 0.5, o)], ["rademacher", (o) => S.rademacher(k, [2], o)], ["randomBits", (o) => S.randomBits(k, [2], o)],
    ["categoricalSample", (o) => S.categoricalSample(new S.Categorical({ probs: [1] }), k, [2], o)],
    ["Normal", (o) => new S.Normal(0, 1, o)], ["Gamma", (o) => new S.Gamma(1, 1, o)], ["Dirichlet", (o) => new S.Dirichlet([1, 1], o)],
  ];
  fams["options that are not an object"] = fc.tuple(fc.constantFrom(...withOptions), fc.constantFrom<unknown>(null, 1, "mean", true))
    .map(([[name, f], o]) => ({ label: `${name}(…, ${String(o)})`, call: () => f(o as never), names: new RegExp(`${name}: options`) }));
  fams["parameters that are not an object"] = every(...[null, "p", true].flatMap((v): Bad[] => [
    { label: `Bernoulli(${String(v)})`, call: () => new S.Bernoulli(v as unknown as number), names: /Bernoulli/ },
    { label: `Categorical(${String(v)})`, call: () => new S.Categorical(v as unknown as { probs: number[] }), names: /Categorical/ },
  ]));
  return fams;
}

/** The module still works: a small valid call of each area gives the right numbers. */
function stillWorks(): void {
  const [sum, prod, p, ce] = S.scope(() => [
    Array.from(S.add(S.tensor([1, 2]), S.tensor([0.5, 0.25])).toArray()),
    Array.from(S.matmul(S.tensor([[1, 2], [3, 4]]), S.tensor([[5], [6]])).toArray()),
    Array.from(S.softmax(S.tensor([[0, 0]])).toArray()),
    S.crossEntropy(S.tensor([[0, 0]]), [1]).loss.item(),
  ]);
  expect(sum).toEqual([1.5, 2.25]);
  expect(prod).toEqual([17, 39]);
  expect(p).toEqual([0.5, 0.5]);
  expect(ce).toBeCloseTo(Math.LN2, 6);
  const lp = S.scope(() => new S.Normal(2, 1.5).logProb(S.tensor([2], [1], "float64")).item());
  expect(lp).toBeCloseTo(-Math.log(1.5) - 0.5 * Math.log(2 * Math.PI), 12);
}

/** Runs one bad call and checks the three promises; returns a description of what went wrong, or null. */
function check(bad: Bad): string | null {
  const before = S.memory();
  let thrown: unknown = undefined;
  let returned: unknown;
  try {
    returned = bad.call();
  } catch (err) {
    thrown = err;
  }
  const after = S.memory();
  const problems: string[] = [];
  if (thrown === undefined) {
    problems.push(`did not throw (returned ${String(returned)})`);
    // Do not leak what a wrongly successful call created.
    S.scope(() => returned);
  } else if (!(thrown instanceof Error)) {
    problems.push(`threw a non-Error ${String(thrown)}`);
  } else {
    if (thrown instanceof WebAssembly.RuntimeError) problems.push(`trapped: ${thrown.message}`);
    if (thrown.message.trim() === "" || GENERIC.test(thrown.message)) problems.push(`generic message: ${thrown.name}: ${thrown.message}`);
    else if (!bad.names.test(thrown.message)) problems.push(`message does not name the argument (${bad.names}): ${thrown.message}`);
  }
  if (after.tensors !== before.tensors || after.bytes !== before.bytes) {
    problems.push(`leaked: tensors ${before.tensors} → ${after.tensors}, bytes ${before.bytes} → ${after.bytes}`);
  }
  return problems.length ? `${bad.label}: ${problems.join("; ")}` : null;
}

describe("bad input", () => {
  it("every invalid call of every public function throws a clear Error, leaks nothing and leaves the module working", () => {
    const failures = new Set<string>();
    const fams = families();
    for (const [name, arb] of Object.entries(fams)) {
      fc.assert(
        fc.property(arb, (bad) => {
          const problem = check(bad);
          if (problem) failures.add(problem);
          return true;
        }),
        { seed: SEED, numRuns: RUNS },
      );
      try {
        stillWorks();
      } catch (err) {
        failures.add(`after ${name}: the module no longer works: ${(err as Error).message}`);
      }
    }
    for (const bad of fixed) {
      const problem = check(bad);
      if (problem) failures.add(problem);
    }
    try {
      stillWorks();
    } catch (err) {
      failures.add(`after the fixed cases: the module no longer works: ${(err as Error).message}`);
    }
    expect(fixed.length).toBeGreaterThan(180);
    expect([...failures].sort()).toEqual([]);
  });

  it("every operation given a disposed tensor, in any argument position, throws DisposedTensorError and leaks nothing", () => {
    // op(dead, live): `live` is a valid partner of the disposed tensor's shape and dtype.
    // The kind fits both tensors to what the op accepts, so only the disposal can be wrong:
    // f32 = float32 of any shape, rows = float32 [batch, classes] with rows summing to 1, matrix = rank 2,
    // square = [n, n] (the identity plus 0.5s: symmetric positive definite), batch = [b, 2, 2].
    type Kind = "any" | "f32" | "rows" | "matrix" | "square" | "batch";
    const ops: [string, Kind, (dead: Tensor, live: Tensor) => unknown][] = [
      ["exp", "any", (x) => S.exp(x)], ["log", "any", (x) => S.log(x)], ["sqrt", "any", (x) => S.sqrt(x)], ["abs", "any", (x) => S.abs(x)],
      ["clamp", "any", (x) => S.clamp(x, 0, 1)], ["erf", "any", (x) => S.erf(x)], ["lgamma", "any", (x) => S.lgamma(x)],
      ["gammainc(dead, live)", "any", (x, y) => S.gammainc(x, y)], ["betainc(1, live, dead)", "any", (x, y) => S.betainc(1, y, x)], ["sum", "any", (x) => S.sum(x)], ["mean", "any", (x) => S.mean(x, { dim: -1 })],
      ["variance", "any", (x) => S.variance(x)], ["max", "any", (x) => S.max(x)], ["min", "any", (x) => S.min(x)], ["argmax", "any", (x) => S.argmax(x)],
      ["norm", "any", (x) => S.norm(x)], ["softmax", "f32", (x) => S.softmax(x)], ["logSoftmax", "f32", (x) => S.logSoftmax(x)], ["entropy", "f32", (x) => S.entropy(x)],
      ["add(dead, live)", "any", (x, y) => S.add(x, y)], ["add(live, dead)", "any", (x, y) => S.add(y, x)], ["add(dead, 1)", "any", (x) => S.add(x, 1)],
      ["sub(live, dead)", "any", (x, y) => S.sub(y, x)], ["mul(dead, live)", "any", (x, y) => S.mul(x, y)], ["div(live, dead)", "any", (x, y) => S.div(y, x)],
      ["cosineSimilarity(live, dead)", "any", (x, y) => S.cosineSimilarity(y, x)], ["pairwiseCosine(dead, live)", "matrix", (x, y) => S.pairwiseCosine(x, y)],
      ["matmul(dead, live)", "matrix", (x, y) => S.matmul(x, y, { transposeB: true })], ["matmul(live, dead)", "matrix", (x, y) => S.matmul(y, x, { transposeB: true })],
      ["matmul(out: dead)", "matrix", (x, y) => S.matmul(y, y, { transposeB: true, out: x })],
      ["bmm(dead, live)", "batch", (x, y) => S.bmm(x, y, { transposeB: true })], ["bmm(live, dead)", "batch", (x, y) => S.bmm(y, x, { transposeB: true })],
      ["mseLoss(dead, live)", "f32", (x, y) => S.mseLoss(x, y)], ["mseLoss(live, dead)", "f32", (x, y) => S.mseLoss(y, x)],
      ["binaryCrossEntropyWithLogits(live, dead)", "f32", (x, y) => S.binaryCrossEntropyWithLogits(y, x)],
      ["crossEntropy(dead, labels)", "rows", (x) => S.crossEntropy(x, [0])], ["crossEntropy(live, dead soft target)", "rows", (x, y) => S.crossEntropy(y, x)],
      ["klDivRows(dead, live)", "rows", (x, y) => S.klDivRows(x, y)], ["klDivRows(live, dead)", "rows", (x, y) => S.klDivRows(y, x)],
      ["cholesky", "square", (x) => S.cholesky(x)], ["eigh", "square", (x) => S.eigh(x)], ["svd", "square", (x) => S.svd(x)], ["slogdet", "square", (x) => S.slogdet(x)],
      ["logDet", "square", (x) => S.logDet(x)], ["matrixRank", "square", (x) => S.matrixRank(x)], ["cond", "square", (x) => S.cond(x)], ["lowRankApprox", "matrix", (x) => S.lowRankApprox(x, 1)],
      ["solve(dead, live)", "square", (x, y) => S.solve(x, y)], ["solve(live, dead)", "square", (x, y) => S.solve(y, x)],
      ["solveTriangular(dead, live)", "square", (x, y) => S.solveTriangular(x, y)], ["solveTriangular(live, dead)", "square", (x, y) => S.solveTriangular(y, x)],
      ["toArray", "any", (x) => x.toArray()], ["view", "any", (x) => x.view()], ["toList", "any", (x) => x.toList()], ["clone", "any", (x) => x.clone()],
      ["like", "any", (x) => x.like()], ["reshape", "any", (x) => x.reshape([x.size])], ["ptr", "any", (x) => x.ptr],
      ["Normal(dead, 1)", "any", (x) => new S.Normal(x, 1)], ["Normal(0, dead)", "any", (x) => new S.Normal(0, x)],
      ["Categorical({ logits: dead })", "any", (x) => new S.Categorical({ logits: x })], ["Dirichlet(dead)", "any", (x) => new S.Dirichlet(x)],
      ["Normal.logProb(dead)", "any", (x) => new S.Normal(0, 1).logProb(x)], ["Laplace.cdf(dead)", "any", (x) => new S.Laplace(0, 1).cdf(x)],
      ["Uniform.icdf(dead)", "any", (x) => new S.Uniform(0, 1).icdf(x)], ["Gamma.logProb(dead)", "any", (x) => new S.Gamma(2, 1).logProb(x)],
      ["Bernoulli.logProb(dead)", "any", (x) => new S.Bernoulli(0.5).logProb(x)], ["Beta.logProb(dead)", "any", (x) => new S.Beta(2, 2).logProb(x)],
      ["poisson(rate: dead)", "any", (x) => S.poisson(k, x.shape as number[], x)], ["binomial(probs: dead)", "any", (x) => S.binomial(k, x.shape as number[], 3, x)],
    ];
    const failures = new Set<string>();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: ops.length - 1 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom<"float32" | "float64">("float32", "float64"),
        (i, shape, dtypeDrawn) => {
          const [name, kind, op] = ops[i];
          const [d0, d1 = 2] = shape;
          const s = kind === "rows" || kind === "matrix" ? [d0, d1] : kind === "square" ? [d0, d0] : kind === "batch" ? [d0, 2, 2] : shape;
          const dtype = kind === "f32" || kind === "rows" ? "float32" : dtypeDrawn;
          const make = (): Tensor => {
            const n = s.reduce((a, b) => a * b, 1);
            const v = Array.from({ length: n }, (_, j) => (kind === "rows" ? 1 / s[1] : kind === "square" && j % (d0 + 1) === 0 ? 1.5 : 0.5));
            return S.tensor(v, s, dtype);
          };
          const dead = make();
          const live = make();
          dead.dispose();
          const before = S.memory();
          let thrown: unknown = null;
          try {
            const r = op(dead, live);
            S.scope(() => r);
          } catch (err) {
            thrown = err;
          }
          const after = S.memory();
          live.dispose();
          if (!(thrown instanceof S.DisposedTensorError)) {
            failures.add(`${name} on ${JSON.stringify(s)} ${dtype}: ${thrown === null ? "did not throw" : `threw ${String(thrown)}`}`);
          }
          if (after.tensors !== before.tensors || after.bytes !== before.bytes) failures.add(`${name}: leaked`);
          return true;
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
    stillWorks();
    expect([...failures].sort()).toEqual([]);
  });
});
