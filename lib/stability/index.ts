/** Minima selection: linear stability of GD and SGD, edge of stability, drift along minima manifolds. */
export {};
