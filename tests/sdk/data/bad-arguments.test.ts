// Regressions from the public-API fuzz on the data pipeline: typed errors naming the argument instead of an
// engine's "Cannot mix BigInt", "Invalid typed array length" or "Cannot convert object to primitive value".
import { describe, expect, it } from "vitest";
import { batchCount, batches, IdxFormatError, imageSet, imageSetFromIdx, parseIdx, sha256Hex, StochasmError } from "../../../sdk/index";

describe("data pipeline with bad arguments", () => {
  it("IdxFormatError is a StochasmError (catchable with every other library error)", () => {
    let err: unknown;
    try { parseIdx(new Uint8Array([1, 2, 3, 4, 5]), "bad.idx"); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(IdxFormatError);
    expect(err).toBeInstanceOf(StochasmError);
  });

  it("batchCount checks count, batchSize and dropLast", () => {
    expect(batchCount(10, 4)).toBe(3);
    expect(batchCount(10, 4, true)).toBe(2);
    expect(() => batchCount(10n as never, 4)).toThrow(/batchCount: count must be an integer, got 10n/);
    expect(() => batchCount(10, Object.create(null))).toThrow(/batchCount: batchSize must be an integer/);
    expect(() => batchCount(10, 0)).toThrow(RangeError);
    expect(() => batchCount(10, 4, 1 as never)).toThrow(/batchCount: dropLast must be a boolean/);
  });

  it("batches refuses a forged set whose count · height · width fits only because a factor is 0", () => {
    const forged = { name: "x", images: new Uint8Array(0), labels: null, count: 2 ** 40, height: 0, width: 3 };
    expect(() => [...batches(forged as never, { batchSize: 2 })]).toThrow(/set must be an ImageSet/);
  });

  it("imageSet and imageSetFromIdx read size / options as own properties and name bad ones", () => {
    const size = Object.create(null) as { height: number; width: number };
    size.height = 1;
    size.width = 2;
    expect(imageSet("s", new Uint8Array(4), null, size).count).toBe(2);
    expect(() => imageSet("s", new Uint8Array(4), null, undefined as never)).toThrow(/imageSet: size must be/);
    expect(() => imageSet("s", new Uint8Array(4), null, Object.create({ height: 1, width: 2 }))).toThrow(/imageSet: height must be a positive integer, got undefined/);
    expect(() => imageSetFromIdx("s", 5 as never, new Uint8Array(0))).toThrow(/imageSetFromIdx: imagesFile must be a Uint8Array/);
    expect(() => imageSetFromIdx("s", new Uint8Array(0), new Uint8Array(0), 3 as never)).toThrow(/imageSetFromIdx: options must be an object/);
  });

  it("sha256Hex rejects a non-Uint8Array with a TypeError naming bytes", async () => {
    await expect(sha256Hex([1, 2] as never)).rejects.toThrow(/sha256Hex: bytes must be a Uint8Array/);
  });
});
