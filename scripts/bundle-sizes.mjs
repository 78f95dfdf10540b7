// What stochasm costs in a bundle, measured with esbuild (minified, ES modules, code splitting on so that
// dynamic imports become chunks, as Vite / Rollup / webpack do by default). Prints a Markdown table for
// README "Bundle size"; tests/sdk/runtime/bundle-size.test.ts holds the budget.
//   node scripts/bundle-sizes.mjs          (needs dist/: npm run build)
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The cases README lists: name → [entry source, esbuild options]. The first is the budgeted one. */
export const CASES = {
  "`init`, `key`, `normal` from `stochasm`": `import { init, key, normal } from "stochasm";\nawait init();\nconsole.log(normal(key(0), [3]).toArray());\n`,
  "everything from `stochasm`": `import * as stochasm from "stochasm";\nawait stochasm.init();\nconsole.log(stochasm);\n`,
  "`init`, `key`, `normal` from `stochasm/module`": `import { init, key, normal } from "stochasm/module";\nawait init({ wasm: globalThis.wasm });\nconsole.log(normal(key(0), [3]).toArray());\n`,
};

// The files an entry loads before running: the entry and its static imports (not dynamic-import chunks).
function initialFiles(metafile, entryOut) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of metafile.outputs[file].imports) if (imp.kind === "import-statement") visit(imp.path);
  };
  visit(entryOut);
  return [...seen];
}

/**
 * Bundles `source` (which imports "stochasm…") with esbuild. Returns `{ initial: { raw, gzip }, lazy: { raw,
 * gzip }, printed }`: what loads up front, the chunks loaded only on demand (the scalar build), and with
 * `run` what the bundle printed when run in Node.
 */
export async function measure(source, { splitting = true, run = false } = {}) {
  const esbuild = await import("esbuild");
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".tmp/bundle-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(ROOT, join(dir, "node_modules/stochasm"), "dir");
    writeFileSync(join(dir, "entry.mjs"), source);
    const result = await esbuild.build({
      entryPoints: [join(dir, "entry.mjs")], outdir: join(dir, "out"), bundle: true, minify: true, format: "esm",
      splitting, platform: "browser", target: "es2022", metafile: true, logLevel: "silent", write: true,
    });
    const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".js"));
    const entryOut = outputs.find((f) => result.metafile.outputs[f].entryPoint);
    const initial = initialFiles(result.metafile, entryOut);
    const size = (files) => {
      const bytes = files.map((f) => readFileSync(resolve(process.cwd(), f)));
      return { raw: bytes.reduce((a, b) => a + b.length, 0), gzip: bytes.reduce((a, b) => a + gzip(b), 0), files: files.length };
    };
    // run: execute the bundle in Node (platform "browser" output is plain ESM) and return what it printed
    const printed = run ? execFileSync(process.execPath, [resolve(process.cwd(), entryOut)], { encoding: "utf8" }) : undefined;
    return { initial: size(initial), lazy: size(outputs.filter((f) => !initial.includes(f))), printed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;

/** The README table. */
export async function table() {
  const rows = ["| what the app imports | loaded up front (min / gzip) | loaded on demand (gzip) |", "| --- | --- | --- |"];
  for (const [name, source] of Object.entries(CASES)) {
    const { initial, lazy } = await measure(source);
    const onDemand = lazy.files ? `${kB(lazy.gzip)} (scalar build, only without SIMD128)` : "—";
    const extra = name.includes("stochasm/module") ? ` + the .wasm the host compiles (${kB(gzip(readFileSync(join(ROOT, "dist/stochasm.simd.wasm"))))} gzip)` : "";
    rows.push(`| ${name} | ${kB(initial.raw)} / **${kB(initial.gzip)}**${extra} | ${onDemand} |`);
  }
  const single = await measure(CASES[Object.keys(CASES)[0]], { splitting: false });
  rows.push(`| the first row, esbuild without \`--splitting\` (the scalar chunk inlined) | ${kB(single.initial.raw)} / ${kB(single.initial.gzip)} | — |`);
  for (const build of ["simd", "scalar"]) {
    const bytes = readFileSync(join(ROOT, `dist/stochasm.${build}.wasm`));
    rows.push(`| \`stochasm/stochasm.${build}.wasm\` alone | ${kB(bytes.length)} / ${kB(gzip(bytes))} | |`);
  }
  return rows.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await table());
