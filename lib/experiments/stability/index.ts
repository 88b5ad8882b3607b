/** Minima selection (notebook 05): linear stability of GD and SGD, edge of stability, escape, drift along minima manifolds. */
export { type EdgeOfStabilityOptions, type EdgeOfStabilityResult, edgeOfStabilityRun } from "./edgeOfStability";
export { gdQuadraticRun, gdPerturbationRun, sgdStabilityFromGram, lossAlongSegment } from "./linearStability";
export { type ManifoldDriftResult, manifoldDriftSimulation } from "./manifoldDrift";
export { mlpGram, type SgdSolution, sgdSolution, type SgdEscapeResult, sgdEscapeRun, sharpnessAlongSegment, type EscapePrediction, escapePrediction, type EscapeCase, sgdEscapeExperiment } from "./minimaSelection";
export { sgdMeanSquareFactor, type Sgd1dGridResult, sgd1dStabilityGrid } from "./sgd1d";
