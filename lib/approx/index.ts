/** Approximation theory: interpolation, Runge, random-feature and two-layer approximation rates. */
export * from "./interpolation";
export * from "./polynomial";
export * from "./randomFeatures";
export * from "./widthSweep";
