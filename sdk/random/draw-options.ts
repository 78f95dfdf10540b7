// The dtype option of a draw (sample, rsample, poisson, binomial): float32 by default. Shared by the random
// samplers and the distributions above them.
import { ownOptions } from "../errors.js";

/** The sample dtype from options: "float32" (default) or "float64"; anything else is a TypeError. */
export function sampleDType(options: { dtype?: unknown } | undefined): "float32" | "float64" {
  const dtype = ownOptions(options, "sample").dtype ?? "float32";
  if (dtype !== "float32" && dtype !== "float64") throw new TypeError(`dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`);
  return dtype;
}
