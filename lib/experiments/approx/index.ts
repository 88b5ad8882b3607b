/** Approximation rates (notebook 01): interpolation, Runge, random-feature and two-layer approximation. */
export { type TensorMeshInterpolant, tensorMeshInterpolant, type InterpolationErrorCurve, interpolationErrorCurve } from "./interpolation";
export { rungeFunction, equispacedNodes, chebyshevNodes, barycentricWeights, barycentricInterpolant, polynomialInterpolationMaxError } from "./polynomial";
export { sphereReluKernel, type ReluFeatureTarget, reluFeatureTarget, type RandomFeatureCurve, randomFeatureApproximation, type ReluFeatureFit, reluFeatureLeastSquares } from "./randomFeatures";
export { type WidthSweepOptions, type WidthSweepResult, trainWidthSweep } from "./widthSweep";
