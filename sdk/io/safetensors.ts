// safetensors (https://github.com/huggingface/safetensors#format), the format PyTorch and Hugging Face save
// weights in: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
//   { "name": { "dtype": "F32" | "F64" | "I32", "shape": [..], "data_offsets": [begin, end] }, …,
//     "__metadata__": { "key": "string value", … } }
// (padded with spaces), then the raw little-endian data; offsets are relative to the data's first byte and
// the tensors tile it without holes or overlaps. Any tree of named tensors goes in (module and optimizer
// state dicts); the JSON form (tensorsToJSON) is the same content as plain text.
import { Tensor, empty } from "../tensor.js";
import { heapU8 } from "../runtime/memory.js";
import { describe, StochasmError } from "../errors.js";
import type { DType } from "../dtype.js";

const CODES: Record<DType, string> = { float32: "F32", float64: "F64", int32: "I32" };
const DTYPES: Record<string, DType> = { F32: "float32", F64: "float64", I32: "int32" };
const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };
/** The spec's bound on the header (100 MB), against a corrupt length asking for gigabytes. */
const MAX_HEADER = 100_000_000;

/** A safetensors file's content: tensors by name, and the string metadata. */
export interface SafetensorsContent {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

function assertNamedTensors(fn: string, tensors: unknown): asserts tensors is Record<string, Tensor> {
  if (tensors === null || typeof tensors !== "object" || Array.isArray(tensors)) throw new TypeError(`${fn}: tensors must be an object of named tensors, got ${describe(tensors)}`);
  for (const [name, t] of Object.entries(tensors)) {
    if (name === "" || name === "__metadata__") throw new RangeError(`${fn}: a tensor name must be non-empty and not "__metadata__", got ${JSON.stringify(name)}`);
    if (!(t instanceof Tensor)) throw new TypeError(`${fn}: tensors[${JSON.stringify(name)}] must be a Tensor, got ${describe(t)}`);
    t.assertLive(`${fn}: tensors[${JSON.stringify(name)}]`);
  }
}

function assertMetadata(fn: string, metadata: unknown): asserts metadata is Record<string, string> {
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) throw new TypeError(`${fn}: metadata must be an object of strings, got ${describe(metadata)}`);
  for (const [k, v] of Object.entries(metadata)) {
    if (typeof v !== "string") throw new TypeError(`${fn}: metadata[${JSON.stringify(k)}] must be a string (safetensors metadata is string → string), got ${describe(v)}`);
  }
}

/**
 * Serialises named tensors (float32 → F32, float64 → F64, int32 → I32) and string metadata as safetensors.
 * Tensors are laid out largest element first, then by name (as the reference writer), so F64 data is 8-byte aligned.
 * @example
 * const bytes = saveSafetensors({ "0.weight": w, "0.bias": b }, { step: "100" });
 */
