export * from "./samplers";
export * from "./links";
export * from "./targets";
export * from "./parity";
export * from "./spin3";
export * from "./fashionMnist";
export {
  FASHION_MNIST_CLASS_NAMES,
  FASHION_MNIST_SUBSET_SPLITS,
  FASHION_MNIST_DEBIAN_DIR,
  buildFashionMnistSubset,
  type FashionMnistSplit,
} from "./fashionMnistBuild";
