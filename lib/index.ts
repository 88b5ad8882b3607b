/**
 * mltheory — the library behind the mltheory notebooks.
 *
 * A notebook writes `import * as lab from "mltheory"` and calls `await lab.setup({ notebook, seed })`.
 * Everything public is re-exported here; each folder holds one concern (runtime, plot, models, train,
 * analysis, data) or one topic's experiments (approx, ntk, stability, features).
 */
import * as tf from "@tensorflow/tfjs";
export { tf };
export * from "./runtime";
export * from "./plot";
export * from "./numerics";
export * from "./models";
export * from "./train";
export * from "./analysis";
export * from "./data";
export * from "./approx";
export * from "./ntk";
export * from "./stability";
export * from "./features";
