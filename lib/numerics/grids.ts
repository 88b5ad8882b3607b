/**
 * Grids of evaluation points: integer steps spaced evenly on a log axis.
 */
import { integer } from "../runtime/validate";

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
