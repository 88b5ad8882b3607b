/** Kernel (NTK) regime of two-layer networks: Gram convergence, lazy training, random-feature comparison. */
export {};
