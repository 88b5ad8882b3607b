/** Numerical building blocks in float64: quadrature, Gauss–Hermite, fits, statistics, grids, dense and iterative linear algebra. */
export { type Assignment, linearAssignment } from "./assignment";
export { type CgResult, blockConjugateGradient } from "./cg";
export { NotPositiveDefiniteError, cholesky, choleskySolve } from "./cholesky64";
export { type LineFit, fitLine, fitLogLog, expDecayRate } from "./fit";
export { type GaussianRule, gaussHermiteRule, gaussianExpectation } from "./gaussHermite";
export { logSpacedSteps, countLocalMinima } from "./grids";
export { type Integrand, productSine, expSum } from "./integrands";
export { type SymMatvec, type TopEigOptions, type TopEigResult, lanczosEigs, powerIterationEigs, type WarmTopEig, warmStartTopEig } from "./lanczos";
export { type HostMatrix, toFloat64Matrix, type SymEigResult, symEig, matmul64, transpose64, dot64, lambdaMin64, matVec64, matTVec64 } from "./linalg64";
export { solve64 } from "./solve64";
export { normalize64, orthogonalizeAgainst, orthonormalizeColumns, combineColumns } from "./basis64";
export { monteCarloIntegral, midpointGridIntegral, type ErrorCurve, monteCarloErrorCurve, gridErrorCurve } from "./quadrature";
export { type MeanSd, meanSd, mse64, relDiff64, quantile64 } from "./stats";
export { type SvdResult, svdTopK, svdFull, largestSingularValues } from "./svd64";
export { fwht, walshCoefficients, parityValue } from "./wht";
export { type Law1d, w1ToLaw, slicedW1, histogramTv, fractionWithin } from "./distances";
export { timeGrid, type EulerMaruyamaOptions, eulerMaruyama } from "./sde";
export { scalarErf, normalCdf } from "./special";
