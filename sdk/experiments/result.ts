// What every experiment returns (issue 15), and the Monte Carlo helpers they share.
import { Tensor } from "../tensor.js";
import { mean, variance } from "../ops/reduce.js";

/** One claim checked against its simulation: agrees when |simulation − theory| ≤ 4·standardError (or ≤ tolerance when exact). */
export interface ExperimentResult {
  /** The experiment's name in the registry, with the case after a colon ("minibatch:iid"). */
  name: string;
  /** The claim in words. */
  claim: string;
  /** The formula being checked. */
  formula: string;
  /** The seed text it comes from ("000", "001", "002"). */
  seed: string;
  /** The closed-form value, or a criterion in words for a comparison. */
  theory: number | string;
  /** The Monte Carlo estimate. */
  simulation: number;
  /** Its standard error (0 for an exact computation, then `tolerance` applies). */
  standardError: number;
  agrees: boolean;
  /** Extra measurements (series over depth or m, other moments, the second-order prediction, …). */
  details?: Record<string, unknown>;
}

/** A bound against what was observed: holds when observed ≤ bound. */
export interface BoundResult {
  name: string;
  claim: string;
  formula: string;
  seed: string;
  bound: number;
  observed: number;
  holds: boolean;
  details?: Record<string, unknown>;
}

/** A mean and its standard error √(s²/n) (reductions in WASM; √ is IEEE-exact). */
export interface Estimate { value: number; standardError: number; n: number }

/** The mean of the elements of x and its standard error; x is not disposed. */
export function estimateMean(x: Tensor): Estimate {
  const m = mean(x);
  const v = variance(x);
  try {
    return { value: m.item(), standardError: Math.sqrt(v.item() / x.size), n: x.size };
  } finally {
    m.dispose();
    v.dispose();
  }
}

/** The verdict of a Monte Carlo check at 4 standard errors (or within `tolerance` when the check is exact). */
export function agreesWithin(theory: number, simulation: number, standardError: number, tolerance = 0): boolean {
  return Math.abs(simulation - theory) <= 4 * standardError + tolerance;
}

/** An ExperimentResult from a theory value and an estimate. */
export function check(name: string, claim: string, formula: string, seed: string, theory: number, e: Estimate, details?: Record<string, unknown>, tolerance = 0): ExperimentResult {
  const r: ExperimentResult = { name, claim, formula, seed, theory, simulation: e.value, standardError: e.standardError, agrees: agreesWithin(theory, e.value, e.standardError, tolerance) };
  if (details !== undefined) r.details = details;
  return r;
}
