/**
 * Grids: integer steps spaced evenly on a log axis; local minima of a function sampled on a 2-D grid.
 */
import { integer } from "../runtime/validate";
import { ValidationError } from "../runtime/errors";

/**
 * About `count` distinct integer steps from 0 to `steps`, evenly spaced on a log axis (0 and 1 included).
 * @example logSpacedSteps(1000, 10) // [0, 1, 2, 4, 7, 14, 27, 52, 100, 193, 373, 720, 1000] (deduplicated)
 */
export function logSpacedSteps(steps: number, count: number): number[] {
  integer("steps", steps, 1);
  integer("count", count, 2);
  const out = new Set<number>([0]);
  for (let k = 0; k < count; k++) out.add(Math.round(Math.exp((Math.log(steps) * k) / (count - 1))));
  out.add(steps);
  return [...out].sort((u, v) => u - v);
}

/**
 * Strict local minima of a grid (interior points below all 8 neighbours).
 * @example countLocalMinima([[1, 1, 1], [1, 0, 1], [1, 1, 1]]) // 1
 */
export function countLocalMinima(z: number[][]): number {
  if (!Array.isArray(z) || z.length < 3 || z.some((r) => r.length !== z[0].length)) {
    throw new ValidationError("z must be a rectangular grid (array of equal-length rows) with at least 3 rows");
  }
  let count = 0;
  for (let i = 1; i < z.length - 1; i++) {
    for (let j = 1; j < z[0].length - 1; j++) {
      const v = z[i][j];
      let minimum = true;
      for (let di = -1; di <= 1 && minimum; di++) {
        for (let dj = -1; dj <= 1; dj++) {
          if ((di !== 0 || dj !== 0) && z[i + di][j + dj] <= v) {
            minimum = false;
            break;
          }
        }
      }
      if (minimum) count++;
    }
  }
  return count;
}
