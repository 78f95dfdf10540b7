// The benchmark harness: every bench/<kernel>.bench.mjs follows this one convention.
//
//   import { bench, main } from "./harness.mjs";
//   import { init, key, normal } from "../dist/stochasm.mjs";
//
//   export async function run() {
//     await init();
//     const n = 1e6;
//     const out = new Float32Array(n);
//     return bench({
//       name: "normal f32 fill, n = 10^6",   // one table; the name is also the row key in RESULTS.md
//       unit: "elements",                     // what `items` counts
//       items: n,                             // work done by ONE call of each case
//       cases: {                              // the FIRST case is ours (or name it with `ours:`)
//         "stochasm": () => normal(key(0), [n]).dispose(),
//         "Box–Muller (JS)": () => boxMullerInto(out),
//       },
//       targets: { "Box–Muller (JS)": 10 },   // optional: ours should be ≥ 10× this peer
//     });
//   }
//   await main(import.meta.url, run);         // runs only when the file is executed directly
//
// What bench() does: every case runs in this process, first `warmup` calls each (JIT, wasm tier-up,
// allocator), then repetitions round-robin over the cases (so machine noise hits them alike) until
// each has `reps` timings or `budgetMs` has passed (at least `minReps` each). It reports the MEDIAN
// time of one call, the throughput items / median (items per second) and, for every row, the ratio
//   ours× = ours' throughput / this case's throughput   (> 1: ours is faster; 1 on ours' own row).
// A case may be sync or return a promise (awaited and timed). A case that throws is reported as an
// error row and does not stop the others. Work must really happen inside the call (read back with
// dataSync(), dispose what you allocate). If `node --expose-gc` is used, gc() runs before each round,
// outside the timing; the order of the cases rotates from round to round.
//
// main(url, run): when the file is run directly (`node bench/x.bench.mjs [--write]`), calls run(),
// prints the tables (bench() prints as it goes), writes the rows as JSON to $BENCH_ROWS_FILE when
// set (that is how bench/run-all.mjs collects them) and, with --write, merges this file's section
// into bench/RESULTS.md (writeSection). run-all rewrites RESULTS.md as a whole.
// BENCH_QUICK=1 (env) runs every case once after one warm-up: a fast check that a file works.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const RESULTS_PATH = join(BENCH_DIR, "RESULTS.md");

const now = () => performance.now();

/** BENCH_QUICK=1: one warm-up and one timed call per case — a smoke test that every case runs, not a measurement. */
export const QUICK = process.env.BENCH_QUICK === "1";

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function call(fn) {
  const r = fn();
  if (r !== null && typeof r === "object" && typeof r.then === "function") await r;
}

/**
 * Times every case and returns one row per case.
 * @param {object} o
 * @param {string} o.name        table title, unique within a file (e.g. "normal f32 fill, n = 10^7")
 * @param {string} [o.unit]      what items counts (default "elements")
 * @param {number} o.items       items processed by ONE call of a case
 * @param {Record<string, () => unknown>} o.cases  name → function doing one call's work; first = ours
 * @param {string} [o.ours]      the case that is ours (default: the first key of cases)
 * @param {Record<string, number>} [o.targets]  peer → minimum ours× the issue asks for
 * @param {number} [o.warmup]    untimed calls per case first (default 3)
 * @param {number} [o.reps]      timed calls per case wanted (default 9)
 * @param {number} [o.minReps]   timed calls per case even past the budget (default 3)
 * @param {number} [o.budgetMs]  time box for the timed part of this table (default 6000)
 * @param {boolean} [o.quiet]    do not print the table
 * @returns {Promise<Row[]>}  Row = { bench, case, ours, unit, items, reps, medianMs, minMs,
 *                                    throughput (items/s), oursX, target?, met?, error? }
 */
export async function bench({ name, unit = "elements", items, cases, ours, targets = {}, warmup = 3, reps = 9, minReps = 3, budgetMs = 6000, quiet = false }) {
  if (QUICK) [warmup, reps, minReps, budgetMs] = [1, 1, 1, 0];
  const names = Object.keys(cases);
  const oursName = ours ?? names[0];
  if (!names.includes(oursName)) throw new Error(`bench "${name}": ours = "${oursName}" is not a case`);
  const times = Object.fromEntries(names.map((c) => [c, []]));
  const errors = {};
  const gc = globalThis.gc;

  for (const c of names) {
    try {
      for (let i = 0; i < warmup; i++) await call(cases[c]);
    } catch (err) {
      errors[c] = String(err?.message ?? err).split("\n")[0];
    }
  }
  const live = names.filter((c) => !(c in errors));
  const start = now();
  for (let r = 0; r < reps; r++) {
    if (r >= minReps && now() - start > budgetMs) break;
    gc?.();
    // rotate the order each round, so no case always runs first after the collection
    const order = live.map((_, j) => live[(j + r) % live.length]);
    for (const c of order) {
      if (c in errors) continue;
      const t0 = now();
      try {
        await call(cases[c]);
      } catch (err) {
        errors[c] = String(err?.message ?? err).split("\n")[0];
        continue;
      }
      times[c].push(now() - t0);
    }
  }

  const rows = rowsFromTimes({ name, unit, items, times, errors, ours: oursName, targets });
  if (!quiet) printTable(rows);
  return rows;
}

/**
 * Rows from timings measured some other way (e.g. in fresh child processes, see cold-start.bench.mjs):
 * times maps case → list of milliseconds per call; errors maps case → message. Same Row as bench().
 */
