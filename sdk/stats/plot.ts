// Pictures of score distributions per set: an SVG (overlaid histograms, one colour a set) and a terminal
// histogram (one row of block characters a set); and lineSvg, series against their index (a depth profile). Plain strings; nothing here reads or writes files.
import { assertInteger, describe } from "../errors.js";
import { checkOptions, ownOption } from "../options.js";
import { tensor } from "../tensor.js";
import { log } from "../ops/elementwise.js";
import { scope } from "../runtime/memory.js";

/** One named series of scores (e.g. the predictive entropies of a set). */
export interface Series {
  name: string;
  values: ArrayLike<number>;
}

/** Options shared by the two pictures. */
export interface HistogramOptions {
  /** Number of equal-width bins over [min, max] (default 30 for SVG, 24 for the terminal). */
  bins?: number;
  /** Range of the x axis (default: 0 and the largest finite value). */
  min?: number;
  max?: number;
}

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
const BLOCKS = " ▁▂▃▄▅▆▇█";

function checkSeries(series: readonly Series[], fn: string): void {
  if (!Array.isArray(series) || series.length === 0) throw new TypeError(`${fn}: series must be a non-empty array of { name, values }, got ${describe(series)}`);
  for (const [i, s] of series.entries()) {
    if (typeof s !== "object" || s === null || typeof s.name !== "string" || typeof s.values?.length !== "number") {
      throw new TypeError(`${fn}: series[${i}] must be { name: string, values: array of numbers }, got ${describe(s)}`);
    }
    // a BigInt (or anything else) among the values would fail later in arithmetic with an engine's message
    for (let j = 0; j < s.values.length; j++) {
      if (typeof s.values[j] !== "number") throw new TypeError(`${fn}: series[${i}].values[${j}] must be a number, got ${describe(s.values[j])}`);
    }
  }
}

/** Fractions of each series per bin over [min, max] (values outside are clamped to the end bins; NaN skipped). */
export function histogram(series: readonly Series[], options: HistogramOptions = {}, fn = "histogram", defaultBins = 30): { min: number; max: number; bins: number; fractions: Float64Array[] } {
  checkSeries(series, fn);
  checkOptions(options, ["bins", "min", "max", "title", "width", "height", "xLabel"], fn);
  const bins = ownOption<number>(options, "bins", defaultBins);
  assertInteger(bins, "bins", 1, 1000);
  let top = 0;
  for (const s of series) for (let i = 0; i < s.values.length; i++) if (Number.isFinite(s.values[i]) && s.values[i] > top) top = s.values[i];
  const min = ownOption<number>(options, "min", 0);
  const max = ownOption<number>(options, "max", top > min ? top : min + 1);
  if (!(Number.isFinite(min) && Number.isFinite(max) && max > min)) throw new RangeError(`${fn}: needs finite min < max, got min = ${describe(min)}, max = ${describe(max)}`);
  const fractions = series.map((s) => {
    const f = new Float64Array(bins);
    let n = 0;
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (Number.isNaN(v)) continue;
      f[Math.min(bins - 1, Math.max(0, Math.floor(((v - min) / (max - min)) * bins)))] += 1;
      n++;
    }
    if (n > 0) for (let b = 0; b < bins; b++) f[b] /= n;
    return f;
  });
  return { min, max, bins, fractions };
}

