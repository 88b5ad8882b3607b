export * from "./errors";
export * as validate from "./validate";
export * from "./rng";
export * from "./scale";
export * from "./backend";
export * from "./ledger";
export * from "./progress";
export * from "./setup";
export { projectRoot, buildDir, inNotebook } from "./env";