export function rowsFromTimes({ name, unit = "elements", items, times, errors = {}, ours, targets = {} }) {
  const names = Object.keys(times);
  const oursName = ours ?? names[0];
  const throughputOf = (c) => (times[c].length && !(c in errors) ? items / (median(times[c]) / 1000) : NaN);
  const oursThroughput = throughputOf(oursName);
  return names.map((c) => {
    const row = { bench: name, case: c, ours: c === oursName, unit, items, reps: times[c].length };
    if (c in errors) return { ...row, error: errors[c] };
    const throughput = throughputOf(c);
    Object.assign(row, {
      medianMs: median(times[c]),
      minMs: Math.min(...times[c]),
      throughput,
      oursX: oursThroughput / throughput,
    });
    if (targets[c] !== undefined) Object.assign(row, { target: targets[c], met: row.oursX >= targets[c] });
    return row;
  });
}

// 123456789 → "123 M"; keeps three significant digits.
export function formatRate(x) {
  if (!Number.isFinite(x)) return "—";
  const units = [[1e9, " G"], [1e6, " M"], [1e3, " k"], [1, ""]];
  for (const [scale, suffix] of units) {
    if (x >= scale) return `${(x / scale).toPrecision(3)}${suffix}`;
  }
  return x.toPrecision(3);
}

function formatMs(x) {
  return Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) : "—";
}

function formatX(row) {
  if (row.error) return "—";
  if (row.ours) return "1 (ours)";
  const x = `${row.oursX >= 10 ? row.oursX.toFixed(1) : row.oursX.toFixed(2)}×`;
  if (row.target === undefined) return x;
  return `${x} ${row.met ? "✓" : "✗"} (target ≥ ${row.target}×)`;
}

/** The rows of one bench() call as a markdown table (used for the console and RESULTS.md alike). */
export function markdownTable(rows) {
  const unit = rows[0]?.unit ?? "items";
  const lines = [
    `| case | median ms / call | ${unit}/s | ours × |`,
    "| --- | ---: | ---: | --- |",
  ];
  for (const r of rows) {
    const label = r.ours ? `**${r.case}**` : r.case;
    if (r.error) lines.push(`| ${label} | error: ${r.error.replace(/\|/g, "/")} | | |`);
    else lines.push(`| ${label} | ${formatMs(r.medianMs)} | ${formatRate(r.throughput)} | ${formatX(r)} |`);
  }
  return lines.join("\n");
}

/** Prints one table to stdout. */
export function printTable(rows) {
  if (rows.length === 0) return;
  const { bench: name, items, unit, reps } = rows[0];
  console.log(`\n### ${name}  (${items.toLocaleString("en")} ${unit} per call, median of ${reps} reps)\n`);
  console.log(markdownTable(rows));
}

/** The markdown of a whole bench file's rows: one table per distinct `bench` name. */
export function markdownSection(title, rows) {
  const out = [`## ${title}`, ""];
  const byBench = new Map();
  for (const r of rows) {
    if (!byBench.has(r.bench)) byBench.set(r.bench, []);
    byBench.get(r.bench).push(r);
  }
  for (const [name, group] of byBench) {
    const reps = Math.max(...group.map((r) => r.reps));
    out.push(`### ${name}`, "", `${group[0].items.toLocaleString("en")} ${group[0].unit} per call; median of up to ${reps} timed calls after warm-up.`, "");
    out.push(markdownTable(group), "");
  }
  return out.join("\n");
}

const BEGIN = (id) => `<!-- bench:${id} -->`;
const END = (id) => `<!-- /bench:${id} -->`;

/** `body` wrapped in the markers that let writeSection find and replace it later. */
export function markedSection(id, body) {
  return `${BEGIN(id)}\n${body.trimEnd()}\n${END(id)}\n`;
}

/**
 * Writes (or replaces) the section `id` of bench/RESULTS.md, leaving the other sections as they are.
 * @param {string} id     usually the bench file's name without .bench.mjs ("random")
 * @param {Row[]} rows    what bench() returned
 */
export function writeSection(id, rows, { path = RESULTS_PATH, title = id } = {}) {
  const section = markedSection(id, markdownSection(title, rows));
  let text = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmark results\n\n";
  const b = text.indexOf(BEGIN(id));
  const e = text.indexOf(END(id));
  if (b >= 0 && e > b) text = text.slice(0, b) + section + text.slice(e + END(id).length + 1);
  else text = `${text.trimEnd()}\n\n${section}`;
  writeFileSync(path, text);
}

/** Whether the module at `url` is the script node was started with. */
export function isMain(url) {
  return process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === url;
}

/**
 * The tail of every bench file: `await main(import.meta.url, run)`. Does nothing when imported.
 * Run directly: run(), then rows → $BENCH_ROWS_FILE (JSON) when set, and → RESULTS.md with --write.
 */
export async function main(url, run) {
  if (!isMain(url)) return;
  const rows = await run();
  if (process.env.BENCH_ROWS_FILE) writeFileSync(process.env.BENCH_ROWS_FILE, JSON.stringify(rows));
  if (process.argv.includes("--write") && !QUICK) {
    const id = basename(fileURLToPath(url)).replace(/\.bench\.mjs$/, "");
    writeSection(id, rows);
    console.log(`\nwrote section "${id}" of ${RESULTS_PATH}`);
  }
}
