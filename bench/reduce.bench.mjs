// float32 reductions and norms: stochasm (SIMD build) against TensorFlow.js 4.x (wasm backend, one thread, SIMD;
// cpu backend) and plain JS loops (float64 accumulators) at n = 10^4, 10^5 and 10^6 elements: sum of all, sum
// along dim 0 of (n/1000, 1000) (a strided axis), max, argmax, variance (tf.moments), L2 norm (tf.norm), and
// the cosine of 1000-long rows (tfjs: composed from sum(a·b) and two norms). Every stochasm and tfjs call
// allocates its result and disposes it; none reads back (tfjs cpu and wasm compute inside the call).
import { main } from "./harness.mjs";
import { init, tensor, sum, max, argmax, variance, norm, cosineSimilarity } from "../dist/stochasm.mjs";
import { repsFor, benchPhased } from "./elementwise.bench.mjs";
import { loadTf, values } from "./peers.mjs";

const SIZES = [1e4, 1e5, 1e6];

export async function run() {
  const tf = await loadTf();
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const rows = [];
  const table = async (spec) => rows.push(...(await benchPhased(tf, spec)));
  let sink = 0;
  for (const n of SIZES) {
    const rowsN = n / 1000;
    const xData = values(n, 11), yData = values(n, 12);
    const x = tensor(xData, [n]), x2 = tensor(xData, [rowsN, 1000]), y2 = tensor(yData, [rowsN, 1000]);
    const colSums = new Float64Array(1000);
    const reps = repsFor(n);
    const tfUnary = (data, shape, op) => (tfl) => {
      const t = tfl.tensor(data, shape);
      return { fn: () => op(tfl, t).dispose(), dispose: () => t.dispose() };
    };
    await table({
      name: `sum f32 of all, n = ${n.toExponential(0)}`, items: n, ...reps,
      ours: { "stochasm sum": () => sum(x).dispose() },
      js: { "JS loop (f64 accumulator)": () => { let s = 0; for (let i = 0; i < n; i++) s += xData[i]; sink += s; } },
      tfOp: tfUnary(xData, [n], (tfl, t) => tfl.sum(t)),
    });
    await table({
      name: `sum f32 along dim 0 of (${rowsN}, 1000)`, items: n, ...reps,
      ours: { "stochasm sum": () => sum(x2, { dim: 0 }).dispose() },
      js: { "JS loop (f64 accumulators)": () => { colSums.fill(0); for (let i = 0, k = 0; i < rowsN; i++) for (let j = 0; j < 1000; j++, k++) colSums[j] += xData[k]; } },
      tfOp: tfUnary(xData, [rowsN, 1000], (tfl, t) => tfl.sum(t, 0)),
    });
    if (n === 1e5) continue; // the other tables at 10^4 and 10^6 only (keeps the run short)
    await table({
      name: `max f32 of all, n = ${n.toExponential(0)}`, items: n, ...reps,
      ours: { "stochasm max": () => max(x).dispose() },
      js: { "JS loop": () => { let m = -Infinity; for (let i = 0; i < n; i++) { const v = xData[i]; if (v > m || v !== v) m = v; } sink += m; } },
      tfOp: tfUnary(xData, [n], (tfl, t) => tfl.max(t)),
    });
    await table({
      name: `argmax f32 of all, n = ${n.toExponential(0)}`, items: n, ...reps,
      ours: { "stochasm argmax": () => argmax(x).dispose() },
      js: { "JS loop": () => { let m = xData[0], k = 0; for (let i = 1; i < n; i++) if (xData[i] > m) { m = xData[i]; k = i; } sink += k; } },
      tfOp: tfUnary(xData, [n], (tfl, t) => tfl.argMax(t)),
    });
    await table({
      name: `variance f32 of all (two passes), n = ${n.toExponential(0)}`, items: n, ...reps,
      ours: { "stochasm variance": () => variance(x, { unbiased: false }).dispose() },
      js: { "JS loop (two passes, f64)": () => { let s = 0; for (let i = 0; i < n; i++) s += xData[i]; const m = s / n; let q = 0; for (let i = 0; i < n; i++) { const d = xData[i] - m; q += d * d; } sink += q / n; } },
      tfOp: (tfl) => {
        const t = tfl.tensor(xData);
        return { fn: () => { const { mean, variance: v } = tfl.moments(t); mean.dispose(); v.dispose(); }, dispose: () => t.dispose() };
      },
    });
    await table({
      name: `L2 norm f32 of all, n = ${n.toExponential(0)}`, items: n, ...reps,
      ours: { "stochasm norm": () => norm(x).dispose() },
      js: { "JS loop (f64 accumulator)": () => { let s = 0; for (let i = 0; i < n; i++) s += xData[i] * xData[i]; sink += Math.sqrt(s); } },
      tfOp: tfUnary(xData, [n], (tfl, t) => tfl.norm(t)),
    });
    await table({
      name: `cosine similarity f32 of ${rowsN} row pairs of length 1000`, items: n, ...reps,
      ours: { "stochasm cosineSimilarity": () => cosineSimilarity(x2, y2).dispose() },
      js: {
        "JS loop (f64 accumulators)": () => {
          for (let i = 0, k = 0; i < rowsN; i++) {
            let d = 0, aa = 0, bb = 0;
            for (let j = 0; j < 1000; j++, k++) { const u = xData[k], v = yData[k]; d += u * v; aa += u * u; bb += v * v; }
            sink += d / Math.max(Math.sqrt(aa) * Math.sqrt(bb), 1e-8);
          }
        },
      },
      tfOp: (tfl) => {
        const a = tfl.tensor(xData, [rowsN, 1000]), b = tfl.tensor(yData, [rowsN, 1000]);
        const fn = () => tfl.tidy(() => tfl.div(tfl.sum(tfl.mul(a, b), 1), tfl.maximum(tfl.mul(tfl.norm(a, 2, 1), tfl.norm(b, 2, 1)), 1e-8))).dispose();
        return { fn, dispose: () => { a.dispose(); b.dispose(); } };
      },
    });
    for (const t of [x, x2, y2]) t.dispose();
  }
  if (sink === 0.123456789) console.log(sink); // keeps the JS loops' results alive
  return rows;
}

await main(import.meta.url, run);
