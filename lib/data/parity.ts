/**
 * Parities χ_S on the Boolean hypercube (Walsh characters).
 */
import * as tf from "@tensorflow/tfjs";
import { toRng, type Rng } from "../runtime/rng";
import { integer, oneOf } from "../runtime/validate";
import { ValidationError } from "../runtime/errors";
import type { HypercubeValues } from "./samplers";
import { defineTarget, type TargetFunction } from "./targets";

/**
 * Parity (Walsh character) on a subset S ⊆ {0, …, d−1}:
 * on {0,1}^d (values "01", default) χ_S(x) = (−1)^{v·x} with v the indicator of S;
 * on {−1,1}^d (values "pm1") χ_S(x) = ∏_{i∈S} x_i.
 * Both are evaluated as their multilinear forms ∏_{i∈S}(1 − 2x_i) and ∏_{i∈S} x_i, which equal the
 * above on the hypercube. The characters are orthonormal for the uniform measure:
 * 2^{−d} Σ_x χ_S(x)χ_T(x) = δ_ST. Give S, or k and a seed to draw a uniform k-subset.
 * @example
 * const t = parityTarget({ d: 20, k: 3, seed: 0 }); // χ_S with |S| = 3
 * t.S; // the chosen coordinates, sorted
 */
export function parityTarget(o: { d: number; S?: number[]; k?: number; seed?: number | Rng; values?: HypercubeValues }): TargetFunction & { S: number[]; values: HypercubeValues } {
  const d = integer("d", o.d, 1);
  const values = oneOf("values", o.values ?? "01", ["01", "pm1"] as const);
  let S: number[];
  if (o.S !== undefined) {
    if (!Array.isArray(o.S)) throw new ValidationError("S must be an array of coordinate indices");
    o.S.forEach((i, k) => integer(`S[${k}]`, i, 0));
    if (o.S.some((i) => i >= d)) throw new ValidationError(`S must hold indices in 0…${d - 1}, got [${o.S.join(", ")}]`);
    if (new Set(o.S).size !== o.S.length) throw new ValidationError(`S must not repeat an index, got [${o.S.join(", ")}]`);
    S = [...o.S].sort((a, b) => a - b);
  } else {
    const k = integer("k", o.k, 0);
    if (k > d) throw new ValidationError(`k must be ≤ d = ${d}, got ${k}`);
    if (o.seed === undefined) throw new ValidationError("parityTarget needs S, or k and a seed to draw S");
    S = Array.from(toRng(o.seed).permutation(d).subarray(0, k)).sort((a, b) => a - b);
  }
  const factor = values === "01" ? (x: number) => 1 - 2 * x : (x: number) => x;
  const t = defineTarget(
    `parity |S| = ${S.length}`,
    values === "01" ? `χ_S(x) = (−1)^{Σ_{i∈S} x_i}, S = {${S.join(", ")}}` : `χ_S(x) = ∏_{i∈S} x_i, S = {${S.join(", ")}}`,
    d,
    (X) => {
      const n = X.shape[0];
      if (S.length === 0) return tf.ones([n]);
      const cols = tf.gather(X, tf.tensor1d(S, "int32"), 1);
      return tf.prod(values === "01" ? tf.sub(1, tf.mul(2, cols)) : cols, 1);
    },
    (x) => S.reduce((p, i) => p * factor(x[i]), 1),
  );
  return { ...t, S, values };
}
