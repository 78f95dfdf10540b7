// float32 elementwise ops: stochasm (SIMD build) against TensorFlow.js 4.x on its wasm backend (one thread,
// SIMD) and its cpu backend, and a plain JS loop writing into a preallocated Float32Array, at n = 10^4, 10^5
// and 10^6 elements: a + b (same shape), a + b with b a broadcast row (1000-wide), a · s, exp, log, clamp; then
// erf and lgamma at 10^6 against @stdlib (see benchSpecial).
// Every stochasm and tfjs call allocates its result and disposes it. tfjs's cpu and wasm backends run an op
// synchronously inside the call, so no case reads its result back (dataSync would add a copy to theirs only).
// Each tfjs backend's peers run in their own phase (a backend switch costs ~0.1 ms), ours alongside each.
import { createRequire } from "node:module";
import { bench, main, printTable } from "./harness.mjs";
import { loadTf, values } from "./peers.mjs";
import { init, tensor, add, mul, exp, log, clamp, erf, lgamma } from "../dist/stochasm.mjs";

// Special functions (erf, lgamma; f32 at 10^6, computed in f64 and rounded once) against JS loops into a
// Float32Array: @stdlib's float64 math-base-special-erf (the same fdlibm s_erf.c approximations as ours) and
// -gammaln (devDependencies; a missing one drops its row), and a plain JS formula: erf by Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7, about float32's), log Γ by Lanczos
// (g = 7, 9 terms, Godfrey's coefficients; reflection for x < 0.5).
const require = createRequire(import.meta.url);
function stdlib(name) {
  try {
    return require(`@stdlib/${name}`);
  } catch {
    console.warn(`@stdlib/${name} is not installed: its peer row is skipped`);
    return null;
  }
}

const SIZES = [1e4, 1e5, 1e6];



/** Small calls need more warm-up (V8 tiers WASM and JS up once hot) and more repetitions (timer noise). */
export function repsFor(n) {
  return n <= 1e4 ? { warmup: 200, reps: 51, budgetMs: 1500 } : n <= 1e5 ? { warmup: 30, reps: 21, budgetMs: 1500 } : { warmup: 5, reps: 11, budgetMs: 3000 };
}

/**
 * One table: ours + the JS loop + tfjs-wasm in phase 1, ours + tfjs-cpu in phase 2 (its row keeps the ours× of
 * phase 2). `tfOp(tf)` returns { fn, dispose } building its inputs on the current backend.
 */
export async function benchPhased(tf, { name, items, ours, js, tfOp, ...opts }) {
  const phase = async (backend, withJs) => {
    const cases = { ...ours };
    if (withJs) Object.assign(cases, js);
    let made = null;
    if (tf) {
      await tf.setBackend(backend);
      made = tfOp(tf);
      cases[`tfjs-${backend}`] = made.fn;
    }
    const rows = await bench({ name, items, cases, quiet: true, ...opts });
    made?.dispose();
    return rows;
  };
  const rows = await phase("wasm", true);
  if (tf) rows.push(...(await phase("cpu", false)).filter((r) => !r.ours));
  printTable(rows);
  return rows;
}

