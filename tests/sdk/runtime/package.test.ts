// What `npm pack` publishes: the file list and sizes, every "exports" target present, the license, no
// runtime dependencies, and README links that work from the npm page (absolute, to files that exist).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
type Packed = { size: number; unpackedSize: number; files: { path: string; size: number }[] };
let packed: Packed;
let files: Map<string, number>;

beforeAll(() => {
  // --ignore-scripts: pack what dist/ holds now instead of rebuilding (npm run build first).
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  packed = JSON.parse(out)[0];
  files = new Map(packed.files.map((f) => [f.path, f.size]));
}, 120_000);

// Every file path an "exports" entry points at.
function targets(value: unknown): string[] {
  if (typeof value === "string") return [value.replace(/^\.\//, "")];
  return Object.values(value as Record<string, unknown>).flatMap(targets);
}

describe("npm pack", () => {
  it("ships dist/, README.md, LICENSE and package.json, nothing else", () => {
    const outside = [...files.keys()].filter((f) => !f.startsWith("dist/") && !["README.md", "LICENSE", "package.json"].includes(f));
    expect(outside).toEqual([]);
    for (const f of ["README.md", "LICENSE", "package.json"]) expect(files.has(f)).toBe(true);
  });

  it("ships every file package.json exports, and the chunks and types they import", () => {
    const wanted = [...targets(manifest.exports), manifest.main, manifest.module, manifest.types].map((f: string) => f.replace(/^\.\//, ""));
    expect(wanted.filter((f) => !files.has(f))).toEqual([]);
    // one file per source module (bundlers drop the unused ones), the scalar build among them
    for (const module of ["runtime/load", "runtime/instantiate", "runtime/embedded-simd", "runtime/embedded-scalar", "tensor"]) {
      for (const ext of ["mjs", "cjs"]) expect(files.has(`dist/${module}.${ext}`)).toBe(true);
    }
    const dts = [...files.keys()].filter((f) => f.endsWith(".d.ts")).map((f) => f.replace(/\.d\.ts$/, ".d.cts"));
    expect(dts.filter((f) => !files.has(f))).toEqual([]);
  });

  it("ships the wasm builds byte for byte, and stays small", () => {
    for (const build of ["simd", "scalar"]) expect(files.get(`dist/stochasm.${build}.wasm`)).toBe(statSync(join(ROOT, `build/stochasm.${build}.wasm`)).size);
    console.log(`npm pack: ${files.size} files, ${packed.size} B packed, ${packed.unpackedSize} B unpacked`);
    // 2026-12-06, with main's nets, optimizers, data and statistics: 1.09 MB packed, 3.86 MB unpacked, of which
    // source maps 1.21 MB, types (.d.ts + .d.cts) 0.50 MB, the .wasm files 0.37 MB. Limits leave room, no more.
    expect(packed.size).toBeLessThan(1_500_000);
    expect(packed.unpackedSize).toBeLessThan(5_500_000);
    expect([...files.keys()].filter((f) => /\.(test|spec)\.|\.tsbuildinfo$|^dist\/.*\.ts$/.test(f) && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("has no runtime dependencies and says MIT in package.json and LICENSE", () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.peerDependencies ?? {}).toEqual({});
    expect(manifest.license).toBe("MIT");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License\n/);
  });
});

describe("README links", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  const base = `${manifest.repository.url.replace(/^git\+/, "").replace(/\.git$/, "")}/blob/main/`;

  it("are absolute or in-page, so they work on the npm page", () => {
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !/^(https?:\/\/|#)/.test(l))).toEqual([]);
  });

  it("point at files that exist in this repository", () => {
    const local = links.filter((l) => l.startsWith(base)).map((l) => l.slice(base.length).split("#")[0]);
    expect(local.length).toBeGreaterThan(5);
    expect(local.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });
});
