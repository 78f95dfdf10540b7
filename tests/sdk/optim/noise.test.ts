// Noisy and anisotropic SGD against theory. Seed 000: at f(θ) = ½θᵀHθ with noise covariance Σ diagonal in
// H's eigenbasis, θ ← θ − η(Hθ + ξ) has stationary variance ηλᵢ/(hᵢ(2 − ηhᵢ)) along eigenvector i (from
// V = (1 − ηh)²V + η²λ). Chains: C independent copies of a d = 3 problem in one parameter vector, sampled
// every 100 steps after a burn-in (autocorrelation (1 − ηh)^100 < 0.01), compared within 4 standard errors
// (s.e. of a variance from N normal draws: V·√(2/(N − 1))). Noise covariances: the sample covariance of
// many draws of ξ against Σ, entry by entry within 4 s.e. (√((ΣᵢᵢΣⱼⱼ + Σᵢⱼ²)/N)).
import { beforeAll, describe, expect, it } from "vitest";
import { addGaussianNoise, disposeState, init, initSync, key, NoisySGD, scope, tensor, zeros, type NoiseCovariance, type Tensor } from "../../../sdk/index";

const H = [0.5, 2, 8];
const LAMBDA = [1, 0.5, 2];
const ETA = 0.1;
const stationary = (i: number) => (ETA * LAMBDA[i]) / (H[i] * (2 - ETA * H[i]));

// A fixed rotation of R³ (orthonormal columns r_0, r_1, r_2), from Gram–Schmidt on three vectors.
const R = (() => {
  const raw = [[1, 2, 0.5], [-0.3, 1, 2], [2, -1, 1]];
  const q: number[][] = [];
  for (const v of raw) {
    const u = [...v];
    for (const p of q) { const d = u.reduce((s, x, i) => s + x * p[i], 0); for (let i = 0; i < 3; i++) u[i] -= d * p[i]; }
    const n = Math.hypot(...u);
    q.push(u.map((x) => x / n));
  }
  return q; // q[j] is column j
})();

// Runs C chains of θ ← θ − η(Hθ + ξ) with H = R·diag(h)·Rᵀ (rotated) or diag(h); returns the samples
// projected on the eigenvectors: samples[i] for direction i.
function chains(noise: (c: number) => NoiseCovariance, rotated: boolean, C = 100, dtype: "float32" | "float64" = "float64"): number[][] {
  return scope(() => {
    const P = 3 * C;
    const theta = zeros([P], dtype);
    const opt = new NoisySGD([theta], { lr: ETA, key: key(2024), noise: noise(C) });
    const hm = (x: number[]) => {
      if (!rotated) return x.map((v, i) => H[i] * v);
      const y = R.map((r) => r.reduce((s, rv, i) => s + rv * x[i], 0) );
      const out = [0, 0, 0];
      R.forEach((r, j) => { for (let i = 0; i < 3; i++) out[i] += r[i] * H[j] * y[j]; });
      return out;
    };
    const project = (x: number[]) => (rotated ? R.map((r) => r.reduce((s, rv, i) => s + rv * x[i], 0)) : x);
    const samples: number[][] = [[], [], []];
    for (let t = 1; t <= 2100; t++) {
      const th = theta.toArray();
      const g = new Float64Array(P);
      for (let c = 0; c < C; c++) { const hx = hm([th[3 * c], th[3 * c + 1], th[3 * c + 2]]); g.set(hx, 3 * c); }
      scope(() => opt.step([tensor(g, [P], dtype)]));
      if (t >= 600 && t % 100 === 0) {
        const now = theta.toArray();
        for (let c = 0; c < C; c++) project([now[3 * c], now[3 * c + 1], now[3 * c + 2]]).forEach((v, i) => samples[i].push(v));
      }
    }
    opt.dispose();
    return samples;
  });
}

function expectStationary(samples: number[][]): void {
  samples.forEach((xs, i) => {
    const n = xs.length;
    const variance = xs.reduce((s, x) => s + x * x, 0) / n; // mean 0 is known
    const se = stationary(i) * Math.sqrt(2 / n);
    expect(Math.abs(variance - stationary(i)), `direction ${i}: ${variance} vs ${stationary(i)} (se ${se})`).toBeLessThan(4 * se);
  });
}

