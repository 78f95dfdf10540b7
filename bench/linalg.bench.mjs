// Small float64 linear algebra: stochasm cholesky / eigh / svd (SIMD build, through the public SDK: copy in,
// validate, factor, copy out) against plain JS ports of the same algorithms (Cholesky–Banachiewicz, JAMA's
// tred2 + tql2 with the array-of-rows layout of ml-matrix, one-sided Jacobi on contiguous rows), at
// n = 16, 64, 256 on a random symmetric positive-definite matrix (cholesky, eigh) and a random square one
// (svd). Throughput is in matrices per second. One timed call factors `batch` matrices, batch chosen so
// that ours takes ≥ 30 ms a call: the harness runs gc() before every timed call, and on this 2-core
// machine the collector's background work slows the next few milliseconds (a 0.6 ms Cholesky at n = 256
// measured 2–6 ms right after gc(), 0.7 ms 30 ms later), which would swamp short calls.
// TensorFlow.js has no cholesky, eigh or svd (tf.linalg holds only bandPart, gramSchmidt and qr), so the
// only tfjs rows are tf.linalg.qr (cpu backend, float32, Householder built from tfjs ops) in a table of
// their own beside one stochasm Cholesky per call: a different factorisation of the same O(n³) class, shown
// for scale, not as a like-for-like peer.
import { createRequire } from "node:module";
import { bench, main } from "./harness.mjs";
import { init, tensor, Tensor, cholesky, eigh, svd } from "../dist/stochasm.mjs";

const require = createRequire(import.meta.url);
const SIZES = [16, 64, 256];

// --- inputs: deterministic (LCG) so every run times the same matrices ---
function randomMatrix(n, seed) {
  const a = new Float64Array(n * n);
  let s = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 4294967296 - 0.5;
  }
  return a;
}
function randomSpd(n, seed) {
  const g = randomMatrix(n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += g[i * n + k] * g[j * n + k];
    a[i * n + j] = s / n + (i === j ? 1 : 0);
  }
  return a;
}

// --- plain JS peers ---
function choleskyJs(a, n) {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (j < i) l[i * n + j] = s / l[j * n + j];
      else if (s > 0) l[i * n + i] = Math.sqrt(s);
      else throw new Error("not positive definite");
    }
  }
  return l;
}

// JAMA EigenvalueDecomposition (symmetric case) as ml-matrix writes it: V an array of Float64Array rows.
function eighJs(a, n) {
  const V = Array.from({ length: n }, (_, i) => Float64Array.from(a.subarray(i * n, i * n + n)));
  const d = new Float64Array(n), e = new Float64Array(n);
  for (let j = 0; j < n; j++) d[j] = V[n - 1][j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0, h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) { d[j] = V[i - 1][j]; V[i][j] = 0; V[j][i] = 0; }
    } else {
      for (let k = 0; k < i; k++) { d[k] /= scale; h += d[k] * d[k]; }
      let f = d[i - 1], g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g; h -= f * g; d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]; V[j][i] = f; g = e[j] + V[j][j] * f;
        for (let k = j + 1; k <= i - 1; k++) { g += V[k][j] * d[k]; e[k] += V[k][j] * f; }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) { e[j] /= h; f += e[j] * d[j]; }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j]; g = e[j];
        for (let k = j; k <= i - 1; k++) V[k][j] -= f * e[k] + g * d[k];
        d[j] = V[i - 1][j]; V[i][j] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    V[n - 1][i] = V[i][i]; V[i][i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k][i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k][i + 1] * V[k][j];
        for (let k = 0; k <= i; k++) V[k][j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k][i + 1] = 0;
  }
  for (let j = 0; j < n; j++) { d[j] = V[n - 1][j]; V[n - 1][j] = 0; }
  V[n - 1][n - 1] = 1; e[0] = 0;
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0, tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      do {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r); d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1, c2 = 1, c3 = 1, s = 0, s2 = 0;
        const el1 = e[l + 1];
        for (let i = m - 1; i >= l; i--) {
          c3 = c2; c2 = c; s2 = s;
          g = c * e[i]; h = c * p; r = Math.hypot(p, e[i]);
          e[i + 1] = s * r; s = e[i] / r; c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          for (let k = 0; k < n; k++) {
            h = V[k][i + 1];
            V[k][i + 1] = s * V[k][i] + c * h;
            V[k][i] = c * V[k][i] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p; d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f; e[l] = 0;
  }
  return { d, V };
}

