/** Comparisons shared by the unit tests. */

/** Relative L² error ‖a − b‖ / ‖b‖ of two equal-length vectors (b is the reference). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}
