// The element types a Tensor can hold.
import { describe } from "./errors.js";
export type DType = "float32" | "float64" | "int32";

export type TypedArrayFor<D extends DType> = D extends "float32" ? Float32Array : D extends "float64" ? Float64Array : Int32Array;

export const DTYPES: readonly DType[] = ["float32", "float64", "int32"];

/** Bytes per element. */
export function bytesPerElement(dtype: DType): number {
  return dtype === "float64" ? 8 : 4;
}

/** Checks a dtype name. */
export function assertDTypeName(dtype: unknown, name = "dtype"): asserts dtype is DType {
  if (!DTYPES.includes(dtype as DType)) {
    throw new TypeError(`${name} must be one of ${DTYPES.map((d) => JSON.stringify(d)).join(", ")}, got ${describe(dtype)}`);   // describe, not JSON.stringify: a BigInt must not throw
  }
}
