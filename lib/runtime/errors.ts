/**
 * Error types of the library. Each carries a message written for a student reading a notebook:
 * what went wrong, the value seen and what was expected. Inside a notebook, an error that escapes a
 * cell is shown as its message, the library function and argument at fault and the cell line
 * (see `cellErrors.ts`), not as a stack of compiled frames.
 */

/** A bad argument at a public boundary: wrong shape, negative width, NaN step size, unknown option. */
export class ValidationError extends Error {
  override name = "ValidationError";
  /** The argument at fault, when the thrower named it (the `validate` helpers always do). */
  declare readonly argument?: string;
  constructor(message: string, opts: { argument?: string } = {}) {
    super(message);
    // Not enumerable, so that printing the error shows the message alone.
    if (opts.argument !== undefined) Object.defineProperty(this, "argument", { value: opts.argument, enumerable: false });
  }
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
