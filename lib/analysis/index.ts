/** Analysis of trained models: Hessians, sharpness, SGD curvature, Gram matrices and kernels, kernel ridge, norms, Rademacher complexity. */
export { type SgdCurvature, sgdCurvature1d, type SampleLossFn, sgdCurvatureStats, sgdCurvatureFromGram } from "./curvature";
export { type ParamApplyFn, perExampleGradients, empiricalNtk } from "./gram";
export { type ParamLossFn, flatParamCount, flattenToFloat64, unflattenLike, hvp, hvpFlat, fullHessian } from "./hessian";
export { type KernelInput, type ArcCosineOptions, arcCosineKernel, type ReluNtkOptions, twoLayerReluNtk, twoLayerErfNtk } from "./kernels";
export { type KernelRidgeFit, kernelRidge } from "./krr";
export { pathNormValue, barronNormBound } from "./norms";
export { type RademacherEstimate, type RademacherPoints, type RademacherDrawOptions, MAX_EXACT_RADEMACHER_N, rademacherMonteCarlo, rademacherL2Ball, rademacherL2BallBound, rademacherRkhsBall, rademacherRkhsBallBound, type PathNormRademacherOptions, rademacherPathNormBall, rademacherPathNormBound, rademacherPathNormExact, rademacherL1Ball, rademacherL1BallBound, type LipschitzRademacherOptions, rademacherLipschitzBall } from "./rademacher";
export { topHessianEigs, sharpness } from "./sharpness";
