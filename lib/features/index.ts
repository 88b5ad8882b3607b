/** One-step feature learning: the first gradient step, its spike, ridge on learned features. */
export {};
