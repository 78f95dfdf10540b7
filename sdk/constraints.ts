// Constraints as data: what a parameter may hold and where a distribution puts its mass (torch's
// `constraints`). The checks run in the SDK before anything enters WASM.
import { describe } from "./errors.js";

/**
 * A constraint name. Parameters use the first group; supports may also use the second.
 * - "real": finite; "positive": finite and > 0; "nonNegative": finite and ≥ 0; "unitInterval": [0, 1]
 * - "nonNegativeInteger": an integer ≥ 0 (e.g. a total count)
 * - "extendedReal": any number but NaN, ±∞ included (torch's constraints.real; Bernoulli's logits: ±∞ is p = 1 or 0)
 * - "realVector", "positiveVector": as "real" / "positive", with one trailing (event) dimension
 * - "logitVector": one trailing dimension of entries finite or −∞ (a masked category), at least one finite
 *   per row (Categorical's logits; torch accepts −∞ logits too)
 * - "simplex": one trailing dimension of entries ≥ 0 summing to 1 within SIMPLEX_TOLERANCE
 * - "positiveDefinite": two trailing dimensions, square and symmetric (the subclass checks definiteness)
 * - "lowerCholesky": two trailing dimensions, lower triangular with a positive diagonal
 * - supports only: "boolean" ({0, 1}), "integerInterval" ({0, …, K − 1}), "interval" ([low, high]),
 *   "nonNegativeInteger", "realVector", "simplex", "unitInterval", "positive", "nonNegative", "real"
 */
export type Constraint =
  | "real" | "extendedReal" | "positive" | "nonNegative" | "unitInterval" | "nonNegativeInteger"
  | "realVector" | "positiveVector" | "logitVector" | "simplex" | "positiveDefinite" | "lowerCholesky"
  | "boolean" | "integerInterval" | "interval";

/** |Σp − 1| allowed for a "simplex" parameter (as torch.distributions.constraints.simplex). */
export const SIMPLEX_TOLERANCE = 1e-6;

/** Number of trailing dimensions a parameter with this constraint owns (not broadcast as batch). */
export function constraintRank(c: Constraint): number {
  switch (c) {
    case "realVector": case "positiveVector": case "logitVector": case "simplex": return 1;
    case "positiveDefinite": case "lowerCholesky": return 2;
    default: return 0;
  }
}

function indexOf(flat: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return describe(idx);
}

/**
 * Throws a RangeError naming the distribution, the parameter, the rule and the first offending value.
 * @param data the parameter, row-major with the given shape.
 */
export function checkConstraint(owner: string, name: string, c: Constraint, data: Float64Array, shape: readonly number[]): void {
  const fail = (i: number, rule: string): never => {
    const at = shape.length > 0 ? ` at index ${indexOf(i, shape)}` : "";
    throw new RangeError(`${owner}: ${name} must be ${rule} (constraint "${c}"), got ${describe(data[i])}${at}`);
  };
  const rank = constraintRank(c);
  if (shape.length < rank) {
    throw new RangeError(`${owner}: ${name} needs at least ${rank} dimension(s) (constraint "${c}"), got shape ${describe(shape)}`);
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (c === "extendedReal") {
      if (Number.isNaN(v)) fail(i, "a number (±Infinity allowed)");
      continue;
    }
    if (c === "logitVector") {
      if (!(v < Infinity)) fail(i, "finite or -Infinity (a masked category)");
      continue;
    }
    if (!Number.isFinite(v)) fail(i, "finite");
    switch (c) {
      case "positive": case "positiveVector": if (!(v > 0)) fail(i, "> 0"); break;
      case "nonNegative": case "simplex": if (!(v >= 0)) fail(i, "≥ 0"); break;
      case "unitInterval": if (!(v >= 0 && v <= 1)) fail(i, "in [0, 1]"); break;
      case "nonNegativeInteger": if (!(v >= 0 && Number.isInteger(v))) fail(i, "an integer ≥ 0"); break;
    }
  }
  if (c === "simplex") {
    const k = shape[shape.length - 1];
    for (let row = 0; row * k < data.length; row++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += data[row * k + j];
      if (!(Math.abs(s - 1) <= SIMPLEX_TOLERANCE)) {
        const at = shape.length > 1 ? ` (row ${indexOf(row, shape.slice(0, -1))})` : "";
        throw new RangeError(`${owner}: ${name} must sum to 1 within ${SIMPLEX_TOLERANCE} (constraint "simplex"), got a sum of ${s}${at}`);
      }
    }
  }
  if (c === "logitVector") {
    const k = shape[shape.length - 1];
    for (let row = 0; row * k < data.length; row++) {
      let masked = true;
      for (let j = 0; j < k; j++) if (data[row * k + j] > -Infinity) masked = false;
      if (masked) {
        const at = shape.length > 1 ? ` (row ${indexOf(row, shape.slice(0, -1))})` : "";
        throw new RangeError(`${owner}: ${name} must have an entry > -Infinity in every row (constraint "logitVector"), got every category masked with -Infinity${at}`);
      }
    }
  }
  if (c === "positiveDefinite" || c === "lowerCholesky") {
    const n = shape[shape.length - 1];
    if (shape[shape.length - 2] !== n) throw new RangeError(`${owner}: ${name} must be square in its last two dimensions, got shape ${describe(shape)}`);
    for (let base = 0; base < data.length; base += n * n) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const a = data[base + i * n + j];
          if (c === "positiveDefinite") {
            const t = data[base + j * n + i];
            if (!(Math.abs(a - t) <= 1e-8 * Math.max(1, Math.abs(a), Math.abs(t)))) fail(base + i * n + j, `symmetric (it differs from its transpose ${t})`);
            if (i === j && !(a > 0)) fail(base + i * n + j, "a matrix with a positive diagonal");
          } else {
            if (j > i && a !== 0) fail(base + i * n + j, "lower triangular (0 above the diagonal)");
            if (i === j && !(a > 0)) fail(base + i * n + j, "a matrix with a positive diagonal");
          }
        }
      }
    }
  }
}
