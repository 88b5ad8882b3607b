/**
 * Rademacher bounds (notebook 02): the generalization gap and the uniform bound, Rademacher
 * complexities of the ℓ2, RKHS, path-norm and Lipschitz balls, and the a priori estimate for
 * path-norm-regularized two-layer networks.
 */
export { choSaulGram, linearBallLimit, complexityStudy, pathSearchValidation, lipschitzStudy } from "./complexity";
export type { ComplexityRow, ComplexityStudy, PathSearchRow, LipschitzRow } from "./complexity";
export { choSaulSphereMean, uniformGapBound, uniformGapStudy, interpolationGapStudy } from "./gap";
export type { UniformGapRow, InterpolationGapRow } from "./gap";
export { aprioriStudy } from "./apriori";
export type { AprioriRun, AprioriStudy } from "./apriori";
