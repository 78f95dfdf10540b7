// Parameter trees (a Tensor, or arrays / plain objects of them) and the record table the optimizer kernels
// walk (assembly/optim/table.ts): one record of 8 u32 per tensor, so one WASM call updates every parameter.
import { Tensor } from "../tensor.js";
import { allocBytes, freeBytes, heapU32 } from "../runtime/memory.js";
import { describe, StochasmError } from "../errors.js";
import type { DType } from "../dtype.js";

/** A tree of tensors: a Tensor, an array of trees, or a plain object of trees (as optax / JAX pytrees). */
export type ParamTree = Tensor | readonly ParamTree[] | { readonly [name: string]: ParamTree };

/** The leaves of a tree in order, with their dotted names ("0.weight", "layers.1.bias"; a lone tensor is "param"). */
export interface FlatTree {
  leaves: Tensor[];
  names: string[];
}

/** Flattens a tree depth-first (arrays by index, objects by key order); checks every leaf is a live tensor. */
export function flattenTree(tree: unknown, what = "params"): FlatTree {
  // an empty name would leave messages naming nothing (" must be a Tensor, …")
  if (typeof what !== "string" || what === "") throw new TypeError(`flattenTree: what must be a string (the tree's name in messages), not empty, got ${describe(what)}`);
  const leaves: Tensor[] = [];
  const names: string[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 64) throw new RangeError(`${what} is nested more than 64 levels deep (a cycle?)`);
    if (node instanceof Tensor) {
      node.assertLive(`${what}${path === "" ? "" : `.${path}`}`);
      leaves.push(node);
      names.push(path === "" ? "param" : path);
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, path === "" ? String(i) : `${path}.${i}`, depth + 1));
      return;
    }
    if (node !== null && typeof node === "object" && Object.getPrototypeOf(node) === Object.prototype) {
      for (const k of Object.keys(node)) walk((node as Record<string, unknown>)[k], path === "" ? k : `${path}.${k}`, depth + 1);
      return;
    }
    throw new TypeError(`${what}${path === "" ? "" : `.${path}`} must be a Tensor, an array or a plain object of them, got ${describe(node)}`);
  };
  walk(tree, "", 0);
  return { leaves, names };
}

/** Rebuilds a tree of the same structure as `like` from leaves in flattenTree's order. */
export function unflattenTree(like: unknown, leaves: readonly Tensor[]): ParamTree {
  let next = 0;
  const build = (node: unknown): ParamTree => {
    if (node instanceof Tensor) return leaves[next++];
    if (Array.isArray(node)) return node.map(build);
    const out: Record<string, ParamTree> = {};
    for (const k of Object.keys(node as object)) out[k] = build((node as Record<string, unknown>)[k]);
    return out;
  };
  return build(like);
}

/** The common float dtype of the leaves (an error names the first leaf that differs or is int32). */
export function floatDType(flat: FlatTree, what = "params"): "float32" | "float64" {
  if (flat.leaves.length === 0) throw new RangeError(`${what} must hold at least one tensor, got an empty tree`);
  const dtype = flat.leaves[0].dtype;
  flat.leaves.forEach((t, i) => {
    if (t.dtype === "int32") throw new TypeError(`${what}.${flat.names[i]} must be float32 or float64, got int32`);
    if (t.dtype !== dtype) throw new TypeError(`${what}.${flat.names[i]} is ${t.dtype} but ${what}.${flat.names[0]} is ${dtype}: one dtype per optimizer`);
  });
  return dtype as "float32" | "float64";
}

