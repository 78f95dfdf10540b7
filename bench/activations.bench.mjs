// float32 activations at n = 10^6, forward and backward (gradY · f′(x)): stochasm (SIMD build) against
// TensorFlow.js 4.x on its wasm backend (one thread, SIMD) and its cpu backend, and a plain JS loop into a
// preallocated Float32Array (Math.exp / Math.tanh in float64: a JS user's first version). relu, sigmoid and
// gelu (tanh form: tfjs has no gelu op, so its rows compose the formula from tf.* ops as a user would).
// Backward rows are forward + backward through each library's autograd, as a user gets a gradient: stochasm's
// vjp(f, x, gradY) (the tape records the op; its backward is one fused kernel, gradY · f′(x)) against tfjs's
// tf.grad(f)(x, gradY) and a JS loop computing f′ with the forward's values. Every stochasm and tfjs call
// allocates its results and disposes them.
import { bench, main, printTable } from "./harness.mjs";
import { loadTf, values } from "./peers.mjs";
import { init, tensor, relu, sigmoid, gelu, vjp } from "../dist/stochasm.mjs";

const N = 1e6;
const REPS = { warmup: 5, reps: 11, budgetMs: 3000 };
const K = Math.sqrt(2 / Math.PI);

// ours + the JS loop + tfjs-wasm, then ours + tfjs-cpu (the cpu row keeps the ours× of its own phase)
async function phased(tf, { name, ours, js, tfOp }) {
  const phase = async (backend, withJs) => {
    const cases = { ...ours };
    if (withJs) Object.assign(cases, js);
    let made = null;
    if (tf) {
      await tf.setBackend(backend);
      made = tfOp(tf);
      cases[`tfjs-${backend}`] = made.fn;
    }
    const rows = await bench({ name, items: N, unit: "elements", cases, quiet: true, ...REPS });
    made?.dispose();
    return rows;
  };
  const rows = await phase("wasm", true);
  if (tf) rows.push(...(await phase("cpu", false)).filter((r) => !r.ours));
  printTable(rows);
  return rows;
}

const geluTanh = (x) => gelu(x, { approximate: "tanh" });
// forward and gradient by stochasm's autograd: both results disposed
const withVjp = (f, x, g) => () => { const [y, gx] = vjp(f, x, g); y.dispose(); gx.dispose(); };

const geluTf = (tf, x) => tf.tidy(() => x.mul(0.5).mul(tf.tanh(x.add(x.pow(3).mul(0.044715)).mul(K)).add(1)));

export async function run() {
  const tf = await loadTf({ withGradients: true });
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const xData = values(N, 1, -6, 6), gData = values(N, 2);
  const x = tensor(xData, [N]), g = tensor(gData, [N]);
  const out = new Float32Array(N), out2 = new Float32Array(N);
  const onTf = (op) => (tfl) => {
    const tx = tfl.tensor(xData), tg = tfl.tensor(gData);
    return { fn: () => op(tfl, tx, tg).dispose(), dispose: () => { tx.dispose(); tg.dispose(); } };
  };
  // tf.grad's f returns its forward value; the gradient comes back (the forward value is disposed inside)
  const gradOf = (f) => (tfl, tx, tg) => tfl.grad(f)(tx, tg);
  const rows = [];
  const table = async (spec) => rows.push(...(await phased(tf, spec)));

  await table({
    name: "relu f32 forward, n = 1e6",
    ours: { "stochasm relu": () => relu(x).dispose() },
    js: { "JS loop": () => { for (let i = 0; i < N; i++) out[i] = xData[i] > 0 ? xData[i] : 0; } },
    tfOp: onTf((tfl, tx) => tfl.relu(tx)),
  });
  await table({
    name: "relu f32 forward + backward, n = 1e6",
    ours: { "stochasm vjp(relu)": withVjp(relu, x, g) },
    js: { "JS loop": () => { for (let i = 0; i < N; i++) { out[i] = xData[i] > 0 ? xData[i] : 0; out2[i] = xData[i] > 0 ? gData[i] : 0; } } },
    tfOp: onTf(gradOf((t) => t.relu())),
  });
  await table({
    name: "sigmoid f32 forward, n = 1e6",
    ours: { "stochasm sigmoid": () => sigmoid(x).dispose() },
    js: { "JS loop": () => { for (let i = 0; i < N; i++) out[i] = 1 / (1 + Math.exp(-xData[i])); } },
    tfOp: onTf((tfl, tx) => tfl.sigmoid(tx)),
  });
  await table({
    name: "sigmoid f32 forward + backward, n = 1e6",
    ours: { "stochasm vjp(sigmoid)": withVjp(sigmoid, x, g) },
    js: { "JS loop": () => { for (let i = 0; i < N; i++) { const s = 1 / (1 + Math.exp(-xData[i])); out[i] = s; out2[i] = gData[i] * s * (1 - s); } } },
    tfOp: onTf(gradOf((t) => t.sigmoid())),
  });
  await table({
    name: "gelu (tanh) f32 forward, n = 1e6",
    ours: { "stochasm gelu tanh": () => geluTanh(x).dispose() },
    js: { "JS loop": () => { for (let i = 0; i < N; i++) { const v = xData[i]; out[i] = 0.5 * v * (1 + Math.tanh(K * (v + 0.044715 * v * v * v))); } } },
    tfOp: onTf((tfl, tx) => geluTf(tfl, tx)),
  });
  await table({
    name: "gelu (tanh) f32 forward + backward, n = 1e6",
    ours: { "stochasm vjp(gelu tanh)": withVjp(geluTanh, x, g) },
    js: {
      "JS loop": () => {
        for (let i = 0; i < N; i++) {
          const v = xData[i], t = Math.tanh(K * (v + 0.044715 * v * v * v));
          out[i] = 0.5 * v * (1 + t);
          out2[i] = gData[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * 0.044715 * v * v));
        }
      },
    },
    tfOp: (tfl) => onTf(gradOf((t) => geluTf(tfl, t)))(tfl),
  });
  x.dispose();
  g.dispose();
  return rows;
}

await main(import.meta.url, run);