export async function run() {
  const tf = await loadTf();
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const rows = [];
  const table = async (spec) => rows.push(...(await benchPhased(tf, spec)));
  for (const n of SIZES) {
    const aData = values(n, 1), bData = values(n, 2), posData = values(n, 3, 0.01, 10), row = values(1000, 4);
    const a = tensor(aData, [n]), b = tensor(bData, [n]), pos = tensor(posData, [n]);
    const a2 = tensor(aData, [n / 1000, 1000]), r = tensor(row, [1000]);
    const out = new Float32Array(n);
    const reps = repsFor(n);
    const tfUnary = (data, op) => (tfl) => {
      const x = tfl.tensor(data);
      return { fn: () => op(tfl, x).dispose(), dispose: () => x.dispose() };
    };
    await table({
      name: `add f32, n = ${n.toExponential(0)}`, items: n, ...reps,
      ours: { "stochasm add": () => add(a, b).dispose() },
      js: { "JS loop": () => { for (let i = 0; i < n; i++) out[i] = aData[i] + bData[i]; } },
      tfOp: (tfl) => {
        const x = tfl.tensor(aData), y = tfl.tensor(bData);
        return { fn: () => tfl.add(x, y).dispose(), dispose: () => { x.dispose(); y.dispose(); } };
      },
    });
    await table({
      name: `add f32 broadcast row, (${n / 1000}, 1000) + (1000)`, items: n, ...reps,
      ours: { "stochasm add": () => add(a2, r).dispose() },
      js: { "JS loop": () => { for (let i = 0, k = 0; i < n / 1000; i++) for (let j = 0; j < 1000; j++, k++) out[k] = aData[k] + row[j]; } },
      tfOp: (tfl) => {
        const x = tfl.tensor(aData, [n / 1000, 1000]), y = tfl.tensor(row);
        return { fn: () => tfl.add(x, y).dispose(), dispose: () => { x.dispose(); y.dispose(); } };
      },
    });
    await table({
      name: `mul f32 by a number, n = ${n.toExponential(0)}`, items: n, ...reps,
      ours: { "stochasm mul": () => mul(a, 1.5).dispose() },
      js: { "JS loop": () => { for (let i = 0; i < n; i++) out[i] = aData[i] * 1.5; } },
      tfOp: tfUnary(aData, (tfl, x) => tfl.mul(x, 1.5)),
    });
    await table({
      name: `exp f32, n = ${n.toExponential(0)}`, items: n, ...reps,
      ours: { "stochasm exp": () => exp(a).dispose() },
      js: { "JS loop (Math.exp)": () => { for (let i = 0; i < n; i++) out[i] = Math.exp(aData[i]); } },
      tfOp: tfUnary(aData, (tfl, x) => tfl.exp(x)),
    });
    await table({
      name: `log f32, n = ${n.toExponential(0)}`, items: n, ...reps,
      ours: { "stochasm log": () => log(pos).dispose() },
      js: { "JS loop (Math.log)": () => { for (let i = 0; i < n; i++) out[i] = Math.log(posData[i]); } },
      tfOp: tfUnary(posData, (tfl, x) => tfl.log(x)),
    });
    await table({
      name: `clamp f32 to [-0.5, 0.5], n = ${n.toExponential(0)}`, items: n, ...reps,
      ours: { "stochasm clamp": () => clamp(a, -0.5, 0.5).dispose() },
      js: { "JS loop": () => { for (let i = 0; i < n; i++) out[i] = Math.min(Math.max(aData[i], -0.5), 0.5); } },
      tfOp: tfUnary(aData, (tfl, x) => tfl.clipByValue(x, -0.5, 0.5)),
    });
    for (const t of [a, b, pos, a2, r]) t.dispose();
  }
  rows.push(...(await benchSpecial()));
  return rows;
}

/** erf(x) by Abramowitz & Stegun 7.1.26: 1 − (a1 t + … + a5 t⁵) e^{−x²}, t = 1/(1 + p|x|); |error| ≤ 1.5e-7. */
function erfAS(x) {
  const z = Math.abs(x), t = 1 / (1 + 0.3275911 * z);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x < 0 ? -y : y;
}

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
/** log|Γ(x)| by the Lanczos approximation (g = 7), with Γ(x)Γ(1 − x) = π / sin(πx) for x < 0.5. */
function lgammaLanczos(x) {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaLanczos(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let k = 1; k < 9; k++) s += LANCZOS[k] / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

async function benchSpecial() {
  const n = 1e6;
  const reps = repsFor(n);
  const out = new Float32Array(n);
  const xData = values(n, 5, -3, 3), gData = values(n, 6, -10, 30);
  const x = tensor(xData, [n]), g = tensor(gData, [n]);
  const erfStdlib = stdlib("math-base-special-erf"), gammaln = stdlib("math-base-special-gammaln");
  const erfPeers = { "JS loop (A&S 7.1.26)": () => { for (let i = 0; i < n; i++) out[i] = erfAS(xData[i]); } };
  const lgammaPeers = { "JS loop (Lanczos)": () => { for (let i = 0; i < n; i++) out[i] = lgammaLanczos(gData[i]); } };
  if (erfStdlib) erfPeers["JS loop (@stdlib erf)"] = () => { for (let i = 0; i < n; i++) out[i] = erfStdlib(xData[i]); };
  if (gammaln) lgammaPeers["JS loop (@stdlib gammaln)"] = () => { for (let i = 0; i < n; i++) out[i] = gammaln(gData[i]); };
  const rows = [
    ...(await bench({ name: "erf f32, x in (-3, 3), n = 1e+6", items: n, ...reps, cases: { "stochasm erf": () => erf(x).dispose(), ...erfPeers } })),
    ...(await bench({ name: "lgamma f32, x in (-10, 30), n = 1e+6", items: n, ...reps, cases: { "stochasm lgamma": () => lgamma(g).dispose(), ...lgammaPeers } })),
  ];
  x.dispose();
  g.dispose();
  return rows;
}

await main(import.meta.url, run);
