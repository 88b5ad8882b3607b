/** Models: the vetted activations and links, the two-layer family, the MLP, parameter trees. */
export { ACTIVATION_NAMES, activation } from "./activations";
export { type ScalarLink, type LinkName, targetLink } from "./links";
export { type MlpInit, type MlpConfig, type MlpHessianOperator, type MlpModel, mlp } from "./mlp";
export { type ParamTree, flattenParams, paramPaths, unflattenParams, mapParams, paramsToVector, vectorToParams, countParams, disposeParams, cloneParams, paramDistance } from "./params";
export { type WInit, type AInit, type BInit, type B0Init, type TwoLayerInit, type TwoLayerConfig, type TwoLayerModel, outputScale, checkTwoLayerParams, checkTwoLayerInputs, twoLayer } from "./twoLayer";
export { type TwoLayerParams64, type TwoLayer64InitOptions, twoLayer64Init, twoLayer64Clone, checkTwoLayer64Params, twoLayer64Features, twoLayer64ApplyFeatures, twoLayer64Apply, pathNorm64, type TwoLayerGrads64, type TwoLayer64GradientOptions, type TwoLayerGradient64, twoLayer64Gradient, twoLayer64LossGrad, twoLayer64FeatureGram, featureGram64 } from "./twoLayer64";
export { type GramWrt, type TwoLayerGramOptions, twoLayerGram, twoLayerCrossGram, twoLayerGramArray } from "./twoLayerGram";
export { type ActivationName, type Activation, type Scaling, type TwoLayerParams, type MlpParams } from "./types";
