/** The kernel (NTK) regime (notebook 04): Gram convergence, lazy training, network vs random features. */
export { reluSphereKernel, reluFeatureGram, type GramConvergence, featureGramConvergence, representerWeights, representerPredict, randomFeatureLimit } from "./gram";
export { type ReluNetParams, reluNetInit, reluNetClone, reluFeatures, reluNetPredict, reluNetLossGrad } from "./reluNet";
export { type ReluNetGdOptions, type ReluNetGdResult, reluNetGd } from "./reluNetGd";
export { type KernelRegimeWidth, kernelRegimeSweep, featureAlignment } from "./sweep";
