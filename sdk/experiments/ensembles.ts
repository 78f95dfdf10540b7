// Item 5 of issue 15: the law of total variance for ensembles and MC dropout (seeds 000, 001), and the toy of
// Lakshminarayanan, Pritzel & Blundell 2017 ("Simple and scalable predictive uncertainty estimation using deep
// ensembles", Fig. 1): y = x³ + ε, ε ~ N(0, 3²), 20 points uniform in [−4, 4], 5 nets with one hidden layer of 100
// ReLUs and a heteroscedastic Gaussian head (mean, variance = softplus + 1e-6) trained on the Gaussian NLL.
import { Tensor, tensor } from "../tensor.js";
import { Key, foldIn } from "../random/key.js";
import { normal, randint, uniform } from "../random/sample.js";
import { add, log, mul, square, sub, div } from "../ops/elementwise.js";
import { softplus } from "../ops/pointwise.js";
import { mean } from "../ops/reduce.js";
import { select, take } from "../ops/indexing.js";
import { linspace } from "../ops/creation.js";
import { reshape } from "../ops/shape.js";
import { valueAndGrad } from "../autograd/transforms.js";
import { Linear, Sequential, Dropout } from "../nn/layers.js";
import { ReLU } from "../nn/activation-modules.js";
import { Adam } from "../optim/torch.js";
import { scope } from "../runtime/memory.js";
import { ExperimentResult, check, estimateMean } from "./result.js";

/** The two parts of Var(Y) for a uniform mixture of N(μ_s, σ_s²): epistemic Var_S(μ_s) (divisor S) and aleatoric mean σ_s². */
export function totalVarianceParts(means: ArrayLike<number>, variances: ArrayLike<number>): { epistemic: number; aleatoric: number; total: number } {
  const S = means.length;
  let m = 0, a = 0, e = 0;
  for (let s = 0; s < S; s++) { m += means[s]; a += variances[s]; }
  m /= S; a /= S;
  for (let s = 0; s < S; s++) e += (means[s] - m) * (means[s] - m);
  e /= S;
  return { epistemic: e, aleatoric: a, total: e + a };
}

/**
 * Var(Y) = Var_S(E[Y|S]) + E_S[Var(Y|S)] checked by sampling: S uniform on the members, then Y ~ N(μ_S, σ_S²);
 * E[(Y − μ̄)²] against the sum of the two parts.
 */
function mixtureCheck(name: string, claim: string, means: number[], variances: number[], samples: number, k: Key, details: Record<string, unknown> = {}): ExperimentResult {
  return scope(() => {
    const parts = totalVarianceParts(means, variances);
    const S = means.length;
    const idx = randint(foldIn(k, 1), [samples], 0, S);
    const mu = take(tensor(means, [S], "float64"), idx);
    const sd = take(tensor(variances.map((v) => Math.sqrt(v)), [S], "float64"), idx);
    const y = add(mu, mul(sd, normal(foldIn(k, 2), [samples], { dtype: "float64" })));
    const centre = means.reduce((a, b) => a + b, 0) / S;
    return check(name, claim, "Var(Y) = Var_S(E[Y|S]) + E_S[Var(Y|S)]", "000/001", parts.total, estimateMean(square(sub(y, centre))), { ...parts, ...details });
  });
}

/** The law of total variance for a made-up ensemble of S Gaussian members (means and variances drawn from the key). */
export function totalVarianceExperiment({ members = 5, samples = 40000 } = {}, k: Key): ExperimentResult {
  const means = scope(() => Array.from(normal(foldIn(k, 10), [members], { dtype: "float64" }).toArray()));
  const variances = scope(() => Array.from(uniform(foldIn(k, 11), [members], { dtype: "float64", low: 0.25, high: 2 }).toArray()));
  return mixtureCheck(`uncertainty:total-variance S=${members}`, "an ensemble's predictive variance splits into disagreement (epistemic) and mean noise (aleatoric)", means, variances, samples, k);
}

const Y_SCALE = 50; // targets are trained as y/50 (values up to 64 at |x| = 4); predictions are scaled back

/** A 1-100-2 heteroscedastic regression net (optionally with dropout after the ReLU). */
function toyNet(k: Key, dropout: number): Sequential {
  const layers = [new Linear(1, 100, { key: foldIn(k, 1), dtype: "float64" }), new ReLU()];
  if (dropout > 0) layers.push(new Dropout(dropout) as never);
  layers.push(new Linear(100, 2, { key: foldIn(k, 2), dtype: "float64" }) as never);
  return new Sequential(...layers);
}

