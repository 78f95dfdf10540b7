// Loading the core from what a host gives: modules from another realm (node:vm contexts stand in for
// iframes and edge-runtime sandboxes), a realm that forbids compiling from bytes (codeGeneration.wasm =
// false, as Vercel's edge runtime and workerd), bad options, and the "stochasm/module" entry.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import vm from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { init, initSync, key, memory, normal, tensor } from "../../../sdk/index";
import * as moduleEntry from "../../../sdk/module";

const simdBytes = readFileSync(new URL("../../../build/stochasm.simd.wasm", import.meta.url));
const scalarBytes = readFileSync(new URL("../../../build/stochasm.scalar.wasm", import.meta.url));

function draws(): number[] {
  const x = normal(key(3), [5]);
  const out = Array.from(x.toArray() as Float32Array);
  x.dispose();
  return out;
}

afterAll(async () => {
  await init();
});

// First in this file: no init({ simd: false }) has imported the scalar chunk yet.
describe("the scalar build without a SIMD probe failure", () => {
  it("loads synchronously before any init({ simd: false }), from the .wasm beside load.ts", () => {
    expect(initSync({ simd: false }).simd).toBe(false);
    expect(initSync({ simd: true }).simd).toBe(true);
  });

  it("loads synchronously in dist's ESM and CJS builds (dist/stochasm.scalar.wasm) in a fresh Node", () => {
    const dist = new URL("../../../dist/", import.meta.url);
    const esm = `import { initSync } from ${JSON.stringify(new URL("stochasm.mjs", dist).href)}; console.log(initSync({ simd: false }).simd);`;
    const cjs = `console.log(require(${JSON.stringify(new URL("stochasm.cjs", dist).pathname)}).initSync({ simd: false }).simd);`;
    expect(execFileSync(process.execPath, ["--input-type=module", "-e", esm], { encoding: "utf8" }).trim()).toBe("false");
    expect(execFileSync(process.execPath, ["-e", cjs], { encoding: "utf8" }).trim()).toBe("false");
  });
});

describe("modules from another realm", () => {
  it("accepts a WebAssembly.Module compiled in a node:vm context, which instanceof would refuse", async () => {
    const context = vm.createContext({ bytes: new Uint8Array(scalarBytes) });
    const foreign = vm.runInContext("new WebAssembly.Module(bytes)", context);
    expect(foreign instanceof WebAssembly.Module).toBe(false);
    await init();
    const reference = draws();
    expect((await init({ wasm: foreign })).simd).toBe(false);
    expect(draws()).toEqual(reference);
    expect(initSync({ wasm: foreign }).simd).toBe(false);
    expect(draws()).toEqual(reference);
  });

  it("accepts bytes from another realm (ArrayBuffer and typed array)", async () => {
    const context = vm.createContext({ source: new Uint8Array(scalarBytes) });
    const buffer = vm.runInContext("new Uint8Array(source).buffer", context);
    expect(buffer instanceof ArrayBuffer).toBe(false);
    expect((await init({ wasm: buffer })).simd).toBe(false);
    expect(initSync({ wasm: vm.runInContext("new Uint8Array(source)", context) }).simd).toBe(false);
  });

  it("is a no-op when given the same module again, so edge handlers may await it per request", async () => {
    const module = new WebAssembly.Module(simdBytes);
    await init({ wasm: module });
    const t = tensor([1, 2, 3]);
    await expect(init({ wasm: module })).resolves.toMatchObject({ simd: true });
    expect(Array.from(t.toArray() as Float32Array)).toEqual([1, 2, 3]);
    await expect(init({ wasm: new WebAssembly.Module(simdBytes) })).rejects.toThrow(/while 1 tensor\(s\) are alive/);
    t.dispose();
  });
});

// The CommonJS build of an entry, evaluated inside `context` (its own WebAssembly, Response, …).
function requireInContext(context: vm.Context, file: string): Record<string, any> {
  const cache = new Map<string, Record<string, unknown>>();
  const nodeRequire = createRequire(file);
  const load = (path: string): Record<string, unknown> => {
    const cached = cache.get(path);
    if (cached) return cached.exports as Record<string, unknown>;
    const module = { exports: {} };
    cache.set(path, module);
    const wrapper = vm.runInContext(`(function (exports, require, module, __filename) {${readFileSync(path, "utf8")}\n})`, context, { filename: path });
    wrapper(module.exports, (id: string) => (id.startsWith(".") ? load(createRequire(path).resolve(id)) : nodeRequire(id)), module, path);
    return module.exports;
  };
  return load(file);
}

