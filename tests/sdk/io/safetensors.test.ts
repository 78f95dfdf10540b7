// safetensors read/write against a file written byte by byte by Python (tests/fixtures/optim/make.py, the
// format's spec: u64 LE header length, JSON header, raw little-endian data), round trips that keep every bit
// (−0, NaN, extremes), and a clear error for each way a file can be malformed.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { init, loadSafetensors, memory, saveSafetensors, scope, tensor, tensorsFromJSON, tensorsToJSON } from "../../../sdk/index";

const python = new Uint8Array(readFileSync(new URL("../../fixtures/optim/python.safetensors", import.meta.url)));
const fixture = JSON.parse(readFileSync(new URL("../../fixtures/optim/data.json", import.meta.url), "utf8")).safetensors;
const test = (name: string, body: () => void) => it(name, () => scope(body));

// A file with header object h and data bytes.
function file(h: unknown, data = new Uint8Array(0), lengthOverride?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(h));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(lengthOverride ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe("safetensors", () => {
  beforeAll(async () => { await init(); });

  test("reads Python's file: F32, F64, I32 and a 0-d tensor with their shapes, values and metadata", () => {
    const { tensors, metadata } = loadSafetensors(python);
    expect(metadata).toEqual({ format: "pt", step: "7" });
    expect(Object.keys(tensors).sort()).toEqual(["counts", "layer.bias", "layer.weight", "scalar"]);
    expect(tensors["layer.weight"].dtype).toBe("float32");
    expect(tensors["layer.weight"].shape).toEqual([2, 3]);
    expect(Array.from(tensors["layer.weight"].toArray())).toEqual(fixture.weight.map(Math.fround));
    expect(Object.is(tensors["layer.weight"].toArray()[4], -0)).toBe(true);
    expect(Array.from(tensors["layer.bias"].toArray())).toEqual(fixture.bias);
    expect(tensors.counts.dtype).toBe("int32");
    expect(Array.from(tensors.counts.toArray())).toEqual(fixture.counts);
    expect(tensors.scalar.shape).toEqual([]);
    expect(tensors.scalar.item()).toBe(3.25);
  });

  test("writes a file that reads back with the same bits, F64 data 8-byte aligned", () => {
    const a = tensor(new Float64Array([-0, NaN, Infinity, 5e-324, -1.7976931348623157e308]), [5]);
    const b = tensor([1.5, -2.25, 3.4028234663852886e38], [3], "float32");
    const c = tensor(new Int32Array([-(2 ** 31), 0, 2 ** 31 - 1]), [1, 3], "int32");
    const bytes = saveSafetensors({ "b.f32": b, "a.f64": a, c }, { note: "x" });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header["a.f64"]).toEqual({ dtype: "F64", shape: [5], data_offsets: [0, 40] });
    const back = loadSafetensors(bytes);
    expect(back.metadata).toEqual({ note: "x" });
    for (const [name, t] of Object.entries({ "a.f64": a, "b.f32": b, c })) {
      expect(new Uint8Array(back.tensors[name].toArray().buffer)).toEqual(new Uint8Array(t.toArray().buffer));
      expect(back.tensors[name].shape).toEqual(t.shape);
    }
  });

  test("re-saving Python's file and reading it again changes nothing", () => {
    const first = loadSafetensors(python);
    const again = loadSafetensors(saveSafetensors(first.tensors, first.metadata));
    for (const name of Object.keys(first.tensors)) expect(again.tensors[name].toArray()).toEqual(first.tensors[name].toArray());
  });

  test("JSON keeps every bit too, −0 and NaN included", () => {
    const a = tensor(new Float64Array([-0, NaN, -Infinity, 0.1]), [2, 2]);
    const back = tensorsFromJSON(tensorsToJSON({ a }, { k: "v" }));
    expect(back.metadata).toEqual({ k: "v" });
    expect(new Uint8Array(back.tensors.a.toArray().buffer)).toEqual(new Uint8Array(a.toArray().buffer));
  });

  test("names what is wrong with a malformed file, and leaks nothing", () => {
    const one = tensor([1]);
    const before = memory().tensors;
    const f32 = new Uint8Array(8);
    expect(() => loadSafetensors(new Uint8Array(4))).toThrow(/at least 8 bytes/);
    expect(() => loadSafetensors(file({}, new Uint8Array(0), 1e9))).toThrow(/header length 1000000000 exceeds/);
    expect(() => loadSafetensors(file({ x: { dtype: "BF16", shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2)))).toThrow(/"x" has dtype "BF16"; supported are F32, F64 and I32/);
    expect(() => loadSafetensors(file({ x: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, f32))).toThrow(/needs 12 bytes but its data_offsets \[0, 8\] span 8/);
    expect(() => loadSafetensors(file({ x: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, f32))).toThrow(/starts at byte 4 of the data but the previous one ends at 0/);
    expect(() => loadSafetensors(file({ x: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, f32))).toThrow(/cover 4 bytes of data but the file holds 8/);
    expect(() => loadSafetensors(file({ __metadata__: { step: 7 } }))).toThrow(/metadata\["step"\] must be a string/);
    expect(() => saveSafetensors({ "": one })).toThrow(/name must be non-empty/);
    expect(memory().tensors).toBe(before);
  });
});
