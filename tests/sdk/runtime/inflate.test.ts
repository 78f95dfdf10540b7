// sdk/runtime/inflate.ts against zlib: whatever zlib deflates (every level and strategy, stored, fixed and
// dynamic blocks, long matches and overlapping copies) inflates to the same bytes; malformed input is refused
// with a message naming the problem. The embedded wasm builds round-trip too.
import { readFileSync } from "node:fs";
import { constants, deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inflateRaw } from "../../../sdk/runtime/inflate";

const roundTrip = (bytes: Uint8Array, options = {}): void => {
  const deflated = deflateRawSync(bytes, options);
  expect(Buffer.from(inflateRaw(deflated, bytes.length)).equals(Buffer.from(bytes))).toBe(true);
};

describe("inflateRaw", () => {
  it("inflates both wasm builds as zlib deflates them at every level", () => {
    for (const build of ["simd", "scalar"]) {
      const bytes = readFileSync(new URL(`../../../build/stochasm.${build}.wasm`, import.meta.url));
      for (const level of [0, 1, 6, 9]) roundTrip(bytes, { level });
    }
  });

  it("inflates any bytes zlib deflates, with any level and strategy (fixed, Huffman-only, RLE, stored)", () => {
    const strategies = [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FILTERED];
    // Bytes from a small alphabet repeat (long matches, overlapping copies); from all 256 values they do not.
    const data = fc.oneof(fc.uint8Array({ maxLength: 5000 }), fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 70_000 }).map((a) => Uint8Array.from(a)));
    fc.assert(fc.property(data, fc.integer({ min: 0, max: 9 }), fc.constantFrom(...strategies), (bytes, level, strategy) => {
      roundTrip(bytes, { level, strategy });
    }), { seed: 14, numRuns: 300 });
  });

  it("copies matches that overlap their own output (distance 1 runs)", () => {
    roundTrip(new Uint8Array(100_000).fill(7), { level: 9 });
  });

  it("refuses truncated input, a wrong expected size and an invalid block type, saying which", () => {
    const bytes = readFileSync(new URL("../../../build/stochasm.scalar.wasm", import.meta.url));
    const deflated = deflateRawSync(bytes, { level: 9 });
    expect(() => inflateRaw(deflated.subarray(0, 1000), bytes.length)).toThrow(/inflate: input ends early/);
    expect(() => inflateRaw(deflated, bytes.length - 1)).toThrow(/inflate: output longer than expected/);
    expect(() => inflateRaw(deflated, bytes.length + 1)).toThrow(/inflate: inflated \d+ bytes where \d+ were expected/);
    expect(() => inflateRaw(Uint8Array.of(0b111), 1)).toThrow(/inflate: invalid block type 3/);
  });
});
