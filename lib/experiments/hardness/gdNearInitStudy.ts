/**
 * Theorem 8 across dimensions: GD towards every parity from one θ₀, on the hinge loss (the theorem's
 * setting) and on the square loss (for contrast), with the decay of E_f‖θ_T^f − θ₀‖² in d.
 */
import { fitLine } from "../../numerics/fit";
import { toRng, type Rng } from "../../runtime/rng";
import { integer, positive } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";
import { parityGdDistance, type ParityGdResult } from "./gdNearInit";

/** Result of {@link parityGdStudy}. */
export interface ParityGdStudy {
  /** One hinge run per d. */
  hinge: ParityGdResult[];
  /** One square-loss run per d in `squareDs`. */
  square: ParityGdResult[];
  /** Fitted slope of log₂ E_f‖θ_T^f − θ₀‖² (hinge, end of the run) against d. */
  slopeLog2: number;
  /** The same for the first-order prediction T²·E_f‖E_x[f∇h(θ₀)]‖². */
  slopeLog2FirstOrder: number;
}

/**
 * Runs {@link parityGdDistance} on the hinge loss for each d in `ds` and on the square loss for each
 * d in `squareDs`, all with the same step size and number of steps (so the same final time
 * T = lr·steps), each from its own θ₀, and fits the decay of the final distance in log₂ against d.
 * @example
 * const r = parityGdStudy({ ds: [2, 3, 4, 5, 6], squareDs: [2, 6], lr: 0.1, steps: 30, seed: 0 });
 * r.slopeLog2 // ≈ −0.8: halves (nearly) with every extra bit
 */
export function parityGdStudy(o: { ds: number[]; squareDs?: number[]; m?: number; lr: number; steps: number; recordEvery?: number; seed: number | Rng }): ParityGdStudy {
  if (!Array.isArray(o.ds) || o.ds.length < 2) throw new ValidationError("ds must list at least two dimensions");
  const lr = positive("lr", o.lr);
  const steps = integer("steps", o.steps, 1);
  const rng = toRng(o.seed);
  const run = (d: number, loss: "hinge" | "square") =>
    parityGdDistance({ d, m: o.m, lr, steps, loss, recordEvery: o.recordEvery, seed: rng.child("theta0", d) });
  const hinge = o.ds.map((d) => run(d, "hinge"));
  const square = (o.squareDs ?? []).map((d) => run(d, "square"));
  const ds = hinge.map((r) => r.d);
  return {
    hinge,
    square,
    slopeLog2: fitLine(ds, hinge.map((r) => Math.log2(r.distance.at(-1)!))).slope,
    slopeLog2FirstOrder: fitLine(ds, hinge.map((r) => Math.log2(r.firstOrder.at(-1)!))).slope,
  };
}
