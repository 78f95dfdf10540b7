// Tensor methods with torch's names, chainable: x.sub(mu).div(sigma).square().mean(). Each method calls the
// function of the same name (sdk/ops, sdk/linalg, sdk/nn), so a method and its function always agree, and the
// Tensor class itself (the lowest layer) imports no op. Installed once, when the package is imported.
import { Tensor } from "./tensor.js";
import type { DType } from "./dtype.js";
import * as elementwise from "./ops/elementwise.js";
import * as reduce from "./ops/reduce.js";
import * as shape from "./ops/shape.js";
import * as compare from "./ops/compare.js";
import * as indexing from "./ops/indexing.js";
import { to } from "./ops/cast.js";
import * as pointwise from "./ops/pointwise.js";
import { matmul } from "./linalg/matmul-nd.js";
import { softmax, logSoftmax, type SoftmaxOptions } from "./nn/softmax.js";
import type { MatmulOptions } from "./linalg/matmul.js";
import type { ReduceOptions, VarianceOptions } from "./ops/reduce.js";
import { formatTensor } from "./ops/format.js";
import { norm, type NormOptions } from "./ops/norms.js";
import { isclose, allclose, type CloseOptions } from "./ops/close.js";

type Operand = Tensor | number;

declare module "./tensor.js" {
  interface Tensor {
    add(other: Operand): Tensor; sub(other: Operand): Tensor; mul(other: Operand): Tensor; div(other: Operand): Tensor;
    neg(): Tensor; abs(): Tensor; exp(): Tensor; log(): Tensor; sqrt(): Tensor; square(): Tensor;
    clamp(min: number, max: number): Tensor; maximum(other: Operand): Tensor; minimum(other: Operand): Tensor;
    matmul(other: Tensor, options?: MatmulOptions): Tensor;
    sum(options?: ReduceOptions): Tensor; mean(options?: ReduceOptions): Tensor; var(options?: VarianceOptions): Tensor;
    std(options?: VarianceOptions): Tensor; max(options?: ReduceOptions): Tensor; min(options?: ReduceOptions): Tensor;
    argmax(options?: ReduceOptions): Tensor; argmin(options?: ReduceOptions): Tensor; logsumexp(options?: ReduceOptions): Tensor;
    prod(options?: ReduceOptions): Tensor;
    reshape(shape: readonly number[]): Tensor; flatten(startDim?: number, endDim?: number): Tensor;
    squeeze(dim?: number): Tensor; unsqueeze(dim: number): Tensor; transpose(dim0?: number, dim1?: number): Tensor;
    permute(dims: readonly number[]): Tensor; expand(shape: readonly number[]): Tensor; readonly T: Tensor;
    to(dtype: DType): Tensor; clone(): Tensor; narrow(dim: number, start: number, length: number): Tensor;
    flip(dims: readonly number[]): Tensor; split(sizes: number | readonly number[], dim?: number): Tensor[]; chunk(chunks: number, dim?: number): Tensor[];
    eq(other: Operand): Tensor; ne(other: Operand): Tensor; lt(other: Operand): Tensor; le(other: Operand): Tensor;
    gt(other: Operand): Tensor; ge(other: Operand): Tensor;
    indexSelect(dim: number, index: Tensor | readonly number[]): Tensor; gather(dim: number, index: Tensor): Tensor;
    take(index: Tensor | readonly number[]): Tensor; tril(diagonal?: number): Tensor; triu(diagonal?: number): Tensor;
    /** torch's x.select(dim, i): x[:, i] for dim 1, x[i] for dim 0. */
    select(dim: number, index: number): Tensor;
    /** Python's x[start:end] along dim (a copy). */
    slice(dim: number, start?: number, end?: number): Tensor;
    /** torch.diag: vector → diagonal matrix, matrix → its diagonal. */
    diag(): Tensor;
    /** The main diagonal of a matrix (torch's x.diagonal() for 2-D x). */
    diagonal(): Tensor;
    /** torch's x.norm(p): options { ord: 1 | 2 | Infinity | "fro", dim, keepdim }. */
    norm(options?: NormOptions): Tensor;
    isclose(other: Tensor, options?: CloseOptions): Tensor; allclose(other: Tensor, options?: CloseOptions): boolean;
    pow(exponent: Operand): Tensor; relu(): Tensor; leakyRelu(negativeSlope?: number): Tensor; elu(alpha?: number): Tensor;
    gelu(options?: { approximate?: "none" | "tanh" }): Tensor; sigmoid(): Tensor; tanh(): Tensor;
    softplus(options?: { beta?: number; threshold?: number }): Tensor; silu(): Tensor; logSigmoid(): Tensor;
    sin(): Tensor; cos(): Tensor; expm1(): Tensor; log1p(): Tensor; reciprocal(): Tensor; sign(): Tensor;
    softmax(options?: SoftmaxOptions): Tensor; logSoftmax(options?: SoftmaxOptions): Tensor;
    /** torch's repr: `tensor([[1.0000, 2.5000], …])`. */
    toString(): string;
    /** Prints toString() with console.log and returns this (chainable). */
    print(): Tensor;
  }
}

