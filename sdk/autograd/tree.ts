// Trees of tensors: a Tensor, or arrays and plain objects nesting them (JAX's pytrees, minus custom nodes).
// Leaves are visited in a fixed order (array order, then object keys in insertion order), so flattening and
// rebuilding are inverse and deterministic.
import { Tensor } from "../tensor.js";
import { describe } from "../errors.js";

/** A tensor, or arrays / plain objects of trees. */
export type TensorTree = Tensor | readonly TensorTree[] | { readonly [name: string]: TensorTree };

/** The same structure with every tensor replaced by a T. */
export type MapTree<P, T> = P extends Tensor ? T
  : P extends readonly unknown[] ? { [K in keyof P]: MapTree<P[K], T> }
  : P extends object ? { [K in keyof P]: MapTree<P[K], T> } : never;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The leaves of `tree` in order; throws naming the path of anything that is not a tensor, array or object. */
export function flattenTree(tree: unknown, name = "params"): Tensor[] {
  const out: Tensor[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 64) throw new RangeError(`${name} nests deeper than 64 levels at ${path}`);
    if (node instanceof Tensor) out.push(node);
    else if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
    else if (isPlainObject(node)) for (const k of Object.keys(node)) walk(node[k], `${path}.${k}`, depth + 1);
    else throw new TypeError(`${name} must be a Tensor or arrays / plain objects of Tensors; ${path} is ${describe(node)}`);
  };
  walk(tree, name, 0);
  return out;
}

/** `tree` with each leaf replaced by fn(leaf, index) (index in flattenTree order). */
export function mapTree<T>(tree: unknown, fn: (leaf: Tensor, index: number) => T): unknown {
  let i = 0;
  const walk = (node: unknown): unknown => {
    if (node instanceof Tensor) return fn(node, i++);
    if (Array.isArray(node)) return node.map(walk);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(node as object)) out[k] = walk((node as Record<string, unknown>)[k]);
    return out;
  };
  return walk(tree);
}
