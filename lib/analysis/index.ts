export * from "./rademacher";
export * from "./norms";
