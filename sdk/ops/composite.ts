// Ops written as other ops free their temporaries at once, except those an open autograd tape still needs.
import { scopeRetaining } from "../runtime/memory.js";
import { referencedByOpenTape } from "../autograd/tape.js";
import type { Tensor } from "../tensor.js";

/** Runs fn in a scope that keeps its result and whatever an open tape refers to. */
export function composite<T>(fn: () => T): T {
  return scopeRetaining(fn, (d) => referencedByOpenTape(d as Tensor));
}
