// The battery's own parts: the digest, NaN canonicalisation, case generation and the comparison that
// names what differs. (The cross-runtime run itself is cross-runtime.test.ts.)
import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ES modules without types
import { Sha256, sha256Hex } from "./battery/sha256.mjs";
// @ts-expect-error plain ES modules without types
import { canonicalBytes, casesFor, describeCase, runBattery } from "./battery/battery.mjs";
// @ts-expect-error plain ES modules without types
import { DISTRIBUTION_METHODS, PROTECTED_METHODS, operations } from "./battery/operations.mjs";
// @ts-expect-error plain ES module without types
import { LIGHT_EXPERIMENTS } from "./battery/stats-operations.mjs";
// @ts-expect-error plain ES modules without types
import { compare } from "./run-all.mjs";
import * as stochasm from "../../sdk/index";

describe("sha256", () => {
  // FIPS 180-2 appendix B examples.
  it("reproduces the FIPS 180-2 vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
      .toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect(sha256Hex("a".repeat(1_000_000))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("agrees with node:crypto on every length from 0 to 200 bytes and on split updates", () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = randomBytes(n);
      expect(sha256Hex(new Uint8Array(bytes))).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
    const bytes = new Uint8Array(randomBytes(1000));
    const h = new Sha256().update(bytes.subarray(0, 3)).update(bytes.subarray(3, 64)).update(bytes.subarray(64, 130)).update(bytes.subarray(130));
    expect(h.hex()).toBe(createHash("sha256").update(bytes).digest("hex"));
  });
});

describe("canonicalBytes", () => {
  it("maps every float32 NaN to 0x7fc00000 and leaves other values alone", () => {
    const words = new Uint32Array([0x7fc00000, 0xffc00000, 0x7f800001, 0xff812345, 0x7f800000, 0xff800000, 0x00000001, 0x80000000]);
    const out = new Uint32Array(canonicalBytes(new Float32Array(words.buffer)).buffer);
    expect(Array.from(out)).toEqual([0x7fc00000, 0x7fc00000, 0x7fc00000, 0x7fc00000, 0x7f800000, 0xff800000, 0x00000001, 0x80000000]);
  });

  it("maps every float64 NaN to 0x7ff8000000000000 and leaves ±Infinity and denormals alone", () => {
    // little-endian [low, high] word pairs
    const words = new Uint32Array([0, 0xfff80000, 1, 0x7ff00000, 0, 0x7ff00001, 0, 0x7ff00000, 0, 0xfff00000, 1, 0, 0, 0x80000000]);
    const out = new Uint32Array(canonicalBytes(new Float64Array(words.buffer)).buffer);
    expect(Array.from(out)).toEqual([0, 0x7ff80000, 0, 0x7ff80000, 0, 0x7ff80000, 0, 0x7ff00000, 0, 0xfff00000, 1, 0, 0, 0x80000000]);
  });
});

describe("cases", () => {
  it("describes −0, NaN, infinities and bigints exactly", () => {
    expect(describeCase({ b: [-0, NaN, -Infinity], a: 2n ** 64n - 1n })).toBe("{a: 18446744073709551615n, b: [-0, NaN, -Infinity]}");
  });

  it("gives every operation a unique name and at least 20 cases", () => {
    const names = operations.map((o: { name: string }) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const o of operations) expect(casesFor(o).length, o.name).toBeGreaterThanOrEqual(20);
  });

  it("meets the awkward lengths 0, 1, 3, 5 and 1023 in the normal/f32 cases", () => {
    const normal = operations.find((o: { name: string }) => o.name === "normal/f32");
    const sizes = new Set(casesFor(normal).map((c: { shape: number[] }) => c.shape.reduce((a, b) => a * b, 1)));
    for (const n of [0, 1, 3, 5, 1023]) expect(sizes.has(n), `length ${n}`).toBe(true);
  });

  it("regenerates identical cases from the fixed seed", () => {
    const o = operations.find((op: { name: string }) => op.name === "uniform/f32/range");
    const again = { ...o, name: o.name }; // a fresh entry: not served from the cache
    expect(casesFor(again, 41).map(describeCase)).toEqual(casesFor(o, 41).map(describeCase));
  });
});

describe("coverage", () => {
  // Infrastructure, classes used through other calls, and empty() (uninitialised memory: nothing to compare).
  const NOT_OPERATIONS = new Set([
    "init", "initSync", "simdSupported", "memory", "scope", "keep", "setLeakWarnings", "empty",
    "Tensor", "Key", "StochasmError", "DisposedTensorError", "LinAlgError", "IdxFormatError", "Module",
  ]);

  it("has a battery line for every public function of sdk/index.ts", () => {
    const runs = operations.map((o: { run: () => unknown }) => String(o.run)).join("\n");
    const missing = Object.entries(stochasm)
      .filter(([name, v]) => typeof v === "function" && !NOT_OPERATIONS.has(name))
      .map(([name]) => name)
      .filter((name) => !runs.includes(`s.${name}(`));
    expect(missing, `add one line per operation to tests/runtimes/battery/operations.mjs (docs/reproducibility.md): ${missing.join(", ")}`).toEqual([]);
  });

  it("runs every experiment of the registry in the battery (issue 15: the table is the same bits in every runtime)", () => {
    const line = operations.find((o: { name: string }) => o.name === "experiments+experimentKey") as { examples: { name: string }[] };
    const covered = new Set([...LIGHT_EXPERIMENTS, ...line.examples.map((e) => e.name)]);
    const missing = stochasm.experiments.map((e) => e.name).filter((name) => !covered.has(name));
    expect(missing, `add them to LIGHT_EXPERIMENTS or to the line's examples in tests/runtimes/battery/stats-operations.mjs: ${missing.join(", ")}`).toEqual([]);
  });

  // Distribution classes are the exports whose prototype chain reaches the (type-only exported) base.
  const base = Object.getPrototypeOf(stochasm.Normal);
  const distributions = Object.entries(stochasm).filter(([, v]) => typeof v === "function" && v.prototype instanceof base) as [string, { prototype: object }][];

  it("digests every public method of every distribution class (DISTRIBUTION_METHODS), and builds each class in a line", () => {
    expect(distributions.length).toBeGreaterThanOrEqual(10);
    const runs = operations.map((o: { run: () => unknown }) => String(o.run)).join("\n");
    const missing: string[] = [];
    for (const [name, C] of distributions) {
      if (!runs.includes(`new s.${name}(`)) missing.push(`${name} (no line constructs it)`);
      for (let p = C.prototype; p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        for (const [method, desc] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
          if (method === "constructor" || typeof desc.value !== "function" || PROTECTED_METHODS.includes(method)) continue;
          if (!Object.hasOwn(DISTRIBUTION_METHODS, method)) missing.push(`${name}.${method}`);
        }
      }
    }
    expect(missing, `add them to DISTRIBUTION_METHODS in tests/runtimes/battery/operations.mjs: ${missing.join(", ")}`).toEqual([]);
  });
});

describe("runBattery", () => {
  it("gives the SIMD and the scalar build of the SDK source the same digests", async () => {
    const simd = await runBattery(stochasm, { simd: true, runs: 8 });
    const scalar = await runBattery(stochasm, { simd: false, runs: 8 });
    expect(simd.simd).toBe(true);
    expect(scalar.simd).toBe(false);
    expect(compare([{ runtime: "sdk", builds: [simd, scalar] }])).toEqual([]);
  });

  it("digests rejected cases by error name and message, so invalid input is checked too", async () => {
    const report = await runBattery(stochasm, { simd: false, runs: 8, operations: operations.filter((o: { name: string }) => o.name === "fill/invalid") });
    const result = report.operations["fill/invalid"];
    expect(result.errors).toBe(result.count);
  });
});

describe("compare", () => {
  const build = (simd: boolean, digest: string, perCase = ["aa", "bb"]) => ({ simd, operations: { "normal/f32": { digest, cases: "c", count: 2, errors: 0, perCase } } });

  it("names the operation, the runtimes on each side and the first differing case", () => {
    const problems = compare([
      { runtime: "node-esm", builds: [build(true, "1111"), build(false, "1111")] },
      { runtime: "deno", builds: [build(true, "1111"), build(false, "1111")] },
      { runtime: "firefox", builds: [build(true, "2222", ["aa", "cc"]), build(false, "1111")] },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^normal\/f32: digests differ — 1111 in node-esm\/simd, node-esm\/scalar, deno\/simd, deno\/scalar, firefox\/scalar vs 2222 in firefox\/simd; first differing case #1: \{/);
  });

  it("names a runtime that did not report, and one that loaded the wrong build", () => {
    const problems = compare([
      { runtime: "node-esm", builds: [build(true, "1"), build(true, "1")] },
      { runtime: "bun", error: "exited with code 1" },
      { runtime: "chromium", skipped: "not installed" },
    ]);
    expect(problems).toEqual(["node-esm/scalar: init({ simd: false }) loaded the SIMD build", "bun did not report: exited with code 1"]);
  });

  it("reports cases that fast-check generated differently apart from output differences", () => {
    const other = build(false, "9");
    other.operations["normal/f32"].cases = "d";
    const problems = compare([{ runtime: "node-esm", builds: [build(true, "1"), other] }]);
    expect(problems[0]).toMatch(/^normal\/f32: fast-check generated different cases/);
  });
});
