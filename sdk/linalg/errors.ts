// The error a factorisation raises when the matrix itself rules it out (not positive definite, singular).
import { StochasmError } from "../errors.js";

/**
 * A matrix that a linear-algebra routine cannot handle by its mathematics, like torch.linalg.LinAlgError:
 * not positive definite for cholesky, singular for solve. The message names the function, the matrix and
 * the rule it broke.
 */
export class LinAlgError extends StochasmError {
  constructor(message: string) {
    super(message);
    this.name = "LinAlgError";
  }
}