const methods: Record<string, (this: Tensor, ...args: never[]) => unknown> = {
  add(o: Operand) { return elementwise.add(this, o); },
  sub(o: Operand) { return elementwise.sub(this, o); },
  mul(o: Operand) { return elementwise.mul(this, o); },
  div(o: Operand) { return elementwise.div(this, o); },
  neg() { return elementwise.neg(this); },
  abs() { return elementwise.abs(this); },
  exp() { return elementwise.exp(this); },
  log() { return elementwise.log(this); },
  sqrt() { return elementwise.sqrt(this); },
  square() { return elementwise.square(this); },
  clamp(lo: number, hi: number) { return elementwise.clamp(this, lo, hi); },
  maximum(o: Operand) { return compare.maximum(this, o); },
  minimum(o: Operand) { return compare.minimum(this, o); },
  matmul(o: Tensor, options?: MatmulOptions) { return matmul(this, o, options); },
  sum(options?: ReduceOptions) { return reduce.sum(this, options); },
  mean(options?: ReduceOptions) { return reduce.mean(this, options); },
  var(options?: VarianceOptions) { return reduce.variance(this, options); },
  std(options?: VarianceOptions) { return reduce.std(this, options); },
  max(options?: ReduceOptions) { return reduce.max(this, options); },
  min(options?: ReduceOptions) { return reduce.min(this, options); },
  argmax(options?: ReduceOptions) { return reduce.argmax(this, options); },
  argmin(options?: ReduceOptions) { return reduce.argmin(this, options); },
  logsumexp(options?: ReduceOptions) { return reduce.logsumexp(this, options); },
  prod(options?: ReduceOptions) { return reduce.prod(this, options); },
  reshape(s: readonly number[]) { return shape.reshape(this, s); },
  flatten(a?: number, b?: number) { return shape.flatten(this, a, b); },
  squeeze(d?: number) { return shape.squeeze(this, d); },
  unsqueeze(d: number) { return shape.unsqueeze(this, d); },
  transpose(a?: number, b?: number) { return shape.transpose(this, a, b); },
  permute(d: readonly number[]) { return shape.permute(this, d); },
  expand(s: readonly number[]) { return shape.expand(this, s); },
  to(d: DType) { return to(this, d); },
  clone() { return shape.clone(this); },
  narrow(d: number, s: number, n: number) { return shape.narrow(this, d, s, n); },
  flip(d: readonly number[]) { return shape.flip(this, d); },
  split(s: number | readonly number[], d?: number) { return shape.splitTensor(this, s, d); },
  chunk(c: number, d?: number) { return shape.chunk(this, c, d); },
  eq(o: Operand) { return compare.eq(this, o); },
  ne(o: Operand) { return compare.ne(this, o); },
  lt(o: Operand) { return compare.lt(this, o); },
  le(o: Operand) { return compare.le(this, o); },
  gt(o: Operand) { return compare.gt(this, o); },
  ge(o: Operand) { return compare.ge(this, o); },
  indexSelect(d: number, i: Tensor | readonly number[]) { return indexing.indexSelect(this, d, i); },
  gather(d: number, i: Tensor) { return indexing.gather(this, d, i); },
  take(i: Tensor | readonly number[]) { return indexing.take(this, i); },
  tril(k?: number) { return indexing.tril(this, k); },
  triu(k?: number) { return indexing.triu(this, k); },
  select(d: number, i: number) { return indexing.select(this, d, i); },
  slice(d: number, a?: number, b?: number) { return shape.slice(this, d, a, b); },
  diag() { return indexing.diag(this); },
  diagonal() {
    if (this.shape.length !== 2) throw new RangeError(`diagonal: x must be a matrix (2-D), got shape [${this.shape.join(", ")}]`);
    return indexing.diag(this);
  },
  norm(o?: NormOptions) { return norm(this, o); },
  isclose(o: Tensor, options?: CloseOptions) { return isclose(this, o, options); },
  allclose(o: Tensor, options?: CloseOptions) { return allclose(this, o, options); },
  pow(e: Operand) { return pointwise.pow(this, e); },
  relu() { return pointwise.relu(this); },
  leakyRelu(slope?: number) { return pointwise.leakyRelu(this, slope); },
  elu(alpha?: number) { return pointwise.elu(this, alpha); },
  gelu(o?: { approximate?: "none" | "tanh" }) { return pointwise.gelu(this, o); },
  sigmoid() { return pointwise.sigmoid(this); },
  tanh() { return pointwise.tanh(this); },
  softplus(o?: { beta?: number; threshold?: number }) { return pointwise.softplus(this, o); },
  silu() { return pointwise.silu(this); },
  logSigmoid() { return pointwise.logSigmoid(this); },
  sin() { return pointwise.sin(this); },
  cos() { return pointwise.cos(this); },
  expm1() { return pointwise.expm1(this); },
  log1p() { return pointwise.log1p(this); },
  reciprocal() { return pointwise.reciprocal(this); },
  sign() { return pointwise.sign(this); },
  softmax(o?: SoftmaxOptions) { return softmax(this, o); },
  logSoftmax(o?: SoftmaxOptions) { return logSoftmax(this, o); },
  toString(this: Tensor) { return formatTensor(this); },
  print(this: Tensor) { console.log(formatTensor(this)); return this; },
};

/** Installs the methods on Tensor.prototype (idempotent). Called by sdk/index.ts. */
export function installTensorMethods(): void {
  const proto = Tensor.prototype as unknown as Record<string | symbol, unknown>;
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }
  Object.defineProperty(proto, "T", {
    get(this: Tensor) { return shape.permute(this, this.shape.map((_, i) => this.shape.length - 1 - i)); },
    configurable: true, enumerable: false,
  });
  // Node's util.inspect (console.log) shows the values, as torch's repr
  Object.defineProperty(proto, Symbol.for("nodejs.util.inspect.custom"), {
    value: function (this: Tensor) { return formatTensor(this); }, configurable: true, enumerable: false, writable: true,
  });
}
