import {
  softmaxForwardF32, softmaxForwardF32Ref, logSoftmaxForwardF32, logSoftmaxForwardF32Ref, softmaxEntropyF32,
  softmaxEntropyF32Ref,
} from "../../../assembly/nn/softmax";
import {
  crossEntropyForwardBackwardF32, crossEntropyForwardBackwardF32Ref, softCrossEntropyForwardBackwardF32,
  softCrossEntropyForwardBackwardF32Ref,
} from "../../../assembly/nn/crossentropy";
import { at, f32s, fromArray, put, sameBits, seedUniform, uniform } from "./buffers";

// as-pect compiles with SIMD enabled, so each kernel runs its v128 path and is compared bit for bit with its
// …Ref sibling, which is also exactly what the scalar build runs.

seedUniform(1);
// Logits in [-10, 10); with `special`, about 1 in 8 entries is one of ±1e30, ±Infinity, -88, 0.
const SPECIALS: f32[] = [1e30, -1e30, -Infinity, Infinity, -88, 0, -1e-40];
function fillLogits(p: usize, n: i32, special: bool): void {
  for (let i = 0; i < n; i++) {
    const u = uniform();
    put(p, i, special && u < 0.125 ? SPECIALS[<i32>(uniform() * <f32>SPECIALS.length)] : uniform() * 20 - 10);
  }
}
// Rows of probabilities with some exact zeros.
function fillProbabilities(p: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    let s: f32 = 0;
    for (let j = 0; j < cols; j++) {
      const v = uniform() < 0.25 ? <f32>0 : uniform();
      put(p, i * cols + j, v);
      s += v;
    }
    if (s == 0) { put(p, i * cols, 1); s = 1; }
    for (let j = 0; j < cols; j++) put(p, i * cols + j, at(p, i * cols + j) / s);
  }
}

const WIDTHS: i32[] = [1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 19, 100, 1003];

describe("softmax family: SIMD path against the …Ref sibling", () => {
  it("gives softmax, log-softmax and entropy the same bits for widths 1 to 1003, with and without extreme logits", () => {
    for (let w = 0; w < WIDTHS.length; w++) {
      const cols = WIDTHS[w], rows = 5, n = rows * cols;
      for (let sp = 0; sp < 2; sp++) {
        const x = f32s(n), a = f32s(n), b = f32s(n);
        fillLogits(x, n, sp == 1);
        softmaxForwardF32(a, x, rows, cols, 0.7);
        softmaxForwardF32Ref(b, x, rows, cols, 0.7);
        expect<bool>(sameBits(a, b, n)).toBe(true);
        logSoftmaxForwardF32(a, x, rows, cols, 2.5);
        logSoftmaxForwardF32Ref(b, x, rows, cols, 2.5);
        expect<bool>(sameBits(a, b, n)).toBe(true);
        softmaxEntropyF32(a, x, rows, cols, 1);
        softmaxEntropyF32Ref(b, x, rows, cols, 1);
        expect<bool>(sameBits(a, b, rows)).toBe(true);
        heap.free(x); heap.free(a); heap.free(b);
      }
    }
  });

  it("gives hard- and soft-label cross-entropy the same loss and gradient bits for every reduction and smoothing", () => {
    for (let w = 0; w < WIDTHS.length; w++) {
      const cols = WIDTHS[w], rows = 6, n = rows * cols;
      const x = f32s(n), q = f32s(n), labels = heap.alloc(<usize>rows << 2);
      const la = f32s(rows), lb = f32s(rows), ga = f32s(n), gb = f32s(n);
      for (let sp = 0; sp < 2; sp++) {
        fillLogits(x, n, sp == 1);
        fillProbabilities(q, rows, cols);
        for (let i = 0; i < rows; i++) store<i32>(labels + (<usize>i << 2), <i32>(uniform() * <f32>cols) % cols);
        for (let red = 0; red < 3; red++) {
          for (let e = 0; e < 2; e++) {
            const eps: f32 = e == 0 ? 0 : 0.1;
            const nl = red == 0 ? rows : 1;
            crossEntropyForwardBackwardF32(la, ga, x, labels, rows, cols, eps, red);
            crossEntropyForwardBackwardF32Ref(lb, gb, x, labels, rows, cols, eps, red);
            expect<bool>(sameBits(la, lb, nl) && sameBits(ga, gb, n)).toBe(true);
            softCrossEntropyForwardBackwardF32(la, ga, x, q, rows, cols, eps, red);
            softCrossEntropyForwardBackwardF32Ref(lb, gb, x, q, rows, cols, eps, red);
            expect<bool>(sameBits(la, lb, nl) && sameBits(ga, gb, n)).toBe(true);
          }
        }
      }
      heap.free(x); heap.free(q); heap.free(labels); heap.free(la); heap.free(lb); heap.free(ga); heap.free(gb);
    }
  });
});

