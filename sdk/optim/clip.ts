// Gradient clipping as torch.nn.utils: by global norm (clip_grad_norm_) and by value (clip_grad_value_), in
// place over a gradient tree, one WASM call each over all tensors.
import { core } from "../runtime/core.js";
import { describe } from "../errors.js";
import { flattenTree, floatDType, kernelName, RecordTable, type ParamTree } from "./tree.js";

// Runs a table kernel with records (n, t, t) over the leaves of a tree; returns its result.
export function overLeaves(tree: unknown, what: string, base: string, ...args: number[]): number {
  const flat = flattenTree(tree, what);
  const dtype = floatDType(flat, what);
  const table = new RecordTable(flat.leaves.length);
  try {
    const ptr = table.write(flat.leaves.map((t) => [t.size, t.ptr, t.ptr] as const));
    return core()[kernelName(base, dtype)](ptr, flat.leaves.length, ...args) as number;
  } finally {
    table.dispose();
  }
}

/**
 * ‖g‖ over a whole tree as torch's clip_grad_norm_ computes it: the norm of the per-tensor norms (in f64).
 * @param normType 2 (default: √Σ‖g_i‖²), 1 (Σ‖g_i‖₁) or Infinity (max |g|).
 */
export function globalNorm(grads: ParamTree, normType: number = 2): number {
  const base = normType === 2 ? "globalNorm" : normType === 1 ? "globalNormL1" : normType === Infinity ? "globalNormInf" : null;
  if (base === null) throw new RangeError(`globalNorm: normType must be 2, 1 or Infinity, got ${describe(normType)}`);
  return overLeaves(grads, "grads", base);
}

/**
 * Scales the gradients in place by min(1, maxNorm/(‖g‖ + 1e-6)) and returns ‖g‖, as torch.nn.utils.clip_grad_norm_.
 * @param normType 2 (default), 1 or Infinity, as torch's norm_type.
 * @example
 * const norm = clipGradNorm(grads, 1.0);   // grads now have norm ≤ 1
 */
export function clipGradNorm(grads: ParamTree, maxNorm: number, normType: number = 2): number {
  if (typeof maxNorm !== "number" || !(maxNorm >= 0) || maxNorm === Infinity) throw new RangeError(`clipGradNorm: maxNorm must be a finite number ≥ 0, got ${describe(maxNorm)}`);
  const norm = globalNorm(grads, normType);
  const coef = maxNorm / (norm + 1e-6);
  if (!(coef >= 1)) overLeaves(grads, "grads", "scaleTable", coef); // NaN norm: NaN gradients, as torch
  return norm;
}

/** Clamps every gradient element to [−clipValue, clipValue] in place, as torch.nn.utils.clip_grad_value_. */
export function clipGradValue(grads: ParamTree, clipValue: number): void {
  if (typeof clipValue !== "number" || !(clipValue >= 0) || clipValue === Infinity) throw new RangeError(`clipGradValue: clipValue must be a finite number ≥ 0, got ${describe(clipValue)}`);
  overLeaves(grads, "grads", "clampTable", -clipValue, clipValue);
}
