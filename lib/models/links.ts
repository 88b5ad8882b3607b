/**
 * Scalar functions σ used inside targets (teacher activations, single-index links), each with a
 * tensor form and a float64 form. Activation names resolve to the vetted activations of the models
 * folder; the extra links are abs and the Hermite polynomials he2, he3. Any object with `apply` and
 * `scalar` fits as well.
 */
import * as tf from "@tensorflow/tfjs";
import { ValidationError } from "../runtime/errors";
import { activation, ACTIVATION_NAMES } from "./activations";
import type { ActivationName } from "./types";

/** σ: R → R, elementwise on tensors (`apply`) and in float64 (`scalar`). */
export interface ScalarLink {
  name: string;
  apply(z: tf.Tensor): tf.Tensor;
  scalar(z: number): number;
}

/**
 * Built-in links: the vetted activations (relu, erf, softplus, tanh, sigmoid, identity), abs, and the
 * probabilists' Hermite polynomials he2 = z² − 1 and he3 = z³ − 3z (information exponents 2 and 3).
 */
export type LinkName = ActivationName | "abs" | "he2" | "he3";

const EXTRA_LINKS: Record<"abs" | "he2" | "he3", ScalarLink> = {
  abs: { name: "abs", apply: (z) => tf.abs(z), scalar: (z) => Math.abs(z) },
  he2: { name: "he2", apply: (z) => tf.tidy(() => tf.sub(tf.square(z), 1)), scalar: (z) => z * z - 1 },
  he3: { name: "he3", apply: (z) => tf.tidy(() => tf.mul(z, tf.sub(tf.square(z), 3))), scalar: (z) => z * z * z - 3 * z },
};

const LINK_NAMES: readonly string[] = [...ACTIVATION_NAMES, ...Object.keys(EXTRA_LINKS)];

/**
 * Resolves a link given by name or as an object with `apply` and `scalar`.
 * @example targetLink("he2").scalar(2) // 3
 */
export function targetLink(link: LinkName | ScalarLink, argName = "activation"): ScalarLink {
  if (typeof link === "string") {
    if ((ACTIVATION_NAMES as readonly string[]).includes(link)) return activation(link as ActivationName);
    const extra = (EXTRA_LINKS as Record<string, ScalarLink | undefined>)[link];
    if (!extra) throw new ValidationError(`${argName} must be one of ${LINK_NAMES.map((k) => `"${k}"`).join(", ")} or an object { apply, scalar }, got "${link}"`);
    return extra;
  }
  if (!link || typeof link.apply !== "function" || typeof link.scalar !== "function") {
    throw new ValidationError(`${argName} must be a link name or an object with apply(z: tf.Tensor) and scalar(z: number)`);
  }
  return link;
}
