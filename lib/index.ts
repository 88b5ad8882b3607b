/**
 * mltheory — the library behind the mltheory notebooks.
 *
 * A notebook writes `import * as lab from "mltheory"` and calls `await lab.setup({ notebook, seed })`.
 * The session API is flat (`lab.setup`, `lab.scale`, `lab.record`, `lab.check…` (including
 * `lab.checkExpression` for symbolic answers to exercises), `lab.show`,
 * `lab.finish`, `lab.Rng`, `lab.tf`, the error types); everything else lives in a namespace, one per
 * layer of the library, bottom to top:
 *   lab.runtime (backends, seeds, ledger internals) · lab.numerics · lab.models · lab.plot ·
 *   lab.data · lab.train · lab.analysis · lab.experiments.<topic>.
 */
import * as tf from "@tensorflow/tfjs";
export { tf };
export {
  setup,
  finish,
  currentSession,
  scale,
  record,
  ledger,
  check,
  checkNear,
  checkBetween,
  checkLess,
  checkExpression,
  progress,
  Rng,
  ValidationError,
  CheckError,
  DivergenceError,
  type Session,
  type ScaleTier,
} from "./runtime";
export { show } from "./plot";
export * as runtime from "./runtime";
export * as numerics from "./numerics";
export * as models from "./models";
export * as plot from "./plot";
export * as data from "./data";
export * as train from "./train";
export * as analysis from "./analysis";
export * as experiments from "./experiments";
