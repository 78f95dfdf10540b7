// The optax-style pieces: chain(scaleByAdam(), scale(−η)) and chain(trace(μ), scale(−η)) follow torch's Adam
// and SGD-with-momentum trajectories (tests/fixtures/optim) to 1e-6 relative in float64 — the same algorithms
// written as pieces; clipping, weight decay and noise compose; Lanczos finds the top eigenpairs from
// Hessian-vector products.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addDecayedWeights, addNoise, applyUpdates, chain, clip, clipByGlobalNorm, disposeState, disposeTree, eigh, init, key, lanczos,
  matmul, memory, scale, scaleByAdam, scope, tensor, trace, type GradientTransformation, type ParamTree, type Tensor,
} from "../../../sdk/index";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/optim/data.json", import.meta.url), "utf8"));
const runOf = (kind: string, options: object) => fixture.runs.find((r: { kind: string; options: object }) => r.kind === kind && JSON.stringify(r.options) === JSON.stringify(options));
const test = (name: string, body: () => void) => it(name, () => scope(body));

function follow(tx: GradientTransformation<unknown>, steps = fixture.steps): number[][][] {
  const params = fixture.init.map((p: number[], i: number) => tensor(p, fixture.shapes[i], "float64"));
  let state = tx.init(params);
  const out: number[][][] = [];
  for (let s = 0; s < steps; s++) {
    scope(() => {
      const grads = fixture.grads[s].map((g: number[], i: number) => tensor(g, fixture.shapes[i], "float64"));
      const [updates, next] = tx.update(grads, state, params);
      state = next;
      applyUpdates(params, updates);
    });
    out.push(params.map((p: Tensor) => Array.from(p.toArray())));
  }
  disposeState(state);
  return out;
}

function worst(got: number[][][], want: number[][][]): number {
  let w = 0;
  got.forEach((step, s) => step.forEach((p, i) => p.forEach((v, j) => { w = Math.max(w, Math.abs(v - want[s][i][j]) / Math.abs(want[s][i][j])); })));
  return w;
}

describe("gradient transformations", () => {
  beforeAll(async () => { await init(); });

  test("chain(scaleByAdam(), scale(−η)) is torch's Adam to 1e-6", () => {
    expect(worst(follow(chain(scaleByAdam(), scale(-0.01))), runOf("Adam", { lr: 0.01 }).float64)).toBeLessThan(1e-6);
  });
  test("chain(addDecayedWeights(λ), scaleByAdam(b1, b2, eps), scale(−η)) is torch's Adam with weight decay", () => {
    const want = runOf("Adam", { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1 }).float64;
    expect(worst(follow(chain(addDecayedWeights(0.1), scaleByAdam({ b1: 0.8, b2: 0.99, eps: 1e-6 }), scale(-0.02))), want)).toBeLessThan(1e-6);
  });
  test("chain(trace(μ), scale(−η)) is torch's SGD with momentum", () => {
    expect(worst(follow(chain(trace({ decay: 0.9 }), scale(-0.1))), runOf("SGD", { lr: 0.1, momentum: 0.9 }).float64)).toBeLessThan(1e-6);
  });
  test("differs from torch's Adam when the learning rate differs (the test can fail)", () => {
    expect(worst(follow(chain(scaleByAdam(), scale(-0.011))), runOf("Adam", { lr: 0.01 }).float64)).toBeGreaterThan(1e-3);
  });
  test("clipByGlobalNorm and clip bound the updates; noise keys the step", () => {
    const tx = chain(clipByGlobalNorm(1), clip(0.3), addNoise({ key: key(1), eta: 0.01 }));
    const state = tx.init([tensor([0, 0], [2], "float64")]);
    const [u] = tx.update([tensor([30, -40], [2], "float64")], state) as [Tensor[], unknown];
    const v = u[0].toArray();
    expect(Math.abs(v[0] - 0.3)).toBeLessThan(0.5);
    expect(Math.abs(v[1] + 0.3)).toBeLessThan(0.5);
    expect(v[0]).not.toBe(0.3);
    disposeState(state);
  });
  test("leaves no tensors behind: chain disposes intermediates, disposeTree the result", () => {
    const p = [tensor([1, 2, 3], [3], "float64")];
    const before = memory().tensors;
    const tx = chain(clipByGlobalNorm(1), scaleByAdam(), scale(-0.1));
    const state = tx.init(p);
    for (let t = 0; t < 3; t++) {
      const g = [tensor([1, -1, 2], [3], "float64")];
      const [u, next] = tx.update(g, state);
      applyUpdates(p, u);
      disposeTree(u); disposeTree(g);
      void next;
    }
    disposeState(state);
    expect(memory().tensors).toBe(before);
  });
  test("names a mismatched update tree", () => {
    const p = { w: tensor([1, 2], [2], "float64") };
    expect(() => applyUpdates(p, { v: tensor([1, 2], [2], "float64") } as ParamTree)).toThrow(/updates.v is in the place of parameter w/);
    expect(() => applyUpdates(p, { w: tensor([1, 2, 3], [3], "float64") })).toThrow(/updates.w must have shape \[2\] like its parameter, got \[3\]/);
  });
});

