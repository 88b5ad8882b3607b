/** One-step feature learning: the first gradient step, its spike, ridge on learned features. */
export { gaussHermiteRule, gaussianExpectation, gaussianMoments, nonlinearPartNorm, featureLink } from "./gaussianMoments";
export type { GaussianRule, GaussianMoments, FeatureLinkName } from "./gaussianMoments";
export { firstLayerGradient, rankOneGradient, oneStepUpdate, largestSingularValues, rankOneGradientError } from "./gradientStep";
export type { StudentActivation, RankOneError } from "./gradientStep";
export { featureRidge, blockConjugateGradient, ntkFeatureRidge } from "./featureRidge";
export type { FeatureRidgeFit, CgResult, NtkRidgeFit } from "./featureRidge";
export { spikeStats, spikeTheory, spikeStrength } from "./spike";
export type { SpikeStats, SpikeTheory } from "./spike";
export { oneStepExperiment } from "./experiment";
export type { OneStepCase, OneStepCaseResult, OneStepOptions } from "./experiment";
export { meanSd, rankOneSweep, oneStepStudy } from "./study";
export type { MeanSd, RankOneSweep, OneStepSummary } from "./study";
