/**
 * General dense linear systems in float64 through ml-matrix (LU with partial pivoting), and the copy
 * of a row-major Float64Array into an ml-matrix Matrix that the library-backed solvers share.
 */
import { LuDecomposition, Matrix } from "ml-matrix";
import { ValidationError } from "../runtime/errors";
import { integer } from "../runtime/validate";
import { toFloat64Matrix, type HostMatrix } from "./linalg64";

/**
 * Copies a row-major [rows, cols] Float64Array into an ml-matrix Matrix.
 * @internal
 */
export function toMlMatrix(M: ArrayLike<number>, rows: number, cols: number): Matrix {
  const out = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out.set(i, j, M[i * cols + j]);
  return out;
}

/**
 * Solves A X = B for a square, non-singular A [n, n] by LU factorisation with partial pivoting
 * (P A = L U, then L Y = P B and U X = Y; ml-matrix's LuDecomposition). B is [n] or row-major
 * [n, nrhs]; the result has B's layout. For a symmetric positive-definite A use cholesky with
 * choleskySolve (about half the work, and it says where positive definiteness fails).
 * @throws ValidationError when A is singular (an exactly zero pivot).
 * @example
 * solve64([2, 1, 1, 3], 2, [3, 5]); // [0.8, 1.4]
 */
export function solve64(A: HostMatrix, n: number, B: ArrayLike<number>, nrhs = 1): Float64Array {
  const M = toFloat64Matrix("A", A, n, n);
  integer("nrhs", nrhs, 1);
  const rhs = toFloat64Matrix("B", B, n, nrhs);
  const lu = new LuDecomposition(toMlMatrix(M, n, n));
  if (lu.isSingular()) throw new ValidationError(`solve64: A is singular (a zero pivot in its LU factorisation), n = ${n}`);
  const X = lu.solve(toMlMatrix(rhs, n, nrhs));
  const out = new Float64Array(n * nrhs);
  for (let i = 0; i < n; i++) for (let j = 0; j < nrhs; j++) out[i * nrhs + j] = X.get(i, j);
  return out;
}
