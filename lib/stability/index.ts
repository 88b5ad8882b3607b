/** Minima selection: linear stability of GD and SGD, edge of stability, drift along minima manifolds. */
export * from "./mlpSquareLoss";
export * from "./warmLanczos";
export * from "./edgeOfStability";
export * from "./sgd1d";
export * from "./manifoldDrift";
export * from "./linearStability";
export * from "./minimaSelection";
