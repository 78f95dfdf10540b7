// Autograd's cost (issue 11 item 7), float32, SIMD build, through the public SDK:
//  1. per-op overhead: a chain of 20 small ops on [64, 128] (five rounds of h ← tanh(0.9·h + b) + h, b a
//     broadcast row, then a sum), forward alone and with valueAndGrad over { x, b }, against TensorFlow.js
//     4.x doing the same under tf.tidy / tf.valueAndGrads on its wasm backend (one thread, SIMD) — target ≥ 3×;
//  2. the tape's cost: valueAndGrad against the same gradients written by hand with the same public ops
//     (no tape) — target ≤ 30 % slower;
//  3. a 784-128-10 MLP (ReLU) loss and gradient at batch 64 through valueAndGrad, against the same step
//     written by hand with the fused kernels (matmul with transposes, crossEntropy's fused gradient) —
//     target within 1.3×.
// Each timed call repeats the work `times` times (calls of ~100 µs are otherwise timer noise).
import { bench, main, printTable } from "./harness.mjs";
import { loadTf, values } from "./peers.mjs";
import {
  init, tensor, scope, valueAndGrad, tanh, add, mul, sum, matmul, relu, crossEntropy, where, gt,
} from "../dist/stochasm.mjs";

const R = 64, C = 128;
const repeated = (times, fn) => () => { for (let i = 0; i < times; i++) fn(); };

function chain(x, b) {
  let h = x;
  for (let i = 0; i < 5; i++) h = add(tanh(add(mul(h, 0.9), b)), h);
  return sum(h);
}

// The same gradients by hand: the forward keeps what the backward needs, then the chain rule by ops.
function chainByHand(x, b) {
  const hs = [x], ts = [];
  let h = x;
  for (let i = 0; i < 5; i++) { const t = tanh(add(mul(h, 0.9), b)); ts.push(t); h = add(t, h); }
  const value = sum(h);
  let g = tensor(new Float32Array(R * C).fill(1), [R, C]);
  let gb = null;
  for (let i = 4; i >= 0; i--) {
    const gz = mul(g, add(mul(mul(ts[i], ts[i]), -1), 1));     // g·(1 − t²)
    gb = gb === null ? sum(gz, { dim: 0 }) : add(gb, sum(gz, { dim: 0 }));
    g = add(mul(gz, 0.9), g);
    void hs;
  }
  return [value, { x: g, b: gb }];
}

function mlpLoss(p, x, y) {
  const h = relu(add(matmul(x, p.w1, { transposeB: true }), p.b1));
  return crossEntropy(add(matmul(h, p.w2, { transposeB: true }), p.b2), y).loss;
}

function mlpByHand(p, x, y) {
  const pre = add(matmul(x, p.w1, { transposeB: true }), p.b1);
  const h = relu(pre);
  const { loss, grad } = crossEntropy(add(matmul(h, p.w2, { transposeB: true }), p.b2), y);
  const gw2 = matmul(grad, h, { transposeA: true }), gb2 = sum(grad, { dim: 0 });
  const gh = where(gt(pre, 0), matmul(grad, p.w2), 0);
  const gw1 = matmul(gh, x, { transposeA: true }), gb1 = sum(gh, { dim: 0 });
  return [loss, { w1: gw1, b1: gb1, w2: gw2, b2: gb2 }];
}

export async function run() {
  const tf = await loadTf({ withGradients: true });
  const info = await init();
  if (!info.simd) console.warn("stochasm runs its scalar build here (no SIMD128)");
  const xs = values(R * C, 3), bs = values(C, 4);
  const x = tensor(xs, [R, C]), b = tensor(bs, [C]);
  const rows = [];
  const times = 20;
  const cases1 = {
    "stochasm valueAndGrad": repeated(times, () => scope(() => { valueAndGrad((p) => chain(p.x, p.b))({ x, b }); })),
    "stochasm, gradients by hand (no tape)": repeated(times, () => scope(() => { chainByHand(x, b); })),
  };
  const cases0 = { "stochasm forward": repeated(times, () => scope(() => { chain(x, b); })) };
  if (tf) {
    await tf.setBackend("wasm");
    const xt = tf.tensor2d(xs, [R, C]), bt = tf.tensor1d(bs);
    const tchain = (h, bb) => { for (let i = 0; i < 5; i++) h = tf.add(tf.tanh(tf.add(tf.mul(h, 0.9), bb)), h); return tf.sum(h); };
    const vg = tf.valueAndGrads((a, bb) => tchain(a, bb));
    cases0["tfjs-wasm forward (tidy)"] = repeated(times, () => tf.tidy(() => { tchain(xt, bt); }));
    cases1["tfjs-wasm valueAndGrads"] = repeated(times, () => { const { value, grads } = vg([xt, bt]); value.dispose(); grads.forEach((g) => g.dispose()); });
  }
  const name0 = `20-op chain on [${R} × ${C}] forward (×${times} per timed call)`;
  const name1 = `20-op chain on [${R} × ${C}] value and gradient (×${times} per timed call)`;
  rows.push(...(await bench({ name: name0, unit: "chains", items: times, cases: cases0, targets: { "tfjs-wasm forward (tidy)": 3 }, quiet: true, warmup: 5, reps: 31, budgetMs: 4000 })));
  rows.push(...(await bench({ name: name1, unit: "chains", items: times, cases: cases1, targets: { "tfjs-wasm valueAndGrads": 3, "stochasm, gradients by hand (no tape)": 1 / 1.3 }, quiet: true, warmup: 5, reps: 31, budgetMs: 4000 })));

  // MLP 784-128-10, batch 64
  const p = {
    w1: tensor(values(128 * 784, 5, -0.05, 0.05), [128, 784]), b1: tensor(values(128, 6, -0.05, 0.05), [128]),
    w2: tensor(values(10 * 128, 7, -0.1, 0.1), [10, 128]), b2: tensor(values(10, 8, -0.1, 0.1), [10]),
  };
  const xb = tensor(values(64 * 784, 9, 0, 1), [64, 784]);
  const yb = tensor(Int32Array.from({ length: 64 }, (_, i) => (i * 7) % 10), [64], "int32");
  const mlpTimes = 5;
  rows.push(...(await bench({
    name: `MLP 784-128-10 loss + gradient, batch 64 (×${mlpTimes} per timed call)`, unit: "steps", items: mlpTimes,
    cases: {
      "stochasm valueAndGrad": repeated(mlpTimes, () => scope(() => { valueAndGrad(mlpLoss)(p, xb, yb); })),
      "stochasm by hand (fused kernels)": repeated(mlpTimes, () => scope(() => { mlpByHand(p, xb, yb); })),
    },
    targets: { "stochasm by hand (fused kernels)": 1 / 1.3 }, quiet: true, warmup: 5, reps: 31, budgetMs: 5000,
  })));
  printTable(rows);
  return rows;
}

await main(import.meta.url, run);
