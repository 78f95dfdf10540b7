// Runs the battery in every runtime and compares the digests.
//   node tests/runtimes/run-all.mjs [dist directory]      (CI=true makes the browsers mandatory)
// Node ESM and CJS, Deno and Bun run as child processes (Deno and Bun from npm devDependencies);
// Chromium and Firefox load a page from a 127.0.0.1 server started here and post their digests back.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { casesFor, describeCase } from "./battery/battery.mjs";
import { operations } from "./battery/operations.mjs";
import { startServer } from "./runners/server.mjs";
import { CHROMIUM, FIREFOX, installed, runChromium, runFirefox } from "./runners/browsers.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const RUNNERS = join(ROOT, "tests/runtimes/runners");
const bin = (name) => join(ROOT, "node_modules/.bin", name);

/** The command-line runtimes for a dist directory: name → [program, args]. */
export function processRuntimes(dist) {
  const esm = pathToFileURL(join(dist, "stochasm.mjs")).href;
  return {
    "node-esm": [process.execPath, [join(RUNNERS, "esm.mjs"), esm]],
    "node-cjs": [process.execPath, [join(RUNNERS, "cjs.cjs"), join(dist, "stochasm.cjs")]],
    deno: [bin("deno"), ["run", "--allow-read", "--no-lock", "--no-prompt", join(RUNNERS, "esm.mjs"), esm]],
    bun: [bin("bun"), [join(RUNNERS, "esm.mjs"), esm]],
  };
}

// Runs a runner process and parses its "BATTERY <json>" line.
function runProcess(name, [program, args], timeoutMs) {
  return new Promise((done) => {
    const child = spawn(program, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", (err) => { clearTimeout(timer); done({ runtime: name, error: `could not start ${program}: ${err.message}` }); });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith("BATTERY "));
      if (code === 0 && line) return done({ runtime: name, builds: JSON.parse(line.slice(8)) });
      const why = signal === "SIGKILL" ? `timed out after ${timeoutMs / 1000} s` : `exited with code ${code}`;
      done({ runtime: name, error: `${why}: ${stderr.trim().slice(-1500)}` });
    });
  });
}

/**
 * Runs every runtime against the builds in `dist` (default: the repository's dist/). Browsers that are
 * not installed are skipped with a loud warning, unless `requireBrowsers` (CI) makes their absence an
 * error. Resolves with one report per runtime: `{ runtime, builds: [simdReport, scalarReport] }`,
 * `{ runtime, error }` or `{ runtime, skipped }`.
 */