export function saveSafetensors(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  assertNamedTensors("saveSafetensors", tensors);
  assertMetadata("saveSafetensors", metadata);
  const names = Object.keys(tensors).sort((a, b) => BYTES[tensors[b].dtype] - BYTES[tensors[a].dtype] || (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    header[name] = { dtype: CODES[t.dtype], shape: [...t.shape], data_offsets: [offset, offset + t.byteLength] };
    offset += t.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  let at = 8 + padded;
  const heap = heapU8();
  for (const name of names) {
    const t = tensors[name];
    out.set(heap.subarray(t.ptr, t.ptr + t.byteLength), at);
    at += t.byteLength;
  }
  return out;
}

/**
 * Reads a safetensors file (F32, F64 and I32 tensors) into new tensors you own. Every rule of the format is
 * checked (header length, JSON, dtypes, shapes against offsets, offsets tiling the data) with an error naming
 * what broke it; other dtypes (F16, BF16, I64, …) are an error naming the tensor.
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): SafetensorsContent {
  const fn = "loadSafetensors";
  const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(data instanceof Uint8Array)) throw new TypeError(`${fn}: bytes must be a Uint8Array or an ArrayBuffer, got ${describe(bytes)}`);
  if (data.length < 8) throw new RangeError(`${fn}: a safetensors file has at least 8 bytes (the header length), got ${data.length}`);
  const n = new DataView(data.buffer, data.byteOffset, data.byteLength).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, data.length - 8))) throw new RangeError(`${fn}: the header length ${n} exceeds the ${data.length - 8} bytes after it (or the 100 MB limit)`);
  const headerBytes = data.subarray(8, 8 + Number(n));
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(headerBytes));
  } catch (err) {
    throw new StochasmError(`${fn}: the header is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw new StochasmError(`${fn}: the header must be a JSON object, got ${describe(header)}`);
  const body = data.subarray(8 + Number(n));
  const metadata: Record<string, string> = {};
  const entries: { name: string; dtype: DType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === "__metadata__") {
      assertMetadata(`${fn}: __metadata__`, value);
      Object.assign(metadata, value);
      continue;
    }
    const v = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (v === null || typeof v !== "object") throw new StochasmError(`${fn}: the entry of ${JSON.stringify(name)} must be an object, got ${describe(v)}`);
    const dtype = DTYPES[v.dtype as string];
    if (dtype === undefined) throw new StochasmError(`${fn}: tensor ${JSON.stringify(name)} has dtype ${describe(v.dtype)}; supported are F32, F64 and I32`);
    const shape = v.shape;
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) throw new StochasmError(`${fn}: tensor ${JSON.stringify(name)} has shape ${describe(shape)}; it must be an array of integers ≥ 0`);
    const offsets = v.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[1] < offsets[0]) {
      throw new StochasmError(`${fn}: tensor ${JSON.stringify(name)} has data_offsets ${describe(offsets)}; they must be [begin, end] integers with 0 ≤ begin ≤ end`);
    }
    const size = shape.reduce((a: number, b: number) => a * b, 1);
    if (offsets[1] - offsets[0] !== size * BYTES[dtype]) {
      throw new StochasmError(`${fn}: tensor ${JSON.stringify(name)} (${v.dtype} ${describe(shape)}) needs ${size * BYTES[dtype]} bytes but its data_offsets ${describe(offsets)} span ${offsets[1] - offsets[0]}`);
    }
    entries.push({ name, dtype, shape, begin: offsets[0], end: offsets[1] });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of sorted) {
    if (e.begin !== expected) throw new StochasmError(`${fn}: tensor ${JSON.stringify(e.name)} starts at byte ${e.begin} of the data but the previous one ends at ${expected}: the data must have no holes or overlaps`);
    expected = e.end;
  }
  if (expected !== body.length) throw new StochasmError(`${fn}: the tensors cover ${expected} bytes of data but the file holds ${body.length} after the header`);
  const tensors: Record<string, Tensor> = {};
  try {
    for (const e of entries) {
      const t = empty(e.shape, e.dtype);
      tensors[e.name] = t;
      heapU8().set(body.subarray(e.begin, e.end), t.ptr);
    }
  } catch (err) {
    for (const t of Object.values(tensors)) t.dispose();
    throw err;
  }
  return { tensors, metadata };
}

// JSON numbers cannot hold NaN, ±Infinity or the sign of −0: those become strings.
const encode = (x: number): number | string => (Number.isNaN(x) ? "NaN" : x === Infinity ? "Infinity" : x === -Infinity ? "-Infinity" : Object.is(x, -0) ? "-0" : x);
const decode = (x: unknown): number => (typeof x === "number" ? x : x === "NaN" ? NaN : x === "Infinity" ? Infinity : x === "-Infinity" ? -Infinity : x === "-0" ? -0 : NaN);

/** Named tensors and metadata as JSON text: { metadata, tensors: { name: { dtype, shape, data: [...] } } }, exact for every value. */
export function tensorsToJSON(tensors: Record<string, Tensor>, metadata: Record<string, string> = {}): string {
  assertNamedTensors("tensorsToJSON", tensors);
  assertMetadata("tensorsToJSON", metadata);
  const out: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(tensors)) out[name] = { dtype: CODES[t.dtype], shape: [...t.shape], data: Array.from(t.view(), encode) };
  return JSON.stringify({ metadata, tensors: out });
}

/** Reads tensorsToJSON's text back into new tensors (same bits). */
export function tensorsFromJSON(text: string): SafetensorsContent {
  const fn = "tensorsFromJSON";
  if (typeof text !== "string") throw new TypeError(`${fn}: text must be a string, got ${describe(text)}`);
  let parsed: { metadata?: unknown; tensors?: Record<string, { dtype: string; shape: number[]; data: unknown[] }> };
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new TypeError(`${fn}: text must be JSON from tensorsToJSON, got ${describe(text)} (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== "object") throw new TypeError(`${fn}: text must hold a JSON object from tensorsToJSON, got ${describe(text)}`);
  const metadata = (parsed.metadata ?? {}) as Record<string, string>;
  assertMetadata(fn, metadata);
  const tensors: Record<string, Tensor> = {};
  try {
    for (const [name, e] of Object.entries(parsed.tensors ?? {})) {
      const dtype = DTYPES[e?.dtype];
      if (dtype === undefined) throw new StochasmError(`${fn}: tensor ${JSON.stringify(name)} has dtype ${describe(e?.dtype)}; supported are F32, F64 and I32`);
      const size = Array.isArray(e.shape) ? e.shape.reduce((a, b) => a * b, 1) : NaN;
      if (!Array.isArray(e.data) || e.data.length !== size) throw new StochasmError(`${fn}: tensor ${JSON.stringify(name)} has ${e.data?.length} values for shape ${describe(e.shape)}`);
      const t = empty(e.shape, dtype);
      tensors[name] = t;
      t.view().set(e.data.map(decode));
    }
  } catch (err) {
    for (const t of Object.values(tensors)) t.dispose();
    throw err;
  }
  return { tensors, metadata };
}
