// Helpers shared by the distribution classes: drawing a standard variate from the key's stream and
// applying loc + scale·eps per batch element in WASM.
import { core } from "../runtime/core.js";
import { allocBytes, freeBytes } from "../runtime/memory.js";
import { Tensor } from "../tensor.js";
import { assertKey, type Key } from "../random/key.js";
import { ownOptions } from "../errors.js";
import { type Reparameterized, type SampleOptions } from "./distribution.js";
import { withF64 } from "../runtime/memory.js";


/**
 * A tensor of `shape` filled with elements 0 … n − 1 of a standard variate's stream for key k:
 * "normal" (normalFill), "uniform" (uniformFill), "exponential" or "laplace" (inverse cdf).
 */
export function standardDraw(k: Key, shape: readonly number[], dtype: "float32" | "float64", kind: "normal" | "uniform" | "exponential" | "laplace"): Tensor {
  assertKey(k);
  const out = new Tensor(shape, dtype);
  if (out.size === 0) return out;
  const c = core();
  const suffix = dtype === "float32" ? "F32" : "F64";
  try {
    if (kind === "normal") {
      if (dtype === "float32") c.normalFillF32(out.ptr, 0, out.size, k.k0, k.k1, 0, 1);
      else {
        const scratch = allocBytes(16);
        try { c.normalFillF64(out.ptr, 0, out.size, k.k0, k.k1, 0, 1, scratch); } finally { freeBytes(scratch); }
      }
    } else if (kind === "uniform") c[`uniformFill${suffix}`](out.ptr, 0, out.size, k.k0, k.k1);
    else if (kind === "exponential") c[`standardExponentialFill${suffix}`](out.ptr, 0, out.size, k.k0, k.k1);
    else c[`standardLaplaceFill${suffix}`](out.ptr, 0, out.size, k.k0, k.k1);
  } catch (err) {
    out.dispose();
    throw err;
  }
  return out;
}

/** out[i] = loc[i mod b] + scale[i mod b]·eps[i] (f32 arithmetic for float32). A new tensor. */
export function locationScale(eps: Tensor, loc: Float64Array, scale: Float64Array): Tensor {
  const out = eps.like();
  if (out.size === 0) return out;
  withF64([loc, scale], ([pl, ps]) => {
    core()[eps.dtype === "float32" ? "locationScaleF32" : "locationScaleF64"](out.ptr, eps.ptr, pl, ps, out.size, loc.length);
  });
  return out;
}

/** A draw μ + σ·ε of a location-scale family whose standard variate ε is `kind` (Normal, Laplace). */
export function sampleLocationScale(k: Key, shape: readonly number[], dtype: "float32" | "float64", kind: "normal" | "laplace", loc: Float64Array, scale: Float64Array): Tensor {
  const eps = standardDraw(k, shape, dtype, kind);
  try {
    return locationScale(eps, loc, scale);
  } finally {
    eps.dispose();
  }
}

/** The same draw reparameterised: value = μ + σ·ε; ∂value/∂μ = 1, ∂value/∂σ = ε. */
export function rsampleLocationScale(k: Key, shape: readonly number[], dtype: "float32" | "float64", kind: "normal" | "laplace", loc: Float64Array, scale: Float64Array): Reparameterized {
  const eps = standardDraw(k, shape, dtype, kind);
  const value = locationScale(eps, loc, scale);
  const ones = eps.like();
  ones.view().fill(1);
  return { value, grads: { loc: ones, scale: eps } };
}

/** A tensor like `like` whose element i is f(i, i mod b) (JS arithmetic only: + − × ÷, deterministic). */
export function perElement(like: Tensor, b: number, f: (i: number, j: number) => number): Tensor {
  const out = like.like();
  const v = out.view();
  for (let i = 0, j = 0; i < v.length; i++) {
    v[i] = f(i, j);
    if (++j === b) j = 0;
  }
  return out;
}
