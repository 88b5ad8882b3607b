/**
 * The ledger keys each notebook must record (at every scale). A notebook's test fails if one is
 * missing or not a finite number.
 */
export const REQUIRED_KEYS: Record<string, string[]> = {
  "00-start-here": ["mc.slope[d=1]", "mc.slope[d=4]", "mc.slope[d=8]", "mc.ratio[d=1]", "mc.ratio[d=4]", "mc.ratio[d=8]"],
};
