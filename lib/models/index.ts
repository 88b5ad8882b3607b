export * from "./types";
export * from "./activations";
export * from "./params";
export * from "./twoLayer";
export * from "./mlp";
