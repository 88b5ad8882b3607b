/**
 * Error types of the library. Each carries a message written for a student reading a notebook:
 * what went wrong, the value seen and what was expected.
 */

/** A bad argument at a public boundary: wrong shape, negative width, NaN step size, unknown option. */
export class ValidationError extends Error {
  override name = "ValidationError";
}

/** A scientific check that failed: the measurement disagrees with theory beyond its tolerance. */
export class CheckError extends Error {
  override name = "CheckError";
}

/** Training produced a NaN or infinite loss. */
export class DivergenceError extends Error {
  override name = "DivergenceError";
  constructor(
    message: string,
    readonly step: number,
    readonly lr: number | undefined,
  ) {
    super(message);
  }
}
