export * from "./losses";
export * from "./transforms";
export * from "./regularizers";
export * from "./batches";
export * from "./loop";
export * from "./twoLayerGrad";
export * from "./trainTwoLayer";
