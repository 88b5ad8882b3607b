/**
 * Scalar functions σ used inside targets (teacher activations, single-index links), each with a
 * tensor form and a float64 form. Any object with `apply` and `scalar` fits, so the vetted
 * activations of the models folder can be passed directly.
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../runtime/errors";

/** σ: R → R, elementwise on tensors (`apply`) and in float64 (`scalar`). */
export interface ScalarLink {
  name: string;
  apply(z: tf.Tensor): tf.Tensor;
  scalar(z: number): number;
}

/** Built-in links: relu, tanh, sigmoid, abs, identity, and the Hermite polynomials he2 = z² − 1, he3 = z³ − 3z. */
export type LinkName = "relu" | "tanh" | "sigmoid" | "abs" | "identity" | "he2" | "he3";

const LINKS: Record<LinkName, ScalarLink> = {
  relu: { name: "relu", apply: (z) => tf.relu(z), scalar: (z) => (z > 0 ? z : 0) },
  tanh: { name: "tanh", apply: (z) => tf.tanh(z), scalar: (z) => Math.tanh(z) },
  sigmoid: { name: "sigmoid", apply: (z) => tf.sigmoid(z), scalar: (z) => 1 / (1 + Math.exp(-z)) },
  abs: { name: "abs", apply: (z) => tf.abs(z), scalar: (z) => Math.abs(z) },
  identity: { name: "identity", apply: (z) => tf.clone(z), scalar: (z) => z },
  he2: { name: "he2", apply: (z) => tf.tidy(() => tf.sub(tf.square(z), 1)), scalar: (z) => z * z - 1 },
  he3: { name: "he3", apply: (z) => tf.tidy(() => tf.mul(z, tf.sub(tf.square(z), 3))), scalar: (z) => z * z * z - 3 * z },
};

/**
 * Resolves a link given by name or as an object with `apply` and `scalar`.
 * @example targetLink("he2").scalar(2) // 3
 */
export function targetLink(link: LinkName | ScalarLink, argName = "activation"): ScalarLink {
  if (typeof link === "string") {
    const found = (LINKS as Record<string, ScalarLink | undefined>)[link];
    if (!found) throw new ValidationError(`${argName} must be one of ${Object.keys(LINKS).map((k) => `"${k}"`).join(", ")} or an object { apply, scalar }, got "${link}"`);
    return found;
  }
  if (!link || typeof link.apply !== "function" || typeof link.scalar !== "function") {
    throw new ValidationError(`${argName} must be a link name or an object with apply(z: tf.Tensor) and scalar(z: number)`);
  }
  return link;
}
