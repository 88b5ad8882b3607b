/**
 * The landscape of a cosine-type neuron in two dimensions (L. Wu's lecture, 2021):
 * R_L(w) = E_x[(sin(L wᵀx) − sin(L w*ᵀx))²], x ~ N(0, I₂), with L a proxy for the dimension.
 *
 * Closed form: E cos(uᵀx) = e^{−‖u‖²/2} and sin A sin B = (cos(A − B) − cos(A + B))/2 give
 *   E sin(L wᵀx) sin(L vᵀx) = ½(e^{−L²‖w−v‖²/2} − e^{−L²‖w+v‖²/2}),
 *   R_L(w) = ½(1 − e^{−2L²‖w‖²}) + ½(1 − e^{−2L²‖w*‖²}) − e^{−L²‖w−w*‖²/2} + e^{−L²‖w+w*‖²/2}.
 * Away from 0 and ±w* it equals its plateau 1 − ½e^{−2L²‖w*‖²}; near w* it is 1 − e^{−L²‖w−w*‖²/2}:
 * a well whose width at half depth is 2√(2 ln 2)/L.
 */
import { sampleGaussianArray } from "../../data/samplers";
import { toRng, type Rng } from "../../runtime/rng";
import { finite, integer, positive } from "../../runtime/validate";
import { ValidationError } from "../../runtime/errors";
import { countLocalMinima } from "../../numerics/grids";

/** Width of the population well at half depth times L, for L‖w*‖ large: 2√(2 ln 2). */
export const COSINE_BASIN_WIDTH_TIMES_L = 2 * Math.sqrt(2 * Math.LN2);

function vec2(name: string, v: ArrayLike<number>): [number, number] {
  if (!v || v.length !== 2) throw new ValidationError(`${name} must be a 2-vector [x, y], got ${String(v)}`);
  return [finite(`${name}[0]`, v[0]), finite(`${name}[1]`, v[1])];
}

/**
 * The population risk R_L(w) = E_x[(sin(L wᵀx) − sin(L w*ᵀx))²], x ~ N(0, I₂), in closed form (see
 * the file comment).
 * @example cosineRisk([1, 0], [1, 0], 4) // 0: the global minimum
 */
export function cosineRisk(w: ArrayLike<number>, wStar: ArrayLike<number>, L: number): number {
  const [w1, w2] = vec2("w", w);
  const [s1, s2] = vec2("wStar", wStar);
  positive("L", L);
  const L2 = L * L;
  const nw = w1 * w1 + w2 * w2;
  const ns = s1 * s1 + s2 * s2;
  const dm = (w1 - s1) ** 2 + (w2 - s2) ** 2;
  const dp = (w1 + s1) ** 2 + (w2 + s2) ** 2;
  return 0.5 * -Math.expm1(-2 * L2 * nw) + 0.5 * -Math.expm1(-2 * L2 * ns) - Math.exp(-0.5 * L2 * dm) + Math.exp(-0.5 * L2 * dp);
}

/** The plateau value lim_{‖w‖→∞} R_L(w) = 1 − ½e^{−2L²‖w*‖²} (along directions away from ±w*). @example cosinePlateau([1, 0], 4) // 1 */
export function cosinePlateau(wStar: ArrayLike<number>, L: number): number {
  const [s1, s2] = vec2("wStar", wStar);
  positive("L", L);
  return 1 - 0.5 * Math.exp(-2 * L * L * (s1 * s1 + s2 * s2));
}

/**
 * Width of the well of R_L around w*, measured on the closed form along the line through w*
 * perpendicular to it: the length of {s : R_L(w* + s·u) < R_L(w*) + q·(plateau − R_L(w*))} at the
 * level q = `depth` (default ½, the width at half depth), found by bisection on each side. For
 * L‖w*‖ ≫ 1 the half-depth width is 2√(2 ln 2)/L ≈ 2.355/L.
 * @example cosineBasinWidth([1, 0], 8) * 8 // ≈ 2.355
 */