describe("softmax family: the seed's worked numbers (seed 004)", () => {
  it("computes softmax([2, 1, 0.1]) = [0.6590, 0.2424, 0.0986] and the rows at T = 0.5, 2 and 5", () => {
    const x = fromArray([2, 1, 0.1]);
    const out = f32s(3);
    const temps: f32[] = [1, 0.5, 2, 5];
    const want: f32[] = [0.6590, 0.2424, 0.0986, 0.8638, 0.1169, 0.0193, 0.5017, 0.3043, 0.1940, 0.3996, 0.3272, 0.2733];
    for (let t = 0; t < 4; t++) {
      softmaxForwardF32(out, x, 1, 3, <f32>1 / temps[t]);
      for (let j = 0; j < 3; j++) expect<f32>(Mathf.abs(at(out, j) - want[t * 3 + j])).toBeLessThan(5e-5);
    }
  });

  it("computes cross-entropy 0.4170 for target 0 with gradient [-0.3410, 0.2424, 0.0986]", () => {
    const x = fromArray([2, 1, 0.1]);
    const labels = heap.alloc(4);
    store<i32>(labels, 0);
    const loss = f32s(1), grad = f32s(3);
    crossEntropyForwardBackwardF32(loss, grad, x, labels, 1, 3, 0, 1);
    expect<f32>(Mathf.abs(at(loss, 0) - 0.4170)).toBeLessThan(5e-5);
    const want: f32[] = [-0.3410, 0.2424, 0.0986];
    for (let j = 0; j < 3; j++) expect<f32>(Mathf.abs(at(grad, j) - want[j])).toBeLessThan(5e-5);
  });
});

describe("softmax family: degenerate and extreme rows", () => {
  it("gives NaN for a row whose entries are all -Infinity, as torch 1.13 does, without touching other rows", () => {
    const x = fromArray([-Infinity, -Infinity, -Infinity, 0, 0, 0]);
    const out = f32s(6);
    softmaxForwardF32(out, x, 2, 3, 1);
    for (let j = 0; j < 3; j++) expect<u32>(reinterpret<u32>(at(out, j))).toBe(0x7fc00000); // canonical NaN
    for (let j = 3; j < 6; j++) expect<f32>(at(out, j)).toBe(<f32>1 / <f32>3);
    logSoftmaxForwardF32(out, x, 2, 3, 1);
    expect<bool>(isNaN(at(out, 0))).toBe(true);
  });

  it("gives probability 0 and log-probability -Infinity to a -Infinity logit, and finite values elsewhere", () => {
    const x = fromArray([-Infinity, 0, 0]);
    const out = f32s(3);
    softmaxForwardF32(out, x, 1, 3, 1);
    expect<f32>(at(out, 0)).toBe(0);
    expect<f32>(at(out, 1)).toBe(0.5);
    logSoftmaxForwardF32(out, x, 1, 3, 1);
    expect<f32>(at(out, 0)).toBe(-Infinity);
    expect<f32>(Mathf.abs(at(out, 1) + <f32>0.6931472)).toBeLessThan(1e-6);
    softmaxEntropyF32(out, x, 1, 3, 1);
    expect<f32>(Mathf.abs(at(out, 0) - <f32>0.6931472)).toBeLessThan(1e-6);
  });

  it("handles logits of ±1e30: one-hot probabilities and a cross-entropy of exactly 2e30 for the smallest class", () => {
    const x = fromArray([1e30, -1e30, 0]);
    const out = f32s(3);
    softmaxForwardF32(out, x, 1, 3, 1);
    expect<f32>(at(out, 0)).toBe(1);
    expect<f32>(at(out, 1)).toBe(0);
    const labels = heap.alloc(4);
    store<i32>(labels, 1);
    const loss = f32s(1), grad = f32s(3);
    crossEntropyForwardBackwardF32(loss, grad, x, labels, 1, 3, 0, 2);
    expect<f32>(at(loss, 0)).toBe(2e30);
    expect<f32>(at(grad, 0)).toBe(1);
    expect<f32>(at(grad, 1)).toBe(-1);
    expect<f32>(at(grad, 2)).toBe(0);
  });

  it("gives a single class probability 1, loss 0 and gradient 0", () => {
    const x = fromArray([3]);
    const out = f32s(1);
    softmaxForwardF32(out, x, 1, 1, 1);
    expect<f32>(at(out, 0)).toBe(1);
    const labels = heap.alloc(4);
    store<i32>(labels, 0);
    const loss = f32s(1), grad = f32s(1);
    crossEntropyForwardBackwardF32(loss, grad, x, labels, 1, 1, 0, 1);
    expect<f32>(at(loss, 0)).toBe(0);
    expect<f32>(at(grad, 0)).toBe(0);
  });

  it("gives a row of 7 equal logits probabilities 1/7, log-probabilities -log 7 and entropy log 7", () => {
    const x = fromArray([4, 4, 4, 4, 4, 4, 4]);
    const out = f32s(7);
    softmaxForwardF32(out, x, 1, 7, 1);
    for (let j = 0; j < 7; j++) expect<f32>(Mathf.abs(at(out, j) - <f32>1 / <f32>7)).toBeLessThan(1e-7);
    logSoftmaxForwardF32(out, x, 1, 7, 1);
    for (let j = 0; j < 7; j++) expect<f32>(Mathf.abs(at(out, j) + Mathf.log(7))).toBeLessThan(1e-6);
    softmaxEntropyF32(out, x, 1, 7, 1);
    expect<f32>(Mathf.abs(at(out, 0) - Mathf.log(7))).toBeLessThan(1e-6);
  });

  it("computes softmax in place (out = logits) with the same bits as into a separate buffer", () => {
    const n = 3 * 21;
    const x = f32s(n), y = f32s(n), out = f32s(n);
    fillLogits(x, n, true);
    memory.copy(y, x, <usize>n << 2);
    softmaxForwardF32(out, x, 3, 21, 1.5);
    softmaxForwardF32(y, y, 3, 21, 1.5);
    expect<bool>(sameBits(out, y, n)).toBe(true);
    memory.copy(y, x, <usize>n << 2);
    logSoftmaxForwardF32(out, x, 3, 21, 1.5);
    logSoftmaxForwardF32(y, y, 3, 21, 1.5);
    expect<bool>(sameBits(out, y, n)).toBe(true);
  });
});

