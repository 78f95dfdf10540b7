// Function transforms of reverse-mode autograd, in the spirit of JAX: grad, valueAndGrad, vjp, jacobian,
// hessian, stopGradient. A transform runs f once on a fresh tape (tape.ts), then walks the tape backwards
// accumulating ∂ℓ/∂t for every tensor t, using ordinary ops — which an enclosing transform records, so
// transforms nest (hessian = jacobian ∘ grad). Everything made while f and the backward pass run is freed when
// the transform returns, except its results (and what an enclosing tape still needs): the tape never leaks.
import { Tensor, full, viewOf, zeros } from "../tensor.js";
import { describe } from "../errors.js";
import { scopeRetaining } from "../runtime/memory.js";
import { closeTape, openTape, referencedByOpenTape, type Tape } from "./tape.js";
import { flattenTree, mapTree } from "./tree.js";
import { add } from "../ops/elementwise.js";
import { to } from "../ops/cast.js";
import { reshape, stack } from "../ops/shape.js";

/** Options of grad and valueAndGrad. */
export interface GradOptions {
  /** f returns [value, aux]; aux (any tensors or data) is passed through untouched. Default false. */
  hasAux?: boolean;
}

function assertFunction(f: unknown, fn: string): asserts f is (...args: never[]) => unknown {
  if (typeof f !== "function") throw new TypeError(`${fn}: f must be a function, got ${describe(f)}`);
}

function assertDifferentiable(leaves: readonly Tensor[], fn: string): void {
  leaves.forEach((t, i) => {
    t.assertLive(`${fn}: parameter ${i}`);
    if (t.dtype === "int32") throw new TypeError(`${fn}: parameter ${i} has dtype int32; gradients need float32 or float64 (use .to("float32"))`);
  });
}

// Runs the tape backwards from `seeds` (output tensor → its cotangent); returns ∂/∂leaf for each leaf (zeros
// for a leaf the output does not depend on, as JAX). Internal (nn/per-example.ts uses it), not in sdk/index.ts.
export function backward(tape: Tape, seeds: Map<Tensor, Tensor>, leaves: readonly Tensor[]): Tensor[] {
  const grads = new Map<Tensor, Tensor>(seeds);
  for (let n = tape.nodes.length - 1; n >= 0; n--) {
    const node = tape.nodes[n];
    const g = grads.get(node.output);
    if (g === undefined) continue;
    const contributions = node.backward(g, node.inputs.map((t) => t !== null && tape.tracked.has(t)));
    node.inputs.forEach((input, i) => {
      const c = contributions[i];
      if (input === null || c === null || c === undefined || !tape.tracked.has(input)) return;
      if (c.shape.length !== input.shape.length || c.shape.some((d, k) => d !== input.shape[k])) {
        throw new Error(`stochasm internal error: the backward of ${node.op} gave shape ${describe(c.shape)} for an input of shape ${describe(input.shape)}`);
      }
      const typed = c.dtype === input.dtype ? c : to(c, input.dtype);
      const prev = grads.get(input);
      grads.set(input, prev === undefined ? typed : add(prev, typed));
    });
  }
  const used = new Set<Tensor>();
  return leaves.map((leaf) => {
    let g = grads.get(leaf) ?? zeros(leaf.shape, leaf.dtype);
    // every returned gradient owns its memory: a shared one (x + x, or the seed itself) is copied
    if (used.has(g) || leaves.includes(g)) g = viewOf(g, g.shape);
    used.add(g);
    return g;
  });
}

