/**
 * Ledger keys notebooks/01-approximation-rates.ipynb must record at every scale. Parameter values
 * chosen by the notebook: d ∈ {1, 2, 4, 8} (quadrature), d ∈ {1, 2, 3} (interpolation), degrees
 * n ∈ {4, 8, 16, 32} (Runge), d ∈ {5, 50} (random features; paper adds 200), d ∈ {5, 10} (trained
 * networks), widths m ∈ {16, 64, 256} (path norms), m ∈ {16, 128, 1024} (single neuron).
 */
const each = <T>(xs: T[], f: (x: T) => string[]): string[] => xs.flatMap(f);
export const KEYS: string[] = [
  ...each([1, 2, 4, 8], (d) => [`mc.slope[d=${d}]`, `grid.slope[d=${d}]`]),
  ...each([1, 2, 3], (d) => [`interp.slope[d=${d}]`]),
  ...each([4, 8, 16, 32], (n) => [`runge.max_err.equispaced[n=${n}]`, `runge.max_err.chebyshev[n=${n}]`]),
  ...each([5, 50], (d) => [`rf.slope[d=${d}]`, ...[16, 64, 256, 1024].map((m) => `rf.err[d=${d},m=${m}]`)]),
  ...each([5, 10], (d) => [`nn.slope[d=${d}]`]),
  ...each([16, 64, 256], (m) => [`pathnorm.norm_x[m=${m}]`, `pathnorm.dist_sphere[m=${m}]`]),
  ...each([16, 128, 1024], (m) => [`single_neuron.err.nn[m=${m}]`, `single_neuron.err.rf[m=${m}]`]),
];
