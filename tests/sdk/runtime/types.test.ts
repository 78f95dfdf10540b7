// The published types compile for consumers: tsc --strict, skipLibCheck off, the package resolved through
// its "exports" from node_modules. ESM and CJS consumers (tests/types/consumer.mts, consumer.cts) with lib
// es2022 + @types/node only (no DOM lib), and a browser project (lib es2022 + dom, no @types/node).
// Checks `using` (Tensor's [Symbol.dispose]), split's tuples, the .d.cts files and the .wasm subpath.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
let dir: string;

beforeAll(() => {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  dir = mkdtempSync(join(ROOT, ".tmp/types-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules/stochasm"), "dir");
  cpSync(join(ROOT, "tests/types"), dir, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tsc(config: object): string {
  writeFileSync(join(dir, "tsconfig.test.json"), JSON.stringify(config));
  try {
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.test.json"], { cwd: dir, encoding: "utf8" });
    return "";
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

it("compiles for ESM and CJS consumers with lib es2022 and @types/node only", () => {
  const base = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
  expect(tsc(base)).toBe("");
}, 60_000);

it("compiles for a browser project without @types/node or esnext.disposable", () => {
  const config = { compilerOptions: { strict: true, target: "es2022", lib: ["es2022", "dom"], types: [], module: "node16", moduleResolution: "node16", noEmit: true, skipLibCheck: false }, files: ["consumer-browser.mts"] };
  expect(tsc(config)).toBe("");
}, 60_000);

it("fails where it should: split(k, 3) is not a pair, Normal's rsample has no rate gradient, and CJS gets CommonJS declarations", () => {
  writeFileSync(join(dir, "wrong.mts"), `import { key, split, Normal, type Key } from "stochasm";\nconst pair: [Key, Key] = split(key(0), 3);\nconst g = new Normal(0, 1).rsample(key(0)).grads.rate;\n`);
  writeFileSync(join(dir, "wrong.cts"), `import { key } from "stochasm";\nexport const k = key(0);\n`);
  const base = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8"));
  const out = tsc({ ...base, files: ["wrong.mts", "wrong.cts"] });
  expect(out).toMatch(/wrong\.mts\(2,7\): error TS2322: Type '\[Key, Key, Key\]' is not assignable to type '\[Key, Key\]'/);
  expect(out).toMatch(/wrong\.mts\(3,\d+\): error TS2339: Property 'rate' does not exist/);
  expect(out).not.toMatch(/wrong\.cts/);
}, 60_000);