/** Mean and variance (in y's units) of the head's output [n, 2]. */
function head(out: Tensor): [Tensor, Tensor] {
  return [mul(select(out, 1, 0), Y_SCALE), mul(add(softplus(select(out, 1, 1)), 1e-6), Y_SCALE * Y_SCALE)];
}

/** Trains net on the Gaussian NLL ½log σ² + (y − μ)²/(2σ²) (full batch, Adam). */
function trainToy(net: Sequential, x: Tensor, y: Tensor, steps: number, lr: number, k: Key): void {
  const ys = div(y, Y_SCALE);
  const opt = new Adam(net.parameters(), { lr });
  const lossAndGrads = valueAndGrad((p: Record<string, Tensor>, stepKey: Key) => {
    const out = net.call(p, x, { key: stepKey });
    const m = select(out, 1, 0);
    const v = add(softplus(select(out, 1, 1)), 1e-6);
    return mean(add(mul(log(v), 0.5), div(square(sub(ys.reshape([ys.size]), m)), mul(v, 2))));
  });
  try {
    for (let s = 0; s < steps; s++) scope(() => { opt.step(lossAndGrads(net.parameters(), foldIn(k, s))[1]); });
  } finally {
    opt.dispose();
  }
}

export interface ToyCurves { x: number[]; mean: number[]; epistemic: number[]; aleatoric: number[]; trainX: number[]; trainY: number[] }

/**
 * The deep-ensembles toy: 5 nets from keys foldIn(k, 100 + s) trained `steps` Adam steps; the curves on a grid of
 * x in [−6, 6]; rows: the law of total variance at x = 5 (outside the data, by sampling the mixture) and the
 * comparison "epistemic spread is larger outside the data than inside". With `dropout` > 0 the same with one
 * net and `passes` MC dropout passes instead of the 5 members.
 */
export function deepEnsembleToyExperiment({ members = 5, steps = 2000, lr = 0.01, grid = 121, dropout = 0, passes = 50, samples = 40000 } = {}, k: Key): ExperimentResult[] & { curves?: ToyCurves } {
  return scope(() => {
    const x = uniform(foldIn(k, 1), [20, 1], { dtype: "float64", low: -4, high: 4 });
    const y = add(mul(mul(x, x), x), mul(normal(foldIn(k, 2), [20, 1], { dtype: "float64" }), 3));
    const xs = reshape(linspace(-6, 6, grid, "float64"), [grid, 1]);
    const memberMeans: Float64Array[] = [], memberVars: Float64Array[] = [];
    const nets = dropout > 0 ? [toyNet(foldIn(k, 100), dropout)] : Array.from({ length: members }, (_, s) => toyNet(foldIn(k, 100 + s), 0));
    try {
      nets.forEach((net, s) => trainToy(net, x, y, steps, lr, foldIn(k, 200 + s)));
      const draws = dropout > 0 ? passes : members;
      for (let s = 0; s < draws; s++) scope(() => {
        const net = nets[dropout > 0 ? 0 : s];
        const [m, v] = head(net.forward(xs, { key: foldIn(k, 300 + s) }));
        memberMeans.push(m.toArray() as Float64Array);
        memberVars.push(v.toArray() as Float64Array);
      });
    } finally {
      nets.forEach((n) => n.dispose());
    }
    const xg = Array.from(xs.toArray());
    const curves: ToyCurves = { x: xg, mean: [], epistemic: [], aleatoric: [], trainX: Array.from(x.toArray()), trainY: Array.from(y.toArray()) };
    for (let i = 0; i < grid; i++) {
      const parts = totalVarianceParts(memberMeans.map((m) => m[i]), memberVars.map((v) => v[i]));
      curves.mean.push(memberMeans.reduce((a, m) => a + m[i], 0) / memberMeans.length);
      curves.epistemic.push(parts.epistemic);
      curves.aleatoric.push(parts.aleatoric);
    }
    const label = dropout > 0 ? `mc-dropout p=${dropout} T=${passes}` : `ensemble S=${members}`;
    const at = xg.findIndex((v) => v >= 5);
    const inside = xg.map((v, i) => [v, i]).filter(([v]) => v >= -3.5 && v <= 3.5).map(([, i]) => Math.sqrt(curves.epistemic[i]));
    const outside = xg.map((v, i) => [v, i]).filter(([v]) => v >= 5).map(([, i]) => Math.sqrt(curves.epistemic[i]));
    const avg = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const rows = [
      mixtureCheck(`uncertainty:toy-${label} x=5`, `the ${label}'s predictive variance at x = 5 splits into epistemic + aleatoric`, memberMeans.map((m) => m[at]), memberVars.map((v) => v[at]), samples, foldIn(k, 400)),
      { name: `uncertainty:toy-${label} outside>inside`, claim: "epistemic spread grows away from the data (x ≥ 5 against |x| ≤ 3.5)", formula: "mean √epistemic outside ÷ inside > 1", seed: "000/001",
        theory: "> 1", simulation: avg(outside) / avg(inside), standardError: 0, agrees: avg(outside) > avg(inside),
        details: { insideEpistemicStd: avg(inside), outsideEpistemicStd: avg(outside), insideAleatoricStd: avg(xg.map((v, i) => [v, i]).filter(([v]) => v >= -3.5 && v <= 3.5).map(([, i]) => Math.sqrt(curves.aleatoric[i]))), trueNoiseStd: 3 } },
    ] as ExperimentResult[] & { curves?: ToyCurves };
    Object.defineProperty(rows, "curves", { value: curves, enumerable: false });
    return rows;
  });
}