export async function runAll({ requireBrowsers = process.env.CI === "true", timeoutMs = 90_000, log = console.error, dist = join(ROOT, "dist") } = {}) {
  if (!existsSync(join(dist, "stochasm.mjs")) || !existsSync(join(dist, "stochasm.cjs"))) {
    throw new Error(`${dist}/stochasm.mjs or stochasm.cjs is missing: run \`npm run build\` before the cross-runtime battery`);
  }
  const stale = newerSources(statSync(join(dist, "stochasm.mjs")).mtimeMs);
  if (stale.length) log(`\n!!! ${dist} is older than ${stale.slice(0, 3).join(", ")}${stale.length > 3 ? ", …" : ""}: the battery runs the built bundle; \`npm run build\` to include your changes !!!\n`);
  const timed = async (name, fn) => {
    const t0 = Date.now();
    const report = await fn();
    log(`  ${name.padEnd(9)} ${report.error ? "FAILED" : report.skipped ? "skipped" : "ok"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { ...report, runtime: name };
  };
  const browser = async (name, path, run, server) => {
    if (installed(path)) return timed(name, () => run(server, { timeoutMs }));
    const message = `${path} is not installed (apt-get install ${name === "chromium" ? "chromium" : "firefox-esr"})`;
    if (requireBrowsers) return { runtime: name, error: message };
    log(`\n!!!!!!!!!! SKIPPING ${name.toUpperCase()}: ${message}. CI=true makes this a failure. !!!!!!!!!!\n`);
    return { runtime: name, skipped: message };
  };
  const server = await startServer(ROOT, dist);
  try {
    // The process runtimes are quick and run one after another beside the browsers (2 cores).
    const processes = (async () => {
      const out = [];
      for (const [name, command] of Object.entries(processRuntimes(dist))) out.push(await timed(name, () => runProcess(name, command, timeoutMs)));
      return out;
    })();
    const browsers = (async () => [
      await browser("chromium", CHROMIUM, runChromium, server),
      await browser("firefox", FIREFOX, runFirefox, server),
    ])();
    return [...(await processes), ...(await browsers)];
  } finally {
    await server.close();
  }
}

// Sources changed after the bundle was built (the battery would test yesterday's code).
function newerSources(builtMs) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith(".ts") && statSync(join(ROOT, path)).mtimeMs > builtMs) found.push(path);
    }
  };
  for (const dir of ["sdk", "assembly"]) if (existsSync(join(ROOT, dir))) walk(dir);
  return found;
}

const group = (entries) => {
  const groups = new Map();
  for (const [label, value] of entries) groups.set(value, [...(groups.get(value) ?? []), label]);
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
};

/**
 * Compares the reports. Returns a list of problems (empty when every runtime and build agrees), each
 * naming the operation and the runtimes whose digests differ, or the runtime that did not report.
 */
export function compare(reports) {
  const problems = [];
  const builds = [];
  for (const r of reports) {
    if (r.skipped) continue;
    if (r.error || !Array.isArray(r.builds)) {
      problems.push(`${r.runtime} did not report: ${r.error ?? "no digests"}`);
      continue;
    }
    for (const [i, b] of r.builds.entries()) {
      const wanted = i === 0;
      const label = `${r.runtime}/${wanted ? "simd" : "scalar"}`;
      if (b.simd !== wanted) problems.push(`${label}: init({ simd: ${wanted} }) loaded the ${b.simd ? "SIMD" : "scalar"} build`);
      builds.push([label, b]);
    }
  }
  if (builds.length === 0) return problems;
  const names = [...new Set(builds.flatMap(([, b]) => Object.keys(b.operations)))];
  for (const name of names) {
    const missing = builds.filter(([, b]) => !b.operations[name]).map(([label]) => label);
    if (missing.length) problems.push(`${name}: not run by ${missing.join(", ")}`);
    const present = builds.filter(([, b]) => b.operations[name]).map(([label, b]) => [label, b.operations[name]]);
    const caseGroups = group(present.map(([label, o]) => [label, o.cases]));
    if (caseGroups.length > 1) {
      problems.push(`${name}: fast-check generated different cases: ${caseGroups.map(([d, labels]) => `${d.slice(0, 12)} in ${labels.join(", ")}`).join("; ")}`);
      continue;
    }
    const digestGroups = group(present.map(([label, o]) => [label, o.digest]));
    if (digestGroups.length > 1) {
      const [[, reference], ...others] = digestGroups.map(([, labels]) => [labels, present.find(([l]) => l === labels[0])[1]]);
      problems.push(`${name}: digests differ — ${digestGroups.map(([d, labels]) => `${d.slice(0, 12)} in ${labels.join(", ")}`).join(" vs ")}; ${firstDifference(name, reference, others[0][1])}`);
    }
  }
  return problems;
}

// Names the first case whose per-case digest differs, with its generated parameters.
function firstDifference(name, a, b) {
  const i = a.perCase.findIndex((d, j) => d !== b.perCase[j]);
  if (i < 0) return "per-case digests agree (the cases or their count changed)";
  const op = operations.find((o) => o.name === name);
  const text = op ? describeCase(casesFor(op)[i]) : "(operation not in this checkout)";
  return `first differing case #${i}: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}

/** A one-screen summary: runtimes, versions and timings, then the verdict. */
export function summary(reports, problems) {
  const lines = reports.map((r) => {
    if (r.skipped) return `  ${r.runtime}: SKIPPED (${r.skipped})`;
    if (r.error) return `  ${r.runtime}: ERROR ${r.error}`;
    const ops = Object.keys(r.builds[0].operations).length;
    return `  ${r.runtime}: ${ops} operations × ${r.builds.length} builds in ${r.builds.map((b) => `${b.milliseconds} ms`).join(" + ")}${r.version ? ` (${r.version})` : ""}`;
  });
  lines.push(problems.length ? `${problems.length} problem(s):\n${problems.map((p) => `  ✗ ${p}`).join("\n")}` : "all runtimes and builds agree on every digest");
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reports = await runAll({ dist: process.argv[2] ? resolve(process.argv[2]) : undefined });
  const problems = compare(reports);
  console.log(summary(reports, problems));
  process.exitCode = problems.length ? 1 : 0;
}
