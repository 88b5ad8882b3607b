/** Training: losses, update transforms, regularizers, batches and the training loop. */
export { type BatchStream, batchStream } from "./batches";
export { type StepInfo, type TrainHistory, type TrainResult, type TrainLoopOptions, type HostTrainLoopOptions, trainLoop, trainLoopAsync } from "./loop";
export { type LossName, type LossFn, squareLoss, hingeLoss, logisticLoss, lossByName } from "./losses";
export { denoisingScoreLoss } from "./losses";
export { pathNorm, l2Penalty } from "./regularizers";
export { type TrainTwoLayerOptions, trainTwoLayer, trainTwoLayerAsync } from "./trainTwoLayer";
export { type HostParams, type HostTransform, type GradientTransform, scaleBy, proxPathNorm, type MomentumState, momentum, type NoiseState, addNoise, weightDecay, chain, gd, sgd, langevin, applyUpdates, disposeStaleState } from "./transforms";
export { type TwoLayerGrads, type TwoLayerBatch, twoLayerBatch, twoLayerGrad } from "./twoLayerGrad";
export { type AdamState, scaleByAdam, adam } from "./transforms";
