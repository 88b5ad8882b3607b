/** The protocol of each topic notebook: composes the layers and owns the theory predictions it checks. */
export * as approx from "./approx";
export * as ntk from "./ntk";
export * as stability from "./stability";
export * as features from "./features";
export * as hardness from "./hardness";
export * as rademacher from "./rademacher";
export * as diffusion from "./diffusion";
