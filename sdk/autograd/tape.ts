// The tape of reverse-mode autograd. A transform (grad, valueAndGrad, vjp, jacobian) opens a tape and marks its
// inputs as tracked; every differentiable op calls `record` after computing its output, and when one of the
// op's inputs is tracked on an open tape, the tape keeps a node: the inputs, the output, and the op's
// vector-Jacobian product (written beside the op's forward, micrograd-style). Tapes nest: a backward pass runs
// ordinary ops, which the enclosing tapes record, so grad of grad (hessian) needs nothing special.
// Nothing here imports an op: the transforms (transforms.ts) sit above the ops that call record().
import type { Tensor } from "../tensor.js";

/**
 * The VJP of one op: given ∂ℓ/∂output, the contributions ∂ℓ/∂input (null where an input gets none).
 * `needed[i]` says whether input i needs its contribution (false for constants): ops may skip that work.
 */
export type Backward = (gradOutput: Tensor, needed: readonly boolean[]) => readonly (Tensor | null)[];

/** One recorded op application. */
export interface TapeNode {
  readonly op: string;
  readonly inputs: readonly (Tensor | null)[];
  readonly output: Tensor;
  readonly backward: Backward;
}

/** A tape: the tensors whose gradients it follows and the ops applied to them, in order. */
export class Tape {
  readonly nodes: TapeNode[] = [];
  readonly tracked = new Set<Tensor>();
  /** Every tensor a node refers to: a nested transform must not free these when it returns. */
  readonly referenced = new Set<Tensor>();
}

const open: Tape[] = [];

/** Whether any tape is open (ops skip building their backward closure otherwise). */
export function recording(): boolean {
  return open.length > 0;
}

/** Opens a tape tracking `leaves`. Pair with closeTape (try/finally). */
export function openTape(leaves: Iterable<Tensor>): Tape {
  const tape = new Tape();
  for (const t of leaves) {
    tape.tracked.add(t);
    tape.referenced.add(t);
  }
  open.push(tape);
  return tape;
}

/** Closes the innermost tape, which must be `tape`. */
export function closeTape(tape: Tape): void {
  const top = open.pop();
  if (top !== tape) throw new Error("stochasm internal error: autograd tapes closed out of order");
}

/** Whether some open tape follows `t` (a tracer, in JAX's words). */
export function isTracked(t: Tensor): boolean {
  for (const tape of open) if (tape.tracked.has(t)) return true;
  return false;
}

/** Whether a tape still open (outside the one being finished) refers to `t`. */
export function referencedByOpenTape(t: Tensor): boolean {
  for (const tape of open) if (tape.referenced.has(t)) return true;
  return false;
}

/**
 * Records `output = op(inputs)` on every open tape that tracks one of the inputs. `backward` is called only
 * if the output's gradient is needed; it returns one entry per input (null for non-differentiable ones).
 * `saved` lists any other tensor the backward closure uses (a mask, a fused loss's gradient), so a nested
 * transform returning early does not free it. Call it after the output is computed; returns the output.
 */
export function record(
  op: string, inputs: readonly (Tensor | null)[], output: Tensor, backward: Backward, saved: readonly Tensor[] = [],
): Tensor {
  for (const tape of open) {
    let hit = false;
    for (const t of inputs) if (t !== null && tape.tracked.has(t)) { hit = true; break; }
    if (!hit) continue;
    tape.nodes.push({ op, inputs, output, backward });
    tape.tracked.add(output);
    tape.referenced.add(output);
    for (const t of inputs) if (t !== null) tape.referenced.add(t);
    for (const t of saved) tape.referenced.add(t);
  }
  return output;
}

/**
 * The tensors of an op that a transform differentiates: a cheap test ops use to skip work (e.g. a loss's
 * gradient buffer) when nothing is being traced.
 */
export function anyTracked(inputs: readonly (Tensor | null)[]): boolean {
  if (open.length === 0) return false;
  for (const t of inputs) if (t !== null && isTracked(t)) return true;
  return false;
}