describe("a realm that forbids compiling WebAssembly from bytes (node:vm, codeGeneration.wasm = false)", () => {
  const dist = new URL("../../../dist/", import.meta.url);
  const sandbox = () => vm.createContext({ console, URL, TextDecoder }, { codeGeneration: { strings: false, wasm: false } });

  it("really forbids it", () => {
    expect(() => vm.runInContext("new WebAssembly.Module(bytes)", vm.createContext({ bytes: simdBytes }, { codeGeneration: { wasm: false } }))).toThrow(/disallowed by embedder/);
  });

  it("makes the plain entry's init() explain the host's rule and show the one-line fix", async () => {
    const stochasm = requireInContext(sandbox(), new URL("stochasm.cjs", dist).pathname);
    await expect(stochasm.init()).rejects.toThrow(/this host forbids compiling WebAssembly from bytes \(.*disallowed by embedder\)/);
    await expect(stochasm.init()).rejects.toThrow('import { init } from "stochasm/module";  import wasm from "stochasm/stochasm.simd.wasm";  await init({ wasm });');
    expect(() => stochasm.initSync()).toThrow(/this host forbids compiling WebAssembly from bytes/);
  });

  it("loads the module entry from a module the host compiled (in the outer realm), with the same bits", async () => {
    await init();
    const reference = draws();
    const stochasm = requireInContext(sandbox(), new URL("module.cjs", dist).pathname);
    expect((await stochasm.init({ wasm: new WebAssembly.Module(simdBytes) })).simd).toBe(true);
    const x = stochasm.normal(stochasm.key(3), [5]);
    expect(Array.from(x.toArray())).toEqual(reference);
    x.dispose();
    expect(stochasm.memory().tensors).toBe(0);
  });
});

describe("the stochasm/module entry", () => {
  it("needs the module and says how to give it", async () => {
    await expect(moduleEntry.init()).rejects.toThrow(/embeds no wasm; pass the module the host compiled:\n  import \{ init \} from "stochasm\/module";/);
    expect(() => moduleEntry.initSync({ simd: true })).toThrow(/embeds no wasm/);
  });

  it("shares one core with the plain entry", async () => {
    expect((await moduleEntry.init({ wasm: new WebAssembly.Module(scalarBytes) })).simd).toBe(false);
    expect(memory().tensors).toBe(0);
    const x = normal(key(3), [5]); // from the plain entry: runs on the core the module entry loaded
    expect(x.toArray().length).toBe(5);
    x.dispose();
    expect(moduleEntry.memory().tensors).toBe(0);
  });
});

describe("init options", () => {
  it("refuses options that are not an object, naming what was given", async () => {
    await expect(init(null as never)).rejects.toThrow(/init: options must be an object, got null/);
    await expect(init("simd" as never)).rejects.toThrow(/init: options must be an object, got "simd"/);
    expect(() => initSync([] as never)).toThrow(/initSync: options must be an object, got \[\]/);
    await expect(init({ simd: "yes" } as never)).rejects.toThrow(/options.simd must be true, false or "auto", got "yes"/);
  });

  it("looks options up as own properties only", async () => {
    const inherited = Object.create({ wasm: 42, simd: "bad" });
    await expect(init(inherited)).resolves.toMatchObject({ streamVersion: expect.any(Number) });
  });

  it("refuses a wasm source of the wrong kind, naming it", async () => {
    await expect(init({ wasm: 42 as never })).rejects.toThrow(/init\(\{ wasm \}\): expected a WebAssembly.Module, an ArrayBuffer \/ typed array, or a Response, got 42/);
    expect(() => initSync({ wasm: {} as never })).toThrow(/got \[object Object\]/);
  });

  it("refuses to install a different core when tensors appeared while init() awaited", async () => {
    await init();
    const pending = init({ simd: false });
    const t = tensor([1, 2, 3]);
    await expect(pending).rejects.toThrow(/while 1 tensor\(s\) are alive/);
    expect(Array.from(t.toArray() as Float32Array)).toEqual([1, 2, 3]);
    expect(memory().tensors).toBe(1);
    t.dispose();
  });

});