/** The toy's curves as an SVG: data, x³, the ensemble mean, ±2σ bands of the total and of the epistemic part alone. */
export function toySvg(c: ToyCurves, { title = "deep ensemble on y = x³ + ε", width = 720, height = 420 } = {}): string {
  const x0 = -6, x1 = 6, y0 = -250, y1 = 250, pad = 50;
  const px = (x: number) => pad + ((x - x0) / (x1 - x0)) * (width - 2 * pad);
  const py = (y: number) => height - pad - ((Math.min(y1, Math.max(y0, y)) - y0) / (y1 - y0)) * (height - 2 * pad);
  const f = (v: number) => v.toFixed(1);
  const band = (lo: number[], hi: number[]) => c.x.map((x, i) => `${f(px(x))},${f(py(hi[i]))}`).join(" ") + " " + c.x.map((x, i) => `${f(px(x))},${f(py(lo[i]))}`).reverse().join(" ");
  const sd = (v: number[]) => v.map((u) => Math.sqrt(u));
  const tot = sd(c.epistemic.map((e, i) => e + c.aleatoric[i])), epi = sd(c.epistemic);
  const line = (ys: number[]) => c.x.map((x, i) => `${f(px(x))},${f(py(ys[i]))}`).join(" ");
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${title}</text>`,
    `<polygon points="${band(c.mean.map((m, i) => m - 2 * tot[i]), c.mean.map((m, i) => m + 2 * tot[i]))}" fill="#9ecae1" fill-opacity="0.5"/>`,
    `<polygon points="${band(c.mean.map((m, i) => m - 2 * epi[i]), c.mean.map((m, i) => m + 2 * epi[i]))}" fill="#fd8d3c" fill-opacity="0.6"/>`,
    `<polyline points="${line(c.x.map((x) => x * x * x))}" fill="none" stroke="#444" stroke-dasharray="4 3"/>`,
    `<polyline points="${line(c.mean)}" fill="none" stroke="#08519c" stroke-width="2"/>`,
    ...c.trainX.map((x, i) => `<circle cx="${f(px(x))}" cy="${f(py(c.trainY[i]))}" r="3" fill="#d62728"/>`),
    `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="black"/>`,
    `<line x1="${pad}" y1="${pad}" x2="${pad}" y2="${height - pad}" stroke="black"/>`,
    ...[-6, -4, -2, 0, 2, 4, 6].map((t) => `<text x="${f(px(t))}" y="${height - pad + 16}" text-anchor="middle">${t}</text>`),
    ...[-200, -100, 0, 100, 200].map((t) => `<text x="${pad - 6}" y="${f(py(t) + 4)}" text-anchor="end">${t}</text>`),
    `<g transform="translate(${pad + 10},${pad})"><rect width="12" height="10" fill="#9ecae1"/><text x="18" y="10">mean ± 2σ total (epistemic + aleatoric)</text>`,
    `<rect y="16" width="12" height="10" fill="#fd8d3c"/><text x="18" y="26">mean ± 2σ epistemic</text>`,
    `<line x1="0" y1="38" x2="12" y2="38" stroke="#444" stroke-dasharray="4 3"/><text x="18" y="42">y = x³</text>`,
    `<circle cx="6" cy="52" r="3" fill="#d62728"/><text x="18" y="56">20 training points</text></g>`,
    `</svg>`,
  ];
  return parts.join("\n");
}