const escapeXml = (s: string) => s.replace(/[<>&"]/g, (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[ch]!);

/**
 * An SVG of the series' histograms as outlined step curves on shared axes (fraction of each set per bin),
 * with a legend giving each set's mean.
 * @example writeFileSync("entropy.svg", histogramSvg(report.scores.map((s) => ({ name: s.name, values: s.predictiveEntropy }))));
 */
export function histogramSvg(series: readonly Series[], options: HistogramOptions & { title?: string; xLabel?: string; width?: number; height?: number } = {}): string {
  const { min, max, bins, fractions } = histogram(series, options, "histogramSvg", 30);
  const title = ownOption(options, "title", "Predictive entropy per set");
  const xLabel = ownOption(options, "xLabel", "entropy (nats)");
  const W = ownOption(options, "width", 720);
  const H = ownOption(options, "height", 400);
  assertInteger(W, "width", 200, 10000);
  assertInteger(H, "height", 150, 10000);
  const left = 60, right = 200, top = 40, bottom = 50;
  const pw = W - left - right, ph = H - top - bottom;
  let peak = 0;
  for (const f of fractions) for (const v of f) peak = Math.max(peak, v);
  peak = peak > 0 ? peak : 1;
  const x = (v: number) => (left + ((v - min) / (max - min)) * pw).toFixed(1);
  const y = (v: number) => (top + ph - (v / peak) * ph).toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${left}" y="24" font-size="15">${escapeXml(String(title))}</text>`,
    `<line x1="${left}" y1="${top + ph}" x2="${left + pw}" y2="${top + ph}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + ph}" stroke="black"/>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const v = min + ((max - min) * t) / 4;
    out.push(`<text x="${x(v)}" y="${top + ph + 16}" text-anchor="middle">${v.toPrecision(3)}</text>`);
    out.push(`<text x="${left - 6}" y="${y((peak * t) / 4)}" text-anchor="end" dominant-baseline="middle">${((peak * t) / 4).toFixed(2)}</text>`);
  }
  out.push(`<text x="${left + pw / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(String(xLabel))}</text>`);
  out.push(`<text x="16" y="${top + ph / 2}" transform="rotate(-90 16 ${top + ph / 2})" text-anchor="middle">fraction of set</text>`);
  fractions.forEach((f, i) => {
    const colour = PALETTE[i % PALETTE.length];
    const pts: string[] = [`${x(min)},${y(0)}`];
    for (let b = 0; b < bins; b++) {
      const x0 = min + ((max - min) * b) / bins, x1 = min + ((max - min) * (b + 1)) / bins;
      pts.push(`${x(x0)},${y(f[b])}`, `${x(x1)},${y(f[b])}`);
    }
    pts.push(`${x(max)},${y(0)}`);
    out.push(`<polyline fill="${colour}" fill-opacity="0.12" stroke="${colour}" stroke-width="1.5" points="${pts.join(" ")}"/>`);
    const ly = top + 10 + 20 * i;
    const mean = meanFinite(series[i].values);
    out.push(`<rect x="${left + pw + 16}" y="${ly - 8}" width="12" height="12" fill="${colour}"/>`);
    out.push(`<text x="${left + pw + 34}" y="${ly + 2}">${escapeXml(series[i].name)} (mean ${mean.toFixed(3)})</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function meanFinite(values: ArrayLike<number>): number {
  let s = 0, n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) { s += values[i]; n++; }
  return n === 0 ? NaN : s / n;
}

/**
 * A terminal histogram: one row per series, one block character per bin (height ∝ the fraction of the set
 * in that bin, scaled to the row's tallest bin, so each row shows its own shape), then the set's mean.
 * @example
 * console.log(terminalHistogram([{ name: "test", values: h1 }, { name: "noise", values: h2 }], { max: Math.log(10) }));
 * //  test   │█▃▁                     │ mean 0.031
 * //  noise  │           ▁▂▄▇█▅▂      │ mean 1.420
 */
export function terminalHistogram(series: readonly Series[], options: HistogramOptions = {}): string {
  const { min, max, bins, fractions } = histogram(series, options, "terminalHistogram", 24);
  const width = Math.max(...series.map((s) => s.name.length));
  const rows = series.map((s, i) => {
    let peak = 0;
    for (const v of fractions[i]) peak = Math.max(peak, v);
    let bar = "";
    for (let b = 0; b < bins; b++) {
      const v = fractions[i][b];
      bar += v === 0 ? " " : BLOCKS[Math.max(1, Math.round((v / (peak || 1)) * 8))];
    }
    return `${s.name.padEnd(width)} │${bar}│ mean ${meanFinite(s.values).toFixed(3)}`;
  });
  const axis = `${"".padEnd(width)}  ${min.toPrecision(3).padEnd(bins - max.toPrecision(3).length)}${max.toPrecision(3)}`;
  return [...rows, axis].join("\n");
}

/** Options of lineSvg. */
export interface LineOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Plot log₁₀ of the values (default false); values ≤ 0 are left out. */
  logY?: boolean;
  /** Draw series whose name ends with this suffix dashed, in the colour of the series before it (default " (theory)"). */
  dashedSuffix?: string;
  width?: number;
  height?: number;
}

// log₁₀ by the WASM kernel (JS Math.log10 may differ in the last bit between engines; the SVG must not)
function log10All(values: ArrayLike<number>): number[] {
  return scope(() => {
    const t = tensor(Array.from(values, (v) => (v > 0 ? v : 1)), [values.length], "float64");
    const l = Array.from(log(t).view());
    return l.map((v, i) => (values[i] > 0 && Number.isFinite(values[i]) ? v / LN10 : NaN));
  });
}
const LN10 = 2.302585092994046;

/**
 * An SVG of series against their index (x = 1, 2, …: layer, step), on shared axes, optionally log₁₀ in y; a
 * series named "… (theory)" is drawn dashed in the colour of the series before it (simulation against theory).
 * @example writeFileSync("profile.svg", lineSvg([{ name: "he+relu", values: q }, { name: "he+relu (theory)", values: meanField }], { logY: true }));
 */
export function lineSvg(series: readonly Series[], options: LineOptions = {}): string {
  checkSeries(series, "lineSvg");
  checkOptions(options, ["title", "xLabel", "yLabel", "logY", "dashedSuffix", "width", "height"], "lineSvg");
  const title = String(ownOption(options, "title", ""));
  const xLabel = String(ownOption(options, "xLabel", "index"));
  const logY = ownOption(options, "logY", false);
  const yLabel = String(ownOption(options, "yLabel", logY ? "log₁₀ value" : "value"));
  const suffix = String(ownOption(options, "dashedSuffix", " (theory)"));
  const W = ownOption(options, "width", 760);
  const H = ownOption(options, "height", 420);
  assertInteger(W, "width", 200, 10000);
  assertInteger(H, "height", 150, 10000);
  if (typeof logY !== "boolean") throw new TypeError(`lineSvg: logY must be a boolean, got ${describe(logY)}`);
  const ys = series.map((s) => (logY ? log10All(s.values) : Array.from(s.values, (v) => (Number.isFinite(v) ? v : NaN))));
  let lo = Infinity, hi = -Infinity, n = 1;
  for (const y of ys) {
    n = Math.max(n, y.length);
    for (const v of y) if (!Number.isNaN(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  }
  if (!(lo < hi)) { lo = (Number.isFinite(lo) ? lo : 0) - 1; hi = lo + 2; }
  const left = 64, right = 220, top = 40, bottom = 50;
  const pw = W - left - right, ph = H - top - bottom;
  const x = (i: number) => (left + (n === 1 ? 0 : (i / (n - 1)) * pw)).toFixed(1);
  const y = (v: number) => (top + ph - ((v - lo) / (hi - lo)) * ph).toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${left}" y="24" font-size="15">${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${top + ph}" x2="${left + pw}" y2="${top + ph}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + ph}" stroke="black"/>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const i = Math.round(((n - 1) * t) / 4);
    out.push(`<text x="${x(i)}" y="${top + ph + 16}" text-anchor="middle">${i + 1}</text>`);
    const v = lo + ((hi - lo) * t) / 4;
    out.push(`<text x="${left - 6}" y="${y(v)}" text-anchor="end" dominant-baseline="middle">${v.toPrecision(3)}</text>`);
  }
  out.push(`<text x="${left + pw / 2}" y="${H - 12}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  out.push(`<text x="16" y="${top + ph / 2}" transform="rotate(-90 16 ${top + ph / 2})" text-anchor="middle">${escapeXml(yLabel)}</text>`);
  let colourIndex = -1;
  series.forEach((s, i) => {
    const dashed = suffix !== "" && s.name.endsWith(suffix) && i > 0;
    if (!dashed) colourIndex++;
    const colour = PALETTE[colourIndex % PALETTE.length];
    // a gap (NaN: not finite, or ≤ 0 on a log axis) breaks the line
    const runs: string[][] = [[]];
    ys[i].forEach((v, j) => { if (Number.isNaN(v)) runs.push([]); else runs[runs.length - 1].push(`${x(j)},${y(v)}`); });
    for (const r of runs) if (r.length > 0) out.push(`<polyline fill="none" stroke="${colour}" stroke-width="${dashed ? 1.2 : 1.8}"${dashed ? ' stroke-dasharray="5 4"' : ""} points="${r.join(" ")}"/>`);
    const ly = top + 10 + 18 * i;
    out.push(`<line x1="${left + pw + 14}" y1="${ly}" x2="${left + pw + 32}" y2="${ly}" stroke="${colour}" stroke-width="2"${dashed ? ' stroke-dasharray="5 4"' : ""}/>`);
    out.push(`<text x="${left + pw + 38}" y="${ly + 4}">${escapeXml(s.name)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}
