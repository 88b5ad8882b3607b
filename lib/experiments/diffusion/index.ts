/**
 * Diffusion models (notebook 06): the forward OU process, the reverse SDE and probability-flow ODE
 * with the exact score, the Girsanov bound, denoising score matching and its constant, a trained
 * time-conditioned score network, and memorisation by the empirical score.
 */
export { T_MAX, T_MIN, TV_GRID_1D, TV_GRID_2D, SLICES, target1d, target2d, exactScore, reverseSample, mixtureLaw, distances1d, distances2d, noiseFloor, exactScoreSweep, scoreLipschitz, forwardToNoise } from "./sampling";
export type { ScoreFn, ReverseSampleOptions, NoiseFloor, SweepRow } from "./sampling";
export { GIRSANOV_CONSTANT, GIRSANOV_CONSTANT_LECTURE, girsanovGaussian } from "./girsanov";
export type { GirsanovGaussian } from "./girsanov";
export { fisherInformation, dsmConstant, dsmConstantMonteCarlo } from "./dsm";
export { trainScoreNet, dsmLossOfNet, scoreErrorMap, scoreField } from "./scoreNet";
export type { ScoreNet, TrainScoreNetOptions, ScoreField } from "./scoreNet";
export { memorisationStudy, scoreSamplerCloseness } from "./memorisation";
export type { MemorisationRow } from "./memorisation";
