/** The session runtime: set-up, scale tiers, seeded randomness, the ledger and its checks, progress, errors, backends. */
export { ValidationError, CheckError, DivergenceError } from "./errors";
export { Rng, toRng, deriveSeed } from "./rng";
export { type ScaleTier, SCALE_TIERS, scale } from "./scale";
export { type BackendChoice, BACKEND_ORDER, type BackendReport, initBackend, backendReport, gpuVisible } from "./backend";
export { type CheckRecord, type CheckFacts, record, ledger, ledgerPath, check, checkNear, checkBetween, checkLess, formatNumber } from "./ledger";
export { type Progress, progress } from "./progress";
export { type TableCell, formatTable } from "./table";
export { type VariableDomain, type ExpressionCheckOptions, type ExpressionVerdict, compareExpressions, checkExpression } from "./expressionCheck";
export { type Session, setup, currentSession, finish } from "./setup";
export { projectRoot, buildDir, inNotebook } from "./env";
export * as validate from "./validate";