describe("cross-entropy", () => {
  it("gives soft one-hot targets the same loss and gradient as the hard label, with and without smoothing", () => {
    const rows = 4, cols = 9, n = rows * cols;
    const x = f32s(n), q = f32s(n), labels = heap.alloc(<usize>rows << 2);
    fillLogits(x, n, false);
    memory.fill(q, 0, <usize>n << 2);
    for (let i = 0; i < rows; i++) {
      store<i32>(labels + (<usize>i << 2), (i * 5) % cols);
      put(q, i * cols + (i * 5) % cols, 1);
    }
    const la = f32s(rows), lb = f32s(rows), ga = f32s(n), gb = f32s(n);
    for (let e = 0; e < 2; e++) {
      const eps: f32 = e == 0 ? 0 : 0.2;
      crossEntropyForwardBackwardF32(la, ga, x, labels, rows, cols, eps, 0);
      softCrossEntropyForwardBackwardF32(lb, gb, x, q, rows, cols, eps, 0);
      for (let i = 0; i < rows; i++) expect<f32>(Mathf.abs(at(la, i) - at(lb, i))).toBeLessThan(2e-6);
      for (let i = 0; i < n; i++) expect<f32>(Mathf.abs(at(ga, i) - at(gb, i))).toBeLessThan(2e-7);
    }
  });

  it("averages over rows for mean, adds for sum, and scales the gradient by 1/rows only for mean", () => {
    const rows = 3, cols = 5, n = rows * cols;
    const x = f32s(n), labels = heap.alloc(<usize>rows << 2);
    fillLogits(x, n, false);
    for (let i = 0; i < rows; i++) store<i32>(labels + (<usize>i << 2), i);
    const none = f32s(rows), one = f32s(1), g0 = f32s(n), g1 = f32s(n);
    crossEntropyForwardBackwardF32(none, g0, x, labels, rows, cols, 0, 0);
    const total = <f64>at(none, 0) + <f64>at(none, 1) + <f64>at(none, 2);
    crossEntropyForwardBackwardF32(one, g1, x, labels, rows, cols, 0, 2);
    expect<f32>(at(one, 0)).toBe(<f32>total);
    crossEntropyForwardBackwardF32(one, g1, x, labels, rows, cols, 0, 1);
    expect<f32>(at(one, 0)).toBe(<f32>(total / 3));
    for (let i = 0; i < n; i++) expect<f32>(Mathf.abs(at(g1, i) * 3 - at(g0, i))).toBeLessThan(4e-7); // a few ulp of 1
  });

  it("gives an infinite loss and a finite gradient when the label's logit is -Infinity, as torch does", () => {
    const x = fromArray([-Infinity, 0, 1]);
    const labels = heap.alloc(4);
    store<i32>(labels, 0);
    const loss = f32s(1), grad = f32s(3);
    crossEntropyForwardBackwardF32(loss, grad, x, labels, 1, 3, 0, 2);
    expect<f32>(at(loss, 0)).toBe(Infinity);
    expect<f32>(at(grad, 0)).toBe(-1);
    expect<bool>(isFinite(at(grad, 1)) && isFinite(at(grad, 2))).toBe(true);
  });

  it("treats a zero soft target on a -Infinity logit as contributing nothing (0·log 0 = 0)", () => {
    const x = fromArray([-Infinity, 0, 0]);
    const q = fromArray([0, 0.5, 0.5]);
    const loss = f32s(1), grad = f32s(3);
    softCrossEntropyForwardBackwardF32(loss, grad, x, q, 1, 3, 0, 2);
    expect<f32>(Mathf.abs(at(loss, 0) - <f32>0.6931472)).toBeLessThan(1e-6);
    expect<f32>(at(grad, 0)).toBe(0);
  });
});
