import { describe, expect, it } from "vitest";
import { IdxFormatError, imageSetFromIdx, parseIdx } from "../../../sdk/index";

// An IDX file: magic (0, 0, type, rank), big-endian u32 dimensions, then the data.
function idx(type: number, shape: number[], data: number[]): Uint8Array {
  const size = { 8: 1, 9: 1, 11: 2, 12: 4, 13: 4, 14: 8 }[type]!;
  const out = new Uint8Array(4 + 4 * shape.length + data.length * size);
  const v = new DataView(out.buffer);
  out.set([0, 0, type, shape.length]);
  shape.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  const at = 4 + 4 * shape.length;
  data.forEach((x, i) => {
    const p = at + i * size;
    if (type === 8) v.setUint8(p, x); else if (type === 9) v.setInt8(p, x); else if (type === 11) v.setInt16(p, x);
    else if (type === 12) v.setInt32(p, x); else if (type === 13) v.setFloat32(p, x); else v.setFloat64(p, x);
  });
  return out;
}

describe("parseIdx", () => {
  it("reads uint8 data of rank 3 as a view with its shape", () => {
    const r = parseIdx(idx(8, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]), "images");
    expect(r.type).toBe("uint8");
    expect(r.shape).toEqual([2, 2, 3]);
    expect(Array.from(r.data)).toEqual([0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  });

  it("reads the big-endian types int8, int16, int32, float32 and float64", () => {
    expect(Array.from(parseIdx(idx(9, [2], [-128, 127])).data)).toEqual([-128, 127]);
    expect(Array.from(parseIdx(idx(11, [2], [-32768, 258])).data)).toEqual([-32768, 258]);
    expect(Array.from(parseIdx(idx(12, [2], [-(2 ** 31), 16909060])).data)).toEqual([-(2 ** 31), 16909060]);
    expect(Array.from(parseIdx(idx(13, [2], [1.5, -0.25])).data)).toEqual([1.5, -0.25]);
    expect(Array.from(parseIdx(idx(14, [1, 2], [Math.PI, -1e300])).data)).toEqual([Math.PI, -1e300]);
  });

  it("rejects a file truncated in its data, naming the file and both sizes", () => {
    const good = idx(8, [3, 2, 2], new Array(12).fill(7));
    expect(() => parseIdx(good.subarray(0, good.length - 1), "t10k-images-idx3-ubyte")).toThrow(IdxFormatError);
    expect(() => parseIdx(good.subarray(0, good.length - 1), "t10k-images-idx3-ubyte")).toThrow("t10k-images-idx3-ubyte: truncated: 27 bytes, but uint8 data of shape [3, 2, 2] needs 28");
  });

  it("rejects a file truncated in its header or magic number", () => {
    const good = idx(8, [3, 2, 2], new Array(12).fill(7));
    expect(() => parseIdx(good.subarray(0, 10), "f")).toThrow("f: truncated: 10 bytes, shorter than the 16-byte header of 3 dimensions");
    expect(() => parseIdx(good.subarray(0, 3), "f")).toThrow("f: truncated: 3 bytes, shorter than the 4-byte IDX magic number");
    expect(() => parseIdx(new Uint8Array(0), "empty")).toThrow("empty: truncated: 0 bytes");
  });

  it("rejects a corrupt magic number, an unknown type, zero dimensions and trailing bytes", () => {
    const good = idx(8, [2], [1, 2]);
    const bad = good.slice(); bad[0] = 8;
    expect(() => parseIdx(bad, "labels")).toThrow("labels: not an IDX file: magic number 0x08000801");
    const badType = good.slice(); badType[2] = 0x0a;
    expect(() => parseIdx(badType, "labels")).toThrow("labels: not an IDX file: magic number 0x00000a01");
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 0]), "labels")).toThrow("labels: corrupt: the magic number declares 0 dimensions");
    const padded = new Uint8Array(good.length + 3); padded.set(good);
    expect(() => parseIdx(padded, "labels")).toThrow("labels: corrupt: 13 bytes, 3 more than uint8 data of shape [2] needs (10)");
  });

  it("rejects gzip-compressed bytes with a hint instead of a confusing magic number", () => {
    expect(() => parseIdx(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), "train-images-idx3-ubyte.gz")).toThrow("train-images-idx3-ubyte.gz: is gzip-compressed");
  });

  it("rejects a declared size that overflows what the bytes could hold without allocating it", () => {
    const huge = idx(8, [65535, 65535, 65535], []);
    expect(() => parseIdx(huge, "huge")).toThrow("huge: truncated");
  });

  it("rejects arguments that are not bytes", () => {
    expect(() => parseIdx([0, 0, 8, 1] as unknown as Uint8Array)).toThrow("parseIdx: bytes must be a Uint8Array, got [0, 0, 8, 1]");
  });
});

describe("imageSetFromIdx", () => {
  const images = idx(8, [2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7]);
  it("pairs images with labels and keeps height and width", () => {
    const s = imageSetFromIdx("toy", images, idx(8, [2], [3, 9]));
    expect([s.count, s.height, s.width, Array.from(s.labels!)]).toEqual([2, 2, 2, [3, 9]]);
  });

  it("rejects labels outside [0, classes), a count mismatch and images of the wrong rank, naming the file", () => {
    expect(() => imageSetFromIdx("toy", images, idx(8, [2], [3, 10]))).toThrow("toy labels: label 10 at index 1 is not in [0, 10)");
    expect(() => imageSetFromIdx("toy", images, idx(8, [3], [1, 2, 3]), { labelsName: "lab.idx" })).toThrow("lab.idx: 3 labels for the 2 images of toy images");
    expect(() => imageSetFromIdx("toy", idx(8, [8], [0, 1, 2, 3, 4, 5, 6, 7]), idx(8, [2], [1, 2]))).toThrow("toy images: expected uint8 images of rank 3");
  });
});