/** Checks that `grads` has the leaves of `params` (same count, names, shapes and dtype); returns its leaves. */
export function matchingLeaves(params: FlatTree, grads: unknown, what = "grads"): Tensor[] {
  const flat = flattenTree(grads, what);
  if (flat.leaves.length !== params.leaves.length) {
    throw new RangeError(`${what} has ${flat.leaves.length} tensors but the parameters have ${params.leaves.length}`);
  }
  flat.leaves.forEach((g, i) => {
    const p = params.leaves[i];
    if (flat.names[i] !== params.names[i]) throw new RangeError(`${what}.${flat.names[i]} is in the place of parameter ${params.names[i]}: the trees differ`);
    if (g.dtype !== p.dtype) throw new TypeError(`${what}.${flat.names[i]} must be ${p.dtype} like its parameter, got ${g.dtype}`);
    if (g.size !== p.size || g.shape.length !== p.shape.length || g.shape.some((d, j) => d !== p.shape[j])) {
      throw new RangeError(`${what}.${flat.names[i]} must have shape ${describe(p.shape)} like its parameter, got ${describe(g.shape)}`);
    }
  });
  return flat.leaves;
}

/** Element offsets of each leaf in the flattened parameter vector, and the total P. */
export function offsets(leaves: readonly Tensor[]): { offsets: number[]; total: number } {
  const out: number[] = [];
  let total = 0;
  for (const t of leaves) {
    out.push(total);
    total += t.size;
  }
  if (total > 2 ** 31 - 1) throw new RangeError(`the parameters hold ${total} elements; the limit is 2^31 − 1`);
  return { offsets: out, total };
}

/** One record: n, then up to 5 tensor pointers (0 for none), then the flat offset. */
export type Row = readonly [number, number, number, number?, number?, number?, number?];

/** A block of WASM memory holding the records; reused across steps. dispose() frees it. */
export class RecordTable {
  readonly count: number;
  #ptr: number;
  constructor(count: number) {
    this.count = count;
    this.#ptr = allocBytes(Math.max(32 * count, 16));
  }
  /** Writes the rows (n, p1, p2, s0, s1, s2, offset) and returns the table pointer. */
  write(rows: readonly Row[]): number {
    if (this.#ptr < 0) throw new StochasmError("the optimizer was disposed; its tables are gone");
    const u32 = heapU32();
    const base = this.#ptr >>> 2;
    rows.forEach((row, r) => {
      for (let w = 0; w < 8; w++) u32[base + 8 * r + w] = w < 7 ? (row[w] ?? 0) : 0;
    });
    return this.#ptr;
  }
  dispose(): void {
    if (this.#ptr >= 0) freeBytes(this.#ptr);
    this.#ptr = -1;
  }
}

/** The kernel name with its dtype suffix. */
export function kernelName(base: string, dtype: DType): string {
  return `${base}${dtype === "float64" ? "F64" : "F32"}`;
}

/** Reads options as own properties only; an unknown key is an error naming it and the known ones. */
export function readOptions<T extends Record<string, unknown>>(fn: string, options: unknown, defaults: T): T {
  if (options === undefined) return { ...defaults };
  if (typeof options !== "object" || options === null) throw new TypeError(`${fn}: options must be an object, got ${describe(options)}`);
  const out: Record<string, unknown> = { ...defaults };
  for (const k of Object.keys(options)) {
    if (!Object.prototype.hasOwnProperty.call(defaults, k)) {
      throw new TypeError(`${fn}: unknown option ${JSON.stringify(k)}; the options are ${Object.keys(defaults).join(", ")}`);
    }
    const v = (options as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

/** Checks a finite number ≥ lo (and ≤ hi); names the option. */
export function assertRange(fn: string, name: string, value: unknown, lo: number, hi = Infinity, open = false): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < lo || value > hi || (open && value === lo)) {
    const rule = hi === Infinity ? `${open ? ">" : "≥"} ${lo}` : `in ${open ? "(" : "["}${lo}, ${hi}]`;
    throw new RangeError(`${fn}: ${name} must be a finite number ${rule}, got ${describe(value)}`);
  }
}

/** Checks a boolean option. */
export function assertBool(fn: string, name: string, value: unknown): asserts value is boolean {
  if (typeof value !== "boolean") throw new TypeError(`${fn}: ${name} must be true or false, got ${describe(value)}`);
}