// Block-diagonal Cholesky factor of C copies of Σ = R·diag(λ)·Rᵀ (rotated) or diag(λ).
function blockFactor(C: number, rotated: boolean): Float64Array {
  const s = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (rotated ? R.reduce((acc, r, k) => acc + r[i] * LAMBDA[k] * r[j], 0) : i === j ? LAMBDA[i] : 0)));
  const l = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < 3; i++) for (let j = 0; j <= i; j++) {
    let v = s[i][j];
    for (let k = 0; k < j; k++) v -= l[i][k] * l[j][k];
    l[i][j] = i === j ? Math.sqrt(v) : v / l[j][j];
  }
  const P = 3 * C;
  const out = new Float64Array(P * P);
  for (let c = 0; c < C; c++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[(3 * c + i) * P + 3 * c + j] = l[i][j];
  return out;
}

describe("noisy SGD's stationary variance (seed 000)", () => {
  beforeAll(async () => { await init(); });

  it("is ηλᵢ/(hᵢ(2 − ηhᵢ)) per direction with diagonal H and diagonal Σ", () => {
    expectStationary(chains((C) => ({ kind: "diagonal", variance: tensor(Array.from({ length: 3 * C }, (_, j) => LAMBDA[j % 3]), [3 * C], "float64") }), false));
  });
  it("is ηλᵢ/(hᵢ(2 − ηhᵢ)) along the eigenvectors of a rotated H with Σ aligned to it (full Σ by its Cholesky factor)", () => {
    expectStationary(chains((C) => ({ kind: "full", choleskyFactor: tensor(blockFactor(C, true), [3 * C, 3 * C], "float64") }), true));
  });
  it("also in float32", () => {
    expectStationary(chains((C) => ({ kind: "full", choleskyFactor: tensor(Float32Array.from(blockFactor(C, false)), [3 * C, 3 * C], "float32") }), false, 100, "float32"));
  });
  it("differs from the formula without the (2 − ηh) factor (the test can fail)", () => {
    const samples = chains((C) => ({ kind: "diagonal", variance: tensor(Array.from({ length: 3 * C }, (_, j) => LAMBDA[j % 3]), [3 * C], "float64") }), false);
    const v = samples[2].reduce((s, x) => s + x * x, 0) / samples[2].length;
    const naive = (ETA * LAMBDA[2]) / (2 * H[2]);
    expect(Math.abs(v - naive)).toBeGreaterThan(4 * naive * Math.sqrt(2 / samples[2].length));
  });
});

// n draws of ξ ∈ R^P from the addGaussianNoise piece (zero updates, so the output is ξ).
function draws(noise: NoiseCovariance, P: number, n: number): Float64Array[] {
  return scope(() => {
    const tx = addGaussianNoise({ key: key(77), noise });
    let state = tx.init([zeros([P], "float64")]);
    const out: Float64Array[] = [];
    const zero = zeros([P], "float64");
    for (let t = 0; t < n; t++) {
      scope(() => {
        const [u, next] = tx.update([zero], state);
        state = next;
        out.push((u as Tensor[])[0].toArray() as Float64Array);
      });
    }
    disposeState(state);
    return out;
  });
}

function expectCovariance(xs: Float64Array[], sigma: number[][]): void {
  const n = xs.length, P = sigma.length;
  for (let i = 0; i < P; i++) for (let j = 0; j <= i; j++) {
    let s = 0;
    for (const x of xs) s += x[i] * x[j];
    const est = s / n;
    const se = Math.sqrt((sigma[i][i] * sigma[j][j] + sigma[i][j] ** 2) / n);
    expect(Math.abs(est - sigma[i][j]), `Σ[${i}][${j}] = ${sigma[i][j]}, sample ${est}, se ${se}`).toBeLessThan(4 * se);
  }
}

// Each test runs in a scope, so the tensors it makes are disposed when it ends.
const test = (name: string, body: () => void) => it(name, () => scope(body));