// f(primals, ...rest) under a tape tracking the leaves of primals; then `finish(tape, output)` runs inside
// the same scope, so everything but its result (and what an enclosing tape refers to) is freed.
function traced<R>(fn: string, f: (...args: never[]) => unknown, primals: unknown, rest: unknown[],
  finish: (tape: Tape, output: unknown, leaves: Tensor[]) => R): R {
  assertFunction(f, fn);
  const leaves = flattenTree(primals, `${fn}: params`);
  assertDifferentiable(leaves, fn);
  return scopeRetaining(() => {
    const tape = openTape(leaves);
    let output: unknown;
    try {
      output = (f as (...a: unknown[]) => unknown)(primals, ...rest);
    } finally {
      closeTape(tape);
    }
    if (output instanceof Promise) throw new TypeError(`${fn}: f must be synchronous, it returned a Promise`);
    return finish(tape, output, leaves);
  }, (d) => referencedByOpenTape(d as Tensor));
}

function scalarOutput(fn: string, value: unknown): Tensor {
  if (!(value instanceof Tensor)) throw new TypeError(`${fn}: f must return a Tensor (a scalar loss), got ${describe(value)}`);
  value.assertLive(`${fn}: f's result`);
  if (value.size !== 1) throw new RangeError(`${fn}: f must return a single-element tensor (a scalar loss), got shape ${describe(value.shape)}; use vjp or jacobian for other outputs`);
  if (value.dtype === "int32") throw new TypeError(`${fn}: f returned an int32 tensor; a loss must be float32 or float64`);
  return value;
}

/**
 * valueAndGrad(f)(params, ...rest) → [f(params, ...rest), ∂f/∂params]: the gradient has the structure of params
 * (a tensor, or arrays / plain objects of tensors) and each leaf's shape and dtype. f returns a one-element
 * tensor (or [value, aux] with `hasAux`). The results are new tensors you own; everything f made is freed.
 * @example
 * const [loss, g] = valueAndGrad((w) => sum(square(sub(matmul(x, w), y))))(w);
 * const [l, grads] = valueAndGrad(({ w, b }) => mseLoss(add(matmul(x, w), b), y))({ w, b });
 */
export function valueAndGrad<P, R extends unknown[]>(
  f: (params: P, ...rest: R) => Tensor | [Tensor, unknown], options: GradOptions = {},
): (params: P, ...rest: R) => [Tensor, P] | [Tensor, P, unknown] {
  assertFunction(f, "valueAndGrad");
  const hasAux = options !== null && typeof options === "object" && Object.prototype.hasOwnProperty.call(options, "hasAux") ? options.hasAux : false;
  if (typeof hasAux !== "boolean") throw new TypeError(`valueAndGrad: hasAux must be a boolean, got ${describe(hasAux)}`);
  return (params: P, ...rest: R) => traced("valueAndGrad", f as never, params, rest, (tape, output, leaves) => {
    let value: unknown = output, aux: unknown;
    if (hasAux) {
      if (!Array.isArray(output) || output.length !== 2) throw new TypeError(`valueAndGrad: with hasAux, f must return [value, aux], got ${describe(output)}`);
      [value, aux] = output;
    }
    const v = scalarOutput("valueAndGrad", value);
    const grads = backward(tape, new Map([[v, full(v.shape, 1, v.dtype)]]), leaves);
    const tree = mapTree(params, (_, i) => grads[i]) as P;
    const kept = leaves.includes(v) ? viewOf(v, v.shape) : v;
    return (hasAux ? [kept, tree, aux] : [kept, tree]) as [Tensor, P] | [Tensor, P, unknown];
  });
}

/**
 * grad(f)(params, ...rest) → ∂f/∂params, with the structure of params. See valueAndGrad.
 * @example grad((x) => sum(square(x)))(tensor([1, 2, 3]));   // [2, 4, 6]
 */
export function grad<P, R extends unknown[]>(f: (params: P, ...rest: R) => Tensor, options: GradOptions = {}): (params: P, ...rest: R) => P {
  const vg = valueAndGrad(f, options);
  return (params: P, ...rest: R) => {
    const [value, g] = vg(params, ...rest);
    value.dispose();
    return g;
  };
}

