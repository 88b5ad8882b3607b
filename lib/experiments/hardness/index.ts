/**
 * Hardness of learning orthonormal classes (notebook 03): parities as an orthonormal class and as
 * small ReLU networks, the exact gradient variance over all parities (Theorem 7), SGD on parities,
 * GD staying near its initialisation (Theorem 8), and the cosine-neuron landscape.
 */
export { parityReluNetwork, parityNetworkStudy, parityOrthonormalityError, barronCosineCount } from "./parityNetwork";
export type { ParityNetworkRow } from "./parityNetwork";
export { GRADIENT_VARIANCE_CONSTANT, parityGradientVariance, varianceByDegree } from "./gradientVariance";
export type { ParityGradientVariance } from "./gradientVariance";
export { twoLayerParityGradientVariance } from "./twoLayerGradientVariance";
export { gradientVarianceStudy, sampledVarianceEstimates } from "./gradientVarianceStudy";
export type { GradientVarianceRow, GradientVarianceStudy } from "./gradientVarianceStudy";
export { paritySgd, paritySgdStudy } from "./paritySgd";
export type { ParitySgdOptions, ParitySgdResult } from "./paritySgd";
export { parityGdDistance, gdDistanceBound } from "./gdNearInit";
export type { ParityGdOptions, ParityGdResult } from "./gdNearInit";
export { parityGdStudy } from "./gdNearInitStudy";
export type { ParityGdStudy } from "./gdNearInitStudy";
export {
  COSINE_BASIN_WIDTH_TIMES_L,
  cosineRisk,
  cosinePlateau,
  cosineBasinWidth,
  cosineFlatFractionTheory,
  cosineLandscape,
} from "./cosineLandscape";
export type { CosineLandscape, CosineLandscapeOptions } from "./cosineLandscape";
