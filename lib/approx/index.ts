/** Approximation theory: interpolation, Runge, random-feature and two-layer approximation rates. */
export {};