describe("structured noise covariances", () => {
  beforeAll(async () => { await init(); });
  const U = [[1, 0.5], [-0.5, 2], [0.3, 0.3], [0, -1], [2, 0]];
  const D = [0.1, 0.5, 1, 0.2, 0.05];
  const lowRankSigma = U.map((ui, i) => U.map((uj, j) => ui[0] * uj[0] + ui[1] * uj[1] + (i === j ? D[i] : 0)));

  test("low rank plus diagonal UUᵀ + D: the sample covariance of 6000 draws matches Σ", () => {
    expectCovariance(draws({ kind: "lowRank", factor: tensor(U.flat(), [5, 2], "float64"), diagonal: tensor(D, [5], "float64") }, 5, 6000), lowRankSigma);
  });
  test("full Σ from its covariance (factored by cholesky): the sample covariance matches Σ", () => {
    expectCovariance(draws({ kind: "full", covariance: tensor(lowRankSigma.flat(), [5, 5], "float64") }, 5, 6000), lowRankSigma);
  });
  test("Hessian-aligned V·diag(λ)·Vᵀ: the sample covariance matches it", () => {
    const V = [[R[0][0], R[1][0]], [R[0][1], R[1][1]], [R[0][2], R[1][2]]];
    const lam = [3, 0.5];
    const sigma = V.map((vi) => V.map((vj) => vi[0] * vj[0] * lam[0] + vi[1] * vj[1] * lam[1]));
    expectCovariance(draws({ kind: "hessian", eigenvectors: tensor(V.flat(), [3, 2], "float64"), eigenvalues: tensor(lam, [2], "float64") }, 3, 6000), sigma);
  });
  test("empirical: the covariance of per-example gradients (1/B)·Σ(g_b − ḡ)(g_b − ḡ)ᵀ", () => {
    const G = [[1, 2, 0], [0.5, -1, 1], [3, 0, -2], [-1, 1, 1]];
    const mean = [0, 1, 2].map((j) => G.reduce((s, g) => s + g[j], 0) / G.length);
    const sigma = [0, 1, 2].map((i) => [0, 1, 2].map((j) => G.reduce((s, g) => s + (g[i] - mean[i]) * (g[j] - mean[j]), 0) / G.length));
    expectCovariance(draws({ kind: "empirical", perExampleGrads: tensor(G.flat(), [4, 3], "float64") }, 3, 6000), sigma);
  });
  test("the low-rank covariance without its diagonal is detectably different (the test can fail)", () => {
    const xs = draws({ kind: "lowRank", factor: tensor(U.flat(), [5, 2], "float64") }, 5, 6000);
    expect(() => expectCovariance(xs, lowRankSigma)).toThrow();
  });
  test("annealed isotropic noise has variance η/(1 + t)^γ at step t", () => {
    const xs = draws({ kind: "annealed", eta: 2, gamma: 0.55 }, 2000, 3);
    xs.forEach((x, t) => {
      const v = x.reduce((s, e) => s + e * e, 0) / x.length;
      const want = 2 / (1 + t) ** 0.55;
      expect(Math.abs(v - want)).toBeLessThan(4 * want * Math.sqrt(2 / x.length));
    });
  });
});

describe("noise determinism", () => {
  it("is a pure function of (key, step, index): the same bits in the SIMD and the scalar build, and after resuming", () => {
    const run = () => scope(() => {
      const theta = tensor([1, 2, 3, 4, 5, 6, 7], [7], "float32");
      const opt = new NoisySGD({ a: theta }, { lr: 0.1, key: key(5), noise: { kind: "lowRank", factor: tensor(Array.from({ length: 14 }, (_, i) => Math.sin(i)), [7, 2], "float32"), diagonal: tensor([1, 1, 1, 1, 1, 1, 1], [7], "float32") } });
      for (let t = 0; t < 5; t++) scope(() => opt.step({ a: tensor([0, 0, 0, 0, 0, 0, 0], [7], "float32") }));
      opt.dispose();
      return Array.from(theta.toArray());
    });
    initSync({ simd: true });
    const a = run();
    initSync({ simd: false });
    const b = run();
    initSync({ simd: true });
    expect(b).toEqual(a);
    expect(a).not.toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