describe("Lanczos", () => {
  beforeAll(async () => { await init(); });
  test("finds the top 3 eigenpairs of a 60 × 60 symmetric matrix from products alone, as eigh does", () => {
    const n = 60;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = Math.sin(i * 7 + j * 3) * 0.3 + (i === j ? (i % 10 === 0 ? 5 + i / 10 : 1) : 0);
    const h = tensor(a, [n, n], "float64");
    const { eigenvalues, eigenvectors } = lanczos((v) => matmul(h, v.reshape([n, 1])).reshape([n]), { dim: n, k: 3, key: key(4) });
    const exact = eigh(h);
    const ev = exact.eigenvalues.toArray(), evec = exact.eigenvectors.toArray();
    const got = eigenvalues.toArray(), vec = eigenvectors.toArray();
    for (let j = 0; j < 3; j++) {
      const col = n - 1 - j;
      expect(Math.abs(got[j] - ev[col]) / Math.abs(ev[col])).toBeLessThan(1e-10);
      let dot = 0;
      for (let r = 0; r < n; r++) dot += vec[r * 3 + j] * evec[r * n + col];
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-8);
    }
  });
  test("rejects k > dim and a bad hvp result, naming them", () => {
    expect(() => lanczos((v) => v, { dim: 3, k: 4, key: key(0) })).toThrow(/k must be an integer in \[1, dim = 3\], got 4/);
    expect(() => lanczos(() => tensor([1, 2]), { dim: 3, k: 1, key: key(0) })).toThrow(/hvp must return a live float tensor of 3 elements/);
    const { eigenvalues } = lanczos((v) => v, { dim: 3, k: 2, key: key(0) }); // the identity may return v itself
    Array.from(eigenvalues.toArray()).forEach((e) => expect(Math.abs(e - 1)).toBeLessThan(1e-14));
  });
});

describe("Lanczos on an invariant subspace", () => {
  beforeAll(async () => { await init(); });
  test("restarts when the Krylov space closes (H = 2I) and still returns k orthonormal eigenvectors", () => {
    const { eigenvalues, eigenvectors } = lanczos((v) => tensor(Array.from(v.toArray(), (x) => 2 * x), [3], "float64"), { dim: 3, k: 2, iterations: 3, key: key(1) });
    expect(Array.from(eigenvalues.toArray()).map((x) => Math.abs(x - 2) < 1e-14)).toEqual([true, true]);
    const e = eigenvectors.toArray();
    const dot = (a: number, b: number) => e[a] * e[b] + e[2 + a] * e[2 + b] + e[4 + a] * e[4 + b];
    expect(Math.abs(dot(0, 0) - 1)).toBeLessThan(1e-14);
    expect(Math.abs(dot(0, 1))).toBeLessThan(1e-14);
  });
});