/**
 * The vector-Jacobian product of f at primals: [f(primals), vᵀ·∂f/∂primals] for a cotangent v of f's output
 * shape (torch.autograd.functional.vjp). f returns one tensor.
 * @example vjp((x) => mul(x, x), tensor([1, 2]), tensor([1, 1]));   // [[1, 4], [2, 4]]
 */
export function vjp<P>(f: (primals: P) => Tensor, primals: P, cotangent: Tensor): [Tensor, P] {
  if (!(cotangent instanceof Tensor)) throw new TypeError(`vjp: cotangent must be a Tensor, got ${describe(cotangent)}`);
  return traced("vjp", f as never, primals, [], (tape, output, leaves) => {
    if (!(output instanceof Tensor)) throw new TypeError(`vjp: f must return a Tensor, got ${describe(output)}`);
    cotangent.assertLive("vjp: cotangent");
    if (cotangent.shape.length !== output.shape.length || cotangent.shape.some((d, i) => d !== output.shape[i])) {
      throw new RangeError(`vjp: cotangent shape ${describe(cotangent.shape)} must equal f's output shape ${describe(output.shape)}`);
    }
    const grads = backward(tape, new Map([[output, to(cotangent, output.dtype)]]), leaves);
    const kept = leaves.includes(output) ? viewOf(output, output.shape) : output;
    return [kept, mapTree(primals, (_, i) => grads[i]) as P];
  });
}

/**
 * The Jacobian of f at x: shape [...f(x).shape, ...x.shape], row i the gradient of output element i
 * (reverse mode, one backward pass per output element, like torch.func.jacrev). x is one tensor; further
 * arguments are passed to f and not differentiated, as jacrev(f)(W, x) differentiates in W only.
 * @example
 * jacobian((x) => mul(x, 2))(tensor([1, 2]));                      // [[2, 0], [0, 2]]
 * jacobian((W, x) => relu(matmul(W, x)))(W, x).shape;             // [3, 3, 4] for W [3, 4], x [4]
 */
export function jacobian<R extends unknown[]>(f: (x: Tensor, ...rest: R) => Tensor): (x: Tensor, ...rest: R) => Tensor {
  assertFunction(f, "jacobian");
  return (x: Tensor, ...rest: R) => {
    if (!(x instanceof Tensor)) throw new TypeError(`jacobian: x must be a Tensor, got ${describe(x)}`);
    return traced("jacobian", f as never, x, rest, (tape, output) => {
      if (!(output instanceof Tensor)) throw new TypeError(`jacobian: f must return a Tensor, got ${describe(output)}`);
      if (output.dtype === "int32") throw new TypeError("jacobian: f returned an int32 tensor");
      const rows: Tensor[] = [];
      for (let i = 0; i < output.size; i++) {
        const seed = zeros(output.shape, output.dtype);
        seed.view()[i] = 1;
        rows.push(backward(tape, new Map([[output, seed]]), [x])[0]);
      }
      if (rows.length === 0) return zeros([...output.shape, ...x.shape], x.dtype);
      return reshape(stack(rows), [...output.shape, ...x.shape]);
    });
  };
}

/**
 * The Hessian of a scalar f at x: jacobian(grad(f)), shape [...x.shape, ...x.shape]. Further arguments are
 * passed to f and not differentiated.
 * @example hessian((x) => sum(square(x)))(tensor([1, 2, 3]));   // diag(2, 2, 2)
 */
export function hessian<R extends unknown[]>(f: (x: Tensor, ...rest: R) => Tensor): (x: Tensor, ...rest: R) => Tensor {
  assertFunction(f, "hessian");
  return jacobian(grad(f));
}

/**
 * x as a constant: the same values (sharing memory, no copy) that no transform differentiates through.
 * @example grad((x) => sum(mul(x, stopGradient(x))))(tensor([3]));   // [3], not [6]
 */
export function stopGradient(x: Tensor): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`stopGradient: x must be a Tensor, got ${describe(x)}`);
  return viewOf(x, x.shape);
}
