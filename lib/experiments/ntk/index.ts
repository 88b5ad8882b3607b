/** The kernel (NTK) regime (notebook 04): Gram convergence, lazy training, network vs random features. */
export { type GramConvergence, featureGramConvergence, representerWeights, representerPredict, randomFeatureLimit } from "./gram";
export { type GdRunOptions, type GdRunResult, gdRun } from "./gdRun";
export { type KernelRegimeWidth, kernelRegimeSweep, featureAlignment } from "./sweep";