export function cosineBasinWidth(wStar: ArrayLike<number>, L: number, depth = 0.5): number {
  const [s1, s2] = vec2("wStar", wStar);
  positive("L", L);
  if (!(depth > 0 && depth < 1)) throw new ValidationError(`depth must lie strictly between 0 and 1, got ${depth}`);
  const ns = Math.hypot(s1, s2);
  if (ns === 0) throw new ValidationError("wStar must be non-zero");
  const u = [-s2 / ns, s1 / ns];
  const bottom = cosineRisk(wStar, wStar, L);
  const level = bottom + depth * (cosinePlateau(wStar, L) - bottom);
  const at = (s: number) => cosineRisk([s1 + s * u[0], s2 + s * u[1]], wStar, L) - level;
  const edge = (sign: number): number => {
    let lo = 0;
    let hi = 1 / L;
    while (at(sign * hi) < 0) hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
      const mid = 0.5 * (lo + hi);
      if (at(sign * mid) < 0) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  return edge(1) + edge(-1);
}

/**
 * Large-L prediction of the flat fraction of [−range, range]² (points where |R_L − plateau| ≤ 1 % of
 * it): the non-flat set is two discs around ±w* of radius √(2 ln 100)/L, where e^{−L²r²/2} > 0.01,
 * and one around 0 of radius √(ln 50 / 2)/L, where ½e^{−2L²r²} > 0.01; so the fraction is
 * 1 − π(4 ln 100 + ½ ln 50)/(L²·(2·range)²). Valid once the discs are disjoint (L‖w*‖ ≳ 4) and
 * inside the square.
 * @example cosineFlatFractionTheory(16, 2) // ≈ 0.984
 */
export function cosineFlatFractionTheory(L: number, range: number): number {
  positive("L", L);
  positive("range", range);
  return 1 - (Math.PI * (4 * Math.log(100) + 0.5 * Math.log(50))) / (L * L * (2 * range) ** 2);
}

/** Options of {@link cosineLandscape}. */
export interface CosineLandscapeOptions {
  /** Frequency L. */
  L: number;
  /** The target direction w* (default [1, 0]). */
  wStar?: [number, number];
  /** The plotted square is [−range, range]² (default 2). */
  range?: number;
  /** Grid points per side (default 201). */
  grid?: number;
  /** Sample sizes of the empirical landscapes (default [100]). */
  ns?: number[];
  seed: number | Rng;
}

/** Result of {@link cosineLandscape}. */
export interface CosineLandscape {
  L: number;
  wStar: [number, number];
  /** Grid coordinates (the same on both axes). */
  axis: number[];
  /** Population R_L on the grid, rows = second coordinate: population[i][j] = R_L(axis[j], axis[i]). */
  population: number[][];
  /** Empirical risks (1/n)Σ_k (sin(L wᵀx_k) − sin(L w*ᵀx_k))², one grid per n in `ns`. */
  empirical: { n: number; values: number[][]; localMinima: number }[];
  plateau: number;
  /** Fraction of grid points with |R_L − plateau| ≤ 1 % of the plateau. */
  flatFraction: number;
  /** Width of the well at half depth ({@link cosineBasinWidth}). */
  basinWidth: number;
  /** Theory: the circle around w* of the predicted half-depth diameter 2√(2 ln 2)/L (61 points). */
  wellCircle: { x: number[]; y: number[] };
  /** Strict local minima of the population grid (8 neighbours, interior points). */
  populationMinima: number;
}

/**
 * The population landscape R_L (closed form) and empirical landscapes from n Gaussian samples on a
 * grid over [−range, range]², with the flat fraction, the well's width and the count of local
 * minima of each landscape.
 * @example
 * const r = cosineLandscape({ L: 4, ns: [100], seed: 0 });
 * r.flatFraction; r.basinWidth * 4; r.empirical[0].localMinima
 */
export function cosineLandscape(o: CosineLandscapeOptions): CosineLandscape {
  const L = positive("L", o.L);
  const wStar = vec2("wStar", o.wStar ?? [1, 0]);
  const range = positive("range", o.range ?? 2);
  const G = integer("grid", o.grid ?? 201, 3);
  const ns = (o.ns ?? [100]).map((n, i) => integer(`ns[${i}]`, n, 1));
  const rng = toRng(o.seed);
  const axis = Array.from({ length: G }, (_, k) => -range + (2 * range * k) / (G - 1));
  const plateau = cosinePlateau(wStar, L);
  let flat = 0;
  const population = axis.map((y) =>
    axis.map((x) => {
      const r = cosineRisk([x, y], wStar, L);
      if (Math.abs(r - plateau) <= 0.01 * plateau) flat++;
      return r;
    }),
  );
  const empirical = ns.map((n) => {
    const X = sampleGaussianArray({ n, d: 2, seed: rng.child("samples", n) }).data;
    const target = new Float64Array(n);
    for (let k = 0; k < n; k++) target[k] = Math.sin(L * (wStar[0] * X[2 * k] + wStar[1] * X[2 * k + 1]));
    const values = axis.map((y) =>
      axis.map((x) => {
        let s = 0;
        for (let k = 0; k < n; k++) {
          const e = Math.sin(L * (x * X[2 * k] + y * X[2 * k + 1])) - target[k];
          s += e * e;
        }
        return s / n;
      }),
    );
    return { n, values, localMinima: countLocalMinima(values) };
  });
  return {
    L,
    wStar,
    axis,
    population,
    empirical,
    plateau,
    flatFraction: flat / (G * G),
    basinWidth: cosineBasinWidth(wStar, L),
    wellCircle: {
      x: Array.from({ length: 61 }, (_, k) => wStar[0] + (COSINE_BASIN_WIDTH_TIMES_L / (2 * L)) * Math.cos((2 * Math.PI * k) / 60)),
      y: Array.from({ length: 61 }, (_, k) => wStar[1] + (COSINE_BASIN_WIDTH_TIMES_L / (2 * L)) * Math.sin((2 * Math.PI * k) / 60)),
    },
    populationMinima: countLocalMinima(population),
  };
}
