/** Kernel (NTK) regime of two-layer networks: Gram convergence, lazy training, random-feature comparison. */
export { reluNetInit, reluNetClone, reluFeatures, reluNetPredict, reluNetLossGrad, type ReluNetParams } from "./reluNet";
export { reluNetGd, logSpacedSteps, type ReluNetGdOptions, type ReluNetGdResult } from "./reluNetGd";
export {
  reluSphereKernel,
  reluFeatureGram,
  lambdaMin64,
  featureGramConvergence,
  expDecayRate,
  representerWeights,
  representerPredict,
  randomFeatureLimit,
  type GramConvergence,
} from "./gram";
export { kernelRegimeSweep, mse64, relDiff64, featureAlignment, type KernelRegimeWidth } from "./sweep";
