/** Data: samplers, targets, parities, the 3-spin model, Fashion-MNIST, image pooling, Gaussian mixtures. */
export { DataIntegrityError, type FashionMnistOptions, type FashionMnistData, fashionMnistSubsetDir, loadFashionMnist } from "./fashionMnist";
export { FASHION_MNIST_DEBIAN_DIR, FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_SUBSET_SPLITS, type FashionMnistSplit, buildFashionMnistSubset } from "./fashionMnistBuild";
export { type ClassificationData, gaussianMixtureClassification } from "./gaussianMixture";
export { poolImages } from "./images";
export { parityTarget } from "./parity";
export { type HostPoints, type SampleOptions, type HypercubeValues, hostPointsToTensor, sampleSphereArray, sampleSphere, sampleCubeArray, sampleCube, sampleHypercubeArray, sampleHypercube, sampleGaussianArray, sampleGaussian, MAX_ENUMERATED_HYPERCUBE_DIM, allHypercubePointsArray, allHypercubePoints } from "./samplers";
export { MAX_SPIN3_DIM, spin3Target } from "./spin3";
export { type TargetFunction, evaluateTargetArray, defineTarget, type NeuronSumParams, type NeuronSumTarget, neuronSumTarget, teacherNeuronTarget, barronTarget, singleIndexTarget, cosineNeuronTarget, normTarget, sphereDistanceTarget } from "./targets";
export { type GaussianMixture, gaussianMixture, empiricalMixture, mixtureAtTime, mixtureLogDensity, mixtureScore, sampleMixture, mixtureCdf, mixtureCdfIntegral, mixtureMean, mixtureProjection, mixtureBinMasses, ringMixture } from "./mixture";
