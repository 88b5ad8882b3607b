export * from "./integrands";
export * from "./quadrature";