// One-sided Jacobi on the columns of A kept as contiguous rows (the same algorithm and stopping rule as ours).
function svdJs(a, n) {
  const W = Array.from({ length: n }, (_, j) => { const w = new Float64Array(n); for (let i = 0; i < n; i++) w[i] = a[i * n + j]; return w; });
  const V = Array.from({ length: n }, (_, j) => { const v = new Float64Array(n); v[j] = 1; return v; });
  const tol = Math.sqrt(n) * 2 ** -52;
  const rotate = (x, y, c, s) => { for (let k = 0; k < x.length; k++) { const xk = x[k], yk = y[k]; x[k] = c * xk - s * yk; y[k] = s * xk + c * yk; } };
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) {
      const wi = W[i], wj = W[j];
      let alpha = 0, beta = 0, gamma = 0;
      for (let k = 0; k < n; k++) { alpha += wi[k] * wi[k]; beta += wj[k] * wj[k]; gamma += wi[k] * wj[k]; }
      if (alpha === 0 || beta === 0 || !(Math.abs(gamma) > tol * Math.sqrt(alpha) * Math.sqrt(beta))) continue;
      const zeta = (beta - alpha) / (2 * gamma);
      const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
      const c = 1 / Math.sqrt(1 + t * t);
      rotate(wi, wj, c, c * t);
      rotate(V[i], V[j], c, c * t);
      rotated = true;
    }
    if (!rotated) break;
  }
  return W.map((w) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += w[k] * w[k];
    return Math.sqrt(s);
  }).sort((x, y) => y - x);
}

async function loadTf() {
  try {
    const tf = require("@tensorflow/tfjs-core");
    require("@tensorflow/tfjs-backend-cpu");
    await tf.setBackend("cpu");
    await tf.ready();
    return tf;
  } catch (err) {
    console.warn(`tfjs unavailable: ${err.message}`);
    return null;
  }
}

export async function run() {
  await init();
  const tf = await loadTf();
  const rows = [];
  for (const n of SIZES) {
    const spd = randomSpd(n, 7 + n);
    const gen = randomMatrix(n, 11 + n);
    const big = n >= 256;
    const timing = { warmup: 2, reps: 7, minReps: 3, budgetMs: 8000 };
    // One matrix through the SDK as users call it: copy in, validate, factor, copy every result out.
    const once = (fn, data) => () => {
      const a = tensor(data, [n, n], "float64");
      const out = fn(a);
      a.dispose();
      for (const t of out instanceof Tensor ? [out] : Object.values(out)) {
        t.toArray();
        t.dispose();
      }
    };
    const batchFor = (fn) => {
      // Warm up first (the first ~100 SDK calls run 4× slower: JIT and wasm tier-up), then calibrate.
      const until = performance.now() + 300;
      for (let i = 0; i < 200 && performance.now() < until; i++) fn();
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        fn();
        best = Math.min(best, performance.now() - t0);
      }
      return Math.min(4096, Math.max(1, Math.ceil(30 / best)));
    };
    const table = async (name, oursFn, peers) => {
      const batch = batchFor(oursFn);
      const repeat = (fn) => () => { for (let b = 0; b < batch; b++) fn(); };
      const cases = { stochasm: repeat(oursFn) };
      for (const [label, fn] of Object.entries(peers)) cases[label] = repeat(fn);
      rows.push(...await bench({ name: `${name}, n = ${n}`, unit: "matrices", items: batch, cases, ...timing }));
    };
    await table("cholesky f64", once(cholesky, spd), { "plain JS (Cholesky–Banachiewicz)": () => choleskyJs(spd, n) });
    if (tf) {
      // One matrix per call: a tfjs QR takes 24 ms at n = 16 and ~13 s at n = 256 on this machine.
      const x = tf.tensor2d(Float32Array.from(spd), [n, n]);
      rows.push(...await bench({
        name: `tfjs has no cholesky/eigh/svd: its nearest factorisation tf.linalg.qr, n = ${n}`, unit: "matrices", items: 1,
        warmup: 1, reps: big ? 3 : 5, minReps: 3, budgetMs: 20000,
        cases: {
          "stochasm cholesky f64": once(cholesky, spd),
          "tfjs tf.linalg.qr, cpu backend, float32": () => {
            const [q, r] = tf.linalg.qr(x);
            q.dataSync(); r.dataSync(); q.dispose(); r.dispose();
          },
        },
      }));
      x.dispose();
    }
    await table("eigh f64 (values + vectors)", once(eigh, spd), { "plain JS (JAMA tred2 + tql2, ml-matrix layout)": () => eighJs(spd, n) });
    await table("svd f64 (U, S, Vh)", once(svd, gen), { "plain JS (one-sided Jacobi, same algorithm)": () => svdJs(gen, n) });
  }
  return rows;
}

await main(import.meta.url, run);
