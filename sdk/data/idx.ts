// The IDX format of LeCun's MNIST files: a 4-byte magic (0, 0, type code, number of dimensions), one
// big-endian u32 per dimension, then the data big-endian and row-major. Works on bytes only (any runtime);
// reading files and gunzipping them live in the Node loader (sdk/node.ts).
import { describe } from "../errors.js";

/** An IDX file's contents. */
export interface IdxArray {
  /** Element type from the magic's third byte. */
  type: IdxType;
  /** Dimensions, outermost first (e.g. [60000, 28, 28]). */
  shape: number[];
  /** The elements in row-major order (native byte order; a view of the input for bytes). */
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

export type IdxType = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

const TYPES: Record<number, [IdxType, number]> = {
  0x08: ["uint8", 1], 0x09: ["int8", 1], 0x0b: ["int16", 2], 0x0c: ["int32", 4], 0x0d: ["float32", 4], 0x0e: ["float64", 8],
};

/** An error in an IDX file: its message names the file. */
export class IdxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdxFormatError";
  }
}

/**
 * Parses an IDX file. Checks the magic number, the dimensions and that the size is exactly
 * 4 + 4·rank + (product of dimensions)·(element size) bytes; a truncated, padded, gzipped or otherwise
 * corrupt file throws an IdxFormatError naming `name`.
 * @param bytes the file's bytes (uncompressed)
 * @param name what to call the file in errors (its path)
 * @example
 * parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]), "labels"); // { type: "uint8", shape: [2], data: [7, 9] }
 */
export function parseIdx(bytes: Uint8Array, name = "IDX file"): IdxArray {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`parseIdx: bytes must be a Uint8Array, got ${describe(bytes)}`);
  if (typeof name !== "string") throw new TypeError(`parseIdx: name must be a string, got ${describe(name)}`);
  const fail = (what: string): never => { throw new IdxFormatError(`${name}: ${what}`); };
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    fail("is gzip-compressed (starts with 1f 8b); decompress it first (loadMnist in stochasm/node does)");
  }
  if (bytes.length < 4) fail(`truncated: ${bytes.length} bytes, shorter than the 4-byte IDX magic number`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const code = bytes[2];
  const rank = bytes[3];
  if (bytes[0] !== 0 || bytes[1] !== 0 || !(code in TYPES)) {
    fail(`not an IDX file: magic number 0x${magic.toString(16).padStart(8, "0")}, expected 0x0000TTDD with type TT in 08, 09, 0b, 0c, 0d, 0e`);
  }
  if (rank === 0) fail("corrupt: the magic number declares 0 dimensions");
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) fail(`truncated: ${bytes.length} bytes, shorter than the ${headerBytes}-byte header of ${rank} dimensions`);
  const shape: number[] = [];
  let count = 1;
  for (let d = 0; d < rank; d++) {
    const n = view.getUint32(4 + 4 * d);
    shape.push(n);
    count *= n;
  }
  const [type, size] = TYPES[code];
  const expected = headerBytes + count * size;
  if (bytes.length < expected) {
    fail(`truncated: ${bytes.length} bytes, but ${type} data of shape ${describe(shape)} needs ${expected}`);
  }
  if (bytes.length > expected) {
    fail(`corrupt: ${bytes.length} bytes, ${bytes.length - expected} more than ${type} data of shape ${describe(shape)} needs (${expected})`);
  }
  return { type, shape, data: readData(view, headerBytes, count, type) };
}

function readData(view: DataView, at: number, count: number, type: IdxType): IdxArray["data"] {
  const start = view.byteOffset + at;
  if (type === "uint8") return new Uint8Array(view.buffer, start, count);
  if (type === "int8") return new Int8Array(view.buffer, start, count);
  const out = type === "int16" ? new Int16Array(count) : type === "int32" ? new Int32Array(count)
    : type === "float32" ? new Float32Array(count) : new Float64Array(count);
  const size = out.BYTES_PER_ELEMENT;
  for (let i = 0; i < count; i++) {
    const p = at + i * size;
    out[i] = type === "int16" ? view.getInt16(p) : type === "int32" ? view.getInt32(p)
      : type === "float32" ? view.getFloat32(p) : view.getFloat64(p);
  }
  return out;
}
