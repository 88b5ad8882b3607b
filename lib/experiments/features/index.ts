/** One-step feature learning (notebook 07): the first gradient step, its spike, ridge on learned features. */
export { type OneStepCase, type OneStepCaseResult, type OneStepOptions, oneStepExperiment } from "./experiment";
export { type FeatureRidgeFit, featureRidge, type NtkRidgeFit, ntkFeatureRidge } from "./featureRidge";
export { type GaussianMoments, gaussianMoments, nonlinearPartNorm, type FeatureLinkName, featureLink } from "./gaussianMoments";
export { type StudentActivation, firstLayerGradient, rankOneGradient, oneStepUpdate, type RankOneError, rankOneGradientError } from "./gradientStep";
export { type SpikeStats, spikeStats, type SpikeTheory, spikeTheory, spikeStrength } from "./spike";
export { type RankOneSweep, rankOneSweep, type OneStepSummary, oneStepStudy } from "./study";
